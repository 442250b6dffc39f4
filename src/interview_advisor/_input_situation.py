"""
The input model: one person's situation in one hiring process.

This is the boundary: everything a caller hands in is checked here, all at
once, and nothing downstream validates again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Self

import attrs

from ._daycount import MAX_DAYS, Calendar, DayCount
from ._enums import EmployerResponse, Seniority, Stage, plain
from ._input_checks import (
    MAX_CONCERN,
    MAX_FOLLOW_UPS,
    MAX_TEXT,
    Check,
    Choice,
    Count,
    Date,
    Dates,
    Email,
    Flag,
    Text,
    Texts,
    closest,
)
from ._input_convert import member_or_raw, to_code, to_date, to_dates, to_text, to_texts
from ._input_dates import derive, required_days
from ._input_interviewer import Interviewer, Interviewers, interviewer, to_interviewers
from .exceptions import MAX_LISTED, MISSING, InvalidSituationError, Problem, show

if TYPE_CHECKING:
    import datetime
    from collections.abc import Container


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
            ``next_round_scheduled``; in a dated situation (a timeline's)
            a negative number is a round whose date has passed.
        technical_role: Whether the role is technical.
        seniority: The level of the role.
        candidate_name: Signs the drafts.
        company: The employer's name.
        job_title: The role applied for.
        recruiter_name: Who follow-ups go to.
        recruiter_email: The recruiter's email address, for ``mailto:``
            links to the drafts addressed to them by ``recruiter_name``.
        discussed_topic: Something specific talked about, for the thank-you.
        interviewer_names: One thank-you note is drafted for each entry:
            a name, or an Interviewer (in JSON, an object with a name and,
            if known, a role, a topic and an email) for a note about what
            you discussed with them.
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
    recruiter_email: str | None = attrs.field(default=None, converter=to_text)
    discussed_topic: str | None = attrs.field(default=None, converter=to_text)
    interviewer_names: tuple[str | Interviewer, ...] = attrs.field(
        default=(), converter=to_interviewers
    )
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

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:  # noqa: ARG004
        """
        Refuse unknown field names as every other problem: with a suggestion.

        Raises:
            InvalidSituationError: A keyword is not a field's name.
        """
        unknown = _unknown_keys(kwargs)
        if unknown:
            raise InvalidSituationError(unknown)
        return super().__new__(cls)

    def __attrs_post_init__(self) -> None:
        """
        Check every field, work out what the dates imply, and report.

        Raises:
            InvalidSituationError: With every problem found.
        """
        # Fields first: derivation reads them and needs them well-formed.
        problems = _problems(self)
        if not problems:
            derived, problems = derive(self)
            for name, value in derived.items():
                # Frozen, but still being made: the dates fill in the counts.
                object.__setattr__(self, name, value)
            if derived and not problems:
                # The counts the dates gave, in bounds; the rest passed above.
                problems = _problems(self, derived)
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
    def interviewers(self) -> tuple[Interviewer, ...]:
        """
        Every entry of ``interviewer_names`` as an :class:`Interviewer`.

        .. versionadded:: 0.2
        """
        return tuple(map(interviewer, self.interviewer_names))

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
        # Unknown keys are reported with the field problems, not before them.
        problems = _unknown_keys(data) + _contradictions(data)
        # null is "not given", as a model in strict mode sends what it omits.
        known = {
            key: value
            for key, value in data.items()
            if key in _FIELD_SET and value is not None
        }
        # A marker, not a TypeError: a missing field is one problem among all.
        for name in _REQUIRED:
            known.setdefault(name, MISSING)
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


def _unknown_keys(data: Mapping[Any, object]) -> list[Problem]:
    """
    Describe each unknown key, in the order given.

    The first ``MAX_LISTED`` get a suggestion when one is close; the first
    without one lists the field names, so a message stays small.
    """
    found = []
    listed = False
    for index, key in enumerate(key for key in data if key not in _FIELD_SET):
        guess = isinstance(key, str) and index < MAX_LISTED
        close = closest(key, _FIELD_NAMES) if guess else None
        if close is not None:
            expected = f"a known field name (did you mean {close!r}?)"
        elif listed:
            expected = "a known field name"
        else:
            expected, listed = f"a known field name: {', '.join(_FIELD_NAMES)}", True
        found.append(
            Problem(key if isinstance(key, str) else show(key), data[key], expected)
        )
    return found


def _contradictions(data: Mapping[Any, object]) -> list[Problem]:
    """
    Describe given values that contradict each other, naming both fields.
    """
    sent_on = data.get("thank_you_sent_on")
    if data.get("thank_you_sent") is False and sent_on is not None:
        expected = "null when thank_you_sent is false (or thank_you_sent true)"
        return [Problem("thank_you_sent_on", sent_on, expected)]
    return []


def _problems(s: Situation, only: Container[str] = _FIELD_SET) -> list[Problem]:
    """
    Return every problem of *s*, in field order; of the fields *only*, if given.
    """
    found = [
        problem
        for name, check in _CHECKS
        # A field left at its default is valid: only given values are checked.
        if name in only and (value := getattr(s, name)) is not _DEFAULTS[name]
        for problem in check.problems(name, value)
    ]
    if s.days_since_interview is None and s.interview_date is None:
        found.append(required_days())
    return found


#: Each field's default; a required field's is an object no value can be.
_DEFAULTS: Final = {
    field.name: object() if field.default is attrs.NOTHING else field.default
    for field in _FIELDS
}

#: Each field's check.
_CHECKS: Final[tuple[tuple[str, Check], ...]] = (
    ("stage", Choice(Stage)),
    # Left out is fine when dates give it; _problems reports it otherwise.
    ("days_since_interview", Count(MAX_DAYS, optional=True, say_null=False)),
    ("stated_timeframe_days", Count(MAX_DAYS, optional=True)),
    ("employer_response", Choice(EmployerResponse)),
    ("thank_you_sent", Flag()),
    ("follow_ups_sent", Count(MAX_FOLLOW_UPS)),
    ("days_since_last_follow_up", Count(MAX_DAYS, optional=True)),
    # Below 0 only with dates: _check_next_interview says so.
    ("next_interview_in_days", Count(MAX_DAYS, optional=True, least=-MAX_DAYS)),
    ("technical_role", Flag()),
    ("seniority", Choice(Seniority)),
    ("candidate_name", Text(MAX_TEXT)),
    ("company", Text(MAX_TEXT)),
    ("job_title", Text(MAX_TEXT)),
    ("recruiter_name", Text(MAX_TEXT)),
    ("recruiter_email", Email()),
    ("discussed_topic", Text(MAX_TEXT)),
    ("interviewer_names", Interviewers(MAX_TEXT)),
    ("concerns_from_last_interview", Texts(MAX_CONCERN)),
    ("interview_date", Date()),
    ("today", Date()),
    ("stated_timeframe", Text(MAX_TEXT)),
    ("thank_you_sent_on", Date()),
    ("follow_up_dates", Dates()),
    ("country", Text(MAX_TEXT)),
    ("subdivision", Text(MAX_TEXT)),
)


def checks() -> tuple[tuple[str, Check], ...]:
    """
    Return each field's name and check, in field order.
    """
    return _CHECKS


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
    ahead = s.next_interview_in_days
    if ahead is not None and ahead < 0 and not s.dated:
        # A past round is placed by dates, as a timeline places it.
        expected = "a whole number from 0 unless the situation has dates"
        return [Problem("next_interview_in_days", ahead, expected)]
    if ahead is None or scheduled:
        return []
    return [
        Problem(
            "next_interview_in_days",
            s.next_interview_in_days,
            "null unless employer_response is 'next_round_scheduled'",
        )
    ]
