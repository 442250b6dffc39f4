"""
The plan's invariants, on an exhaustive scan of the signal grid.

The grid splits every day count at each threshold the pack's figures make
(one day before, on and after it), so each rule's edges are visited.
"""

import datetime
import itertools

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_advisor import ActionKind, Advisor, EmployerResponse, Phase, Stage
from interview_advisor._conclusions import PHASES
from interview_advisor._paths import data_folder
from interview_advisor._rules_model import FORBIDDEN_STEPS
from interview_advisor._rules_reader import load_pack
from interview_advisor.exceptions import RulePackError

from .strategies import silent_situations, situations
from .test_customising import write

PACK = load_pack([data_folder("rules")])
DAYS = PACK.figure_days(business=False)
ADVISOR = Advisor()
#: Steps that say "write to them" or "give up": never before their date.
CHASING = {
    ActionKind.SEND_FOLLOW_UP,
    ActionKind.SEND_FINAL_FOLLOW_UP,
    ActionKind.MOVE_ON,
}
TIMEFRAMES = [None, 3, 10, 21]


def around(*points):
    """
    Return the day counts one before, on and one after each point, from 0.
    """
    return sorted({max(0, p + d) for p in points for d in (-1, 0, 1)})


def window(timeframe, stage):
    """
    Return the decision window: their timeframe, or the stage's default.
    """
    if timeframe is not None:
        return timeframe
    applied = stage == Stage.APPLIED
    return DAYS["application_decision_window" if applied else "default_decision_window"]


def since_interview(timeframe, stage):
    """
    Return the days since the interview at each threshold of the figures.
    """
    w = window(timeframe, stage)
    return around(
        0,
        DAYS["thank_you_hours"],
        DAYS["thank_you_latest_hours"],
        w,
        w + DAYS["follow_up_buffer"],
        w + DAYS["gone_quiet_after"],
        w + DAYS["follow_up_buffer"] + DAYS["follow_up_interval"],
    )


def since_follow_up():
    return around(
        0,
        DAYS["follow_up_interval"],
        DAYS["move_on_after_final"],
        DAYS["on_hold_check_in"],
    )


def follow_up_counts():
    return around(0, DAYS["max_follow_ups"], DAYS["on_hold_max_check_ins"])


def grid():
    """
    Yield every stage x response x timing region x follow-up count x flags.
    """
    for stage, response, timeframe, thanked in itertools.product(
        [Stage.APPLIED, Stage.FIRST_INTERVIEW, Stage.FINAL_INTERVIEW],
        list(EmployerResponse),
        TIMEFRAMES,
        [False, True],
    ):
        for days, sent in itertools.product(
            since_interview(timeframe, stage), follow_up_counts()
        ):
            lasts = [None] if sent == 0 else [d for d in since_follow_up() if d <= days]
            for last in lasts:
                yield {
                    "stage": stage,
                    "employer_response": response,
                    "days_since_interview": days,
                    "stated_timeframe_days": timeframe,
                    "thank_you_sent": thanked,
                    "follow_ups_sent": sent,
                    "days_since_last_follow_up": last,
                    "next_interview_in_days": 3
                    if response == EmployerResponse.NEXT_ROUND_SCHEDULED
                    else None,
                }


@pytest.fixture(scope="module")
def scanned():
    """
    Return every grid situation with its advice, built once for the module.
    """
    return [(situation, ADVISOR.advise(situation)) for situation in grid()]


#: The grid scan checks each property exhaustively; the properties only add
#: dated and personal variety, for which fewer examples suffice. The
#: strategies filter for consistent fields, which a short run can make look
#: heavy: the health check would then fail on a seed, not on the advice.
SOME = settings(max_examples=30, suppress_health_check=[HealthCheck.filter_too_much])


def early_chasing(situation, advice):
    """
    Return the steps that chase the employer before their date plus the buffer.
    """
    if situation["employer_response"] != EmployerResponse.NONE:
        return []
    days = situation["days_since_interview"]
    timeframe, stage = situation["stated_timeframe_days"], situation["stage"]
    earliest = window(timeframe, stage) + DAYS["follow_up_buffer"]
    return [
        a.kind
        for a in advice.actions
        if a.kind in CHASING and days + (a.due_in_days or 0) < earliest
    ]


def forbidden_pairs(advice):
    banned = FORBIDDEN_STEPS.get(advice.status, frozenset())
    return [(advice.status, a.kind) for a in advice.actions if a.kind in banned]


def phase_order(advice):
    return [(PHASES.index(a.phase), a.due_in_days or 0) for a in advice.actions]


class TestGrid:
    def test_grid_is_large(self, scanned):
        """The scan covers thousands of positions, every response among them."""
        assert len(scanned) > 5000
        assert set(EmployerResponse) == {s["employer_response"] for s, _ in scanned}

    def test_no_chasing_before_their_date(self, scanned):
        """No follow-up or move-on falls before their date plus the buffer."""
        found = [(s, early_chasing(s, a)) for s, a in scanned if early_chasing(s, a)]

        assert [] == found[:3]

    def test_no_forbidden_pair(self, scanned):
        """No advice shows a step that its status forbids."""
        found = [(s, forbidden_pairs(a)) for s, a in scanned if forbidden_pairs(a)]

        assert [] == found[:3]

    def test_phases_are_ordered(self, scanned):
        """Steps due now come first, then ongoing ones, then later ones by day."""
        found = [s for s, a in scanned if sorted(phase_order(a)) != phase_order(a)]

        assert [] == found[:3]

    def test_phase_fits_the_day(self, scanned):
        """A step is later exactly when it has a day after today."""
        found = [
            (s, a.kind)
            for s, advice in scanned
            for a in advice.actions
            if (a.phase is Phase.LATER) != bool(a.due_in_days)
        ]

        assert [] == found[:3]

    def test_on_hold_ends(self, scanned):
        """Past the cap of check-ins on hold, the advice moves on and stops checking."""
        cap = DAYS["on_hold_max_check_ins"]
        capped = [
            a
            for s, a in scanned
            if s["employer_response"] == EmployerResponse.ON_HOLD
            and s["follow_ups_sent"] >= cap
        ]

        assert capped
        assert all(ActionKind.MOVE_ON in {x.kind for x in a.actions} for a in capped)
        assert not any(
            ActionKind.SEND_FOLLOW_UP in {x.kind for x in a.actions} for a in capped
        )


class TestProperties:
    @SOME
    @given(situations())
    def test_no_forbidden_pair(self, situation):
        """No valid situation gets a step its status forbids."""
        assert [] == forbidden_pairs(ADVISOR.advise(situation))

    @SOME
    @given(situations())
    def test_phases_are_ordered(self, situation):
        """Any situation's steps come now, ongoing, later, by day."""
        order = phase_order(ADVISOR.advise(situation))

        assert sorted(order) == order

    @SOME
    @given(silent_situations)
    def test_no_chasing_before_their_date(self, situation):
        """No situation gets a follow-up or move-on before their date and buffer."""
        fields = attrs.asdict(situation)

        assert [] == early_chasing(fields, ADVISOR.advise(situation))


class TestForbiddenAtLoad:
    def test_forbidden_step_fails_to_load(self, tmp_path):
        """A rule giving a status and a step it forbids fails, naming rule and file."""
        write(
            tmp_path,
            "bad.toml",
            """
            [[rule]]
            id = "custom.impatient"
            priority = 50
            status = "likely_ghosted"
            outlook = { odds = "low", why = "Quiet." }
            reason = "Quiet."

            [rule.when]
            employer_response = "none"

            [[rule.action]]
            kind = "wait"
            title = "Wait"
            why = "Patience."
            """,
        )

        with pytest.raises(RulePackError) as error:
            Advisor(rules=[tmp_path])

        found = [
            (p.rule_id, str(p.file).rsplit("/", maxsplit=1)[-1])
            for p in error.value.problems
            if "'wait'" in str(p) and "forbids" in str(p)
        ]
        assert ("custom.impatient", "bad.toml") in found


class TestThankYouHours:
    def test_saturday_after_friday_interview_is_today(self):
        """A Friday interview advised on Saturday gets its thank-you today."""
        advice = ADVISOR.advise(
            {
                "stage": "second_interview",
                "interview_date": "2025-03-07",
                "today": "2025-03-08",
            }
        )
        thanks = next(a for a in advice.actions if a.kind == "send_thank_you")

        assert (0, Phase.NOW) == (thanks.due_in_days, thanks.phase)

    def test_six_calendar_days_is_past_the_window(self):
        """Six calendar days after the interview, no thank-you step is offered."""
        advice = ADVISOR.advise(
            {
                "stage": "second_interview",
                "interview_date": "2025-03-07",
                "today": "2025-03-13",
            }
        )

        assert "send_thank_you" not in [a.kind for a in advice.actions]


class TestApplicationWindow:
    def test_not_overdue_at_day_twelve(self):
        """Twelve days after applying, with no timeframe, nothing is overdue."""
        advice = ADVISOR.advise({"stage": "applied", "days_since_interview": 12})

        assert "awaiting_decision" == advice.status

    def test_follow_up_after_the_application_window(self):
        """The first follow-up falls due two days after the application window."""
        advice = ADVISOR.advise({"stage": "applied", "days_since_interview": 12})
        follow_up = next(a for a in advice.actions if a.kind == "send_follow_up")
        expected = DAYS["application_decision_window"] + DAYS["follow_up_buffer"]

        assert expected == 12 + follow_up.due_in_days

    def test_overdue_after_the_application_window(self):
        """Past the application window with no word, a follow-up is due today."""
        days = DAYS["application_decision_window"] + DAYS["follow_up_buffer"]
        advice = ADVISOR.advise({"stage": "applied", "days_since_interview": days})
        follow_up = next(a for a in advice.actions if a.kind == "send_follow_up")

        assert ("decision_overdue", 0) == (advice.status, follow_up.due_in_days)

    def test_interview_keeps_its_shorter_window(self):
        """Twelve days after an interview, with no timeframe, it is overdue."""
        advice = ADVISOR.advise(
            {"stage": "first_interview", "days_since_interview": 12}
        )

        assert "decision_overdue" == advice.status


#: Fridays to advise on, and the weekend after each.
FRIDAYS = st.integers(min_value=0, max_value=150).map(
    lambda week: datetime.date(2025, 1, 3) + datetime.timedelta(weeks=week)
)


class TestWeekendToday:
    @settings(max_examples=80, deadline=None)
    @given(
        friday=FRIDAYS,
        weekend_day=st.sampled_from([1, 2]),
        since=st.integers(min_value=1, max_value=40),
        timeframe=st.sampled_from([None, 3, 5, 10, 14]),
        stage=st.sampled_from(list(Stage)),
    )
    def test_a_weekend_gives_the_dates_of_the_friday_before(
        self, friday, weekend_day, since, timeframe, stage
    ):
        """No business day passes over a weekend, so no later step moves."""
        situation = {
            "stage": stage,
            "interview_date": friday - datetime.timedelta(days=since),
            "stated_timeframe_days": timeframe,
            "thank_you_sent": True,
        }
        on_friday = ADVISOR.advise({**situation, "today": friday})
        on_weekend = ADVISOR.advise(
            {**situation, "today": friday + datetime.timedelta(days=weekend_day)}
        )

        def later(advice):
            return {a.kind: a.due for a in advice.actions if a.phase is Phase.LATER}

        # A calendar-day signal (weeks gone quiet) may change the status.
        if on_friday.status == on_weekend.status:
            assert later(on_friday) == later(on_weekend)

    def test_thanksgiving_weekend(self):
        """A holiday and a weekend add no business day to the count."""
        situation = {
            "stage": "second_interview",
            "interview_date": "2026-11-23",
            "stated_timeframe_days": 5,
            "thank_you_sent": True,
            "country": "US",
        }
        dates = {
            today: [
                (a.kind, a.due)
                for a in ADVISOR.advise({**situation, "today": today}).actions
                if a.phase is Phase.LATER
            ]
            for today in ("2026-11-25", "2026-11-26", "2026-11-28", "2026-11-29")
        }

        assert len({tuple(d) for d in dates.values()}) == 1
        assert dates["2026-11-28"][0] == (
            ActionKind.SEND_FOLLOW_UP,
            datetime.date(2026, 12, 1),
        )
