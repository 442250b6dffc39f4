import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor._daycount import Calendar
from interview_advisor._input_timeframe import TimeframeError, parse_timeframe

D = datetime.date
WEDNESDAY = D(2026, 11, 25)  # the day before Thanksgiving in the US


class TestForms:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("within 5 business days", D(2026, 12, 3)),  # Thanksgiving skipped
            ("in 5 working days", D(2026, 12, 3)),
            ("3-5 business days", D(2026, 12, 3)),
            ("in two weeks", D(2026, 12, 9)),
            ("within a couple of weeks", D(2026, 12, 9)),
            ("a week", D(2026, 12, 2)),
            ("in 10 days", D(2026, 12, 5)),
            ("tomorrow", D(2026, 11, 26)),
            ("by Friday", D(2026, 11, 27)),
            ("by next Friday", D(2026, 12, 4)),
            ("by the end of the week", D(2026, 11, 27)),
            ("by the end of next week", D(2026, 12, 4)),
            ("by the end of the month", D(2026, 11, 30)),
            ("early next month", D(2026, 12, 10)),
            ("mid next month", D(2026, 12, 15)),
            ("late next month", D(2026, 12, 31)),
            ("by March 3", D(2027, 3, 3)),
            ("3rd of March", D(2027, 3, 3)),
            ("December 1st", D(2026, 12, 1)),
            ("by 2027-01-15", D(2027, 1, 15)),
            ("We'll decide within 7 working days.", D(2026, 12, 7)),
            ("In 1 month", D(2026, 12, 25)),
        ],
    )
    def test_reads_to_the_right_date(self, text, expected):
        """Each form people receive gives the date it means, from the interview."""
        decided = parse_timeframe(text).decision_date(WEDNESDAY, Calendar("US"))

        assert expected == decided

    def test_year_end(self):
        """Early next month in December is early January of the next year."""
        assert D(2027, 1, 10) == parse_timeframe("early next month").decision_date(
            D(2026, 12, 20), Calendar()
        )

    def test_leap_day(self):
        """February 29 means the next leap year's."""
        assert D(2028, 2, 29) == parse_timeframe("by February 29").decision_date(
            D(2026, 3, 1), Calendar()
        )

    def test_month_end_clamps(self):
        """A month after January 31 is the last day of February."""
        assert D(2027, 2, 28) == parse_timeframe("in a month").decision_date(
            D(2027, 1, 31), Calendar()
        )

    @pytest.mark.parametrize(
        "text",
        ["soonish", "by Fridy", "February 30", "", "in many days", "ASAP", "13/13"],
    )
    def test_unreadable_text_is_an_error_quoting_it(self, text):
        """Text that is not a timeframe raises, quoting it, never a guess."""
        with pytest.raises(ValueError, match="cannot read the timeframe") as caught:
            parse_timeframe(text)

        assert repr(text) in str(caught.value)

    @given(st.integers(0, 60), st.sampled_from(["days", "business days", "weeks"]))
    def test_durations(self, count, unit):
        """A number of days, business days or weeks is never before the interview."""
        timeframe = parse_timeframe(f"within {count} {unit}")

        assert WEDNESDAY <= timeframe.decision_date(WEDNESDAY, Calendar("US"))

    def test_undated_durations_count_calendar_days(self):
        """Without dates, five business days count as a calendar week."""
        assert (7, 14) == (
            parse_timeframe("within 5 business days").calendar_days(),
            parse_timeframe("in two weeks").calendar_days(),
        )

    def test_anchored_forms_need_dates(self):
        """A weekday cannot be turned into a number of days without a date."""
        with pytest.raises(ValueError, match="needs the interview's date"):
            parse_timeframe("by Friday").calendar_days()


class TestLimits:
    @pytest.mark.parametrize(
        "text", ["within 1000000 business days", "in 105 weeks", "in 25 months"]
    )
    def test_more_than_two_years_is_refused(self, text):
        """A duration longer than two years is an error, not a long loop."""
        with pytest.raises(TimeframeError) as caught:
            parse_timeframe(text)

        assert "a timeframe within two years" == caught.value.expected
