from interview_advisor import InvalidSituationError, Problem, RulePackError


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
