import interview_advisor
from interview_advisor import InvalidSituationError, Problem, RulePackError
from interview_advisor.exceptions import InvalidRecordError


class TestProblem:
    def test_str_names_field_value_and_expected(self):
        """A problem reads: field, the value given, what is accepted."""
        assert "stage: got 'x', expected one of: a, b" == str(
            Problem("stage", "x", "one of: a, b")
        )

    def test_long_values_are_shortened(self):
        """Huge values are cut so the message stays readable."""
        text = str(Problem("company", "y" * 10_000, "short text"))

        assert len(text) < 120
        assert text.endswith("..., expected short text")


class TestInvalidSituationError:
    def test_counts_and_joins_problems(self):
        """The message counts the problems and lists them all."""
        error = InvalidSituationError([Problem("a", 1, "x"), Problem("b", 2, "y")])

        assert (
            "invalid situation (2 problems): a: got 1, expected x; b: got 2, expected y"
        ) == str(error)


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
