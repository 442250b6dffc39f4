import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor import (
    EmployerResponse,
    Interviewer,
    InvalidSituationError,
    Seniority,
    Situation,
    Stage,
)
from interview_advisor._input_checks import closest
from interview_advisor._input_situation import checks

from .strategies import interviewer_lists, situations

VALID = {"stage": "second_interview", "days_since_interview": 9}


def problems_of(data) -> dict[str, str]:
    with pytest.raises(InvalidSituationError) as caught:
        Situation.from_dict(data)
    return {p.field: str(p) for p in caught.value.problems}


class TestConstruction:
    def test_defaults(self):
        """Only the stage and the day count are required; the rest defaults."""
        s = Situation(stage=Stage.APPLIED, days_since_interview=0)

        assert EmployerResponse.NONE == s.employer_response
        assert Seniority.MID == s.seniority
        assert (False, 0, ()) == (
            s.thank_you_sent,
            s.follow_ups_sent,
            s.interviewer_names,
        )

    def test_enum_strings_are_converted(self):
        """String values of the enums become members."""
        s = Situation(
            stage="final_interview", days_since_interview=1, seniority="senior"
        )

        assert (Stage.FINAL_INTERVIEW, Seniority.SENIOR) == (s.stage, s.seniority)

    def test_lists_become_tuples_and_texts_are_stripped(self):
        """Lists are stored as tuples; blank texts count as not given."""
        s = Situation(
            stage="first_interview",
            days_since_interview=1,
            interviewer_names=[" Ana ", "Bo"],
            company="   ",
        )

        assert ("Ana", "Bo") == s.interviewer_names
        assert s.company is None

    def test_frozen(self):
        """A situation cannot be changed after it is made."""
        s = Situation.from_dict(VALID)

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            s.stage = Stage.APPLIED  # type: ignore[misc]

    def test_constructor_checks_too(self):
        """Direct construction validates like from_dict does."""
        with pytest.raises(InvalidSituationError, match="days_since_interview"):
            Situation(stage="applied", days_since_interview=-1)

    @given(situations())
    def test_to_dict_round_trips_through_json(self, situation):
        """to_dict output survives JSON and reads back as an equal situation."""
        data = json.loads(json.dumps(situation.to_dict()))

        assert situation == Situation.from_dict(data)


class TestBadInput:
    def test_not_a_mapping(self):
        """Anything but a mapping is rejected, naming what was given."""
        assert {"situation"} == set(problems_of(["stage"]))

    def test_unknown_stage_lists_accepted_values(self):
        """An unknown stage is reported with every accepted stage."""
        message = problems_of({**VALID, "stage": "secnd_interview"})["stage"]

        assert "'secnd_interview'" in message
        assert all(stage.value in message for stage in Stage)

    def test_typo_key_is_not_ignored(self):
        """A misspelt key is an error that suggests the right name."""
        found = problems_of({"stage": "applied", "days_since_interveiw": 3})

        assert "did you mean 'days_since_interview'" in found["days_since_interveiw"]
        assert "required" in found["days_since_interview"]

    @pytest.mark.parametrize("value", [True, "two", 2.0, -1, 10_000, None])
    def test_bad_day_counts(self, value):
        """Booleans, strings, floats, negatives, huge values and null are not days."""
        message = problems_of({**VALID, "days_since_interview": value})[
            "days_since_interview"
        ]

        assert "a whole number from 0 to 730" in message

    @pytest.mark.parametrize("value", [1, "yes"])
    def test_bad_flags(self, value):
        """Flags take only true or false."""
        assert (
            "true or false"
            in problems_of({**VALID, "thank_you_sent": value})["thank_you_sent"]
        )

    def test_every_problem_at_once(self):
        """All problems of one input are reported together."""
        found = problems_of(
            {
                "stage": "nope",
                "days_since_interview": "nine",
                "employer_response": "maybe",
                "follow_ups_sent": True,
                "colour": "blue",
            }
        )

        expected = {
            "stage",
            "days_since_interview",
            "employer_response",
            "follow_ups_sent",
            "colour",
        }
        assert expected == set(found)

    def test_message_names_field_value_and_accepted(self):
        """The error text names the field, the value and what is accepted."""
        with pytest.raises(InvalidSituationError) as caught:
            Situation.from_dict({**VALID, "seniority": "intern"})

        assert (
            "invalid situation (1 problem): seniority: got 'intern', expected one of: "
            "entry, mid, senior, executive"
        ) == str(caught.value)

    def test_is_a_value_error(self):
        """Callers catching ValueError also catch invalid situations."""
        with pytest.raises(ValueError, match="stage"):
            Situation.from_dict({"days_since_interview": 1})

    @pytest.mark.parametrize(
        ("extra", "field"),
        [
            ({"days_since_last_follow_up": 2}, "days_since_last_follow_up"),
            ({"follow_ups_sent": 1}, "days_since_last_follow_up"),
            (
                {"follow_ups_sent": 1, "days_since_last_follow_up": 30},
                "days_since_last_follow_up",
            ),
            ({"next_interview_in_days": 3}, "next_interview_in_days"),
        ],
    )
    def test_inconsistent_fields(self, extra, field):
        """Fields that contradict each other are reported."""
        assert field in problems_of({**VALID, **extra})

    @pytest.mark.parametrize(
        "text", ["x" * 201, "tab\there", "bell\x07", "null\x00byte"]
    )
    def test_bad_texts(self, text):
        """Overlong texts and control characters are rejected."""
        assert "company" in problems_of({**VALID, "company": text})

    def test_bad_list_items_are_indexed(self):
        """A bad entry in a list is named with its index."""
        found = problems_of({**VALID, "interviewer_names": ["Ana", 7, ""]})

        assert {"interviewer_names[1]", "interviewer_names[2]"} == set(found)

    @given(st.text(max_size=30).filter(lambda t: t not in set(Stage)))
    def test_any_other_stage_text_is_rejected(self, text):
        """No text outside the Stage values is accepted as a stage."""
        assert "stage" in problems_of({**VALID, "stage": text})


class TestChecks:
    def test_every_field_is_checked(self):
        """Each field of Situation has exactly one check."""
        assert [f.name for f in attrs.fields(Situation)] == [n for n, _ in checks()]


class TestContradictions:
    def test_thank_you_not_sent_but_dated(self):
        """A thank-you marked unsent but given a date is an error naming both."""
        data = {
            "stage": "first_interview",
            "interview_date": "2026-03-02",
            "today": "2026-03-05",
            "thank_you_sent": False,
            "thank_you_sent_on": "2026-03-03",
        }

        with pytest.raises(InvalidSituationError) as caught:
            Situation.from_dict(data)

        message = str(caught.value)
        named = (
            "thank_you_sent_on: got" in message,
            "thank_you_sent is false" in message,
        )
        assert (True, True) == named


class TestInterviewers:
    def test_plain_names_stay_names(self):
        """Plain names are kept as stripped text, and read as interviewers."""
        s = Situation(**VALID, interviewer_names=[" Ana Ruiz ", "Bo"])

        assert ("Ana Ruiz", "Bo") == s.interviewer_names
        assert (Interviewer("Ana Ruiz"), Interviewer("Bo")) == s.interviewers

    def test_mappings_become_interviewers(self):
        """A mapping with a name, role and topic becomes an Interviewer."""
        s = Situation.from_dict(
            {
                **VALID,
                "interviewer_names": [
                    "Ana",
                    {"name": " Bo Li ", "role": "engineering manager"},
                    {"name": "Cy", "topic": " the data model ", "role": " "},
                ],
            }
        )

        assert (
            "Ana",
            Interviewer("Bo Li", role="engineering manager"),
            Interviewer("Cy", topic="the data model"),
        ) == s.interviewer_names

    def test_plain_names_round_trip_as_names(self):
        """to_dict writes a plain name as text and an interviewer as an object."""
        s = Situation(
            **VALID, interviewer_names=["Ana", Interviewer("Bo", role="lead")]
        )

        assert [
            "Ana",
            {"name": "Bo", "role": "lead", "topic": None, "email": None},
        ] == s.to_dict()["interviewer_names"]

    @given(situations(interviewers=interviewer_lists))
    def test_mixed_interviewers_round_trip_through_json(self, situation):
        """Names and interviewers mixed survive to_dict, JSON and from_dict."""
        data = json.loads(json.dumps(situation.to_dict()))

        assert situation == Situation.from_dict(data)

    @pytest.mark.parametrize(
        ("entry", "path"),
        [
            ({"role": "lead"}, "interviewer_names[0].name"),
            ({"name": "  "}, "interviewer_names[0].name"),
            ({"name": 7}, "interviewer_names[0].name"),
            ({"name": "Bo", "role": "x" * 201}, "interviewer_names[0].role"),
            ({"name": "Bo", "topic": "bell\x07"}, "interviewer_names[0].topic"),
            ({"name": "Bo", "role": 3}, "interviewer_names[0].role"),
            ({"name": "Bo", "nmae": "Bo"}, "interviewer_names[0].nmae"),
            (["Bo"], "interviewer_names[0]"),
            (Interviewer(""), "interviewer_names[0].name"),
        ],
    )
    def test_bad_interviewers_are_named_by_path(self, entry, path):
        """A bad interviewer's problem names its index and key."""
        assert [path] == list(problems_of({**VALID, "interviewer_names": [entry]}))

    def test_every_problem_of_an_interviewer(self):
        """Each bad key of one interviewer is reported, with what is accepted."""
        found = problems_of(
            {**VALID, "interviewer_names": ["Ana", {"nmae": "Bo", "role": "\x00"}]}
        )

        assert {
            "interviewer_names[1].nmae": "interviewer_names[1].nmae: got 'Bo', "
            "expected a known key of an interviewer: name, role, topic, email",
            "interviewer_names[1].name": "interviewer_names[1].name: was not given "
            "(it is required), expected non-blank text of at most 200 "
            "characters without control characters",
            "interviewer_names[1].role": "interviewer_names[1].role: got '\\x00', "
            "expected null or text of at most 200 characters without control "
            "characters",
        } == found

    def test_long_values_are_cut(self):
        """A long value in an interviewer is shown cut, with its length."""
        found = problems_of(
            {**VALID, "interviewer_names": [{"name": "Bo", "topic": "k" * 1000}]}
        )

        assert "(1,000 characters)" in found["interviewer_names[0].topic"]


class TestMessages:
    @pytest.mark.parametrize(
        ("field", "value", "meant"),
        [
            ("stage", "SECOND_INTERVIEW", "second_interview"),
            ("stage", "second", "second_interview"),
            ("stage", "Final interview", "final_interview"),
            ("employer_response", "offer-made", "offer_made"),
            ("seniority", "senoir", "senior"),
        ],
    )
    def test_a_misspelt_choice_gets_a_suggestion(self, field, value, meant):
        """A choice written in another case, cut short or misspelt is suggested."""
        found = problems_of(
            {"stage": "applied", "days_since_interview": 1} | {field: value}
        )

        assert f"(did you mean {meant!r}?)" in found[field]

    def test_a_choice_far_from_any_gets_no_suggestion(self):
        """Text like no value at all lists the values without a guess."""
        found = problems_of({"stage": "zzz", "days_since_interview": 1})

        assert "did you mean" not in found["stage"]

    def test_a_misspelt_keyword_is_an_invalid_situation(self):
        """Situation(days_since_interveiw=...) suggests the name, as a mapping does."""
        with pytest.raises(InvalidSituationError) as caught:
            Situation(stage="applied", days_since_interveiw=3)

        assert (
            "days_since_interveiw: got 3, expected a known field name "
            "(did you mean 'days_since_interview'?)"
        ) == str(caught.value.problems[0])

    @pytest.mark.parametrize("blank", [None, "", "  "])
    def test_a_field_left_out_or_blank_was_not_given(self, blank):
        """A value never given, null or blank reads 'was not given', not 'got None'."""
        found = problems_of(
            {"stage": "applied", "days_since_interview": 3, "follow_ups_sent": 1}
            | ({} if blank is None else {"days_since_last_follow_up": blank})
        )

        assert found["days_since_last_follow_up"].startswith(
            "days_since_last_follow_up: was not given, expected"
        )

    def test_a_date_shows_as_written(self):
        """A date given as text is quoted as that text, not as a Python date."""
        found = problems_of(
            {"stage": "applied", "interview_date": "2099-11-30", "today": "2026-11-25"}
        )

        assert found["interview_date"].startswith("interview_date: got '2099-11-30',")

    @given(st.text(max_size=300))
    def test_a_suggestion_is_always_a_value_accepted(self, text):
        """Whatever the text, the suggestion is one of the values, or none."""
        stages = [str(stage) for stage in Stage]

        assert closest(text, stages) in {*stages, None}
