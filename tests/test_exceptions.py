import datetime
import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import interview_advisor
from interview_advisor import InvalidSituationError, Problem, RulePackError
from interview_advisor.exceptions import MISSING, InvalidRecordError, not_given

from .strategies import hostile_values, json_values, nested


class TestProblem:
    def test_str_names_field_value_and_expected(self):
        """A problem reads: field, the value given, what is accepted."""
        assert "stage: got 'x', expected one of: a, b" == str(
            Problem("stage", "x", "one of: a, b")
        )

    def test_long_values_are_shortened(self):
        """Huge values are cut so the message stays readable."""
        text = str(Problem("company", "y" * 10_000, "short text"))

        assert len(text) < 150
        assert text.endswith("…' (10,000 characters), expected short text")

    def test_long_keys_are_cut_with_their_length(self):
        """A long field name shows its first 80 characters and its length."""
        text = str(Problem("k" * 1_000_000, 1, "a known field name"))

        assert (
            f"'{'k' * 80}…' (1,000,000 characters): got 1"
            == text.split(", expected", maxsplit=1)[0]
        )

    def test_odd_keys_are_escaped(self):
        """A lone surrogate or a newline in a key is shown escaped."""
        text = str(Problem("\ud800x\n", 1, "a known field name"))

        assert "'\\ud800x\\n': got 1, expected a known field name" == text
        assert text.encode("utf-8")

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (10**5000, "<an integer of about 5,000 digits>"),
            ([10**5000], "[<an integer of about 5,000 digits>]"),
            (nested(10_000), "[[[[...]]]]"),
            (list(range(1000)), "[0, 1, 2, 3, 4, 5, ...]"),
            (
                {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5},
                "{'a': 1, 'b': 2, 'c': 3, 'd': 4, ...}",
            ),
        ],
        ids=["huge int", "huge int in a list", "deep", "long list", "wide mapping"],
    )
    def test_any_value_is_shown_small(self, value, shown):
        """Huge integers, deep nesting and long lists are shown in a few characters."""
        assert f"x: got {shown}, expected y" == str(Problem("x", value, "y"))

    def test_a_failing_repr_shows_the_type(self):
        """A value whose repr raises is shown by its type's name."""

        class Hostile:
            def __repr__(self):
                raise RuntimeError

        text = str(Problem("x", Hostile(), "y"))

        assert ("x: got <Hostile", ", expected y") == (text[:15], text[-12:])


def strict_json_size(value):
    """Return the length of *value* as strict JSON; huge if it is not JSON."""
    try:
        return len(json.dumps(value, allow_nan=False))
    except ValueError:  # infinity
        return 10**9


class TestProblemJson:
    @given(json_values | hostile_values | st.dates() | st.lists(st.dates()))
    def test_to_dict_is_small_json(self, value):
        """Any value gives JSON that dumps strictly and stays a few hundred bytes."""
        data = Problem("x", value, "y").to_dict()

        assert len(json.dumps(data, allow_nan=False)) < 400

    @given(json_values)
    def test_a_small_json_value_is_kept_as_given(self, value):
        """A JSON value that fits in 80 characters comes back as it was given."""
        assume(not not_given(value))
        assume(not isinstance(value, int) or abs(value) < 2**53)
        assume(strict_json_size(value) <= 80)

        assert value == Problem("x", value, "y").to_dict()["value"]

    @pytest.mark.parametrize("value", [None, "", "  ", MISSING])
    def test_not_given_reads_so(self, value):
        """A value left out, null or blank reads 'was not given' and is null in JSON."""
        problem = Problem("x", value, "y")

        assert ("x: was not given", None) == (
            str(problem).partition(",")[0].removesuffix(" (it is required)"),
            problem.to_dict()["value"],
        )

    def test_dates_read_as_written(self):
        """A date, alone or in a list, shows and serialises as YYYY-MM-DD."""
        day = datetime.date(2026, 11, 30)
        problem = Problem("x", (day,), "y")

        assert ("x: got ['2026-11-30'], expected y", ["2026-11-30"]) == (
            str(problem),
            problem.to_dict()["value"],
        )


class TestInvalidSituationError:
    def test_counts_and_joins_problems(self):
        """The message counts the problems and lists them all."""
        error = InvalidSituationError([Problem("a", 1, "x"), Problem("b", 2, "y")])

        assert (
            "invalid situation (2 problems): a: got 1, expected x; b: got 2, expected y"
        ) == str(error)

    def test_lists_twenty_problems_and_counts_the_rest(self):
        """Of 100,000 problems the message lists 20 and counts the others."""
        error = InvalidSituationError([Problem("k", 1, "x")] * 100_000)

        assert str(error).startswith("invalid situation (100,000 problems): k: got 1")
        assert str(error).endswith("; and 99,980 more problems")
        assert (100_000, 20) == (len(error.problems), str(error).count("k: got 1"))

    @given(st.lists(st.tuples(st.text(), json_values, st.text(max_size=100))))
    def test_message_is_bounded(self, problems):
        """Whatever the problems, the message stays under 10,000 characters."""
        error = InvalidSituationError(Problem(*p) for p in problems)

        assert len(str(error)) < 10_000
        assert str(error).encode("utf-8")


class TestRulePackError:
    def test_location_prefix(self):
        """File, line and rule id lead the message when known."""
        error = RulePackError("bad", file="rules/a.toml", rule_id="r.x", line=7)

        assert "rules/a.toml:7 rule 'r.x': bad" == str(error)
        assert ("rules/a.toml", "r.x", 7) == (error.file, error.rule_id, error.line)

    def test_no_location(self):
        """Without a location the message is left as it is."""
        assert "bad" == str(RulePackError("bad"))


class TestInvalidRecordError:
    def test_same_class_from_the_package_and_the_module(self):
        """The package re-exports the class that exceptions.py defines."""
        assert InvalidRecordError is interview_advisor.InvalidRecordError

    def test_keeps_the_args_of_a_situation_error(self):
        """Its args are the record's message, not overwritten by the number."""
        error = InvalidRecordError(3, InvalidSituationError([Problem("a", 1, "x")]))

        assert ("invalid situation (1 problem): a: got 1, expected x",) == error.args
        assert "3: invalid situation (1 problem): a: got 1, expected x" == str(error)
