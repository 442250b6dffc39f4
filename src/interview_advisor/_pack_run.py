"""
Running a pack on every region of its signal space, and example situations.

Each region gets what the engine concludes there (the status, the outlook,
the steps and their phases, and which rule gave each), and which rules
matched there, fired or not: a rule that matches but does not fire lost
its status or outlook to another.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._daycount import Calendar
from ._engine import Engine
from ._enums import Phase
from ._pack_space import regions
from ._pack_texts import shown
from ._rules_check import holds_one
from ._signals import SIGNALS

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ._enums import ActionKind, Status
    from ._pack_space import Region
    from ._rules_model import Rule, RulePack


@attrs.frozen
class Lead:
    """
    The step of one kind in a region, and the rule whose title leads it.

    Attributes:
        kind: What to do.
        phase: Now, ongoing, or later.
        rule: The first rule that recommends it, whose title and draft show.
        title: That rule's title, as written.
        draft: The draft template the step offers, if any.
    """

    kind: ActionKind
    phase: Phase
    rule: Rule
    title: str
    draft: str | None


@attrs.frozen
class Outcome:
    """
    What a pack concludes in one region.

    Attributes:
        region: The region.
        status: The rule that concluded the status, if one did.
        outlook: The rule that concluded the outlook, if one did.
        steps: The steps, one per kind, in firing order.
        fired: The rules the engine fired, in firing order.
        matched: The rules whose tests and needed facts hold, fired or not.
        shown: Each fired rule's id with the number of each branch of its
            texts shown (see ``_pack_texts.branches``).
    """

    region: Region
    status: Rule | None
    outlook: Rule | None
    steps: tuple[Lead, ...]
    fired: tuple[Rule, ...]
    matched: tuple[Rule, ...]
    shown: frozenset[tuple[str, int]] = frozenset()

    @property
    def status_value(self) -> Status | None:
        """
        The status concluded, if any.
        """
        return None if self.status is None else self.status.status

    def plan(self) -> tuple[tuple[str, str], ...]:
        """
        Return each step's kind and phase, in plan order.
        """
        order = {Phase.NOW: 0, Phase.ONGOING: 1, Phase.LATER: 2}
        ranked = sorted(self.steps, key=lambda lead: order[lead.phase])
        return tuple((str(lead.kind), str(lead.phase)) for lead in ranked)


def outcomes(pack: RulePack) -> Iterator[Outcome]:
    """
    Run *pack* on every region of its signal space.

    Raises:
        RulePackError: The pack is beyond the engine's limits, or a rule
            failed in some region.
    """
    engine = Engine(pack)
    seen: dict[tuple[Any, ...], frozenset[int]] = {}
    try:
        for region in regions(pack):
            yield outcome(pack, engine, region, seen)
    finally:
        engine.close()


def outcome(
    pack: RulePack,
    engine: Engine,
    region: Region,
    seen: dict[tuple[Any, ...], frozenset[int]] | None = None,
) -> Outcome:
    """
    Return what *pack*, compiled in *engine*, concludes in *region*.

    *seen* keeps, through one run, the branches of texts shown for the
    values they read, so each is rendered once.
    """
    seen = {} if seen is None else seen
    signals = region.signals
    fired = engine.evaluate(tuple((name, signals[name]) for name in SIGNALS))
    leads: dict[ActionKind, Lead] = {}
    dues: dict[ActionKind, list[int]] = {}
    business = region.business
    counts = {b: pack.figure_days(business=b) for b in {False, business}}
    for rule in fired:
        for spec in rule.actions:
            calendar = spec.counted_in == "calendar_days"
            days = counts[business and not calendar]
            if spec.due is not None:
                dues.setdefault(spec.kind, []).append(spec.due.value(signals, days))
            if spec.kind not in leads:
                leads[spec.kind] = Lead(
                    spec.kind, Phase.ONGOING, rule, spec.title, None
                )
            if leads[spec.kind].draft is None and spec.draft:
                leads[spec.kind] = attrs.evolve(leads[spec.kind], draft=spec.draft)
    steps = tuple(
        attrs.evolve(
            lead, phase=Phase.of(max(0, min(dues[kind])) if kind in dues else None)
        )
        for kind, lead in leads.items()
    )
    quoted = pack.figures_shown(business=business)
    return Outcome(
        region=region,
        status=next((r for r in fired if r.status is not None), None),
        outlook=next((r for r in fired if r.outlook is not None), None),
        steps=steps,
        fired=fired,
        matched=matched(pack, signals, counts[business]),
        shown=frozenset(
            (rule.id, branch)
            for rule in fired
            for branch in shown(rule, signals, quoted, seen)
        ),
    )


def matched(
    pack: RulePack, signals: Mapping[str, Any], days: Mapping[str, int]
) -> tuple[Rule, ...]:
    """
    Return the rules whose tests hold for *signals* and whose needs are met.

    *days* are the figures in the signals' day count.
    """
    facts: set[str] = set()
    found = []
    # Facts are derived before the rules that need them (checked at load).
    for rule in sorted(pack.rules, key=lambda r: r.priority):
        if set(rule.needs) <= facts and all(
            holds_one(c, signals, days) for c in rule.when
        ):
            found.append(rule)
            facts.update(rule.derive)
    return tuple(found)


#: The days examples of dated regions are advised on: a week of March,
#: then the week after Easter in Germany, whose Good Friday and
#: Easter Monday leave four calendar days without a business day.
_TODAYS: Final = tuple(
    (country, start + datetime.timedelta(days=shift))
    for country, start in (
        (None, datetime.date(2026, 3, 2)),
        ("DE", datetime.date(2026, 4, 6)),
    )
    for shift in range(7)
)


def example(region: Region) -> dict[str, Any]:
    """
    Return a situation, as a mapping of its fields, that lies in *region*.

    A region counting business days gets dates; its counts are found as
    spans of dates that hold that many business days. Where no such dates
    exist, the business-day counts are given.
    """
    s = region.signals
    fields: dict[str, Any] = {
        name: s[name]
        for name in ("stage", "employer_response", "thank_you_sent", "technical_role")
    }
    fields |= {"seniority": s["seniority"], "follow_ups_sent": s["follow_ups_sent"]}
    if s["has_concerns"]:
        fields["concerns_from_last_interview"] = ["a concern"]
    counts = (
        "days_since_interview",
        "stated_timeframe_days",
        "days_since_last_follow_up",
        "next_interview_in_days",
    )
    if not region.business:
        return fields | {name: s[name] for name in counts if s[name] is not None}
    dated = _dated(s)
    if dated is None:
        return fields | {name: s[name] for name in counts if s[name] is not None}
    return fields | dated


def _dated(s: Mapping[str, Any]) -> dict[str, Any] | None:
    """
    Return the dates and calendar counts for business-day signals *s*.
    """
    for country, today in _TODAYS:
        calendar = Calendar(country)
        interview = today - datetime.timedelta(days=s["calendar_days_since_interview"])
        if calendar.between(interview, today) != s["days_since_interview"]:
            continue
        found: dict[str, Any] = {"interview_date": str(interview), "today": str(today)}
        found |= {"country": country} if country else {}
        spans = {
            "stated_timeframe_days": (interview, 1, s["stated_timeframe_days"]),
            "days_since_last_follow_up": (today, -1, s["days_since_last_follow_up"]),
            "next_interview_in_days": (today, 1, s["next_interview_in_days"]),
        }
        if s["days_since_next_round"] is not None:
            spans["next_interview_in_days"] = (today, -1, s["days_since_next_round"])
        for name, (start, sign, wanted) in spans.items():
            if wanted is None:
                continue
            days = _calendar_days(calendar, start, sign, wanted)
            if days is None:
                break
            found[name] = days * sign if name == "next_interview_in_days" else days
        else:
            return found
    return None


def _calendar_days(
    calendar: Calendar, start: datetime.date, sign: int, wanted: int
) -> int | None:
    """
    Return the fewest calendar days from *start* spanning *wanted* business days.
    """
    for days in range(wanted, 2 * wanted + 8):
        other = start + datetime.timedelta(days=sign * days)
        first, last = sorted((start, other))
        if calendar.between(first, last) == wanted:
            return days
    return None
