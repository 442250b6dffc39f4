import attrs
import jinja2.meta
import pytest
from hypothesis import HealthCheck, given, settings

from interview_advisor import Advisor, RulePackError
from interview_advisor._paths import data_folder
from interview_advisor._rules_check import check_pack
from interview_advisor._rules_drafts import missing_placeholders
from interview_advisor._rules_model import Where
from interview_advisor._rules_reader import load_pack
from interview_advisor._rules_texts import check_texts
from interview_advisor._rules_validate import validate
from interview_advisor._templating import MAX_RULE_TEXT, MAX_TEMPLATE, text_environment
from interview_advisor._texts import undeclared

from .strategies import hostile_texts

#: A rule file of one rule, with its reason and conditions to fill in.
RULE = """
[[rule]]
id = "custom.x"
priority = 70
reason = {reason!r}
{extra}
[rule.when]
employer_response = "none"
{when}
"""

#: The situations at the edges of the signals, which every pack must survive.
EDGES = [
    {"stage": "applied", "days_since_interview": 0},
    {"stage": "first_interview", "days_since_interview": 0, "stated_timeframe_days": 0},
    {
        "stage": "final_interview",
        "days_since_interview": 730,
        "stated_timeframe_days": 730,
        "follow_ups_sent": 10,
        "days_since_last_follow_up": 0,
    },
    {
        "stage": "first_interview",
        "interview_date": "2026-01-05",
        "today": "2026-03-05",
        "stated_timeframe": "within 5 business days",
        "country": "US",
    },
]


def write(tmp_path, reason, *, when="", extra=""):
    path = tmp_path / "rules.toml"
    path.write_text(RULE.format(reason=reason, when=when, extra=extra))
    return path


def load_error(path, **kwargs) -> RulePackError:
    with pytest.raises(RulePackError) as caught:
        Advisor(rules=[path], **kwargs)
    return caught.value


def where(error: RulePackError) -> list[tuple[str | None, str | None, int | None]]:
    return [(p.file, p.rule_id, p.line) for p in error.problems]


class TestSandbox:
    def test_a_reason_walking_to_popen_is_rejected_at_load(self, tmp_path):
        """A custom reason reading dunders fails at load with file, rule and line."""
        path = write(tmp_path, "{{ stage.__class__.__mro__[1].__subclasses__() }}")

        error = load_error(path)

        assert [(str(path), "custom.x", 3)] == where(error)
        assert "private" in str(error)

    def test_a_template_reaching_os_is_rejected_at_load(self, tmp_path):
        """A custom template reading __globals__ fails at load with file and line."""
        (tmp_path / "drafts").mkdir()
        (tmp_path / "drafts" / "follow_up.txt.j2").write_text(
            "Subject: x\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"
        )

        with pytest.raises(RulePackError) as caught:
            Advisor(templates=[tmp_path])

        assert [("drafts/follow_up.txt.j2", None, 2)] == where(caught.value)

    def test_validate_reports_both_payloads(self, tmp_path):
        """The validate checks find both payloads, each with its line."""
        path = write(tmp_path, "{{ stage.__class__.__mro__ }}")
        (tmp_path / "x.txt.j2").write_text("\n{{ cycler.__init__.__globals__ }}")

        _, _, problems = validate([tmp_path])

        assert [(str(path), 3), (str(tmp_path / "x.txt.j2"), 2)] == [
            (p.file, p.line) for p in problems
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "{{ ''.__class__ }}",
            "{{ 'x' * 100000 }}",
            "{{ 2 ** 100000 }}",
            "{{ '%d' % 1 }}",
        ],
    )
    def test_a_custom_template_cannot_escape_or_blow_up(self, tmp_path, text):
        """A custom template doing what the sandbox refuses fails cleanly."""
        (tmp_path / "advice.md.j2").write_text(
            "# x\n" + text.replace("''", "advice.status")
        )

        try:
            advisor = Advisor(templates=[tmp_path])
        except RulePackError as error:
            assert ("advice.md.j2", 2) == (error.file, error.line)
            return
        with pytest.raises(RulePackError) as caught:
            advisor.advise(EDGES[0])
        assert ("advice.md.j2", 2) == (caught.value.file, caught.value.line)

    def test_packaged_templates_under_a_custom_folder_still_work(self, tmp_path):
        """A custom folder replaces only its own templates; the rest still render."""
        (tmp_path / "drafts").mkdir()
        (tmp_path / "drafts" / "thank_you.txt.j2").write_text("Subject: Hi\n\nThanks.")

        advice = Advisor(templates=[tmp_path]).advise(
            {"stage": "first_interview", "days_since_interview": 0}
        )

        assert "Thanks." == advice.actions[0].drafts[0].body


class TestEdgeValues:
    def test_division_by_a_signal_that_can_be_zero(self, tmp_path):
        """Dividing by stated_timeframe_days is rejected: a user may send 0."""
        path = write(
            tmp_path,
            "{{ days_since_interview / stated_timeframe_days }}",
            when="stated_timeframe_days = { present = true }",
        )

        error = load_error(path)

        assert [(str(path), "custom.x", 3)] == where(error)
        assert "ZeroDivisionError" in str(error)

    def test_arithmetic_on_an_absent_signal(self, tmp_path):
        """Subtracting an unguarded optional signal is rejected."""
        path = write(tmp_path, "{{ days_since_interview - stated_timeframe_days }}")

        error = load_error(path)

        assert [(str(path), "custom.x", 3)] == where(error)
        assert "stated_timeframe_days is None" in str(error)

    @pytest.mark.parametrize(
        "when",
        [
            "days_since_interview = { gte = 3 }",
            'days_since_interview = { gte = "follow_up_buffer + 7" }',
            "days_since_interview = 9",
        ],
    )
    def test_a_rule_with_a_threshold_still_renders_at_its_edges(self, tmp_path, when):
        """A number or a sum of figures in a condition does not hide the edges."""
        path = write(tmp_path, "{{ days_since_last_follow_up + 1 }}", when=when)

        error = load_error(path)

        assert "days_since_last_follow_up is None" in str(error)

    def test_a_guarded_text_loads(self, tmp_path):
        """The same subtraction, guarded by a condition, loads and advises."""
        path = write(
            tmp_path,
            "{{ days_since_interview - stated_timeframe_days }} days late",
            when="stated_timeframe_days = { present = true }",
        )

        advisor = Advisor(rules=[path])

        assert all(advisor.advise(situation).text for situation in EDGES)

    def test_every_problem_of_a_rule_is_listed(self, tmp_path):
        """Two bad texts of one rule are two problems, not only the first."""
        path = write(
            tmp_path,
            "{{ nope }}",
            extra='outlook = { odds = "low", why = "{{ stage.__class__ }}" }',
        )

        error = load_error(path)

        assert 2 == len(error.problems)

    def test_texts_failing_in_different_situations_are_each_listed(self, tmp_path):
        """Two texts of one rule that fail in different situations are two problems."""
        path = write(
            tmp_path,
            "R {{ 10 // follow_ups_sent }}",
            extra=(
                '[[rule.action]]\nkind = "continue_search"\ndue = 1\n'
                'title = "Go"\nwhy = "W {{ days_since_last_follow_up + 1 }}"\n'
            ),
        )

        error = load_error(path)

        assert 2 == len(error.problems)
        assert "ZeroDivisionError" in str(error.problems[0])
        assert "days_since_last_follow_up is None" in str(error.problems[1])

    @pytest.mark.parametrize("field", ["reason", "per_concern"])
    def test_a_text_writing_the_separator_is_rejected(self, tmp_path, field):
        """A text that writes the character joining a rule's texts fails at load."""
        # A TOML literal string: Jinja reads the escape and writes the character.
        text = """'Answer {{ "\\x1f" }} "{{ concern }}".'"""
        path = tmp_path / "rules.toml"
        path.write_text(
            RULE.format(reason="Reason.", when="", extra="")
            if field == "per_concern"
            else RULE.format(reason="", when="", extra="").replace("''", text),
            encoding="utf-8",
        )
        if field == "per_concern":
            with path.open("a", encoding="utf-8") as rules:
                rules.write(
                    '[[rule.action]]\nkind = "prepare_next_round"\ndue = 1\n'
                    f'title = "Prepare"\nwhy = "Why."\nper_concern = {text}\n'
                )

        error = load_error(path)

        assert "separates texts" in str(error)

    def test_a_string_holding_closing_braces_loads(self, tmp_path):
        """A string with "}}" inside an expression is read as Jinja reads it."""
        path = write(tmp_path, '{{ "(see }} below)" }} and {{ stage }}')

        advice = Advisor(rules=[path]).advise(EDGES[0])

        assert "(see }} below) and applied" in [r.text for r in advice.reasons]

    def test_a_huge_figure(self, tmp_path):
        """A figure of 1e20 weeks is rejected with its file and line."""
        (tmp_path / "figures.toml").write_text(
            "\n[figure.huge]\nvalue = 100000000000000000000\n"
            'unit = "weeks"\nsource = "x"\n'
        )

        error = load_error(tmp_path)

        assert [(str(tmp_path / "figures.toml"), None, 2)] == where(error)

    @pytest.mark.parametrize(
        ("due", "message"),
        [('"99999999"', "too big"), ("9999", "at most 1,460 days")],
    )
    def test_a_due_day_that_would_overflow(self, tmp_path, due, message):
        """A due day beyond the bound is rejected, naming the rule."""
        action = (
            f'[[rule.action]]\nkind = "wait"\ndue = {due}\ntitle = "t"\nwhy = "w"\n'
        )
        path = tmp_path / "rules.toml"
        path.write_text(RULE.format(reason="r", when="", extra="") + action)

        error = load_error(path)

        assert [(str(path), "custom.x", 3)] == where(error)
        assert message in str(error)

    def test_a_missing_draft_names_the_rule(self, tmp_path):
        """A missing draft is an error naming the rule, at load and in validate."""
        action = (
            '[[rule.action]]\nkind = "wait"\ntitle = "t"\nwhy = "w"\n'
            'draft = "nonexistent"\n'
        )
        path = tmp_path / "rules.toml"
        path.write_text(RULE.format(reason="r", when="", extra="") + action)

        error = load_error(path)
        _, _, problems = validate([path])

        assert [(str(path), "custom.x", 3)] == where(error)
        assert [(str(path), "custom.x", 3)] == [
            (p.file, p.rule_id, p.line) for p in problems
        ]

    def test_an_unknown_top_level_key_has_a_line(self, tmp_path):
        """An unknown top-level key has its line, and the rules are still read."""
        path = tmp_path / "rules.toml"
        path.write_text(
            RULE.format(reason="{{ nope }}", when="", extra="") + "\n[bogus]\n"
        )

        _, _, problems = validate([path])

        assert [(None, 11), ("custom.x", 3)] == [(p.rule_id, p.line) for p in problems]


class TestSizeLimits:
    def test_a_rule_text_over_the_limit(self, tmp_path):
        """A reason one character over the limit is rejected; one at the limit loads."""
        Advisor(rules=[write(tmp_path, "a" * MAX_RULE_TEXT)])

        error = load_error(write(tmp_path, "a" * (MAX_RULE_TEXT + 1)))

        assert "at most 2,000 characters" in str(error)

    def test_a_template_over_the_limit(self, tmp_path):
        """A custom template over the limit is rejected at load and by validate."""
        (tmp_path / "advice.md.j2").write_text("x" * (MAX_TEMPLATE + 1))

        with pytest.raises(RulePackError, match="at most 65,536") as caught:
            Advisor(templates=[tmp_path])
        _, _, problems = validate([tmp_path])

        assert "advice.md.j2" == caught.value.file
        assert 1 == len(problems)

    def test_a_huge_rule_file(self, tmp_path):
        """A rule file of megabytes is rejected before it is parsed."""
        path = write(tmp_path, "a" * 4_800_000)

        _, _, problems = validate([path])

        assert [(str(path), None)] == [(p.file, p.line) for p in problems]
        assert "at most 1,000,000 characters" in str(problems[0])


class TestHostileRuleTexts:
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(hostile_texts)
    def test_loads_and_advises_or_is_rejected_with_its_place(self, tmp_path, text):
        """A hostile text advises at every edge or fails at load, with its place."""
        path = write(tmp_path, text)

        try:
            advisor = Advisor(rules=[path])
        except RulePackError as error:
            assert {(str(path), "custom.x", 3)} == set(where(error))
            return
        assert all(advisor.advise(situation).text for situation in EDGES)


@pytest.fixture(scope="module")
def pack():
    """Return the packaged rule pack."""
    return load_pack([data_folder("rules")])


class TestPackagedTexts:
    def test_every_packaged_text_passes_the_checks(self, pack):
        """The packaged texts pass the checks a load skips for them."""
        problems = [
            problem
            for rule in pack.rules
            for problem in check_texts(
                Where(rule.file, rule.id, rule.line), rule, pack.figures
            )
        ]

        assert [] == problems

    def test_the_packaged_pack_passes_the_pack_wide_checks(self, pack):
        """The packaged pack passes the checks a load of it skips."""
        assert pack.packaged
        assert [] == check_pack(pack)
        assert [] == missing_placeholders(pack)

    def test_any_custom_file_makes_a_pack_checked_at_load(self, tmp_path):
        """A pack with a custom file, even of figures only, is checked in full."""
        figures = tmp_path / "figures.toml"
        figures.write_text(
            '[figure.follow_up_buffer]\nvalue = 2\nunit = "business_days"\n'
            'source = "ours"\n',
            encoding="utf-8",
        )

        assert not load_pack([data_folder("rules")], [figures]).packaged
        assert not load_pack([data_folder("rules")], [write(tmp_path, "R.")]).packaged

    def test_a_broken_packaged_text_is_caught(self, pack):
        """The check that stands in for the load's finds a packaged text's typo."""
        rule = pack.rules[0]
        broken = attrs.evolve(rule, reason=rule.reason + " {{ no_such_signal }}")

        problems = check_texts(
            Where(rule.file, rule.id, rule.line), broken, pack.figures
        )

        assert 1 == len(problems)
        assert "unknown names ['no_such_signal']" in str(problems[0])

    @pytest.mark.parametrize(
        "text",
        [
            "{% for item in items %}{{ item }} {{ loop.index }}{% endfor %}",
            "{% set shown = days|days %}{{ shown }} of {{ total }}",
            "{% if a %}{{ b|plural('x') }}{% else %}{{ c.d }}{% endif %}",
            "{{ (a - b)|days }} since {{ stage|milestone }}",
        ],
    )
    def test_undeclared_names_agree_with_jinja(self, pack, text):
        """The quick reading of the names a text reads agrees with Jinja's."""
        env = text_environment(sandboxed=True)
        texts = [text] + [r.reason for r in pack.rules]

        assert [jinja2.meta.find_undeclared_variables(env.parse(t)) for t in texts] == [
            undeclared(env.parse(t)) for t in texts
        ]
