"""
Input sent to break the library gets a clean error, never a crash.
"""

import pytest
from hypothesis import given

from interview_advisor import Advice, InvalidSituationError, Situation, advise

from .strategies import hostile_mappings, nested

DATED = {
    "stage": "applied",
    "interview_date": "2026-01-05",
    "today": "2026-01-06",
    "stated_timeframe": "within 5 business days",
}


def error_of(data) -> InvalidSituationError:
    with pytest.raises(InvalidSituationError) as caught:
        Situation.from_dict(data)
    return caught.value


class TestHostileValues:
    @pytest.mark.parametrize(
        "value",
        [10**5000, nested(100_000), "k" * 1_000_000],
        ids=["huge int", "deep nesting", "long text"],
    )
    @pytest.mark.parametrize(
        "field",
        ["stage", "days_since_interview", "company", "interviewer_names", "today"],
    )
    def test_every_field_rejects_them_cleanly(self, field, value):
        """A huge, deep or long value in any field is one problem, shown short."""
        error = error_of({"stage": "applied", "days_since_interview": 1, field: value})

        assert [field] == [p.field.split("[")[0] for p in error.problems]
        assert len(str(error)) < 1_000

    @pytest.mark.parametrize(
        ("region", "field"),
        [
            ({"country": "ZZ"}, "country"),
            ({"country": "US", "subdivision": "XX"}, "subdivision"),
        ],
    )
    def test_unknown_region_with_business_days(self, region, field):
        """An unsupported region next to a business-day timeframe names the region."""
        error = error_of({**DATED, **region})

        assert [field] == [p.field for p in error.problems]

    def test_unknown_region_still_reports_the_rest(self):
        """With an unsupported region, problems of the dates are found as well."""
        error = error_of({**DATED, "country": "ZZ", "days_since_interview": 9})

        assert ["country", "days_since_interview"] == [p.field for p in error.problems]


class TestHostileKeys:
    def test_unknown_keys_in_the_order_given(self):
        """Unknown keys are reported in the order they were given."""
        error = error_of({"zeta": 1, "stage": "applied", "alpha": 2})

        assert ["zeta", "alpha", "days_since_interview"] == [
            p.field for p in error.problems
        ]

    def test_many_unknown_keys(self):
        """100,000 unknown keys are all kept, 20 listed, the rest counted."""
        error = error_of({f"k{n}": n for n in range(100_000)} | {"stage": "applied"})

        assert 100_001 == len(error.problems)
        assert str(error).endswith("; and 99,981 more problems")
        assert len(str(error)) < 2_000

    def test_suggestions_for_the_first_twenty(self):
        """Near misses get a suggestion among the first 20 unknown keys only."""
        error = error_of({f"stage{n}": n for n in range(25)} | {"stage": "applied"})

        assert (20, "a known field name") == (
            sum("did you mean 'stage'" in p.expected for p in error.problems),
            error.problems[21].expected,
        )

    def test_the_field_names_are_listed_once(self):
        """Only the first key without a suggestion lists every field name."""
        error = error_of({"xxxxxxxxxx": 1, "yyyyyyyyyy": 2, "stage": "applied"})

        assert (1, "a known field name") == (
            str(error).count("days_since_interview,"),
            error.problems[1].expected,
        )

    @pytest.mark.parametrize(
        ("key", "field"),
        [
            (10**5000, "<an integer of about 5,000 digits>"),
            ("\ud800x", "'\\ud800x'"),
            ("k" * 1_000_000, f"'{'k' * 80}…' (1,000,000 characters)"),
        ],
        ids=["huge int", "lone surrogate", "long"],
    )
    def test_odd_keys_are_shown_escaped_and_short(self, key, field):
        """A key is shown cut to 80 characters and escaped, so any output takes it."""
        error = error_of({key: 1, "stage": "applied", "days_since_interview": 1})

        assert field == str(error).split(": got")[0].split(": ", 1)[1]
        assert str(error).encode("utf-8")


class TestAnyInput:
    @given(hostile_mappings)
    def test_advice_or_a_small_clean_error(self, data):
        """Any mapping gives advice or an InvalidSituationError of under 10 KB."""
        try:
            result = advise(data)
        except InvalidSituationError as error:
            assert len(str(error)) < 10_000
            assert str(error).encode("utf-8")
        else:
            assert isinstance(result, Advice)
