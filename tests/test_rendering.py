import jinja2
import pytest
from hypothesis import given

from interview_advisor import Advisor, RulePackError, Situation, Status, advise
from interview_advisor._engine import Engine
from interview_advisor._paths import data_folder
from interview_advisor._rendering import PLACEHOLDERS, Renderer
from interview_advisor._rules_reader import load_pack
from interview_advisor._rules_validate import validate
from interview_advisor._signals import signals_of

from .strategies import WINDOW, situations

ONE_PER_STATUS = {
    Status.AWAITING_DECISION: {"stage": "first_interview", "days_since_interview": 0},
    Status.DECISION_OVERDUE: {
        "stage": "first_interview",
        "days_since_interview": 9,
        "stated_timeframe_days": 5,
    },
    Status.LIKELY_GHOSTED: {"stage": "first_interview", "days_since_interview": 40},
    Status.ON_HOLD: {
        "stage": "first_interview",
        "days_since_interview": 9,
        "employer_response": "on_hold",
    },
    Status.ADVANCING: {
        "stage": "first_interview",
        "days_since_interview": 2,
        "employer_response": "next_round_scheduled",
    },
    Status.OFFER_LIKELY: {
        "stage": "final_interview",
        "days_since_interview": 2,
        "employer_response": "references_requested",
    },
    Status.OFFER_EXTENDED: {
        "stage": "final_interview",
        "days_since_interview": 2,
        "employer_response": "offer_made",
    },
    Status.NOT_SELECTED: {
        "stage": "final_interview",
        "days_since_interview": 2,
        "employer_response": "rejected",
    },
}


class TestTemplates:
    @pytest.mark.parametrize("status", list(Status))
    def test_every_status_renders(self, status):
        """Every status renders a heading and a full text under StrictUndefined."""
        advice = advise(ONE_PER_STATUS[status])

        assert status == advice.status
        assert advice.text.startswith("# ")
        assert f"`{status}`" in advice.text

    def test_every_draft_template_is_used(self):
        """Every draft template is reachable from some status, by its subject."""
        used = {
            draft.subject
            for situation in ONE_PER_STATUS.values()
            for action in advise(situation).actions
            for draft in action.drafts
        }
        names = {p.name for p in (data_folder("templates") / "drafts").glob("*.txt.j2")}

        assert 5 == len(names)
        assert {
            "Thank you for the [Job Title] interview",
            "Following up on the [Job Title] position",
            "Checking in once more about the [Job Title] position",
            "Checking in about the [Job Title] position",
            "Thank you for the offer for the [Job Title] position",
            "Thank you, and a request for feedback",
        } == used

    @given(situations())
    def test_no_unrendered_markup(self, situation):
        """No template markup of ours survives into the text."""
        text = advise(situation).text
        for value in (
            situation.company,
            situation.candidate_name,
            situation.job_title,
            situation.recruiter_name,
            situation.discussed_topic,
            *situation.interviewer_names,
            *situation.concerns_from_last_interview,
        ):
            text = text.replace(value or "", "")

        assert ("{{" in text, "{%" in text) == (False, False)

    def test_placeholders_are_bracketed(self):
        """Every placeholder is visibly marked for the user to fill in."""
        assert all(p.startswith("[") and p.endswith("]") for p in PLACEHOLDERS.values())


class TestBrokenTemplates:
    def test_undefined_variable_is_a_rule_pack_error(self, tmp_path):
        """A template naming an unknown variable raises RulePackError, not Jinja's."""
        (tmp_path / "advice.md.j2").write_text("{{ no_such_thing }}")
        pack = load_pack([data_folder("rules")])
        renderer = Renderer(pack, [tmp_path, data_folder("templates")])

        situation = Situation(stage="applied", days_since_interview=1)
        signals = signals_of(situation, WINDOW)
        fired = Engine(pack).evaluate(signals)

        with pytest.raises(RulePackError, match="no_such_thing") as caught:
            renderer.advice(situation, renderer.conclude(dict(signals), fired))
        assert not isinstance(caught.value, jinja2.TemplateError)

    def test_template_failing_at_render_time_names_its_file_and_line(self, tmp_path):
        """A template that raises while rendering gives RulePackError, file and line."""
        (tmp_path / "advice.md.j2").write_text(
            "# Advice\n{{ days_since_interview // 0 }}\n"
        )
        advisor = Advisor(templates=[tmp_path])

        with pytest.raises(RulePackError, match="ZeroDivisionError") as caught:
            advisor.advise({"stage": "applied", "days_since_interview": 1})

        assert ("advice.md.j2", 2) == (caught.value.file, caught.value.line)
        assert caught.value.__cause__ is None
        assert caught.value.__suppress_context__


BROKEN_TEXT = """
[[rule]]
id = "custom.broken"
priority = 70
reason = "{{ days_since_interview + stage }}"

[rule.when]
employer_response = "none"
"""


class TestBrokenRuleTexts:
    def test_is_rejected_by_validate_and_at_load(self, tmp_path):
        """A text that fails in some situation is rejected at load, naming the rule."""
        path = tmp_path / "broken.toml"
        path.write_text(BROKEN_TEXT)
        _, _, problems = validate([path])

        with pytest.raises(RulePackError, match="TypeError") as caught:
            Advisor(rules=[path])

        assert [(str(path), "custom.broken", 3)] == [
            (problem.file, problem.rule_id, problem.line) for problem in problems
        ]
        assert (str(path), "custom.broken", 3) == (
            caught.value.file,
            caught.value.rule_id,
            caught.value.line,
        )
        assert caught.value.__suppress_context__
