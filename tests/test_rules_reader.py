import textwrap

import pytest

from interview_advisor import RulePackError, Status
from interview_advisor._paths import data_folder
from interview_advisor._rules_model import BANDS
from interview_advisor._rules_reader import load_pack

FIGURES = """
[figure.buffer]
value = 2
unit = "business_days"
source = "a test"
"""


def status_rules(skip: Status | None = None) -> str:
    """
    One trivial rule per status, so a test pack passes the reachability check.
    """
    return "".join(
        f"""
[[rule]]
id = "status.{status}"
priority = {90 + index}
status = "{status}"
reason = "Always."
"""
        for index, status in enumerate(Status)
        if status is not skip
    )


def write_pack(tmp_path, extra: str, *, skip: Status | None = None):
    (tmp_path / "figures.toml").write_text(FIGURES)
    (tmp_path / "base.toml").write_text(status_rules(skip))
    (tmp_path / "extra.toml").write_text(textwrap.dedent(extra))
    return tmp_path


def pack_error(tmp_path, extra: str, **kwargs) -> RulePackError:
    with pytest.raises(RulePackError) as caught:
        load_pack([write_pack(tmp_path, extra, **kwargs)])
    return caught.value


GOOD_RULE = """
[[rule]]
id = "good"
priority = 5
reason = "Fine {{ days_since_interview|days }}."

[rule.when]
days_since_interview = { gte = "buffer + 1" }
"""


class TestPackagedPack:
    def test_loads(self):
        """The packaged rule pack passes every check."""
        pack = load_pack([data_folder("rules")])

        assert len(pack.rules) > 20

    def test_every_figure_has_a_source(self):
        """Every timing figure names who published it."""
        pack = load_pack([data_folder("rules")])

        assert all(figure.source.strip() for figure in pack.figures.values())

    def test_every_figure_is_used(self):
        """No figure is written without a rule reading it."""
        folder = data_folder("rules")
        pack = load_pack([folder])
        rule_text = "".join(
            path.read_text()
            for path in folder.glob("*.toml")
            if path.name != "figures.toml"
        )

        assert [] == [name for name in pack.figures if name not in rule_text]


class TestFormat:
    def test_good_rule_loads(self, tmp_path):
        """A well-formed rule loads; its figure counts in either kind of day."""
        pack = load_pack([write_pack(tmp_path, GOOD_RULE)])
        rule = next(r for r in pack.rules if r.id == "good")
        limit = rule.when[0].value

        # buffer + 1, with buffer = 2 business days: 2 either way.
        assert (3, 3) == (
            limit.value({}, pack.figure_days(business=False)),
            limit.value({}, pack.figure_days(business=True)),
        )

    def test_business_days_read_as_calendar_weeks(self, tmp_path):
        """Five business days count as seven calendar days, and back."""
        (tmp_path / "figures.toml").write_text(
            '[figure.w]\nvalue = 5\nunit = "business_days"\nsource = "s"\n'
            '[figure.c]\nvalue = 14\nunit = "calendar_days"\nsource = "s"\n'
        )
        (tmp_path / "base.toml").write_text(status_rules())
        figures = load_pack([tmp_path]).figures

        assert (7, 5, 14, 10) == (
            figures["w"].days,
            figures["w"].business_days,
            figures["c"].days,
            figures["c"].business_days,
        )

    def test_toml_syntax_error_names_file_and_line(self, tmp_path):
        """A TOML syntax error names the file and the line."""
        error = pack_error(tmp_path, '[[rule]]\nid = "x"\npriority = \n')

        assert error.file.endswith("extra.toml")
        assert 3 == error.line

    @pytest.mark.parametrize(
        ("change", "words"),
        [
            (
                ("days_since_interview = {", "days_since_intervew = {"),
                "unknown condition field",
            ),
            (("{ gte =", "{ bigger ="), "unknown operator"),
            (('reason = "Fine {{ days_since_interview|days }}."\n', ""), "'reason'"),
            (("priority = 5", 'priority = 5\nstatus = "maybe"'), "unknown status"),
            (('"buffer + 1"', '"nobuffer + 1"'), "neither a figure"),
            (("{{ days_since_interview|days }}", "{{ salary }}"), "unknown names"),
            (("{{ days_since_interview|days }}", "{{ x|nofilter }}"), "text"),
            (("priority = 5", "priority = 5\ncolour = 1"), "unknown rule keys"),
        ],
    )
    def test_broken_rule_names_file_rule_and_line(self, tmp_path, change, words):
        """Each kind of broken rule raises RulePackError with its file, id and line."""
        error = pack_error(tmp_path, GOOD_RULE.replace(*change))

        assert words in str(error)
        assert (True, "good", 3) == (
            error.file.endswith("extra.toml"),
            error.rule_id,
            error.line,
        )

    def test_unknown_action_kind(self, tmp_path):
        """An action of an unknown kind is rejected with its rule."""
        extra = (
            GOOD_RULE
            + '\n[[rule.action]]\nkind = "celebrate"\ntitle = "t"\nwhy = "w"\n'
        )
        error = pack_error(tmp_path, extra)

        assert ("good", 3, True) == (
            error.rule_id,
            error.line,
            "unknown action kind" in str(error),
        )

    def test_duplicate_id(self, tmp_path):
        """Two rules with one id are an error naming the first definition."""
        error = pack_error(tmp_path, GOOD_RULE + GOOD_RULE)

        assert "duplicate rule id" in str(error)
        assert "good" == error.rule_id

    def test_unreachable_status(self, tmp_path):
        """A status that no rule concludes is an error."""
        error = pack_error(tmp_path, GOOD_RULE, skip=Status.ON_HOLD)

        assert "no rule concludes the status on_hold" in str(error)

    def test_needs_a_fact_nobody_derives(self, tmp_path):
        """A rule that needs an underived fact is an error."""
        error = pack_error(
            tmp_path,
            GOOD_RULE.replace("priority = 5", 'priority = 5\nneeds = ["ghost"]'),
        )

        assert "no rule derives" in str(error)

    def test_deriving_rule_must_fire_first(self, tmp_path):
        """A fact must be derived at a lower priority number than where it is needed."""
        extra = GOOD_RULE.replace("priority = 5", 'priority = 5\nneeds = ["x"]') + (
            '\n[[rule]]\nid = "late"\npriority = 9\nderive = ["x"]\nreason = "r"\n'
        )
        error = pack_error(tmp_path, extra)

        assert "lower priority number" in str(error)

    def test_optional_signal_must_be_guarded(self, tmp_path):
        """An expression reading an optional signal needs a presence condition."""
        extra = GOOD_RULE.replace('"buffer + 1"', '"stated_timeframe_days"')
        error = pack_error(tmp_path, extra)

        assert "without a condition that it is present" in str(error)

    def test_bad_figure(self, tmp_path):
        """A figure without a source is rejected."""
        (tmp_path / "figures.toml").write_text(
            '[figure.f]\nvalue = 1\nunit = "hours"\n'
        )

        with pytest.raises(RulePackError, match="source"):
            load_pack([tmp_path])


class TestPriorityBands:
    def test_packaged_rules_fit_their_bands(self):
        """Every packaged rule concludes only what its priority band allows."""
        pack = load_pack([data_folder("rules")])
        misfits = [
            rule.id
            for rule in pack.rules
            for band in BANDS
            if rule in band and band.misfit(rule) is not None
        ]

        assert [] == misfits

    def test_bands_cover_every_priority(self):
        """The bands follow each other with no gap, from 0 to 65,535."""
        edges = [(band.first, band.last) for band in BANDS]

        assert [0, *(last + 1 for _, last in edges[:-1])] == [f for f, _ in edges]
        assert 65_535 == edges[-1][1]

    def test_status_in_the_facts_band_fails(self, tmp_path):
        """A status at a priority that derives facts names the file, rule and line."""
        error = pack_error(
            tmp_path,
            GOOD_RULE.replace("priority = 5", 'priority = 5\nstatus = "on_hold"'),
        )
        found = [
            (p.rule_id, p.line, str(p.file).rsplit("/", maxsplit=1)[-1])
            for p in error.problems
            if "band 0-9" in str(p)
        ]

        assert [("good", 3, "extra.toml")] == found

    def test_fact_in_the_follow_up_band_fails(self, tmp_path):
        """A fact derived at a priority that plans follow-ups is refused."""
        error = pack_error(
            tmp_path,
            GOOD_RULE.replace("priority = 5", 'priority = 45\nderive = ["x"]'),
        )

        assert "band 40-49" in str(error)
