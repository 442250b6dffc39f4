import json

import jsonschema
import pytest
from hypothesis import given

from interview_advisor import (
    InvalidSettingError,
    advice_schema,
    advise,
    situation_schema,
)

from .strategies import situations

DIALECTS = ("json-schema", "openai-strict", "anthropic")
SCHEMAS = {"situation": situation_schema, "advice": advice_schema}
#: The keywords OpenAI's strict mode is documented to accept everywhere
#: (docs/serving.md cites the pages).
OPENAI_KEYWORDS = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "anyOf",
    "description",
    "$defs",
    "$ref",
}
#: The limits of OpenAI's first published strict mode, the tightest so far.
OPENAI_MAX_DEPTH = 5
OPENAI_MAX_PROPERTIES = 100


def anthropic_problems(schema) -> list[str]:
    """
    Return how *schema* breaks Anthropic's rules for a tool's input_schema.
    """
    found = []
    if schema.get("type") != "object":
        found.append("the root is not of type object")
    found += [f"top-level {k}" for k in ("oneOf", "anyOf", "allOf") if k in schema]
    return found


def openai_strict_problems(schema) -> list[str]:
    """
    Return how *schema* breaks OpenAI's rules for strict mode.
    """
    found = []
    if schema.get("type") != "object":
        found.append("the root is not of type object")
    if "anyOf" in schema:
        found.append("a root anyOf")
    nodes = list(walk(schema, "$", 1))
    found += [
        f"{where}: unsupported keyword {k}"
        for where, node, _ in nodes
        for k in node
        if k not in OPENAI_KEYWORDS
    ]
    objects = [(w, node, depth) for w, node, depth in nodes if "properties" in node]
    for where, node, depth in objects:
        if depth > OPENAI_MAX_DEPTH:
            found.append(f"{where}: nested deeper than {OPENAI_MAX_DEPTH}")
        if node.get("additionalProperties") is not False:
            found.append(f"{where}: additionalProperties is not false")
        if sorted(node.get("required", [])) != sorted(node["properties"]):
            found.append(f"{where}: not every property is required")
    if sum(len(node["properties"]) for _, node, _ in objects) > OPENAI_MAX_PROPERTIES:
        found.append(f"more than {OPENAI_MAX_PROPERTIES} properties")
    return found


def walk(node, where, depth):
    """
    Yield every subschema of *node* with its place and its object depth.
    """
    yield where, node, depth
    for name, child in node.get("properties", {}).items():
        yield from walk(child, f"{where}.{name}", depth + 1)
    if "items" in node:
        yield from walk(node["items"], f"{where}[]", depth)
    for index, branch in enumerate(node.get("anyOf", [])):
        yield from walk(branch, f"{where}|{index}", depth)


def with_nulls(data):
    """
    Return *data* with every situation field it leaves out sent as null.
    """
    return dict.fromkeys(situation_schema()["properties"]) | data


class TestConstraints:
    @pytest.mark.parametrize("kind", list(SCHEMAS))
    def test_openai_strict(self, kind):
        """The openai-strict dialect keeps every rule of OpenAI's strict mode."""
        assert [] == openai_strict_problems(SCHEMAS[kind]("openai-strict"))

    @pytest.mark.parametrize("kind", list(SCHEMAS))
    @pytest.mark.parametrize("dialect", ["anthropic", "openai-strict"])
    def test_anthropic(self, kind, dialect):
        """The anthropic and openai-strict dialects fit Anthropic's input_schema."""
        assert [] == anthropic_problems(SCHEMAS[kind](dialect))

    def test_the_checks_can_fail(self):
        """The complete schema breaks both providers' rules, so the checks bite."""
        complete = situation_schema()

        assert ["top-level anyOf"] == anthropic_problems(complete)
        assert "a root anyOf" in openai_strict_problems(complete)
        assert any("maxLength" in p for p in openai_strict_problems(complete))

    @pytest.mark.parametrize("dialect", DIALECTS)
    @pytest.mark.parametrize("kind", list(SCHEMAS))
    def test_valid_schemas(self, dialect, kind):
        """Every dialect is itself valid JSON Schema."""
        jsonschema.Draft7Validator.check_schema(SCHEMAS[kind](dialect))

    def test_unknown_dialect(self):
        """An unknown dialect is refused with the dialects that exist."""
        with pytest.raises(InvalidSettingError) as caught:
            situation_schema("gemini")

        assert (
            "dialect: got 'gemini', expected one of: json-schema, openai-strict, "
            "anthropic"
        ) == str(caught.value)


class TestWhatIsLeftOut:
    @pytest.mark.parametrize("dialect", ["anthropic", "openai-strict"])
    def test_either_or_is_described(self, dialect):
        """The either/or left out of the root is said in the description."""
        described = situation_schema(dialect)["description"]

        assert "at least one of: days_since_interview, interview_date" in described

    def test_bounds_are_described(self):
        """The bounds strict mode leaves out are said in the field's description."""
        field = situation_schema("openai-strict")["properties"]["follow_ups_sent"]

        assert field["description"].endswith(
            "(advise() checks: at least 0; at most 10)"
        )

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_whole_numbers_are_described(self, dialect):
        """Each dialect says that 9.0 is not a whole number of days."""
        assert "(9, not 9.0)" in situation_schema(dialect)["description"]

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_every_field(self, dialect):
        """Every dialect has every field of the complete schema."""
        assert list(situation_schema()["properties"]) == list(
            situation_schema(dialect)["properties"]
        )


class TestNulls:
    @given(situations())
    def test_strict_arguments_go_through(self, situation):
        """A strict-mode call, every field sent and most as null, gets the advice."""
        data = {k: v for k, v in situation.to_dict().items() if v not in (None, [])}
        arguments = json.loads(json.dumps(with_nulls(data)))

        assert advise(data).to_dict() == advise(arguments).to_dict()

    @given(situations())
    def test_strict_arguments_validate(self, situation):
        """Any valid situation with nulls for the rest passes every dialect."""
        arguments = json.loads(json.dumps(with_nulls(situation.to_dict())))

        for dialect in DIALECTS:
            validator = jsonschema.Draft7Validator(situation_schema(dialect))
            assert [] == [e.message for e in validator.iter_errors(arguments)]

    @pytest.mark.parametrize(
        "field",
        [
            "employer_response",
            "thank_you_sent",
            "seniority",
            "follow_ups_sent",
            "interviewer_names",
        ],
    )
    def test_null_is_not_given(self, field):
        """A null for an optional field is the same as leaving it out."""
        data = {"stage": "second_interview", "days_since_interview": 9}

        assert advise(data).to_dict() == advise({**data, field: None}).to_dict()

    def test_null_stage_is_required(self):
        """A null for the required stage is reported as missing."""
        with pytest.raises(
            ValueError, match=r"stage: was not given \(it is required\)"
        ) as caught:
            advise({"stage": None, "days_since_interview": 9})

        assert "stage" == caught.value.problems[0].field


class TestJsonSchemaBounds:
    @pytest.mark.parametrize(
        ("field", "value"),
        [("days_since_interview", 9.0), ("interview_date", "1800-01-02")],
    )
    def test_what_advise_refuses(self, field, value):
        """9.0 days and a date in 1800 are refused by advise() ..."""
        with pytest.raises(ValueError, match=field):
            advise({"stage": "applied", field: value})

    def test_old_dates_fail_the_schema(self):
        """... and the complete schema refuses the date in 1800 too."""
        validator = jsonschema.Draft7Validator(situation_schema())
        errors = validator.iter_errors(
            {"stage": "applied", "interview_date": "1800-01-02"}
        )

        assert ["interview_date"] == [e.path[0] for e in errors]
