"""
What if, what lies ahead, and what to ask: the same advisor, advising again.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any, Final

from ._daycount import MAX_DAYS
from ._enums import ActionKind, Phase, Status
from ._input_convert import to_date
from ._output_advice import WhatIf
from ._output_explain import Ahead, FieldChange, Moment, Question, Questions, StepMove
from ._rules_explain import boundaries, shown
from ._signals import SIGNALS
from ._wording import date, when
from .exceptions import InvalidSettingError, InvalidSituationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ._input_situation import Situation
    from ._output_advice import Advice
    from ._rules_model import RulePack

    Advise = Callable[[Mapping[str, Any]], Advice]

#: The furthest ``changes_ahead`` looks, in days.
MOST_DAYS: Final = 365
#: The fields ``questions`` asks about, with the question for each.
QUESTIONS: Final = {
    "employer_response": "Have you heard back from them since the interview?",
    "stated_timeframe_days": (
        "Did they say when they would decide, and within how many days?"
    ),
    "thank_you_sent": "Have you sent a thank-you note since the interview?",
    "follow_ups_sent": "How many follow-up messages have you sent them?",
    "days_since_last_follow_up": "How many days ago did you send the last one?",
    "next_interview_in_days": "In how many days is the next round?",
    "technical_role": "Is it a technical role?",
    "seniority": "How senior is the role: entry, mid, senior or executive?",
}
#: The dated fields that answer a question as well as its own field does.
_DATED_TWINS: Final = {
    "stated_timeframe_days": ("stated_timeframe",),
    "thank_you_sent": ("thank_you_sent_on",),
    "follow_ups_sent": ("follow_up_dates",),
    "days_since_last_follow_up": ("follow_up_dates",),
}


def what_if(
    advice: Advice, given: Mapping[str, Any], changes: Mapping[str, Any], advise: Advise
) -> WhatIf:
    """
    Return the advice for *given* with *changes*, and how it differs.

    Raises:
        InvalidSituationError: The changed situation is not valid.
    """
    changed = advise({**given, **changes})
    before = {action.kind: action.due_in_days for action in advice.actions}
    after = {action.kind: action.due_in_days for action in changed.actions}
    return WhatIf(
        changes=tuple(
            FieldChange(field, _scalar(given.get(field)), _scalar(value))
            for field, value in changes.items()
        ),
        advice=changed,
        status_before=advice.status,
        added=tuple(kind for kind in after if kind not in before),
        removed=tuple(kind for kind in before if kind not in after),
        moved=tuple(
            StepMove(kind, before[kind], day)
            for kind, day in after.items()
            if kind in before and before[kind] != day
        ),
    )


def _scalar(value: object) -> str | int | bool | None:
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return json.dumps(value, default=str)


def ahead(
    advice: Advice,
    situation: Situation,
    days: int,
    until: datetime.date | str | None,
    advise: Advise,
) -> Ahead:
    """
    Return the days within *days* (or up to *until*) on which the advice changes.

    Raises:
        InvalidSettingError: *days* or *until* is out of range.
    """
    days = _horizon(situation, days, until)
    moments, last = [], _outcome(advice)
    for day in range(1, days + 1):
        shifted = _shifted(situation, day)
        if shifted is None:
            break  # past what a situation can say: the round has come
        later = advise(shifted)
        outcome = _outcome(later)
        if outcome != last:
            moment = _moment(day, situation, later, last)
            if moment is not None:
                moments.append(moment)
        last = outcome
    end = situation.today + datetime.timedelta(days=days) if situation.today else None
    return Ahead(days=days, until=end, moments=tuple(moments))


def _horizon(situation: Situation, days: int, until: datetime.date | str | None) -> int:
    """
    Return how many days to look ahead, from *days* or *until*.
    """
    if until is not None:
        if situation.today is None:
            raise InvalidSettingError(
                f"until: got {until!r}, expected none for a situation without "
                "dates (give days instead, or today and interview_date)"
            )
        try:
            end = to_date(until)
        except (TypeError, ValueError):
            end = None
        if not isinstance(end, datetime.date):
            raise InvalidSettingError(
                f"until: got {until!r}, expected a date as YYYY-MM-DD"
            ) from None
        days = (end - situation.today).days
    if type(days) is not int or not 1 <= days <= MOST_DAYS:
        raise InvalidSettingError(
            f"days: got {days!r}, expected a whole number of days ahead "
            f"from 1 to {MOST_DAYS} (until: a date after today within a year)"
        )
    return days


def _outcome(advice: Advice) -> tuple[Status, frozenset[ActionKind]]:
    """
    Return what the advice says now: the status and the steps due now.
    """
    now = frozenset(a.kind for a in advice.actions if a.phase is Phase.NOW)
    return advice.status, now


def _shifted(situation: Situation, day: int) -> dict[str, Any] | None:
    """
    Return *situation* as it stands *day* days later if nothing happens.
    """
    data = {k: v for k, v in situation.to_dict().items() if v not in (None, [])}
    ahead = data.get("next_interview_in_days")
    if situation.today is not None:
        data["today"] = (situation.today + datetime.timedelta(days=day)).isoformat()
        # The dates give these counts again, as of the new today.
        data.pop("days_since_interview", None)
        if "stated_timeframe" in data:
            data.pop("stated_timeframe_days", None)
        if "follow_up_dates" in data:
            data.pop("days_since_last_follow_up", None)
    else:
        data["days_since_interview"] += day
        passed = ahead is not None and ahead < day
        if data["days_since_interview"] > MAX_DAYS or passed:
            return None
    if "days_since_last_follow_up" in data and "follow_up_dates" not in data:
        data["days_since_last_follow_up"] += day
    if ahead is not None:
        data["next_interview_in_days"] = ahead - day
    return data


def _moment(
    day: int,
    situation: Situation,
    later: Advice,
    last: tuple[Status, frozenset[ActionKind]],
) -> Moment | None:
    """
    Return the moment *later* marks, or None if only steps end that day.
    """
    status = later.status if later.status is not last[0] else None
    due = tuple(
        a.kind for a in later.actions if a.phase is Phase.NOW and a.kind not in last[1]
    )
    if status is None and not due:
        return None
    on = (
        None
        if situation.today is None
        else situation.today + datetime.timedelta(days=day)
    )
    parts = [] if status is None else [f"the status becomes {shown(status)}"]
    if due:
        titles = [f"'{a.title}'" for a in later.actions if a.kind in due]
        steps = "a step falls" if len(titles) == 1 else f"{len(titles)} steps fall"
        parts.append(f"{steps} due: {', '.join(titles)}")
    said = f"On {date(on)}" if on else when(day).capitalize()
    return Moment(day, on, status, due, f"{said}, {'; '.join(parts)}.")


def questions(
    advice: Advice,
    given: Mapping[str, Any],
    pack: RulePack,
    signals: Mapping[str, Any],
    advise: Advise,
) -> Questions:
    """
    Return the fields not in *given* whose answer changes the advice.
    """
    baseline = _outcome(advice)
    days = pack.figure_days(business=bool(signals["business_days"]))
    found = []
    for field, question in QUESTIONS.items():
        twins = (field, *_DATED_TWINS.get(field, ()))
        if any(given.get(name) not in (None, [], ()) for name in twins):
            continue
        outcomes: dict[str, tuple[Status, frozenset[ActionKind]]] = {}
        for value in _candidates(field, pack, signals, days):
            answer = {field: value, **_companions(field, value, given)}
            try:
                outcomes[shown(value)] = _outcome(advise({**given, **answer}))
            except InvalidSituationError:
                continue  # an answer that needs another field first
        answers = tuple(name for name, out in outcomes.items() if out != baseline)
        if answers:
            distinct = len(set(outcomes.values()) | {baseline})
            found.append(Question(field, question, answers, distinct - 1))
    # Most decisive first; sorted() keeps the order of QUESTIONS in a tie.
    found.sort(key=lambda question: -question.changes)
    return Questions(tuple(found))


def _companions(field: str, value: object, given: Mapping[str, Any]) -> dict[str, Any]:
    """
    Return what an answer implies for another field.

    Follow-ups sent have a last one, taken as sent today unless its day is
    given.
    """
    if (
        field == "follow_ups_sent"
        and value
        and "days_since_last_follow_up" not in given
    ):
        return {"days_since_last_follow_up": 0}
    return {}


def _candidates(
    field: str, pack: RulePack, signals: Mapping[str, Any], days: Mapping[str, int]
) -> tuple[object, ...]:
    """
    Return the values of *field* worth trying.

    Each choice of a choice, both values of a flag, and for a count each
    value where a condition of the pack turns.
    """
    spec = SIGNALS[field]
    if spec.kind == "choice":
        return spec.choices
    if spec.kind == "flag":
        return (True, False)
    # The rules read a stated timeframe as the decision window.
    names = {field, _READ_AS.get(field, field)}
    turns = sorted(
        {t for name in names for t in boundaries(pack.rules, name, signals, days)}
    )
    return tuple(turns) or (0, 1)


#: The signal the rules read a field's value as, where it has another name.
_READ_AS: Final = {"stated_timeframe_days": "decision_window_days"}
