import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor import (
    ActionKind,
    Advisor,
    Interviewer,
    RulePackError,
    Situation,
    Status,
    advise,
)
from interview_advisor._engine import Engine
from interview_advisor._paths import data_folder
from interview_advisor._rendering import Renderer
from interview_advisor._rules_reader import load_pack
from interview_advisor._rules_validate import validate
from interview_advisor._signals import signals_of

from .strategies import WINDOW, situations

#: What the packaged pack's drafts show for a detail not given.
PLACEHOLDERS = load_pack([data_folder("rules")]).placeholders

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
        assert set(PLACEHOLDERS.values()) >= {"[Your Name]", "[Company Name]"}
        assert all(p.startswith("[") and p.endswith("]") for p in PLACEHOLDERS.values())


#: A panel seen today: a thank-you note is due for each of them.
PANEL = {
    "stage": "second_interview",
    "days_since_interview": 0,
    "candidate_name": "Ana Ruiz",
    "company": "Acme",
    "job_title": "Data Analyst",
    "discussed_topic": "the reporting roadmap",
}
ADVISORS = {tone: Advisor(tone=tone) for tone in ("formal", "friendly")}
#: Plain words for roles and topics, none of which can hide in the other.
words = st.text(alphabet="abcdefghij", min_size=1, max_size=12)


def thank_yous(interviewers, tone="formal", **details):
    """Return the thank-you drafts for a panel of *interviewers*."""
    advice = ADVISORS[tone].advise(
        {**PANEL, **details, "interviewer_names": interviewers}
    )
    step = next(a for a in advice.actions if a.kind is ActionKind.SEND_THANK_YOU)
    return step.drafts


class TestPersonalDrafts:
    @given(
        st.sampled_from(list(ADVISORS)),
        st.tuples(st.none() | words, st.none() | words),
        st.tuples(st.none() | words, st.none() | words),
    )
    def test_notes_differ_where_the_interviewers_differ(self, tone, one, other):
        """Two interviewers get the same note only if their role and topic match."""
        first, second = (
            Interviewer("Sam Lee", role=role, topic=topic)
            for role, topic in (one, other)
        )
        drafts = thank_yous([first, second], tone)

        assert (one == other) == (drafts[0] == drafts[1])

    @given(st.sampled_from(list(ADVISORS)), st.none() | words, st.none() | words)
    def test_same_interviewer_same_note(self, tone, role, topic):
        """The same interviewer given twice gets the same note twice."""
        person = Interviewer("Sam Lee", role=role, topic=topic)
        given_as = "Sam Lee" if role is topic is None else person

        assert 1 == len(set(thank_yous([person, given_as], tone)))

    def test_role_and_topic_go_to_their_own_note(self):
        """Each note names its interviewer's role and topic, and no one else's."""
        drafts = thank_yous(
            [
                "Priya Nair",
                {
                    "name": "Tom Okafor",
                    "role": "engineering manager",
                    "topic": "on-call",
                },
            ]
        )

        assert [(False, False, True), (True, True, False)] == [
            (
                "as engineering manager" in d.body,
                "conversation about on-call" in d.body,
                "conversation about the reporting roadmap" in d.body,
            )
            for d in drafts
        ]

    @pytest.mark.parametrize(
        ("tone", "name", "greeting"),
        [
            ("friendly", "Ana", "Hi Ana,"),
            ("friendly", "Priya Nair", "Hi Priya,"),
            ("friendly", "Dr. Tom Okafor", "Hi Dr. Okafor,"),
            ("formal", "Priya Nair", "Dear Priya Nair,"),
            ("formal", "Dr. Tom Okafor", "Dear Dr. Tom Okafor,"),
        ],
    )
    def test_greeting(self, tone, name, greeting):
        """A friendly note greets the first name; a formal one the name as given."""
        drafts = thank_yous([{"name": name, "role": "lead"}, name], tone)

        assert [greeting, greeting] == [d.body.splitlines()[0] for d in drafts]

    def test_plain_names_still_work(self):
        """Plain names get a note each, addressed to them as given."""
        drafts = thank_yous(["Priya Nair", "Bo"])

        assert [("Priya Nair", "Dear Priya Nair,"), ("Bo", "Dear Bo,")] == [
            (d.to, d.body.splitlines()[0]) for d in drafts
        ]

    def test_topic_falls_back_to_a_placeholder(self):
        """Without any topic, the note shows the placeholder to fill in."""
        drafts = thank_yous([{"name": "Bo", "role": "lead"}], discussed_topic=None)

        assert PLACEHOLDERS["discussed_topic"] in drafts[0].body

    @pytest.mark.parametrize(
        ("recruiter", "names", "greeting"),
        [
            ("Sam Lee", ["Ana Ruiz", "Bo"], "Hi Sam,"),
            # Without a recruiter, the first interviewer is the main contact.
            (None, ["Ana Ruiz", "Bo"], "Hi Ana,"),
            (None, [], "Hi [Recruiter's Name],"),
        ],
    )
    def test_friendly_follow_up_greets_the_first_name(self, recruiter, names, greeting):
        """A follow-up goes to the recruiter, else the first interviewer named."""
        advice = ADVISORS["friendly"].advise(
            {
                "stage": "first_interview",
                "days_since_interview": 12,
                "thank_you_sent": True,
                "recruiter_name": recruiter,
                "interviewer_names": names,
            }
        )
        step = next(a for a in advice.actions if a.kind is ActionKind.SEND_FOLLOW_UP)

        assert greeting == step.drafts[0].body.splitlines()[0]

    def test_templates_see_names_and_interviewers(self, tmp_path):
        """A template sees every name as text and every interviewer in full."""
        (tmp_path / "drafts").mkdir()
        (tmp_path / "drafts" / "thank_you.txt.j2").write_text(
            "Subject: {{ interviewer_names|join('+') }}\n\n"
            "{% for p in interviewers %}{{ p.name }}/{{ p.role }} {% endfor %}"
        )
        advisor = Advisor(templates=[tmp_path])
        advice = advisor.advise(
            {**PANEL, "interviewer_names": ["Ana", {"name": "Bo", "role": "lead"}]}
        )
        step = next(a for a in advice.actions if a.kind is ActionKind.SEND_THANK_YOU)

        assert ("Ana+Bo", "Ana/None Bo/lead") == (
            step.drafts[0].subject,
            step.drafts[0].body,
        )


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
