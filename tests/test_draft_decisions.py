"""
What the rule pack decides about drafts: recipients, quoted days, placeholders.
"""

import textwrap

import pytest
from hypothesis import given, settings

from interview_advisor import Advisor, EmployerResponse, Seniority
from interview_advisor._enums import ActionKind
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack

from .strategies import situations
from .test_rules_reader import pack_error

PACK = load_pack([data_folder("rules")])
ADVISOR = Advisor()
#: A rule with a draft, to which each test adds or changes one key.
DRAFTING = """
[[rule]]
id = "drafting"
priority = 60
reason = "Always."

[rule.when]
employer_response = "none"

[[rule.action]]
kind = "continue_search"
title = "Write"
why = "Because."
draft = "follow_up"
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


class TestReading:
    @pytest.mark.parametrize(
        ("key", "words"),
        [
            ('to = ["boss"]', "'to' takes a list of 'recruiter', 'interviewers'"),
            ("to = []", "'to' takes a list"),
            ('to = "recruiter"', "'to' takes a list"),
            ('draft_values = { "Bad name" = 1 }', "a draft value needs a plain name"),
            ('draft_values = { days = "no_such_figure" }', "no_such_figure"),
        ],
    )
    def test_bad_draft_keys_are_named(self, tmp_path, key, words):
        """A mistake in a draft's keys names the rule and what is accepted."""
        error = pack_error(tmp_path, DRAFTING + key + "\n")

        assert words in str(error)
        assert error.rule_id == "drafting"

    def test_every_draft_problem_in_one_run(self, tmp_path):
        """A bad 'to' and a bad draft value are both reported at once."""
        keys = 'to = ["boss"]\ndraft_values = { "Bad name" = 1 }\n'

        error = pack_error(tmp_path, DRAFTING + keys)

        assert ["'to' takes a list", "a draft value needs a plain name"] == [
            words
            for words in ("'to' takes a list", "a draft value needs a plain name")
            if any(words in str(problem) for problem in error.problems)
        ]

    def test_to_needs_a_draft(self, tmp_path):
        """Recipients without a draft would never be used."""
        text = DRAFTING.replace('draft = "follow_up"', 'to = ["recruiter"]')

        assert "'to' and 'draft_values' need a 'draft'" in str(
            pack_error(tmp_path, text)
        )

    def test_unknown_placeholder(self, tmp_path):
        """A placeholder the drafts never show is a mistake."""
        error = pack_error(tmp_path, '[placeholder]\nsalary = "[Salary]"\n')

        assert "unknown placeholder 'salary'" in str(error)
        assert str(error.file).endswith("extra.toml")

    def test_empty_placeholder(self, tmp_path):
        """A blank placeholder would hide the gap it marks."""
        error = pack_error(tmp_path, '[placeholder]\ncompany = " "\n')

        assert "placeholder 'company' must be a non-empty text" in str(error)

    def test_a_pack_with_drafts_needs_every_placeholder(self, tmp_path):
        """A draft must never meet a gap with nothing to show."""
        error = pack_error(tmp_path, DRAFTING + '[placeholder]\ncompany = "[Co]"\n')

        assert "no placeholder for candidate_name, job_title" in str(error)
        assert error.rule_id == "drafting"

    def test_packaged_pack_names_every_placeholder(self):
        """The packaged pack fills every gap a draft can have."""
        assert set(PACK.placeholders) == {
            "candidate_name",
            "company",
            "job_title",
            "recruiter_name",
            "discussed_topic",
            "interviewer_name",
        }


def offer(seniority, **more):
    return ADVISOR.advise(
        {
            "stage": "final_interview",
            "days_since_interview": 3,
            "employer_response": "offer_made",
            "seniority": seniority,
            **more,
        }
    )


class TestOfferTiming:
    @pytest.mark.parametrize("seniority", list(Seniority))
    def test_the_reply_quotes_the_figure_for_the_level(self, seniority):
        """The step, the draft and the reason all quote the level's figure."""
        senior = seniority in {Seniority.SENIOR, Seniority.EXECUTIVE}
        name = "offer_decide_days_senior" if senior else "offer_decide_days"
        days = PACK.figures[name].value
        advice = offer(seniority)
        step = advice.actions[0]

        assert step.kind is ActionKind.RESPOND_TO_OFFER
        assert f"my decision within {days} days" in step.drafts[0].body
        assert f" {days} days" in step.why
        # Only a senior role's longer time is a reason of its own.
        assert senior == any(f" {days} days" in r.text for r in advice.reasons)

    def test_the_figures_differ(self):
        """Else the test above could not tell the levels apart."""
        figures = PACK.figures
        assert figures["offer_decide_days"] != figures["offer_decide_days_senior"]


class TestRecipients:
    @settings(max_examples=60, deadline=None)
    @given(situations())
    def test_packaged_drafts_go_where_the_pack_says(self, situation):
        """Thank-yous to each interviewer, offers to the recruiter, else a contact."""
        people = [p.name for p in situation.interviewers]
        contact = situation.recruiter_name or (people[0] if people else None)
        for action in ADVISOR.advise(situation).actions:
            sent = [draft.to for draft in action.drafts]
            if action.kind is ActionKind.SEND_THANK_YOU:
                assert sent == (people or ["[Interviewer's Name]"])
            elif action.kind is ActionKind.RESPOND_TO_OFFER:
                # The offer came from the recruiter, not from a panel member.
                assert sent == [situation.recruiter_name or "[Recruiter's Name]"]
            elif action.drafts:
                assert sent == [contact or "[Recruiter's Name]"]

    def test_a_custom_rule_sends_to_each_interviewer(self, tmp_path):
        """Who receives a draft is the rule's choice, not the code's."""
        rule = DRAFTING.replace('id = "drafting"', 'id = "to_the_panel"')
        advisor = Advisor(
            rules=[write(tmp_path, "x.toml", rule + 'to = ["interviewers"]')]
        )
        advice = advisor.advise(
            {
                "stage": "first_interview",
                "days_since_interview": 2,
                "employer_response": EmployerResponse.NONE,
                "recruiter_name": "Sam Lee",
                "interviewer_names": ["Ana Ruiz", "Bo Li"],
            }
        )
        step = next(a for a in advice.actions if a.kind is ActionKind.CONTINUE_SEARCH)

        assert ["Ana Ruiz", "Bo Li"] == [draft.to for draft in step.drafts]

    def test_a_custom_layer_replaces_a_placeholder(self, tmp_path):
        """A custom layer can reword a placeholder, as in a translation."""
        layer = write(tmp_path, "words.toml", '[placeholder]\ncompany = "[Firma]"\n')
        advice = Advisor(rules=[layer]).advise(
            {"stage": "first_interview", "days_since_interview": 0}
        )
        bodies = [d.body for a in advice.actions for d in a.drafts]

        assert bodies
        assert all("[Company Name]" not in body for body in bodies)
        assert any("[Firma]" in body for body in bodies)

    def test_a_draft_without_to_goes_to_the_main_contact(self, tmp_path):
        """Without 'to', a custom draft goes to the recruiter, else the contact."""
        path = write(tmp_path, "x.toml", DRAFTING)
        advice = Advisor(rules=[path]).advise(
            {
                "stage": "first_interview",
                "days_since_interview": 2,
                "interviewer_names": ["Ana Ruiz", "Bo Li"],
            }
        )
        step = next(a for a in advice.actions if a.kind is ActionKind.CONTINUE_SEARCH)

        assert ["Ana Ruiz"] == [draft.to for draft in step.drafts]
