"""
The input model: one person's situation in one hiring process.

This is the boundary: everything a caller hands in is checked here, all at
once, and nothing downstream validates again.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._daycount import MAX_DAYS, Calendar, DayCount, check_region
from ._enums import EmployerResponse, Seniority, Stage, plain
from ._input_convert import member_or_raw, to_code, to_date, to_dates, to_text, to_texts
from .exceptions import InvalidSituationError, Problem

if TYPE_CHECKING:
    from ._input_timeframe import Timeframe

#: Most follow-ups a situation may report.
MAX_FOLLOW_UPS: Final = 10
#: Longest name, company or job title, in characters.
MAX_TEXT: Final = 200
#: Longest concern, in characters.
MAX_CONCERN: Final = 500
#: Most interviewers or concerns a situation may list.
MAX_ITEMS: Final = 20
#: The dates a situation may hold: far enough from the calendar's ends that
#: counting two years back or forward never leaves it.
MIN_DATE: Final = datetime.date(1900, 1, 1)
MAX_DATE: Final = datetime.date(2199, 12, 31)
_DATE_RANGE: Final = f"a date from {MIN_DATE} to {MAX_DATE}, written YYYY-MM-DD"


class _Missing(enum.Enum):
    """
    Marks a required field that the caller did not give.
    """

    MISSING = "missing"

    def __repr__(self) -> str:
        return "nothing (the field is required)"


_MISSING: Final = _Missing.MISSING


def _to_stage(value: object) -> object:
    return member_or_raw(Stage, value)


def _to_response(value: object) -> object:
    return member_or_raw(EmployerResponse, value)


def _to_seniority(value: object) -> object:
    return member_or_raw(Seniority, value)


@attrs.frozen
class Situation:
    """
    Where one person stands in one hiring process.

    Construct it directly or with :meth:`from_dict`; both check every field
    and report every problem at once with :class:`InvalidSituationError`.
    Enum fields accept their string values.

    A situation with dates (``interview_date`` or ``today``) is *dated*: its
    day counts are worked out from the dates, follow-up windows count
    business days, and every step gets a real date. Giving a date and a day
    count that disagree is an error.

    Attributes:
        stage: The furthest step reached.
        days_since_interview: Days since the last interview (for ``applied``:
            since applying). Required unless ``interview_date`` is given;
            always a whole number once the situation is made.
        stated_timeframe_days: When the employer said they would decide,
            counted in days from that interview; ``None`` if they did not say.
        employer_response: The latest thing the employer communicated.
        thank_you_sent: Whether a thank-you note went out after the interview.
        follow_ups_sent: Follow-ups sent since the interview.
        days_since_last_follow_up: Days since the latest follow-up; required
            when ``follow_ups_sent`` is 1 or more.
        next_interview_in_days: Days until the next round, with
            ``next_round_scheduled``.
        technical_role: Whether the role is technical.
        seniority: The level of the role.
        candidate_name: Signs the drafts.
        company: The employer's name.
        job_title: The role applied for.
        recruiter_name: Who follow-ups go to.
        discussed_topic: Something specific talked about, for the thank-you.
        interviewer_names: One thank-you note is drafted for each.
        concerns_from_last_interview: Gaps raised earlier, to address next.
        interview_date: The date of the last interview (or of applying).
        today: The date to advise for; the local date when the situation
            has other dates but not this one.
        stated_timeframe: What the employer said about when they would
            decide, as free text ("by the end of next week"); sets
            ``stated_timeframe_days``.
        thank_you_sent_on: When the thank-you note went out; sets
            ``thank_you_sent``.
        follow_up_dates: When each follow-up went out; sets
            ``follow_ups_sent`` and ``days_since_last_follow_up``.
        country: An ISO 3166-1 code whose public holidays are not business
            days (dated situations only).
        subdivision: A state or province of ``country``, for its holidays.
    """

    stage: Stage = attrs.field(converter=_to_stage)
    days_since_interview: int | None = None
    stated_timeframe_days: int | None = None
    employer_response: EmployerResponse = attrs.field(
        default=EmployerResponse.NONE, converter=_to_response
    )
    thank_you_sent: bool = False
    follow_ups_sent: int = 0
    days_since_last_follow_up: int | None = None
    next_interview_in_days: int | None = None
    technical_role: bool = False
    seniority: Seniority = attrs.field(default=Seniority.MID, converter=_to_seniority)
    candidate_name: str | None = attrs.field(default=None, converter=to_text)
    company: str | None = attrs.field(default=None, converter=to_text)
    job_title: str | None = attrs.field(default=None, converter=to_text)
    recruiter_name: str | None = attrs.field(default=None, converter=to_text)
    discussed_topic: str | None = attrs.field(default=None, converter=to_text)
    interviewer_names: tuple[str, ...] = attrs.field(default=(), converter=to_texts)
    concerns_from_last_interview: tuple[str, ...] = attrs.field(
        default=(), converter=to_texts
    )
    interview_date: datetime.date | None = attrs.field(default=None, converter=to_date)
    today: datetime.date | None = attrs.field(default=None, converter=to_date)
    stated_timeframe: str | None = attrs.field(default=None, converter=to_text)
    thank_you_sent_on: datetime.date | None = attrs.field(
        default=None, converter=to_date
    )
    follow_up_dates: tuple[datetime.date, ...] = attrs.field(
        default=(), converter=to_dates
    )
    country: str | None = attrs.field(default=None, converter=to_code)
    subdivision: str | None = attrs.field(default=None, converter=to_code)

    def __attrs_post_init__(self) -> None:
        """
        Check every field, work out what the dates imply, and report.

        Raises:
            InvalidSituationError: With every problem found.
        """
        problems = _problems(self)
        if not problems:
            derived, problems = _derive(self)
            for name, value in derived.items():
                # Frozen, but still being made: the dates fill in the counts.
                object.__setattr__(self, name, value)
            if derived and not problems:
                problems = _problems(self)  # the counts the dates gave, in bounds
            problems = problems or _check_consistency(self)
        if problems:
            raise InvalidSituationError(problems)

    @property
    def dated(self) -> bool:
        """
        Whether the situation has dates, so its steps get real dates.
        """
        return self.today is not None

    @property
    def calendar(self) -> Calendar:
        """
        The business days of the situation's country (weekends only if none).
        """
        return Calendar(self.country, self.subdivision)

    @property
    def day_count(self) -> DayCount:
        """
        How the advice counts days: business days when dated, else calendar.

        .. versionadded:: 0.2
        """
        return DayCount(business=self.dated, calendar=self.calendar)

    @classmethod
    def from_dict(cls, data: object) -> Situation:
        """
        Build a situation from a mapping with the field names as keys.

        Args:
            data: A mapping such as a decoded JSON object.

        Returns:
            The checked situation.

        Raises:
            InvalidSituationError: *data* is not a mapping, has unknown or
                missing keys, or holds invalid values.
        """
        if not isinstance(data, Mapping):
            raise InvalidSituationError(
                [Problem("situation", data, "a mapping of field names to values")]
            )
        unknown = data.keys() - _FIELD_SET
        problems = [_unknown_key(key, data[key]) for key in sorted(unknown, key=str)]
        known = {key: value for key, value in data.items() if key not in unknown}
        for name in _REQUIRED:
            known.setdefault(name, _MISSING)
        try:
            situation = cls(**known)
        except InvalidSituationError as error:
            problems.extend(error.problems)
        if problems:
            raise InvalidSituationError(problems) from None
        return situation

    def to_dict(self) -> dict[str, Any]:
        """
        Return the situation as a JSON-ready mapping that ``from_dict`` reads.
        """
        return attrs.asdict(self, value_serializer=plain)


_FIELDS: Final = attrs.fields(Situation)
_FIELD_NAMES: Final = tuple(field.name for field in _FIELDS)
_FIELD_SET: Final = frozenset(_FIELD_NAMES)
_REQUIRED: Final = tuple(
    field.name for field in _FIELDS if field.default is attrs.NOTHING
)


def _unknown_key(key: object, value: object) -> Problem:
    """
    Describe an unknown key, suggesting the field it was probably meant as.
    """
    import difflib  # noqa: PLC0415  # only bad input needs it

    close = (
        difflib.get_close_matches(key, _FIELD_NAMES, n=1)
        if isinstance(key, str)
        else []
    )
    if close:
        expected = f"a known field name (did you mean {close[0]!r}?)"
    else:
        expected = f"a known field name: {', '.join(_FIELD_NAMES)}"
    return Problem(str(key), value, expected)


def _problems(s: Situation) -> list[Problem]:
    """
    Return every problem of *s*, in field order.
    """
    found = [
        problem
        for name, check, limit in _CHECKS
        # A field left at its default is valid: only given values are checked.
        if (value := getattr(s, name)) is not _DEFAULTS[name]
        for problem in check(name, value, limit)
    ]
    if s.days_since_interview is None and s.interview_date is None:
        found.append(_required_days())
    return found


def _check_enum(name: str, value: object, kind: type[enum.Enum]) -> list[Problem]:
    if isinstance(value, kind):
        return []
    accepted = ", ".join(str(member.value) for member in kind)
    return [Problem(name, value, f"one of: {accepted}")]


def _check_count(name: str, value: object, most: int) -> list[Problem]:
    # bool is a subclass of int, but True is not a day count.
    if type(value) is int and 0 <= value <= most:
        return []
    return [Problem(name, value, f"a whole number from 0 to {most}")]


def _check_days(name: str, value: object, most: int) -> list[Problem]:
    # Left out is fine when dates give it; _problems reports it otherwise.
    return [] if value is None else _check_count(name, value, most)


def _check_optional_count(name: str, value: object, most: int) -> list[Problem]:
    if value is None:
        return []
    if type(value) is int and 0 <= value <= most:
        return []
    return [Problem(name, value, f"null or a whole number from 0 to {most}")]


def _check_bool(name: str, value: object, _: object) -> list[Problem]:
    if isinstance(value, bool):
        return []
    return [Problem(name, value, "true or false")]


def _check_text(name: str, value: object, longest: int) -> list[Problem]:
    if value is None or (isinstance(value, str) and _is_clean(value, longest)):
        return []
    return [
        Problem(
            name,
            value,
            f"null or text of at most {longest} characters without control characters",
        )
    ]


def _check_texts(name: str, value: object, longest: int) -> list[Problem]:
    if not isinstance(value, tuple) or len(value) > MAX_ITEMS:
        return [Problem(name, value, f"a list of at most {MAX_ITEMS} texts")]
    return [
        problem
        for index, item in enumerate(value)
        for problem in _check_item(f"{name}[{index}]", item, longest)
    ]


def _check_item(name: str, value: object, longest: int) -> list[Problem]:
    if isinstance(value, str) and _is_clean(value, longest):
        return []
    return [
        Problem(
            name,
            value,
            f"non-blank text of at most {longest} characters "
            "without control characters",
        )
    ]


def _is_clean(text: str, longest: int) -> bool:
    """
    Tell whether *text* is short enough and free of control characters.
    """
    return len(text) <= longest and _CONTROL.search(text) is None


def _check_date(name: str, value: object, _: object) -> list[Problem]:
    if value is None or _is_date(value):
        return []
    return [Problem(name, value, f"null or {_DATE_RANGE}")]


def _is_date(value: object) -> bool:
    # datetime is a date too, but a time of day has no place here.
    return type(value) is datetime.date and MIN_DATE <= value <= MAX_DATE


def _check_dates(name: str, value: object, _: object) -> list[Problem]:
    if not isinstance(value, tuple) or len(value) > MAX_FOLLOW_UPS:
        return [Problem(name, value, f"a list of at most {MAX_FOLLOW_UPS} dates")]
    return [
        Problem(f"{name}[{index}]", item, _DATE_RANGE)
        for index, item in enumerate(value)
        if not _is_date(item)
    ]


def _derive(s: Situation) -> tuple[dict[str, object], list[Problem]]:
    """
    Work out what the dates and the stated timeframe imply.

    Returns:
        The fields to fill in, and the problems found.
    """
    has_dates = s.interview_date or s.today or s.thank_you_sent_on or s.follow_up_dates
    if not (has_dates or s.stated_timeframe or s.country or s.subdivision):
        return {}, []  # nothing to work out: the common case, kept cheap
    found = [Problem(*problem) for problem in check_region(s.country, s.subdivision)]
    derived, more = _dated(s) if has_dates else _undated(s)
    return derived, found + more


def _undated(s: Situation) -> tuple[dict[str, object], list[Problem]]:
    found = []
    if s.days_since_interview is None:
        found.append(_required_days())
    if s.country is not None:
        found.append(
            Problem(
                "country",
                s.country,
                "null unless the situation has dates "
                "(interview_date or today): holidays need a calendar",
            )
        )
    derived: dict[str, object] = {}
    timeframe = _timeframe(s, found)
    if timeframe is not None:
        if timeframe.needs_dates:
            found.append(
                Problem(
                    "stated_timeframe",
                    s.stated_timeframe,
                    "a duration such as "
                    "'within 5 business days', or an interview_date or today "
                    "to place it in the calendar",
                )
            )
        else:
            derived["stated_timeframe_days"] = timeframe.calendar_days()
    found += _agrees(s, derived, "stated_timeframe_days", "stated_timeframe")
    return derived, found


def _dated(s: Situation) -> tuple[dict[str, object], list[Problem]]:
    """
    Fill in today, the interview date and the day counts from the dates.
    """
    today = s.today or datetime.date.today()  # noqa: DTZ011  # the local date, as documented
    if s.interview_date is None and s.days_since_interview is None:
        return {}, [_required_days()]
    interview = s.interview_date or today - datetime.timedelta(
        days=s.days_since_interview or 0
    )
    if interview > today:
        return {}, [
            Problem(
                "interview_date", interview, f"a date no later than today ({today})"
            )
        ]
    derived: dict[str, object] = {
        "today": today,
        "interview_date": interview,
        "days_since_interview": (today - interview).days,
    }
    found = _agrees(s, derived, "days_since_interview", "interview_date and today")
    timeframe = _timeframe(s, found)
    if timeframe is not None:
        try:
            decision = timeframe.decision_date(interview, s.calendar)
        except (ValueError, OverflowError):
            return derived, [
                *found,
                Problem(
                    "stated_timeframe", s.stated_timeframe, "a time the calendar holds"
                ),
            ]
        if decision < interview:
            found.append(
                Problem(
                    "stated_timeframe",
                    s.stated_timeframe,
                    f"a time after the interview on {interview}, not {decision}",
                )
            )
        derived["stated_timeframe_days"] = (decision - interview).days
        found += _agrees(s, derived, "stated_timeframe_days", "stated_timeframe")
    found += _sent_on(s, interview, today, derived)
    return derived, found


def _sent_on(
    s: Situation,
    interview: datetime.date,
    today: datetime.date,
    derived: dict[str, object],
) -> list[Problem]:
    """
    Fill in what the thank-you and follow-up dates imply.
    """
    found = []
    window = f"a date from the interview ({interview}) to today ({today})"
    if s.thank_you_sent_on is not None:
        if not interview <= s.thank_you_sent_on <= today:
            found.append(Problem("thank_you_sent_on", s.thank_you_sent_on, window))
        derived["thank_you_sent"] = True
    if s.follow_up_dates:
        found += [
            Problem(f"follow_up_dates[{index}]", day, window)
            for index, day in enumerate(s.follow_up_dates)
            if not interview <= day <= today
        ]
        derived["follow_up_dates"] = tuple(sorted(s.follow_up_dates))
        derived["days_since_last_follow_up"] = (today - max(s.follow_up_dates)).days
        found += _agrees(s, derived, "days_since_last_follow_up", "follow_up_dates")
        if s.follow_ups_sent not in {0, len(s.follow_up_dates)}:
            found.append(
                Problem(
                    "follow_ups_sent",
                    s.follow_ups_sent,
                    f"{len(s.follow_up_dates)}, the number of follow_up_dates",
                )
            )
        derived["follow_ups_sent"] = len(s.follow_up_dates)
    return found


def _timeframe(s: Situation, found: list[Problem]) -> Timeframe | None:
    """
    Read the stated timeframe, reporting text that cannot be read.
    """
    if s.stated_timeframe is None:
        return None
    # Imported here: its patterns cost more to compile than most imports.
    from ._input_timeframe import TimeframeError, parse_timeframe  # noqa: PLC0415

    try:
        return parse_timeframe(s.stated_timeframe)
    except TimeframeError as error:
        found.append(Problem("stated_timeframe", s.stated_timeframe, error.expected))
        return None


def _agrees(
    s: Situation, derived: dict[str, object], name: str, source: str
) -> list[Problem]:
    """
    Check that a count given as *name* agrees with the one *source* implies.
    """
    given, implied = getattr(s, name), derived.get(name)
    if given is None or implied is None or given == implied:
        return []
    return [Problem(name, given, f"{implied}, as {source} imply, or to leave it out")]


def _required_days() -> Problem:
    return Problem(
        "days_since_interview",
        _MISSING,
        f"a whole number from 0 to {MAX_DAYS}, or an interview_date to count from",
    )


#: Each field's default; a required field's is an object no value can be.
_DEFAULTS: Final = {
    field.name: object() if field.default is attrs.NOTHING else field.default
    for field in _FIELDS
}

#: Control characters (Unicode category Cc) and lone surrogates (Cs).
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

#: Each field's check, with its limit (a bound, an enum, or unused).
_CHECKS: Final[
    tuple[tuple[str, Callable[[str, Any, Any], list[Problem]], Any], ...]
] = (
    ("stage", _check_enum, Stage),
    ("days_since_interview", _check_days, MAX_DAYS),
    ("stated_timeframe_days", _check_optional_count, MAX_DAYS),
    ("employer_response", _check_enum, EmployerResponse),
    ("thank_you_sent", _check_bool, None),
    ("follow_ups_sent", _check_count, MAX_FOLLOW_UPS),
    ("days_since_last_follow_up", _check_optional_count, MAX_DAYS),
    ("next_interview_in_days", _check_optional_count, MAX_DAYS),
    ("technical_role", _check_bool, None),
    ("seniority", _check_enum, Seniority),
    ("candidate_name", _check_text, MAX_TEXT),
    ("company", _check_text, MAX_TEXT),
    ("job_title", _check_text, MAX_TEXT),
    ("recruiter_name", _check_text, MAX_TEXT),
    ("discussed_topic", _check_text, MAX_TEXT),
    ("interviewer_names", _check_texts, MAX_TEXT),
    ("concerns_from_last_interview", _check_texts, MAX_CONCERN),
    ("interview_date", _check_date, None),
    ("today", _check_date, None),
    ("stated_timeframe", _check_text, MAX_TEXT),
    ("thank_you_sent_on", _check_date, None),
    ("follow_up_dates", _check_dates, None),
    ("country", _check_text, MAX_TEXT),
    ("subdivision", _check_text, MAX_TEXT),
)


def _check_consistency(s: Situation) -> list[Problem]:
    """
    Check what individual fields cannot: how they fit together.
    """
    found = []
    last = s.days_since_last_follow_up
    if s.follow_ups_sent == 0 and last is not None:
        found.append(
            Problem("days_since_last_follow_up", last, "null when follow_ups_sent is 0")
        )
    if s.follow_ups_sent > 0 and last is None:
        found.append(
            Problem(
                "days_since_last_follow_up",
                None,
                "a whole number of days when follow_ups_sent is 1 or more",
            )
        )
    if last is not None and last > (s.days_since_interview or 0):
        found.append(
            Problem(
                "days_since_last_follow_up",
                last,
                "no more than days_since_interview "
                f"({s.days_since_interview}): follow-ups come after the interview",
            )
        )
    found += _check_next_interview(s)
    return found


def _check_next_interview(s: Situation) -> list[Problem]:
    scheduled = s.employer_response is EmployerResponse.NEXT_ROUND_SCHEDULED
    if s.next_interview_in_days is None or scheduled:
        return []
    return [
        Problem(
            "next_interview_in_days",
            s.next_interview_in_days,
            "null unless employer_response is 'next_round_scheduled'",
        )
    ]
