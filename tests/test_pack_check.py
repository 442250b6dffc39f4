"""
Proving rule packs: the packaged one has no findings, planted faults are found.
"""

from pathlib import Path

import pytest

from interview_advisor import Situation, _pack_check, check_rules, decision_table
from interview_advisor._advisor import default_advisor
from interview_advisor._cli import main
from interview_advisor._pack_check import KINDS, find, prove
from interview_advisor._pack_run import example, outcomes
from interview_advisor._pack_table import table
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack
from interview_advisor._signals import signals_of
from interview_advisor.exceptions import InvalidSettingError, RulePackError

PACKS = Path(__file__).parent / "packs"
MINI = load_pack([PACKS / "mini"])
TABLE_PAGE = Path(__file__).parents[1] / "docs" / "decision-table.md"


@pytest.fixture(scope="module")
def packaged():
    """
    Return the packaged pack and its outcome in every region, run once.
    """
    pack = load_pack([data_folder("rules")])
    return pack, list(outcomes(pack))


def planted(name):
    """
    Return the findings of the small pack with the fault *name* layered on.
    """
    pack = load_pack([PACKS / "mini"], [PACKS / "faults" / f"{name}.toml"])
    return prove(pack, MINI).findings


def kinds_by_rule(findings):
    return {(f.kind, f.rule_id) for f in findings}


class TestPackaged:
    def test_no_findings(self, packaged):
        """The packaged pack has no gap, dead, shadowed or conflicting rule."""
        pack, results = packaged

        assert [] == [str(f) for f in find(pack, results)]

    def test_texts_split_the_space(self, packaged):
        """A count a text tests is split at its threshold: a round 3 days ahead."""
        _, results = packaged
        ahead = {
            dict(result.region.labels)["next_interview_in_days"] for result in results
        }

        assert {"1", "3", "above 3"} <= ahead

    def test_window_meets_fixed_thresholds(self, packaged):
        """A stated date two days on, between the thank-you hours, is a region."""
        # Found only where the window (from a stated timeframe) is tried at
        # the crossing of its bound with the fixed thank-you thresholds.
        _, results = packaged
        wanted = {
            "business_days": "calendar days",
            "stated_timeframe_days": "given",
            "days_since_interview": "decision_window_days",
            "calendar_days_since_interview": (
                "between thank_you_hours and thank_you_latest_hours"
            ),
            "follow_ups_sent": "0",
        }
        found = [r for r in results if wanted.items() <= dict(r.region.labels).items()]

        assert found

    def test_space_is_large_and_covers_every_rule(self, packaged):
        """Thousands of regions are run, and every packaged rule fires in one."""
        pack, results = packaged
        fired = {rule.id for result in results for rule in result.fired}

        assert len(results) > 1000
        assert {rule.id for rule in pack.rules} == fired

    def test_examples_stand_for_their_regions(self, packaged):
        """Each region's example is a valid situation with exactly its signals."""
        _, results = packaged
        windows = default_advisor()._window
        # The timeframe in the days the employer gave is only quoted, and in
        # business days its calendar days depend on the weekday: left out.
        quoted = "stated_timeframe_given_days"
        wrong = [
            result.region.signals
            for result in results[::7]
            if dict(signals_of(Situation.from_dict(example(result.region)), windows))
            | {quoted: None}
            != {**result.region.signals, quoted: None}
        ]

        assert [] == wrong[:3]

    def test_table_in_the_docs_is_current(self, packaged):
        """docs/decision-table.md holds the packaged pack's table as generated."""
        _, results = packaged
        page = TABLE_PAGE.read_text(encoding="utf-8")

        assert table(results, "markdown") == page.partition("<!-- table -->\n")[2]

    def test_csv_has_a_row_per_markdown_row(self, packaged):
        """The CSV table has the rows and columns of the Markdown one."""
        _, results = packaged
        markdown = table(results, "markdown").splitlines()
        rows = table(results, "csv").splitlines()

        assert len(markdown) - 1 == len(rows)
        assert "status" in rows[0].split(",")


class TestPlantedFaults:
    def test_small_pack_is_clean(self):
        """The small pack the faults are planted in has no finding of its own."""
        assert () == prove(MINI).findings

    def test_gap(self):
        """A pack leaving silent regions without a status reports the gap."""
        findings = planted("gap")

        assert {"gap"} <= {f.kind for f in findings}
        assert any("no status" in f.message for f in findings if f.kind == "gap")

    def test_dead(self):
        """A rule whose tests no situation meets is reported dead."""
        assert ("dead", "custom.never") in kinds_by_rule(planted("dead"))

    def test_never_shown(self):
        """A draft always behind an earlier rule's draft is reported never shown."""
        found = kinds_by_rule(planted("never_shown"))

        assert ("never_shown", "custom.second") in found

    def test_never_shown_branch(self):
        """A branch of a text that no situation takes is reported never shown."""
        [finding] = [f for f in planted("branch") if f.kind == "never_shown"]

        assert "custom.many" == finding.rule_id
        assert "the text beginning 'very often' is never shown" in finding.message

    def test_shadowed(self):
        """A status rule that always loses its status is reported shadowed."""
        assert ("shadowed", "custom.late") in kinds_by_rule(planted("shadowed"))

    def test_shadowed_title(self):
        """A step whose title always loses to another rule's is reported shadowed."""
        findings = planted("title")

        assert ("shadowed", "custom.network") in kinds_by_rule(findings)

    def test_conflict(self):
        """Two status rules of one priority matching together are a conflict."""
        assert ("conflict", "custom.quiet") in kinds_by_rule(planted("conflict"))

    def test_outlook_conflict(self):
        """Two outlook rules of one priority matching together are a conflict."""
        findings = [f for f in planted("outlook_conflict") if f.kind == "conflict"]

        assert ["custom.doubtful"] == [f.rule_id for f in findings]
        assert "concludes outlook low" in findings[0].message

    def test_conflict_is_named_once(self):
        """A pair conflicting on the status is not named again for the outlook."""
        conflicts = [f for f in planted("conflict") if f.kind == "conflict"]

        assert 1 == len(conflicts)

    def test_difference(self):
        """A custom pack's change of steps is counted, with an example."""
        [difference] = [f for f in planted("difference") if f.kind == "difference"]

        assert "change steps" in difference.message
        assert "on_hold" == difference.example["employer_response"]

    def test_findings_name_file_rule_and_line(self):
        """A rule's finding names its file, its id and the line of its id."""
        [finding] = [f for f in planted("dead") if f.kind == "dead"]

        assert ("dead.toml", "custom.never", 4) == (
            Path(finding.file).name,
            finding.rule_id,
            finding.line,
        )

    def test_example_is_a_valid_situation(self):
        """A finding's example is a situation advise() accepts."""
        [gap, *_] = [f for f in planted("gap") if f.kind == "gap"]

        assert "none" == Situation.from_dict(gap.example).employer_response


class TestCommand:
    def test_planted_fault_exits_1(self, monkeypatch, capsys):
        """The check command prints a planted dead rule and exits 1."""
        # On the small pack, not the packaged one: the wiring is under test.
        monkeypatch.setattr(_pack_check, "data_folder", lambda _name: PACKS / "mini")
        code = main(["check", str(PACKS / "faults" / "dead.toml")])
        out = capsys.readouterr().out

        assert 1 == code
        assert "custom.never" in out
        assert "dead.toml:4" in out

    def test_allow_accepts_the_kinds(self):
        """--allow takes every kind of finding and refuses others with 2."""
        assert 2 == main(["check", "--allow", "typo"])
        assert {"gap", "dead", "shadowed", "conflict", "difference"} <= set(KINDS)

    def test_help_exits_0(self, capsys):
        """The check command's help names --allow and exits 0."""
        assert 0 == main(["check", "--help"])
        assert "--allow" in capsys.readouterr().out

    def test_missing_pack_exits_2(self, capsys):
        """A pack that does not exist is bad input: exit 2, naming it."""
        assert 2 == main(["check", "no-such-pack"])
        assert "no-such-pack" in capsys.readouterr().err

    def test_table_rejects_unknown_format(self, capsys):
        """The table command takes markdown or csv only."""
        assert 2 == main(["table", "--format", "xlsx"])
        assert "markdown" in capsys.readouterr().err

    def test_api_refuses_unknown_format(self):
        """decision_table names the format refused and the ones accepted."""
        with pytest.raises(InvalidSettingError, match=r"got 'xlsx'.*markdown, csv"):
            decision_table(format="xlsx")

    def test_findings_are_hashable(self):
        """Findings can be collected in a set, as a report's consumers may."""
        assert 1 == len(set(planted("dead")) & set(planted("dead")))

    def test_api_raises_for_a_broken_pack(self, tmp_path):
        """check_rules on an unreadable pack raises RulePackError naming the file."""
        (tmp_path / "bad.toml").write_text("[[rule]\n")

        with pytest.raises(RulePackError, match=r"bad\.toml"):
            check_rules([tmp_path])
