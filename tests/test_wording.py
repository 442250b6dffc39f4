"""
Tests for the wording: plural forms, and a scan of the advice for faults.
"""

import datetime
import itertools
import re

import attrs
import pytest

from interview_advisor import ActionKind, Advisor, Odds, Stage
from interview_advisor._templating import environment
from interview_advisor._wording import (
    ago,
    days,
    first_name,
    milestone,
    plural,
    within,
)


class TestPlural:
    @pytest.mark.parametrize(
        ("count", "expected"),
        [(0, "0 follow-ups"), (1, "1 follow-up"), (2, "2 follow-ups")],
    )
    def test_noun_fits_count(self, count, expected):
        """A count takes the singular for 1 and the plural for 0 and many."""
        assert expected == plural(count, "follow-up")

    def test_irregular_plural(self):
        """An irregular plural is used as given."""
        assert ("1 has", "3 have") == (
            plural(1, "has", "have"),
            plural(3, "has", "have"),
        )

    @pytest.mark.parametrize(
        ("count", "expected"),
        [
            (0, ("0 days", "today", "the same day")),
            (1, ("1 day", "1 day ago", "within 1 day")),
            (9, ("9 days", "9 days ago", "within 9 days")),
        ],
    )
    def test_day_phrases(self, count, expected):
        """Day counts read naturally for 0, 1 and many."""
        assert expected == (days(count), ago(count), within(count))

    @pytest.mark.parametrize(
        ("business", "expected"),
        [
            (False, "7 days, 1 day ago, the same day"),
            (True, "5 business days, 1 business day ago, the same day"),
        ],
    )
    def test_business_days_follow_the_count(self, business, expected):
        """A business-day figure is quoted in the advice's own day count."""
        text = "{{ 5|business_days }}, {{ 1|ago }}, {{ 0|within }}"

        assert expected == environment().from_string(text).render(
            business_days=business
        )

    def test_milestone(self):
        """Day counts start from applying at the application stage."""
        assert ("you applied", "the interview") == (
            milestone("applied"),
            milestone("first_interview"),
        )


#: Phrases that presume an interview took place.
INTERVIEW_WORDING = re.compile(
    r"since the interview|after the interview|the interview was|last interview"
    r"|earlier interviews|this interview|you and your colleagues|my interview"
    r"|meeting with me|ghosted after an interview|how you came across"
    r"|hardest to answer|Go over your answers|next interview",
    re.IGNORECASE,
)
BAD_COUNTS = re.compile(
    r"\(s\)|\b1 (business )?days\b|\b1 (follow-ups|rules|problems|records)\b"
    r"|\b0 (business )?days? ago|within 0 |\b1 (business )?day have"
)


def _situations():
    """Yield situations over stages, responses, day counts and flags."""
    stages = ["applied", "phone_screen", "first_interview", "final_interview"]
    responses = RESPONSES
    follow_ups = [(0, None), (1, 0), (1, 1), (1, 8), (2, 1), (2, 9)]
    for stage, response, since, sent, (count, last), timeframe in itertools.product(
        stages, responses, [0, 1, 2, 8, 30], [False, True], follow_ups, [None, 0, 5]
    ):
        if last is not None and last > since:
            continue
        situation = {
            "stage": stage,
            "employer_response": response,
            "days_since_interview": since,
            "thank_you_sent": sent,
            "follow_ups_sent": count,
            "days_since_last_follow_up": last,
            "stated_timeframe_days": timeframe,
            "job_title": "Data Analyst",
            "interviewer_names": ["Ana Diaz", "Bo Li"],
        }
        if response == "next_round_scheduled":
            situation["next_interview_in_days"] = 3
        yield situation


def _faults(situation, text):
    """Return what reads wrongly in *text*, the advice for *situation*."""
    faults = [match.group() for match in BAD_COUNTS.finditer(text)]
    if situation["stage"] == "applied":
        faults += [m.group() for m in INTERVIEW_WORDING.finditer(text)]
    faults += ["business days"] * ("business day" in text)
    if not situation["thank_you_sent"]:
        faults += re.findall(r"[Tt]hank you again for meeting", text)
    if situation["stated_timeframe_days"] is None:
        faults += re.findall(r"(?:past|after) the date they gave", text)
    return faults


class TestFirstName:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Ana", "Ana"),
            ("Ana Ruiz", "Ana"),
            ("Jean-Luc  Picard", "Jean-Luc"),
            ("Dr. Ana Ruiz", "Dr. Ruiz"),
            ("prof Mary Ann Lee", "prof Lee"),
            ("Dr.", "Dr."),
        ],
    )
    def test_first_word_or_title_and_family_name(self, name, expected):
        """A name is greeted by its first word, or by its title and family name."""
        assert expected == first_name(name)


class TestScan:
    def test_no_faulty_wording(self):
        """No advice in the grid reads wrongly for its situation."""
        advisor = Advisor()
        found = {}
        for situation in _situations():
            faults = _faults(situation, advisor.advise(situation).text)
            for fault in faults:
                found.setdefault(fault, situation)

        assert {} == found

    def test_scan_finds_faults(self):
        """The scan notices each kind of fault it looks for."""
        situation = {
            "stage": "applied",
            "thank_you_sent": False,
            "stated_timeframe_days": None,
        }
        text = (
            "1 follow-up(s); 1 days; within 0 days; since the interview; "
            "5 business days; Thank you again for meeting; past the date they gave"
        )

        assert 7 == len(_faults(situation, text))

    def test_rejection_after_a_screen_is_not_called_close(self):
        """Only a rejection after a later round says you were close."""
        advisor = Advisor()
        close = [
            "you were close"
            in advisor.advise(
                {
                    "stage": stage,
                    "employer_response": "rejected",
                    "days_since_interview": 2,
                }
            ).outlook.why
            for stage in ("phone_screen", "second_interview")
        ]

        assert [False, True] == close


class TestNextRoundOutlook:
    @pytest.mark.parametrize(
        ("stage", "expected"),
        [
            ("applied", False),
            ("phone_screen", False),
            ("first_interview", False),
            ("second_interview", True),
            ("final_interview", True),
        ],
    )
    def test_only_later_rounds_speak_of_finalists(self, stage, expected):
        """An invitation after a screen or a first interview is not among finalists."""
        advice = Advisor().advise(
            {
                "stage": stage,
                "employer_response": "next_round_scheduled",
                "days_since_interview": 2,
            }
        )

        assert expected == ("finalists" in advice.outlook.why)

    def test_screen_leads_to_a_first_interview(self):
        """After a phone screen, the next round is the first interview."""
        advice = Advisor().advise(
            {
                "stage": "phone_screen",
                "employer_response": "next_round_scheduled",
                "days_since_interview": 2,
            }
        )

        assert "the first interview is where" in advice.outlook.why

    def test_odds_rise_with_the_round_reached(self):
        """An invitation after an early round is a moderate sign; later, good."""
        odds = [
            Advisor()
            .advise(
                {
                    "stage": stage,
                    "employer_response": "next_round_scheduled",
                    "days_since_interview": 2,
                }
            )
            .outlook.odds
            for stage in Stage
        ]
        early = len(EARLY_STAGES)

        assert {Odds.MODERATE} == set(odds[:early])
        assert {Odds.GOOD} == set(odds[early:])


#: The stages before any later round, in order.
EARLY_STAGES = ("applied", "phone_screen", "first_interview")


def _drafts(tone, **fixed):
    """
    Return the drafts, as text, of situations over stages, responses and days.

    The final follow-up is left out where a first follow-up is planned
    before it: by the time it is sent, it is the second message.
    """
    advisor = Advisor(tone=tone)
    texts = []
    for stage, response, since, timeframe in itertools.product(
        STAGES, RESPONSES, [0, 1, 3, 10, 20, 40], [None, 7]
    ):
        situation = {
            "stage": stage,
            "employer_response": response,
            "days_since_interview": since,
            "stated_timeframe_days": timeframe,
            "interviewer_names": ["Ana Diaz"],
            **fixed,
        }
        actions = advisor.advise(situation).actions
        chased = ActionKind.SEND_FOLLOW_UP in {a.kind for a in actions}
        texts += [
            f"Subject: {d.subject}\n\n{d.body}"
            for action in actions
            if not (chased and action.kind is ActionKind.SEND_FINAL_FOLLOW_UP)
            for d in action.drafts
        ]
    return texts


STAGES = [
    "applied",
    "phone_screen",
    "first_interview",
    "second_interview",
    "further_interview",
    "final_interview",
]
RESPONSES = [
    "none",
    "next_round_scheduled",
    "references_requested",
    "offer_made",
    "rejected",
    "on_hold",
]
#: Words that presume an earlier message.
REPEATED = re.compile(r"once more|last time|\bagain\b", re.IGNORECASE)


def _thanks_twice(draft):
    """
    Return whether the paragraph before the sign-off thanks as the sign-off does.
    """
    paragraphs = draft.split("\n\n")
    closing = paragraphs[-1].startswith("Thanks,")
    return closing and paragraphs[-2].startswith(("Thank", "Thanks"))


@pytest.fixture(scope="module", params=["formal", "friendly"])
def first_drafts(request):
    """Return the drafts of each tone when nothing was sent before."""
    return _drafts(request.param, thank_you_sent=False, follow_ups_sent=0)


@pytest.fixture(scope="module")
def friendly_drafts():
    """Return the friendly drafts, with and without earlier messages."""
    return _drafts(
        "friendly", thank_you_sent=True, follow_ups_sent=1, days_since_last_follow_up=0
    ) + _drafts("friendly", thank_you_sent=False, follow_ups_sent=0)


class TestDrafts:
    def test_a_first_message_does_not_write_again(self, first_drafts):
        """With nothing sent before, no draft writes "again" or "once more"."""
        found = {m.group() for d in first_drafts for m in REPEATED.finditer(d)}

        assert first_drafts
        assert set() == found

    @pytest.mark.parametrize(
        "situation",
        [
            {"follow_ups_sent": 1, "days_since_last_follow_up": 8},
            {"follow_ups_sent": 0},
        ],
    )
    def test_a_final_follow_up_after_another_says_so(self, situation):
        """A final follow-up sent or planned after another says it is the last."""
        advice = Advisor().advise(
            {
                "stage": "second_interview",
                "days_since_interview": 9 + 8 * situation["follow_ups_sent"],
                "stated_timeframe_days": 7,
                **situation,
            }
        )
        final = next(
            a for a in advice.actions if a.kind is ActionKind.SEND_FINAL_FOLLOW_UP
        )

        assert "one last time" in final.drafts[0].body

    def test_friendly_drafts_thank_once_at_the_end(self, friendly_drafts):
        """A friendly draft does not thank in its last line and its sign-off."""
        assert friendly_drafts
        assert [] == [d for d in friendly_drafts if _thanks_twice(d)][:1]

    def test_the_check_finds_doubled_thanks(self):
        """The check notices a thank-you line right before "Thanks,"."""
        assert _thanks_twice("Hi,\n\nThank you for your time.\n\nThanks,\nAna")

    def test_no_draft_has_two_blank_lines(self, first_drafts, friendly_drafts):
        """Paragraphs in every draft are separated by one blank line."""
        assert [] == [d for d in first_drafts + friendly_drafts if "\n\n\n" in d][:1]

    def test_further_interview_reads_as_another_round(self):
        """No advice or draft speaks of "a further interview"."""
        advisor = Advisor()
        texts = [
            advisor.advise(
                {
                    "stage": "further_interview",
                    "employer_response": response,
                    "days_since_interview": since,
                }
            ).text
            for response in RESPONSES
            for since in (2, 10, 30)
        ]

        assert [] == [t for t in texts if "further interview" in t.lower()][:1]


class TestReferences:
    def test_referees_are_asked_once(self):
        """Referees lined up for an offer are asked, not asked "again"."""
        advice = Advisor().advise(
            {
                "stage": "final_interview",
                "days_since_interview": 3,
                "employer_response": "offer_made",
            }
        )
        references = next(
            a for a in advice.actions if a.kind is ActionKind.PREPARE_REFERENCES
        )

        assert (True, False) == (
            references.checklist[0].startswith("Ask each referee for permission,"),
            any("again" in item for item in references.checklist),
        )


class TestFirstInterviewPreparation:
    @pytest.mark.parametrize(
        ("stage", "expected"), [("applied", False), ("phone_screen", True)]
    )
    def test_more_people_only_after_meeting_some(self, stage, expected):
        """Only someone who has met the employer is told to expect more people."""
        advice = Advisor().advise(
            {
                "stage": stage,
                "days_since_interview": 3,
                "employer_response": "next_round_scheduled",
            }
        )

        assert expected == ("Expect to meet more people" in advice.text)


#: A day count that does not say it is business days.
UNLABELLED = re.compile(r"(?<!business )\b\d+ days?\b")
#: The employer's own words, quoted in the calendar days they gave.
QUOTED = re.compile(
    r"(?:would decide|was expected) within \d+ days?"
    r"|date they gave \(\d+ days? after"
)


def _dated_situations():
    """Yield dated situations over stages, responses, days, flags and levels."""
    interview = datetime.date(2026, 11, 2)
    follow_ups = [(), (2,), (17, 9)]
    for stage, response, since, sent, sent_ago, timeframe in itertools.product(
        ["applied", "phone_screen", "first_interview", "final_interview"],
        RESPONSES,
        [0, 1, 3, 6, 12, 30],
        [False, True],
        follow_ups,
        [None, 5],
    ):
        if any(ago > since for ago in sent_ago):
            continue
        today = interview + datetime.timedelta(days=since)
        yield {
            "stage": stage,
            "employer_response": response,
            "interview_date": interview,
            "today": today,
            "thank_you_sent": sent,
            "stated_timeframe_days": timeframe,
            "follow_up_dates": [today - datetime.timedelta(days=d) for d in sent_ago],
            "next_interview_in_days": 4 if response == "next_round_scheduled" else None,
            "seniority": "senior" if since % 2 else "mid",
        }


def _dated_faults(advice):
    """
    Return the texts of dated *advice* that name their day count wrongly.

    Thank-you windows are hours, so never business days; every other day
    count of dated advice is business days, and says so.
    """
    texts = [(r.rule_id.startswith("timing.thank_you"), r.text) for r in advice.reasons]
    texts.append((False, advice.outlook.why))
    for action in advice.actions:
        thanks = action.kind is ActionKind.SEND_THANK_YOU
        texts += [(thanks, t) for t in (action.title, action.why, *action.checklist)]
        texts += [(thanks, d.body) for d in action.drafts]
    faults = []
    for thanks, text in texts:
        if thanks:
            faults += ["business day"] * ("business day" in text)
        else:
            faults += UNLABELLED.findall(QUOTED.sub("", text))
    return faults


class TestDatedScan:
    def test_dated_advice_names_its_day_count(self):
        """Dated advice says business days, but never for a thank-you window."""
        advisor = Advisor()
        found = {}
        for situation in _dated_situations():
            for fault in _dated_faults(advisor.advise(situation)):
                found.setdefault(fault, situation)

        assert {} == found

    def test_scan_finds_faults(self):
        """The scan notices an unlabelled count and a thank-you in business days."""
        advice = Advisor().advise(
            {
                "stage": "first_interview",
                "interview_date": "2026-11-02",
                "today": "2026-11-03",
            }
        )
        thanks = next(a for a in advice.actions if a.kind is ActionKind.SEND_THANK_YOU)
        other = next(a for a in advice.actions if a is not thanks)
        broken = attrs.evolve(
            advice,
            actions=(
                attrs.evolve(thanks, why="Within 1 business day."),
                attrs.evolve(other, why="In 3 days."),
            ),
        )

        assert ["business day", "3 days"] == _dated_faults(broken)
