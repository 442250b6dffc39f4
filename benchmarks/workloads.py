"""
The situations the benchmarks feed to the advisor and to the baseline.
"""

from __future__ import annotations

import datetime
import itertools
import random
from typing import TYPE_CHECKING, Any

from interview_advisor import EmployerResponse, Stage

if TYPE_CHECKING:
    from collections.abc import Iterator

STAGES = [stage.value for stage in Stage]
RESPONSES = [response.value for response in EmployerResponse]


def _situation(rng: random.Random) -> dict[str, Any]:
    """
    Draw one valid situation from the whole space of signals.
    """
    days = rng.randrange(0, 120)
    response = rng.choice(RESPONSES)
    follow_ups = rng.choice([0, 0, 0, 1, 2, 3])
    situation: dict[str, Any] = {
        "stage": rng.choice(STAGES),
        "days_since_interview": days,
        "stated_timeframe_days": rng.choice([None, rng.randrange(0, 30)]),
        "employer_response": response,
        "thank_you_sent": rng.random() < 0.6,
        "follow_ups_sent": follow_ups,
        "technical_role": rng.random() < 0.4,
        "seniority": rng.choice(["entry", "mid", "senior", "executive"]),
    }
    if follow_ups:
        situation["days_since_last_follow_up"] = rng.randrange(0, days + 1)
    if response == "next_round_scheduled" and rng.random() < 0.5:
        situation["next_interview_in_days"] = rng.randrange(0, 15)
    return situation


def _key(situation: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(situation.items()))


def cold(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """
    Return *count* situations, each a combination of signals not seen before.
    """
    rng = random.Random(seed)
    seen: set[tuple[Any, ...]] = set()
    situations = []
    while len(situations) < count:
        situation = _situation(rng)
        if _key(situation) not in seen:
            seen.add(_key(situation))
            situations.append(situation)
    return situations


def warm(count: int, distinct: int = 300, seed: int = 2) -> list[dict[str, Any]]:
    """
    Return a chatbot-like stream of *count* situations.

    *distinct* positions recur, a few often and most rarely, while every
    message names another person and company.
    """
    rng = random.Random(seed)
    positions = cold(distinct, seed=seed)
    weights = [1 / (rank + 1) for rank in range(distinct)]
    names = itertools.count()
    return [
        {**rng.choices(positions, weights)[0], **personal(rng, next(names))}
        for _ in range(count)
    ]


def personal(rng: random.Random, number: int) -> dict[str, Any]:
    """
    Return the personal details of one message: names, company and concerns.
    """
    return {
        "candidate_name": f"Candidate {number}",
        "company": f"Company {rng.randrange(10_000)}",
        "job_title": rng.choice(["Analyst", "Engineer", "Designer", "Manager"]),
        "recruiter_name": rng.choice([None, "Sam", "Alex Kim"]),
        "interviewer_names": rng.choice(
            [[], ["Ana"], ["Ana Ruiz", {"name": "Bo", "role": "CTO"}]]
        ),
        "discussed_topic": rng.choice([None, "the data platform"]),
        "concerns_from_last_interview": rng.choice([[], [], ["depth in SQL"]]),
    }


def named(count: int, seed: int = 4) -> list[dict[str, Any]]:
    """
    Return *count* new positions, each with personal details of its own.
    """
    rng = random.Random(seed)
    return [
        {**position, **personal(rng, number)}
        for number, position in enumerate(cold(count, seed=seed))
    ]


def dated(situations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """
    Return *situations* dated: an interview date and today instead of a count.

    The same positions, counted in business days from a fixed today, so a
    dated run and an undated run of one list do comparable work.
    """
    today = datetime.date(2026, 11, 25)
    result = []
    for situation in situations:
        dated = {k: v for k, v in situation.items() if k != "days_since_interview"}
        days = datetime.timedelta(days=situation["days_since_interview"])
        dated["interview_date"] = (today - days).isoformat()
        dated["today"] = today.isoformat()
        result.append(dated)
    return result


def endless(count: int, seed: int = 3) -> Iterator[dict[str, Any]]:
    """
    Yield *count* situations without keeping them.

    Half are drawn afresh from the whole space of signals, half from a
    recurring set, each with a new name.
    """
    rng = random.Random(seed)
    recurring = cold(300, seed=seed)
    for index in range(count):
        position = _situation(rng) if index % 2 else rng.choice(recurring)
        yield {**position, "candidate_name": f"Candidate {index}"}
