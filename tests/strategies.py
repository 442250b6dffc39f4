"""
Hypothesis strategies shared by the tests.
"""

from __future__ import annotations

import datetime

import attrs
from hypothesis import strategies as st

from interview_advisor import (
    EmployerResponse,
    Interviewer,
    Seniority,
    Situation,
    Stage,
)
from interview_advisor._daycount import MAX_DAYS
from interview_advisor._input_checks import MAX_FOLLOW_UPS

#: The default decision windows by (applied, dated), as the packaged figures give.
WINDOW = {(False, False): 7, (False, True): 5, (True, False): 24, (True, True): 18}

days = st.integers(min_value=0, max_value=MAX_DAYS)
short_days = st.integers(min_value=0, max_value=60)
names = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs")),
        min_size=1,
        max_size=40,
    ).filter(str.strip),
)
name_lists = st.lists(names.filter(lambda n: n is not None), max_size=4).map(tuple)
#: An interviewer with any of a role and a topic.
interviewer_objects = st.builds(
    Interviewer,
    name=names.filter(lambda n: n is not None),
    role=names,
    topic=names,
)
#: Entries of interviewer_names: plain names and interviewers, mixed.
interviewer_lists = st.lists(
    names.filter(lambda n: n is not None) | interviewer_objects, max_size=4
).map(tuple)


ANY_RESPONSE = st.sampled_from(EmployerResponse)


DATES = st.dates(datetime.date(2020, 1, 1), datetime.date(2032, 12, 31))
MAYBE = st.booleans()


@st.composite
def situations(
    draw, responses=ANY_RESPONSE, dated=MAYBE, interviewers=name_lists
) -> Situation:
    """
    Draw any valid situation, consistent across fields, with or without dates.

    Its interviewers are plain names unless *interviewers* draws others.
    """
    since = draw(st.one_of(short_days, days))
    response = draw(responses)
    follow_ups = draw(st.integers(min_value=0, max_value=MAX_FOLLOW_UPS))
    scheduled = response is EmployerResponse.NEXT_ROUND_SCHEDULED
    return Situation(
        stage=draw(st.sampled_from(Stage)),
        days_since_interview=since,
        stated_timeframe_days=draw(st.one_of(st.none(), short_days, days)),
        employer_response=response,
        thank_you_sent=draw(st.booleans()),
        follow_ups_sent=follow_ups,
        days_since_last_follow_up=(
            draw(st.integers(min_value=0, max_value=since)) if follow_ups else None
        ),
        next_interview_in_days=draw(st.one_of(st.none(), short_days))
        if scheduled
        else None,
        technical_role=draw(st.booleans()),
        seniority=draw(st.sampled_from(Seniority)),
        candidate_name=draw(names),
        company=draw(names),
        job_title=draw(names),
        recruiter_name=draw(names),
        discussed_topic=draw(names),
        interviewer_names=draw(interviewers),
        concerns_from_last_interview=draw(name_lists),
        **(draw(_dates(since)) if draw(dated) else {}),
    )


@st.composite
def _dates(draw, since: int) -> dict[str, object]:
    """
    Draw the dates of a situation *since* days after its interview.
    """
    today = draw(DATES)
    return {
        "today": today,
        "interview_date": today - datetime.timedelta(days=since),
        "country": draw(st.sampled_from([None, "US", "GB", "DE"])),
    }


silent_situations = situations(
    responses=st.just(EmployerResponse.NONE),
    dated=st.just(False),  # noqa: FBT003  # a strategy of one value
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def from_schema(schema: dict[str, object]) -> st.SearchStrategy[dict[str, object]]:
    """
    Draw JSON objects that a situation-like schema accepts.

    Covers what situation_schema() uses: enums, bounded integers, booleans,
    patterned strings, arrays of them, dates, nullable types, required keys,
    an ``anyOf`` of required keys, and arrays whose items are an ``anyOf``
    of a string and an object.
    """
    properties = schema["properties"]
    required = set(schema.get("required", ()))

    @st.composite
    def draw_object(draw):
        branch = draw(st.sampled_from(schema.get("anyOf", [{}])))
        needed = required | set(branch.get("required", ()))
        optional = [name for name in properties if name not in needed]
        if optional:
            needed |= set(draw(st.lists(st.sampled_from(optional), unique=True)))
        data = {}
        for name in properties:
            if name in needed:
                narrowed = branch.get("properties", {}).get(name)
                data[name] = draw(_value(properties[name], narrowed))
        return data

    return draw_object()


def _value(schema, narrowed=None) -> st.SearchStrategy[object]:
    if "anyOf" in schema:
        return st.one_of([_value(option) for option in schema["anyOf"]])
    if schema.get("type") == "object":
        return _object(schema)
    return _plain_value(schema, narrowed)


def _plain_value(schema, narrowed=None) -> st.SearchStrategy[object]:
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if narrowed:
        kinds = [narrowed["type"]]
    options = []
    for kind in kinds:
        if kind == "null":
            options.append(st.none())
        elif kind == "boolean":
            options.append(st.booleans())
        elif kind == "integer":
            options.append(st.integers(schema["minimum"], schema["maximum"]))
        elif kind == "array":
            options.append(
                st.lists(_value(schema["items"]), max_size=min(schema["maxItems"], 4))
            )
        elif schema.get("format") == "date":
            options.append(DATES.map(datetime.date.isoformat))
        else:
            options.append(
                st.from_regex(schema["pattern"], fullmatch=True).filter(
                    lambda text, most=schema["maxLength"]: len(text) <= most
                )
            )
    return st.one_of(options)


def _object(schema) -> st.SearchStrategy[dict[str, object]]:
    """
    Draw an object with the required keys and any of the others.
    """
    properties = schema["properties"]
    return st.fixed_dictionaries(
        {name: _value(properties[name]) for name in schema["required"]},
        optional={
            name: _value(value)
            for name, value in properties.items()
            if name not in schema["required"]
        },
    )


def nested(depth: int) -> object:
    """
    Return a list nested *depth* levels deep.
    """
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


#: Values that break careless code: huge integers, deep nesting, long text,
#: lone surrogates and control characters.
hostile_values = st.one_of(
    json_values,
    st.integers(min_value=4_301, max_value=6_000).map(lambda digits: 10**digits),
    st.integers(min_value=990, max_value=3_000).map(nested),
    st.integers(min_value=81, max_value=100_000).map(lambda n: "k" * n),
    st.sampled_from(["\ud800", "x\udfff", "\x00\n", "2026-02-30", "ZZ"]),
)
_FIELD_NAMES = tuple(field.name for field in attrs.fields(Situation))
#: Keys: field names, near misses, and hostile text.
hostile_keys = st.one_of(
    st.sampled_from(_FIELD_NAMES),
    st.sampled_from(_FIELD_NAMES).map(lambda name: name[:-1]),
    st.text(max_size=12),
    st.integers(min_value=81, max_value=10_000).map(lambda n: "k" * n),
    st.sampled_from(["\ud800x", "a\nb", ""]),
)
#: Mappings a hostile caller might send as a situation.
hostile_mappings = st.dictionaries(hostile_keys, hostile_values, max_size=30)


#: Pieces of rule texts near the limits a custom pack must keep to.
_HOSTILE_PIECES = [
    "{{ days_since_interview }}",
    "{{ days_since_interview / stated_timeframe_days }}",
    "{{ days_since_interview // (follow_ups_sent) }}",
    "{{ days_since_interview - stated_timeframe_days }}",
    "{{ next_interview_in_days + 1 }}",
    "{% if stated_timeframe_days is not none %}{{ stated_timeframe_days }}{% endif %}",
    "{{ stage.__class__ }}",
    "{{ stage['__class__'] }}",
    "{{ stage.upper() }}",
    "{{ 'x' * 99999 }}",
    "{{ 2 ** 99999 }}",
    "{{ '%099999d' % 1 }}",
    "{% for i in range(9) %}x{% endfor %}",
    "{{ stage|center(99999) }}",
    "{{ seniority|upper }}",
    "plain words",
]

#: Rule texts a hostile or careless pack might hold.
hostile_texts = st.one_of(
    st.lists(st.sampled_from(_HOSTILE_PIECES), min_size=1, max_size=4).map(" ".join),
    st.integers(min_value=1_990, max_value=2_010).map(lambda n: "a" * n),
)
