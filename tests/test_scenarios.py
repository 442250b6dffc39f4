"""
Scenario files: the packaged ones pass and cover every rule; bad ones are named.
"""

import pytest

from interview_advisor import ScenarioError, run_scenarios
from interview_advisor._cli import main


@pytest.fixture(scope="module")
def packaged():
    """
    Return the report of the packaged scenarios, run once for the module.
    """
    return run_scenarios()


def scenario_file(tmp_path, text, name="s.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ONE = """
[[scenario]]
name = "Nine days on, a week promised"
situation = { stage = "second_interview", days_since_interview = 9, \
  stated_timeframe_days = 7 }
status = "%s"
steps_now = ["send_follow_up"]
"""


class TestPackaged:
    def test_all_pass(self, packaged):
        """Every packaged scenario gets the status and steps it expects."""
        assert () == packaged.failures

    def test_every_rule_fires(self, packaged):
        """The packaged scenarios make every packaged rule fire."""
        assert () == packaged.never_fired
        assert len(packaged.fired) > 30


class TestRunning:
    def test_wrong_status_is_reported(self, tmp_path):
        """A wrong status is reported with the file, scenario and both statuses."""
        path = scenario_file(tmp_path, ONE % "awaiting_decision")

        [failure] = run_scenarios([path]).failures

        assert "s.toml: Nine days on, a week promised" in failure
        assert "expected status awaiting_decision, got decision_overdue" in failure

    def test_passing_scenario_and_coverage(self, tmp_path):
        """A passing scenario fails nothing and lists the rules it did not fire."""
        report = run_scenarios([scenario_file(tmp_path, ONE % "decision_overdue")])

        assert () == report.failures
        assert "status.decision_overdue" in report.fired
        assert "outcome.offer_made" in report.never_fired

    def test_invalid_situation_is_a_failure(self, tmp_path):
        """A scenario with an invalid situation fails, naming the bad field."""
        text = (
            '[[scenario]]\nsituation = { stage = "second" }\n'
            'status = "awaiting_decision"\n'
        )

        [failure] = run_scenarios([scenario_file(tmp_path, text)]).failures

        assert "stage: got 'second'" in failure

    def test_each_scenario_fails_once(self, tmp_path):
        """A wrong status and wrong steps are one failure of their scenario."""
        path = scenario_file(
            tmp_path, ONE.replace("send_follow_up", "wait") % "on_hold"
        )

        [failure] = run_scenarios([path]).failures

        assert "expected status on_hold" in failure
        assert "expected steps now wait" in failure

    @pytest.mark.parametrize(
        ("text", "named"),
        [
            (ONE % "decision_overdu", "did you mean 'decision_overdue'?"),
            (
                ONE.replace("send_follow_up", "send_folow_up") % "decision_overdue",
                "steps_now: got 'send_folow_up'",
            ),
            ("[[scenario]\n", "cannot read"),
            ("title = 'x'\n", "[[scenario]]"),
            ('[[scenario]]\nstatus = "x"\n', "situation: got None"),
            ("[[scenario]]\nsituation = {}\nstatus = 1\nstep = []\n", "'step'"),
        ],
    )
    def test_malformed_file(self, tmp_path, text, named):
        """A malformed scenario file raises ScenarioError naming file and problem."""
        with pytest.raises(ScenarioError, match=r"s\.toml") as error:
            run_scenarios([scenario_file(tmp_path, text)])

        assert named in str(error.value)


class TestCommand:
    def test_failure_exits_1(self, tmp_path, capsys):
        """The test command prints each failure and the coverage, and exits 1."""
        path = scenario_file(tmp_path, ONE % "on_hold")

        code = main(["test", str(path)])
        out = capsys.readouterr().out

        assert 1 == code
        assert "1 scenario run, 1 failure; rules fired:" in out
        assert "never fired:" in out

    def test_missing_file_exits_2(self, capsys):
        """A scenario path that does not exist is bad input: exit 2."""
        assert 2 == main(["test", "no-such-file.toml"])
        assert "no-such-file.toml" in capsys.readouterr().err
