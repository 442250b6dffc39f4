import datetime
import json
import typing

import attrs
import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor import (
    ActionKind,
    Advisor,
    EmployerResponse,
    Event,
    InvalidSituationError,
    Situation,
    Status,
    Timeline,
    advise,
)
from interview_advisor._daycount import Calendar
from interview_advisor._output_plan import event_uid

from .test_input_situation import problems_of

D = datetime.date
DATED = {
    "stage": "second_interview",
    "interview_date": "2026-11-13",  # a Friday
    "today": "2026-11-25",  # the Wednesday before Thanksgiving
    "stated_timeframe": "by the end of next week",
    "thank_you_sent_on": "2026-11-13",
    "country": "US",
}


class TestDatedSituation:
    def test_dates_fill_in_the_counts(self):
        """Dates give the day counts, the timeframe and the sent flags."""
        s = Situation.from_dict(
            {**DATED, "follow_up_dates": ["2026-11-24", "2026-11-17"]}
        )

        assert (12, 7, True, 2, 1) == (
            s.days_since_interview,
            s.stated_timeframe_days,
            s.thank_you_sent,
            s.follow_ups_sent,
            s.days_since_last_follow_up,
        )
        assert (D(2026, 11, 17), D(2026, 11, 24)) == s.follow_up_dates

    def test_today_defaults_to_the_local_date(self):
        """An interview date without today is counted up to the local date."""
        local = datetime.date.today()  # noqa: DTZ011  # the library's default
        s = Situation(stage="first_interview", interview_date=local)

        assert (local, 0) == (s.today, s.days_since_interview)

    def test_today_and_a_count_give_the_interview_date(self):
        """Today and days since the interview are enough to date a situation."""
        s = Situation(
            stage="first_interview", today="2026-11-25", days_since_interview=2
        )

        assert D(2026, 11, 23) == s.interview_date

    @pytest.mark.parametrize(
        ("extra", "field", "words"),
        [
            (
                {"days_since_interview": 3},
                "days_since_interview",
                "12, as interview_date",
            ),
            (
                {"stated_timeframe_days": 3},
                "stated_timeframe_days",
                "7, as stated_timeframe",
            ),
            (
                {"follow_up_dates": ["2026-11-20"], "follow_ups_sent": 2},
                "follow_ups_sent",
                "1",
            ),
            (
                {"follow_up_dates": ["2026-11-20"], "days_since_last_follow_up": 1},
                "days_since_last_follow_up",
                "5, as follow_up_dates",
            ),
        ],
    )
    def test_date_and_count_disagreeing_is_an_error_naming_both(
        self, extra, field, words
    ):
        """A day count that disagrees with the dates names the field and the dates."""
        assert words in problems_of({**DATED, **extra})[field]

    @pytest.mark.parametrize(
        ("extra", "field"),
        [
            ({"today": "2026-11-01"}, "interview_date"),
            ({"thank_you_sent_on": "2026-11-01"}, "thank_you_sent_on"),
            ({"follow_up_dates": ["2026-12-01"]}, "follow_up_dates[0]"),
            ({"interview_date": "13/11/2026"}, "interview_date"),
            ({"interview_date": "1899-12-31"}, "interview_date"),
            ({"today": "2200-01-01"}, "today"),
            ({"today": "2026-02-30"}, "today"),
            ({"country": "XX"}, "country"),
            ({"subdivision": "ZZ"}, "subdivision"),
            ({"stated_timeframe": "whenever"}, "stated_timeframe"),
        ],
    )
    def test_bad_dates(self, extra, field):
        """Impossible, out-of-order and unreadable dates are named."""
        assert field in problems_of({**DATED, **extra})

    def test_unreadable_timeframe_is_quoted(self):
        """A timeframe that cannot be read is quoted with examples of what can."""
        message = problems_of({**DATED, "stated_timeframe": "soonish"})[
            "stated_timeframe"
        ]

        assert "'soonish'" in message
        assert "by Friday" in message

    def test_undated_durations(self):
        """Without dates, a duration still sets the timeframe in calendar days."""
        s = Situation(
            stage="applied", days_since_interview=1, stated_timeframe="in two weeks"
        )

        assert 14 == s.stated_timeframe_days

    def test_undated_anchored_timeframe_needs_dates(self):
        """Without dates, 'by Friday' cannot be placed and says so."""
        message = problems_of(
            {
                "stage": "applied",
                "days_since_interview": 1,
                "stated_timeframe": "by Friday",
            }
        )["stated_timeframe"]

        assert "interview_date or today" in message

    def test_country_needs_dates(self):
        """A country without dates would have no effect, so it is an error."""
        assert "country" in problems_of(
            {"stage": "applied", "days_since_interview": 1, "country": "US"}
        )

    def test_round_trips_through_json(self):
        """A dated situation survives to_dict, JSON and from_dict."""
        s = Situation.from_dict(DATED)

        assert s == Situation.from_dict(json.loads(json.dumps(s.to_dict())))


class TestDatedAdvice:
    def test_follow_up_counts_business_days_and_skips_thanksgiving(self):
        """Follow up today; the final one 5 business days on, after Thanksgiving."""
        advice = advise(DATED)
        due = {action.kind: action.due for action in advice.actions}

        assert Status.DECISION_OVERDUE == advice.status
        assert D(2026, 11, 25) == due[ActionKind.SEND_FOLLOW_UP]
        assert D(2026, 12, 3) == due[ActionKind.SEND_FINAL_FOLLOW_UP]
        assert D(2026, 12, 10) == due[ActionKind.MOVE_ON]

    def test_due_on_a_weekend_moves_to_monday(self):
        """Advice asked on a Saturday is due on Monday, not that day."""
        advice = advise({**DATED, "today": "2026-11-28"})

        assert D(2026, 11, 30) == advice.actions[0].due
        assert 2 == advice.actions[0].due_in_days

    def test_texts_say_business_days(self):
        """A dated situation's reasons count business days."""
        advice = advise(DATED)

        assert "business days" in " ".join(reason.text for reason in advice.reasons)

    def test_text_shows_dates(self):
        """The advice text names the day of each dated step."""
        assert "Wednesday 25 November 2026" in advise(DATED).text

    @given(
        st.dates(D(2024, 1, 1), D(2030, 12, 31)),
        st.integers(0, 60),
        st.one_of(st.none(), st.integers(0, 20)),
        st.sampled_from([None, "US", "GB", "DE", "FR", "JP"]),
        st.sampled_from([response.value for response in EmployerResponse]),
        st.integers(0, 2),
    )
    def test_every_due_date_is_a_business_day(  # noqa: PLR0917  # drawn values
        self, today, since, window, country, response, follow_ups
    ):
        """Every due date is a business day of the named country, but a thank-you's."""
        interview = today - datetime.timedelta(days=since)
        follow_up_dates = [
            interview + datetime.timedelta(days=since * (i + 1) // 3)
            for i in range(follow_ups)
        ]
        advice = advise(
            {
                "stage": "second_interview",
                "interview_date": interview.isoformat(),
                "today": today.isoformat(),
                "stated_timeframe_days": window,
                "country": country,
                "employer_response": response,
                "follow_up_dates": [d.isoformat() for d in follow_up_dates],
            }
        )
        days = Calendar(country)

        business = [a for a in advice.actions if a.kind != "send_thank_you"]
        assert all(days.is_business_day(a.due) for a in business if a.due)
        assert all(a.due >= today for a in advice.actions if a.due)


class TestPlan:
    def test_plan_lists_dated_steps(self):
        """The plan holds each dated step, soonest first."""
        plan = advise(DATED).plan()

        assert [D(2026, 11, 25), D(2026, 12, 3), D(2026, 12, 10)] == [
            s.due for s in plan.steps
        ]
        assert str(plan).startswith("Wed 25 Nov 2026: Send a polite follow-up")

    def test_undated_advice_has_no_plan(self):
        """Without dates, plan() and to_ics() say so instead of returning nothing."""
        advice = advise({"stage": "applied", "days_since_interview": 2})
        undated = attrs.evolve(advise(DATED).plan(), today=None)

        with pytest.raises(InvalidSituationError, match="a plan needs a dated"):
            advice.plan()
        with pytest.raises(InvalidSituationError, match="today: was not given"):
            undated.to_ics()

    def test_advice_names_its_application(self):
        """The advice names the role and company; its plan and to_dict() carry it."""
        advice = advise(DATED | {"company": "Acme", "job_title": "Analyst"})

        assert ("Analyst at Acme", "Analyst at Acme", "Analyst at Acme") == (
            advice.application,
            advice.plan().application,
            advice.to_dict()["application"],
        )

    def test_ics_uids_follow_the_application(self):
        """Two runs agree on every uid, which names the application and the step."""

        def uids(situation):
            ics = advise(situation).plan().to_ics()
            events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
            return [str(e["uid"]) for e in events]

        acme = DATED | {"company": "Acme", "job_title": "Analyst"}
        first = advise(acme).plan().steps[0].kind

        assert uids(acme) == uids(dict(acme))
        assert event_uid("Analyst at Acme", first, 0) == uids(acme)[0]
        assert not set(uids(acme)) & set(uids(acme | {"company": "Beta"}))

    def test_ics_parses_back_with_dates_and_summaries(self):
        """The iCalendar export parses back with the right dates and summaries."""
        plan = advise(DATED).plan()
        calendar = icalendar.Calendar.from_ical(plan.to_ics())
        events = [
            (e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT")
        ]

        assert [(s.due, s.title) for s in plan.steps] == events
        assert all(
            e.decoded("dtend") - e.decoded("dtstart") == datetime.timedelta(days=1)
            for e in calendar.walk("VEVENT")
        )
        assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == len(events)

    def test_ics_uids_are_stable_and_distinct_per_application(self):
        """A re-export keeps each event's id; another application gets others."""

        def uids(plan):
            calendar = icalendar.Calendar.from_ical(plan.to_ics())
            return [str(e["uid"]) for e in calendar.walk("VEVENT")]

        plan = advise(DATED).plan()
        other = attrs.evolve(plan, application="Another Co - Analyst")

        assert uids(plan) == uids(advise(DATED).plan())
        assert not set(uids(plan)) & set(uids(other))


class TestTimeline:
    EVENTS: typing.ClassVar = [
        {"kind": "applied", "on": "2026-10-01"},
        {"kind": "interview_held", "on": "2026-10-20", "stage": "first_interview"},
        {
            "kind": "employer_replied",
            "on": "2026-10-22",
            "response": "next_round_scheduled",
            "next_interview_on": "2026-10-29",
        },
        {
            "kind": "interview_held",
            "on": "2026-10-29",
            "stage": "second_interview",
            "timeframe": "by the end of next week",
        },
        {"kind": "thank_you_sent", "on": "2026-10-29"},
        {"kind": "follow_up_sent", "on": "2026-11-10"},
        {"kind": "follow_up_sent", "on": "2026-11-17"},
    ]

    def test_derives_the_situation(self):
        """The last interview, its timeframe, the notes sent and replies add up."""
        s = Timeline(self.EVENTS).situation(today=D(2026, 11, 25))

        assert ("second_interview", D(2026, 10, 29), 8, True, 2) == (
            s.stage,
            s.interview_date,
            s.stated_timeframe_days,
            s.thank_you_sent,
            s.follow_ups_sent,
        )

    def test_silence_then_a_reply_reopens(self):
        """A reply after the advice said likely_ghosted reopens the application."""
        silent = Timeline(self.EVENTS)
        replied = Timeline(
            [
                *self.EVENTS,
                {
                    "kind": "employer_replied",
                    "on": "2026-11-26",
                    "response": "next_round_scheduled",
                    "next_interview_on": "2026-12-03",
                },
            ]
        )

        assert Status.LIKELY_GHOSTED == silent.advise(today=D(2026, 11, 25)).status
        advice = replied.advise(today=D(2026, 11, 27))
        assert Status.ADVANCING == advice.status

    def test_advise_accepts_a_timeline(self):
        """advise() and Advisor.advise take a timeline, advised as of today."""
        timeline = Timeline(self.EVENTS[:5])
        expected = advise(timeline.situation())

        assert expected == advise(timeline)
        assert expected == Advisor().advise(timeline)

    def test_personal_details_pass_through(self):
        """Names given with the timeline reach the drafts."""
        advice = Timeline(self.EVENTS[:5]).advise(
            today=D(2026, 11, 6), candidate_name="Ana"
        )

        assert "Ana" in advice.text

    @pytest.mark.parametrize(
        ("events", "field"),
        [
            ([], "events"),
            ([{"kind": "follow_up_sent", "on": "2026-11-10"}], "events"),
            ([{"kind": "interview_held", "on": "2026-11-10"}], "events[0].stage"),
            (
                [
                    {"kind": "applied", "on": "2026-11-10"},
                    {"kind": "employer_replied", "on": "2026-11-12"},
                ],
                "events[1].response",
            ),
            (
                [
                    {"kind": "applied", "on": "2026-11-10"},
                    {"kind": "thank_you_sent", "on": "2026-11-01"},
                ],
                "events",
            ),
            ([{"kind": "partied", "on": "2026-11-10"}], "events[0].kind"),
            (
                [
                    {"kind": "applied", "on": "2026-11-10"},
                    {
                        "kind": "employer_replied",
                        "on": "2026-11-12",
                        "response": "next_round_scheduled",
                        "next_interview_on": "soon",
                    },
                ],
                "events[1].next_interview_on",
            ),
            ([{"kind": "applied", "when": "2026-11-10"}], "events[0]"),
        ],
    )
    def test_bad_events(self, events, field):
        """Missing, unknown, incomplete and out-of-order events are named."""
        with pytest.raises(InvalidSituationError) as caught:
            Timeline(events)

        assert field in [p.field for p in caught.value.problems]

    def test_events_after_today(self):
        """A timeline cannot be read for a day before its last event."""
        with pytest.raises(InvalidSituationError, match="today"):
            Timeline(self.EVENTS).situation(today=D(2026, 11, 1))

    def test_event_objects(self):
        """Event objects and mappings are both accepted."""
        events = [Event("applied", D(2026, 11, 2))]

        assert (
            Status.AWAITING_DECISION
            == Timeline(events).advise(today=D(2026, 11, 4)).status
        )

    def test_today_as_text(self):
        """The date to advise for may be YYYY-MM-DD text; anything else is an error."""
        timeline = Timeline([{"kind": "applied", "on": "2026-11-01"}])

        assert Status.AWAITING_DECISION == timeline.advise(today="2026-11-05").status
        with pytest.raises(InvalidSituationError, match="today"):
            timeline.advise(today="yesterday")


class TestPassedRound:
    EVENTS: typing.ClassVar = [
        {"kind": "interview_held", "on": "2025-03-03", "stage": "first_interview"},
        {"kind": "thank_you_sent", "on": "2025-03-03"},
        {
            "kind": "employer_replied",
            "on": "2025-03-05",
            "response": "next_round_scheduled",
            "next_interview_on": "2025-03-10",
        },
    ]

    def kinds(self, today):
        """
        Return the kinds of the steps advised on *today*.
        """
        advice = Timeline(self.EVENTS).advise(today=today)
        return [action.kind for action in advice.actions]

    def test_passed_round_asks_what_happened(self):
        """Once the next round's date has passed, the first step asks how it went."""
        assert ActionKind.CONFIRM_OUTCOME == self.kinds(D(2025, 3, 13))[0]

    def test_passed_round_is_not_prepared_for(self):
        """Once the next round's date has passed, no step prepares for it."""
        assert ActionKind.PREPARE_NEXT_ROUND not in self.kinds(D(2025, 3, 13))

    def test_round_ahead_is_prepared_for(self):
        """Before the next round's date, the advice prepares and asks nothing."""
        kinds = self.kinds(D(2025, 3, 7))

        assert (True, False) == (
            ActionKind.PREPARE_NEXT_ROUND in kinds,
            ActionKind.CONFIRM_OUTCOME in kinds,
        )

    def test_round_today_is_still_ahead(self):
        """On the day of the next round, it is prepared for, not asked about."""
        assert ActionKind.CONFIRM_OUTCOME not in self.kinds(D(2025, 3, 10))

    def test_timeline_counts_the_days_since(self):
        """The timeline's situation counts a passed round below zero."""
        s = Timeline(self.EVENTS).situation(today=D(2025, 3, 13))

        assert -3 == s.next_interview_in_days

    def test_undated_situation_rejects_a_negative_count(self):
        """Without dates, a next round in fewer than 0 days is an error."""
        found = problems_of(
            {
                "stage": "first_interview",
                "days_since_interview": 5,
                "employer_response": "next_round_scheduled",
                "next_interview_in_days": -2,
            }
        )

        assert ["next_interview_in_days"] == list(found)


class TestHolidayOrder:
    def test_steps_on_a_holiday_keep_date_order(self):
        """On a public holiday, a note due today comes before a step due tomorrow."""
        advice = advise(
            {
                "stage": "phone_screen",
                "employer_response": "references_requested",
                "interview_date": "2020-01-01",
                "today": "2020-01-01",
                "country": "US",
            }
        )
        now = [a.due_in_days for a in advice.actions if a.phase == "now"]

        assert sorted(now) == now
