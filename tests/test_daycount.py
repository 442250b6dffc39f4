import datetime
import os
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor import _daycount
from interview_advisor._daycount import (
    HOLIDAY_CACHE,
    Calendar,
    _holidays,
    check_region,
)

D = datetime.date


class TestBusinessDays:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [(D(2026, 11, 27), True), (D(2026, 11, 28), False), (D(2026, 11, 29), False)],
    )
    def test_weekends(self, day, expected):
        """Saturdays and Sundays are not business days; Friday is."""
        assert expected == Calendar().is_business_day(day)

    @pytest.mark.parametrize(
        ("country", "subdivision", "holiday"),
        [
            ("US", None, D(2026, 11, 26)),  # Thanksgiving
            ("GB", None, D(2026, 12, 28)),  # Boxing Day, observed
            ("DE", "BY", D(2026, 1, 6)),  # Epiphany, in Bavaria only
            ("FR", None, D(2026, 7, 14)),  # Bastille Day
        ],
    )
    def test_public_holidays(self, country, subdivision, holiday):
        """A public holiday of the named country is not a business day."""
        assert (True, False) == (
            Calendar().is_business_day(holiday),
            Calendar(country, subdivision).is_business_day(holiday),
        )

    def test_subdivision_matters(self):
        """Epiphany is a holiday in Bavaria, not in Berlin."""
        epiphany = D(2026, 1, 6)

        assert (False, True) == (
            Calendar("DE", "BY").is_business_day(epiphany),
            Calendar("DE", "BE").is_business_day(epiphany),
        )

    def test_add_skips_weekend_and_holiday(self):
        """Two business days after the Wednesday before Thanksgiving is Monday."""
        assert D(2026, 11, 30) == Calendar("US").add(D(2026, 11, 25), 2)

    def test_add_zero_rolls_forward(self):
        """Zero business days from a Saturday is the Monday after."""
        assert D(2026, 11, 30) == Calendar().add(D(2026, 11, 28), 0)

    @pytest.mark.parametrize(
        ("start", "count", "expected"),
        [
            (D(2026, 12, 30), 3, D(2027, 1, 5)),  # over New Year's Day
            (D(2028, 2, 28), 1, D(2028, 2, 29)),  # a leap day is a weekday
            (D(2026, 1, 30), 1, D(2026, 2, 2)),  # over a month end and a weekend
        ],
    )
    def test_year_month_ends_and_leap_days(self, start, count, expected):
        """Business days carry over year ends, month ends and leap days."""
        assert expected == Calendar("US").add(start, count)

    def test_between_counts_after_start_up_to_end(self):
        """Friday to the next Wednesday is 3 business days."""
        assert 3 == Calendar().between(D(2026, 11, 20), D(2026, 11, 25))

    @given(
        st.dates(D(2020, 1, 1), D(2035, 12, 31)),
        st.integers(0, 40),
        st.sampled_from([None, "US", "GB", "DE"]),
    )
    def test_add_and_between_agree(self, start, count, country):
        """Counting back the business days added gives the same number."""
        days = Calendar(country)
        end = days.add(start, count)

        assert days.is_business_day(end)
        assert count == days.between(days.on_or_after(start), end)


class TestRegion:
    def test_valid(self):
        """Known countries and subdivisions pass."""
        assert [] == check_region("DE", "BY")

    @pytest.mark.parametrize(
        ("country", "subdivision", "field"),
        [
            ("XX", None, "country"),
            ("DE", "ZZ", "subdivision"),
            (None, "BY", "subdivision"),
        ],
    )
    def test_invalid(self, country, subdivision, field):
        """An unknown country or subdivision is named."""
        assert [field] == [problem[0] for problem in check_region(country, subdivision)]


class TestHolidayData:
    @pytest.mark.parametrize(("year", "with_holidays"), [(2030, True), (2040, False)])
    def test_holidays_only_within_the_data(self, year, with_holidays):
        """India counts holidays within its data (2001-2035), else weekends only."""
        _holidays.cache_clear()
        span = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        # The holidays package warns for a year past its data: never raised.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            counted = Calendar("IN").between(*span)

        assert with_holidays == (counted < Calendar().between(*span))

    def test_the_cache_is_bounded(self):
        """The holiday cache keeps at most HOLIDAY_CACHE years."""
        assert HOLIDAY_CACHE == _holidays.cache_info().maxsize

    # Forking a process with threads is what the test is about.
    @pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
    def test_a_forked_child_gets_a_free_lock(self):
        """A fork while the warnings lock is held leaves the child's lock free."""
        with _daycount._WARNINGS_LOCK:
            child = os.fork()
            if child == 0:  # pragma: no cover  # runs in the child
                os._exit(0 if _daycount._WARNINGS_LOCK.acquire(timeout=10) else 1)
        _, status = os.waitpid(child, 0)

        assert 0 == os.waitstatus_to_exitcode(status)


class TestDue:
    @pytest.mark.parametrize(
        ("today", "count", "expected"),
        [
            (D(2026, 11, 27), 0, D(2026, 11, 27)),  # a Friday: today
            (D(2026, 11, 28), 0, D(2026, 11, 30)),  # a Saturday: Monday
            (D(2026, 11, 27), 2, D(2026, 12, 1)),
            (D(2026, 11, 28), 2, D(2026, 12, 1)),  # from Friday, as asked then
            (D(2026, 11, 29), 1, D(2026, 11, 30)),
        ],
    )
    def test_business_days_count_from_the_last_business_day(
        self, today, count, expected
    ):
        """On a weekend a count ahead runs from the Friday before."""
        assert expected == _daycount.DayCount(business=True).due(today, count)

    @given(st.dates(D(2024, 1, 1), D(2028, 12, 31)), st.integers(0, 30))
    def test_a_weekend_day_agrees_with_the_business_day_before(self, today, count):
        """Any non-business day gives the dates of the business day before it."""
        days = _daycount.DayCount(business=True, calendar=Calendar("US"))
        before = days.calendar.on_or_before(today)
        if count:
            assert days.due(today, count) == days.due(before, count)
        assert days.calendar.is_business_day(days.due(today, count))
