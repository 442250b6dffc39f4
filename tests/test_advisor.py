import json
import math
import threading
from typing import ClassVar

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from interview_advisor import (
    Action,
    ActionKind,
    Advice,
    Advisor,
    ClosedAdvisorError,
    InvalidSituationError,
    Odds,
    Phase,
    Situation,
    Status,
    advise,
)
from interview_advisor._conclusions import PHASES
from interview_advisor._daycount import MAX_DAYS

from .strategies import json_values, silent_situations, situations

EXAMPLE = {
    "stage": "second_interview",
    "days_since_interview": 9,
    "stated_timeframe_days": 7,
    "thank_you_sent": True,
}
SILENT_RANK = {
    Status.AWAITING_DECISION: 0,
    Status.DECISION_OVERDUE: 1,
    Status.LIKELY_GHOSTED: 2,
}
FIELD_NAMES = [field.name for field in attrs.fields(Situation)]


def fired(advice: Advice) -> set[str]:
    return {reason.rule_id for reason in advice.reasons}


def urgency(advice: Advice) -> tuple[int, float]:
    """
    Rank silent advice: a graver status first, then the soonest due step.

    A thank-you note is left out: its window closes after a few days
    whatever the employer does, so its step ending is no loss of urgency.
    """
    dues = [
        a.due_in_days
        for a in advice.actions
        if a.due_in_days is not None and a.kind is not ActionKind.SEND_THANK_YOU
    ]
    return SILENT_RANK[advice.status], -min(dues, default=math.inf)


class TestExamples:
    def test_overdue_decision(self):
        """Nine days after a second interview, one week promised: follow up today."""
        advice = advise(EXAMPLE)

        assert Status.DECISION_OVERDUE == advice.status
        assert [
            (ActionKind.SEND_FOLLOW_UP, 0),
            (ActionKind.CONTINUE_SEARCH, None),
            (ActionKind.SEND_FINAL_FOLLOW_UP, 7),
            (ActionKind.MOVE_ON, 14),
        ] == [(a.kind, a.due_in_days) for a in advice.actions]

    def test_accepts_a_situation(self):
        """A Situation and the equivalent mapping give the same advice."""
        assert advise(EXAMPLE) == advise(Situation.from_dict(EXAMPLE))

    def test_drafts_carry_the_callers_names(self):
        """Given names appear in the drafts and no placeholder remains for them."""
        advice = advise(
            {
                **EXAMPLE,
                "candidate_name": "Ana Ruiz",
                "company": "Acme",
                "job_title": "Analyst",
                "recruiter_name": "Sam",
            }
        )
        draft = advice.actions[0].draft or ""

        assert draft.startswith(
            "To: Sam\nSubject: Following up on the Analyst position"
        )
        assert ("Ana Ruiz" in draft, "Acme" in draft, "[" in draft) == (
            True,
            True,
            False,
        )

    def test_missing_details_become_placeholders(self):
        """Without names, drafts show visible placeholders."""
        draft = advise(EXAMPLE).actions[0].draft or ""

        assert all(
            p in draft for p in ("[Recruiter's Name]", "[Job Title]", "[Your Name]")
        )

    def test_one_thank_you_per_interviewer(self):
        """Each named interviewer gets a note of their own."""
        advice = advise(
            {
                "stage": "first_interview",
                "days_since_interview": 0,
                "interviewer_names": ["Ana", "Bo", "Cy"],
            }
        )
        thanks = next(a for a in advice.actions if a.kind is ActionKind.SEND_THANK_YOU)

        assert ["Ana", "Bo", "Cy"] == [d.to for d in thanks.drafts]
        assert all(f"Dear {d.to}," in d.body for d in thanks.drafts)

    def test_no_thank_you_after_applying(self):
        """An application alone calls for no thank-you note."""
        advice = advise({"stage": "applied", "days_since_interview": 0})

        assert ActionKind.SEND_THANK_YOU not in [a.kind for a in advice.actions]

    def test_offer(self):
        """An offer is acknowledged today with a draft reply; references prepared."""
        advice = advise(
            {
                "stage": "final_interview",
                "days_since_interview": 3,
                "employer_response": "offer_made",
                "seniority": "senior",
            }
        )

        assert (Status.OFFER_EXTENDED, Odds.HIGH) == (
            advice.status,
            advice.outlook.odds,
        )
        respond = advice.actions[0]
        assert (ActionKind.RESPOND_TO_OFFER, 0) == (respond.kind, respond.due_in_days)
        assert "within 7 days" in (respond.draft or "")

    def test_two_follow_ups_unanswered_means_move_on(self):
        """After two unanswered follow-ups a week old, the advice is to move on now."""
        advice = advise(
            {
                **EXAMPLE,
                "days_since_interview": 30,
                "follow_ups_sent": 2,
                "days_since_last_follow_up": 8,
            }
        )

        assert Status.LIKELY_GHOSTED == advice.status
        assert (ActionKind.MOVE_ON, 0) == (
            advice.actions[0].kind,
            advice.actions[0].due_in_days,
        )

    def test_template_syntax_in_values_is_data(self):
        """Template syntax in a value is printed as given, never evaluated."""
        advice = advise({**EXAMPLE, "company": "{{ 7*7 }}{% if true %}x{% endif %}"})

        assert "{{ 7*7 }}{% if true %}x{% endif %}" in advice.text
        assert "49" not in advice.text


# Each section of the article, with a situation whose advice covers it.
ARTICLE = [
    (
        "1 what a second interview indicates",
        {
            "stage": "second_interview",
            "days_since_interview": 2,
            "thank_you_sent": True,
        },
        "outlook.later_round",
        "good sign",
    ),
    (
        "2 purposes: technical assessment",
        {
            "stage": "first_interview",
            "days_since_interview": 2,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
            "technical_role": True,
        },
        "preparation.technical",
        "design",
    ),
    (
        "2 purposes: behavioural questions with STAR",
        {
            "stage": "first_interview",
            "days_since_interview": 2,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
        },
        "preparation.essentials",
        "STAR",
    ),
    (
        "2 purposes: meeting the team",
        {
            "stage": "first_interview",
            "days_since_interview": 2,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
        },
        "preparation.essentials",
        "meet more people",
    ),
    (
        "2 purposes: culture fit",
        {
            "stage": "first_interview",
            "days_since_interview": 2,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
        },
        "preparation.essentials",
        "culture",
    ),
    (
        "3 not a guarantee",
        {
            "stage": "second_interview",
            "days_since_interview": 2,
            "thank_you_sent": True,
        },
        "outlook.later_round",
        "not a guarantee",
    ),
    (
        "4a reflect on the first interview",
        {
            "stage": "first_interview",
            "days_since_interview": 1,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
            "concerns_from_last_interview": ["limited people management"],
        },
        "preparation.concerns",
        "limited people management",
    ),
    (
        "4b deepen company research",
        {
            "stage": "first_interview",
            "days_since_interview": 1,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
        },
        "preparation.essentials",
        "mission and values",
    ),
    (
        "4c prepare for advanced questions",
        {
            "stage": "second_interview",
            "days_since_interview": 1,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
            "technical_role": True,
        },
        "preparation.technical",
        "harder problems",
    ),
    (
        "4d engage with interviewers",
        {
            "stage": "first_interview",
            "days_since_interview": 1,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
        },
        "preparation.essentials",
        "biggest challenges",
    ),
    (
        "4e demonstrate cultural fit",
        {
            "stage": "first_interview",
            "days_since_interview": 1,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
        },
        "preparation.essentials",
        "adapt",
    ),
    (
        "5 outcome: offer contingent on checks",
        {
            "stage": "second_interview",
            "days_since_interview": 4,
            "employer_response": "offer_made",
        },
        "outcome.offer_made",
        "background check",
    ),
    (
        "5 outcome: further interviews",
        {
            "stage": "second_interview",
            "days_since_interview": 4,
            "seniority": "senior",
            "employer_response": "next_round_scheduled",
            "next_interview_in_days": 6,
        },
        "preparation.senior",
        "senior leaders",
    ),
    (
        "5 outcome: rejection, then ask for feedback",
        {
            "stage": "second_interview",
            "days_since_interview": 6,
            "employer_response": "rejected",
        },
        "outcome.rejected",
        "feedback",
    ),
    (
        "5 outcome: hold or delay",
        {
            "stage": "second_interview",
            "days_since_interview": 6,
            "employer_response": "on_hold",
        },
        "outcome.on_hold",
        "budget",
    ),
    (
        "6 no news: thank-you note",
        {"stage": "second_interview", "days_since_interview": 0},
        "timing.thank_you_now",
        "Subject: Thank you",
    ),
    (
        "6 no news: follow up after the timeframe",
        EXAMPLE,
        "timing.follow_up_now",
        "Subject: Following up",
    ),
    (
        "7 learning from the experience",
        {
            "stage": "second_interview",
            "days_since_interview": 6,
            "employer_response": "rejected",
        },
        "outcome.rejected",
        "body language",
    ),
    (
        "takeaway: positive sign",
        {
            "stage": "second_interview",
            "days_since_interview": 1,
            "thank_you_sent": True,
        },
        "outlook.later_round",
        "Outlook (moderate)",
    ),
    (
        "takeaway: preparation is crucial",
        {
            "stage": "second_interview",
            "days_since_interview": 1,
            "thank_you_sent": True,
            "employer_response": "next_round_scheduled",
        },
        "preparation.essentials",
        "Prepare for the next round",
    ),
    (
        "takeaway: stay proactive",
        EXAMPLE,
        "timing.follow_up_now",
        "Send a polite follow-up",
    ),
]


#: A next round scheduled for a technical role, with a concern raised.
NEXT_ROUND = {
    "stage": "first_interview",
    "days_since_interview": 2,
    "thank_you_sent": True,
    "employer_response": "next_round_scheduled",
    "technical_role": True,
    "concerns_from_last_interview": ["SQL depth"],
}


def preparation(days: int | None) -> Action:
    advice = advise({**NEXT_ROUND, "next_interview_in_days": days})
    return next(a for a in advice.actions if a.kind is ActionKind.PREPARE_NEXT_ROUND)


class TestPreparation:
    @pytest.mark.parametrize("days", [None, 0, 1, 10])
    def test_preparing_is_the_first_step_and_due_now(self, days):
        """Preparing for a scheduled round comes first and is due today."""
        advice = advise({**NEXT_ROUND, "next_interview_in_days": days})
        first = advice.actions[0]

        assert (ActionKind.PREPARE_NEXT_ROUND, Phase.NOW) == (first.kind, first.phase)

    def test_details_and_concern_lead_the_checklist(self):
        """Confirming the details, then answering the concern, open the checklist."""
        checklist = preparation(1).checklist

        assert (True, True) == (
            checklist[0].startswith("Confirm the time, format and place"),
            "SQL depth" in checklist[1],
        )

    @pytest.mark.parametrize(
        ("days", "expected"),
        [(0, False), (1, False), (2, False), (3, True), (10, True)],
    )
    def test_spreading_out_needs_days_to_spread(self, days, expected):
        """Only a round three or more days away is prepared for over the days left."""
        assert expected == ("spread" in preparation(days).why.lower())


class TestArticleCoverage:
    @pytest.mark.parametrize(
        ("section", "situation", "rule_id", "phrase"),
        ARTICLE,
        ids=[row[0] for row in ARTICLE],
    )
    def test_section_is_reachable(self, section, situation, rule_id, phrase):
        """Every section of the article is produced by some situation."""
        advice = advise(situation)

        assert (rule_id, phrase) == (
            rule_id if rule_id in fired(advice) else None,
            phrase if phrase in advice.text else None,
        ), section


class TestProperties:
    @given(situations())
    def test_any_valid_situation_gets_complete_advice(self, situation):
        """Any valid situation gives one status, an outlook, steps, reasons and text."""
        advice = advise(situation)

        assert isinstance(advice.status, Status)
        assert advice.actions
        assert advice.reasons
        assert advice.text.strip()
        assert len({a.kind for a in advice.actions}) == len(advice.actions)

    @given(situations())
    def test_to_dict_round_trips_through_json(self, situation):
        """to_dict() output survives json.dumps and json.loads unchanged."""
        data = advise(situation).to_dict()

        assert data == json.loads(json.dumps(data))

    @given(situations())
    def test_deterministic(self, situation):
        """The same input always gives the same advice."""
        assert advise(situation) == advise(situation.to_dict())

    @given(situations())
    def test_steps_are_ordered_by_phase(self, situation):
        """Steps due now come first, then ongoing ones, then later ones by day."""
        actions = advise(situation).actions
        order = [(PHASES.index(a.phase), a.due_in_days or 0) for a in actions]

        assert sorted(order) == order

    @given(silent_situations, st.integers(min_value=1, max_value=60))
    @example(
        Situation(
            stage="phone_screen",
            days_since_interview=3,
            stated_timeframe_days=0,
            follow_ups_sent=1,
            days_since_last_follow_up=0,
        ),
        1,
    )
    def test_more_silence_is_never_less_urgent(self, situation, extra):
        """More days of silence past the timeframe never make the advice less urgent."""
        window = situation.stated_timeframe_days
        assume(situation.days_since_interview > (7 if window is None else window))
        assume(situation.days_since_interview + extra <= MAX_DAYS)
        later = attrs.evolve(
            situation, days_since_interview=situation.days_since_interview + extra
        )

        assert urgency(advise(situation)) <= urgency(advise(later))

    @given(json_values)
    def test_arbitrary_json_is_rejected_cleanly(self, value):
        """Arbitrary JSON values give advice or InvalidSituationError, nothing else."""
        try:
            advise(value)
        except InvalidSituationError as error:
            assert error.problems

    @given(
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), json_values)
    )
    def test_near_miss_mappings_are_rejected_cleanly(self, value):
        """Mappings of field names to arbitrary values raise nothing else."""
        try:
            advice = advise(value)
        except InvalidSituationError as error:
            assert error.problems
        else:
            assert isinstance(advice, Advice)


class TestConcurrency:
    def test_threads_keep_their_own_names(self):
        """8 threads advising different candidates at once see only their own names."""
        people = [
            (f"Candidate{chr(65 + i)}", f"Company{chr(65 + i)}") for i in range(8)
        ]
        errors: list[BaseException] = []
        leaks: list[str] = []

        def work(index: int) -> None:
            name, company = people[index]
            others = [p for i, pair in enumerate(people) if i != index for p in pair]
            try:
                for days in range(40):
                    text = advise(
                        {
                            **EXAMPLE,
                            "days_since_interview": 8 + days % 20,
                            "candidate_name": name,
                            "company": company,
                        }
                    ).text
                    if name not in text or company not in text:
                        leaks.append(f"{name} lost its names")
                    leaks.extend(f"{name} saw {o}" for o in others if o in text)
            except BaseException as error:  # noqa: BLE001
                errors.append(error)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert ([], []) == (errors, leaks)


class TestClose:
    SITUATION: ClassVar = {"stage": "second_interview", "days_since_interview": 9}

    def test_with_block_closes(self):
        """An advisor used in a with block is closed after it, and says so."""
        with Advisor() as advisor:
            assert Status.DECISION_OVERDUE == advisor.advise(self.SITUATION).status
        with pytest.raises(ClosedAdvisorError, match="closed"):
            advisor.advise(self.SITUATION)

    def test_close_frees_the_engine_and_is_idempotent(self):
        """close() frees the rulesets of both day counts; twice is fine."""
        advisor = Advisor()
        advisor.advise(self.SITUATION)
        dated = {"stage": "second_interview", "interview_date": "2026-11-02"}
        advisor.advise(dated | {"today": "2026-11-13"})
        # Its timing rules read figures that differ between the day counts.
        assert 2 == len(set(advisor._engine._handles.values()))
        advisor.close()
        advisor.close()
        assert {} == advisor._engine._handles

    def test_closed_advisor_serves_nothing_from_its_cache(self):
        """A closed advisor refuses even situations it has seen."""
        advisor = Advisor()
        advisor.advise(self.SITUATION)
        advisor.close()
        with pytest.raises(ClosedAdvisorError):
            advisor.advise(self.SITUATION)
