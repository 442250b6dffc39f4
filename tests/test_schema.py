import ast
import json
import re
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_advisor import (
    InvalidSituationError,
    Situation,
    advice_schema,
    advise,
    situation_schema,
)
from interview_advisor._cli import main

from .strategies import from_schema, interviewer_lists, situations
from .test_advisor import ARTICLE

FORMATS = jsonschema.FormatChecker()
SITUATION = jsonschema.Draft7Validator(situation_schema(), format_checker=FORMATS)
ADVICE = jsonschema.Draft7Validator(advice_schema(), format_checker=FORMATS)
#: The fields whose problems only advise() can find (CHECKED_BY_ADVISE).
SEMANTIC = re.compile(
    r"^(days_since_last_follow_up|next_interview_in_days|follow_ups_sent|interview_date"
    r"|today|thank_you_sent_on|follow_up_dates(\[\d+\])?|days_since_interview"
    r"|stated_timeframe|stated_timeframe_days|country|subdivision)$"
)


def doc_examples() -> list[dict[str, object]]:
    """
    Every situation written as a dict literal in the README and docs/.
    """
    found = []
    for path in [Path("README.md"), *Path("docs").glob("*.md")]:
        for block in re.findall(r"advise\(\{(.*?)\}\)", path.read_text(), re.DOTALL):
            text = "{" + re.sub(r"^\s*\.\.\. ", "", block, flags=re.MULTILINE) + "}"
            found.append(ast.literal_eval(text))
    return found


class TestSituationSchema:
    def test_is_a_valid_schema(self):
        """The schema itself is valid JSON Schema (draft 7)."""
        jsonschema.Draft7Validator.check_schema(situation_schema())

    def test_has_every_field(self):
        """Every field of Situation is in the schema, with a description."""
        properties = situation_schema()["properties"]

        assert [f.name for f in attrs.fields(Situation)] == list(properties)
        assert all(p["description"] for p in properties.values())

    @pytest.mark.parametrize("situation", [row[1] for row in ARTICLE])
    def test_example_situations_validate(self, situation):
        """Every example situation of the tests validates against the schema."""
        assert [] == list(SITUATION.iter_errors(situation))

    def test_documented_examples_validate(self):
        """The README and docs examples: the schema and advise() agree on each."""
        examples = doc_examples()

        assert len(examples) >= 5
        for example in examples:
            valid = not list(SITUATION.iter_errors(example))
            try:
                advise(example)
            except InvalidSituationError:
                assert not valid, example
            else:
                assert valid, example

    @given(situations())
    def test_what_advise_accepts_the_schema_accepts(self, situation):
        """Any valid situation, as JSON, passes the schema."""
        data = json.loads(json.dumps(situation.to_dict()))

        assert [] == [e.message for e in SITUATION.iter_errors(data)]

    @settings(suppress_health_check=list(HealthCheck))
    @given(from_schema(situation_schema()))
    def test_what_the_schema_accepts_advise_accepts(self, data):
        """What the schema accepts, advise() accepts, but for the checks it names."""
        try:
            advise(data)
        except InvalidSituationError as error:
            assert all(SEMANTIC.match(p.field) for p in error.problems), error

    @given(
        st.dictionaries(
            st.sampled_from(list(situation_schema()["properties"])),
            st.one_of(
                st.integers(-5, 1000), st.text(max_size=5), st.none(), st.booleans()
            ),
            min_size=1,
        )
    )
    def test_schema_rejections_are_advise_rejections(self, data):
        """What the schema rejects for a field's own value, advise() rejects too."""
        field_errors = [e for e in SITUATION.iter_errors(data) if e.path]
        if field_errors:
            with pytest.raises(InvalidSituationError):
                advise(data)

    def test_tool_definition(self):
        """The schema drops into a function-call tool definition as its parameters."""
        tool = {
            "type": "function",
            "function": {
                "name": "advise",
                "description": "Advice for a job seeker",
                "parameters": situation_schema(),
            },
        }

        assert (
            "stage"
            in json.loads(json.dumps(tool))["function"]["parameters"]["required"]
        )


#: A situation of the schema's required fields and its interviewers only.
INTERVIEWERS_ONLY = {
    **situation_schema(),
    "properties": {
        name: situation_schema()["properties"][name]
        for name in ("stage", "days_since_interview", "interviewer_names")
    },
    "required": ["stage", "days_since_interview", "interviewer_names"],
    "anyOf": situation_schema()["anyOf"][:1],  # days_since_interview given
}
PANEL = {
    "stage": "second_interview",
    "days_since_interview": 0,
    "interviewer_names": [
        "Ana Ruiz",
        {"name": "Bo Li", "role": "engineering manager", "topic": "on-call"},
        {"name": "Cy Diaz", "role": None},
    ],
}


class TestInterviewersSchema:
    def test_both_forms_validate(self):
        """Plain names and interviewer objects, mixed, validate."""
        assert [] == [e.message for e in SITUATION.iter_errors(PANEL)]

    @pytest.mark.parametrize(
        "entry",
        [
            {"role": "lead"},
            {"name": ""},
            {"name": "Bo", "nmae": "Bo"},
            {"name": "Bo", "role": "x" * 201},
            {"name": "Bo", "topic": "bell\x07"},
            {"name": "Bo", "role": 3},
            " ",
            7,
        ],
    )
    def test_bad_entries_are_rejected_by_both(self, entry):
        """An entry the schema rejects, advise() rejects, naming its index."""
        data = {**PANEL, "interviewer_names": ["Ana", entry]}
        with pytest.raises(InvalidSituationError) as caught:
            advise(data)

        assert (False, True) == (
            SITUATION.is_valid(data),
            all(
                p.field.startswith("interviewer_names[1]")
                for p in caught.value.problems
            ),
        )

    @settings(suppress_health_check=list(HealthCheck))
    @given(from_schema(INTERVIEWERS_ONLY))
    def test_what_the_schema_accepts_advise_accepts(self, data):
        """Any interviewers the schema accepts, advise() accepts, one by one."""
        situation = Situation.from_dict(data)
        advise(situation)

        # null is "not given", as for every optional field.
        given = data["interviewer_names"] or ()
        assert len(given) == len(situation.interviewers)

    @given(situations(interviewers=interviewer_lists))
    def test_what_advise_accepts_the_schema_accepts(self, situation):
        """Any valid situation with interviewers, as JSON, passes the schema."""
        data = json.loads(json.dumps(situation.to_dict()))

        assert [] == [e.message for e in SITUATION.iter_errors(data)]

    def test_object_form_is_described(self):
        """The object form and each of its keys carry a description."""
        items = situation_schema()["properties"]["interviewer_names"]["items"]
        person = items["anyOf"][1]

        assert ("Interviewer", True) == (
            person["title"],
            all(p["description"] for p in [person, *person["properties"].values()]),
        )


class TestAdviceSchema:
    def test_is_a_valid_schema(self):
        """The advice schema is valid JSON Schema (draft 7)."""
        jsonschema.Draft7Validator.check_schema(advice_schema())

    @given(situations())
    def test_advice_validates(self, situation):
        """Every advice's to_dict() validates against the advice schema."""
        assert [] == [
            e.message for e in ADVICE.iter_errors(advise(situation).to_dict())
        ]


class TestCommand:
    @pytest.mark.parametrize(
        ("argv", "title"), [([], "Situation"), (["advice"], "Advice")]
    )
    def test_prints_schema(self, argv, title, capsys):
        """interview-advisor schema prints the situation or advice schema."""
        assert 0 == main(["schema", *argv])
        assert title == json.loads(capsys.readouterr().out)["title"]

    def test_unknown_schema(self, capsys):
        """An unknown schema name prints the usage, exit status 2."""
        assert 2 == main(["schema", "weather"])
        assert "schema [situation|advice]" in capsys.readouterr().err
