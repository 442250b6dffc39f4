"""
A pack's signal space: every signal split at each threshold the pack uses.

The rules compare signals with sums of figures and other signals, and
their due days are such sums too. Between two thresholds nothing a rule
tests changes, so one situation per region stands for all of them: the
space is finite, and running the pack on every region proves what it does.
The stated timeframe, which sets the window the other day counts split
against, is tried at its own thresholds, wherever a threshold relative to
it meets a fixed one (see ``_Walk.crossings``), and at :data:`TIMEFRAMES`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._daycount import MAX_DAYS
from ._input_checks import MAX_FOLLOW_UPS
from ._pack_bounds import ORDER, Bound, bounds, completed
from ._pack_texts import text_tests
from ._rules_check import holds_one
from ._signals import DEFAULT_WINDOWS, SIGNALS

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ._rules_model import Condition, Rule, RulePack

#: The signals of the decision window, split together (see _Walk.window).
_WINDOW: Final = frozenset(
    {"stated_timeframe_days", "decision_window_days", "stated_timeframe_given_days"}
)
#: Stated timeframes tried besides the pack's own thresholds on them: a
#: spread from none at all to a month, so each window meets the bounds.
TIMEFRAMES: Final = (0, 1, 3, 5, 10, 21, 30)


@attrs.frozen
class Region:
    """
    One region of a pack's signal space, and a situation that stands for it.

    Attributes:
        signals: The signals of the standing situation, every one named.
        labels: For each signal, the range of the region, in the terms of
            the thresholds that bound it (``"any"`` if no rule tests it).
    """

    signals: Mapping[str, Any] = attrs.field(hash=False)
    labels: tuple[tuple[str, str], ...]

    @property
    def business(self) -> bool:
        """
        Whether the region counts business days, as dated advice does.
        """
        return bool(self.signals["business_days"])


def regions(pack: RulePack) -> Iterator[Region]:
    """
    Yield one region per distinct split of the signals, in both day counts.

    Args:
        pack: A checked rule pack.

    Yields:
        Each region once, with a situation's signals that stand for it.
    """
    for business in (False, True):
        days = pack.figure_days(business=business)
        texts = {rule.id: (*rule.when, *text_tests(rule)) for rule in pack.rules}
        walk = _Walk(days, bounds(pack, days, texts), texts, completed(pack))
        seen: set[tuple[tuple[str, str], ...]] = set()
        start = {"business_days": business}
        label = ("business_days", "business days" if business else "calendar days")
        for signals, labels in walk.split(start, (label,), 0, pack.rules):
            if labels not in seen:
                seen.add(labels)
                yield Region(dict(signals), labels)


@attrs.frozen
class _Walk:
    """
    The splitting of one day count's signals, signal by signal.

    Attributes:
        days: The figures in the day count.
        bounds: The sums each count signal is compared with.
        tests: By rule id, the rule's tests and those its texts make.
        completed: By rule id and signal, the rule's tests that the signal
            is the last to be split of.
    """

    days: Mapping[str, int]
    bounds: Mapping[str, list[Bound]]
    tests: Mapping[str, tuple[Condition, ...]]
    completed: Mapping[str, Mapping[str, tuple[Condition, ...]]]

    def split(
        self,
        signals: dict[str, Any],
        labels: tuple[tuple[str, str], ...],
        at: int,
        live: tuple[Rule, ...],
    ) -> Iterator[tuple[dict[str, Any], tuple[tuple[str, str], ...]]]:
        """
        Yield every split of the signals from ``ORDER[at]`` on, given *signals*.

        Only the *live* rules, those that can still fire, split the signals
        left: a test of a signal no live rule reads makes no region.
        """
        if at == len(ORDER):
            yield signals, labels
            return
        name = ORDER[at]
        for value, label in self.values(name, signals, live):
            chosen = {**signals, name: value}
            still = tuple(
                r
                for r in live
                if all(
                    holds_one(c, chosen, self.days)
                    for c in self.completed[r.id].get(name, ())
                )
            )
            yield from self.split(chosen, (*labels, (name, label)), at + 1, still)

    def read(self, name: str, live: tuple[Rule, ...]) -> list[Condition]:
        """
        Return the tests of signal *name* that the live rules and texts make.
        """
        return [c for r in live for c in self.tests[r.id] if c.field == name]

    def reads_window(self, live: tuple[Rule, ...]) -> bool:
        """
        Tell whether a live rule or its texts read the decision window.
        """
        ids = {rule.id for rule in live}
        return any(self.read(name, live) for name in _WINDOW) or any(
            bound.rule in ids and {n for _, n in bound.signals} & _WINDOW
            for bounds in self.bounds.values()
            for bound in bounds
        )

    def crossings(self, live: tuple[Rule, ...]) -> set[int]:
        """
        Return the windows at which a bound relative to it meets a fixed one.

        ``days_since_interview >= decision_window_days + c`` meets a fixed
        threshold ``k`` of the calendar days or of the days since the last
        follow-up (which the days since the interview bound) at ``k - c``.
        """
        fixed = {0} | {
            cut
            for bounded in (
                "calendar_days_since_interview",
                "days_since_last_follow_up",
            )
            for cut in self.cuts(bounded, {}, live)
        }
        ids = {rule.id for rule in live}
        offsets = {
            bound.constant
            for bound in self.bounds.get("days_since_interview", [])
            if bound.rule in ids and bound.signals == ((1, "decision_window_days"),)
        }
        return {k - c + d for k in fixed for c in offsets for d in (-1, 0, 1)}

    def values(
        self, name: str, signals: Mapping[str, Any], live: tuple[Rule, ...]
    ) -> list[tuple[Any, str]]:
        """
        Return a value and a label for each range of signal *name*.
        """
        if name in _WINDOW:
            return self.window(name, signals, live)
        if SIGNALS[name].kind != "count":
            return _classes(name, self.read(name, live), signals)
        low, high = _domain(name, signals)
        if high < low:
            return [(None, "absent")]
        tests = self.read(name, live)
        # The days since the last follow-up are required once there is one.
        optional = SIGNALS[name].optional and name != "days_since_last_follow_up"
        absent = [(None, "absent")] if optional else []
        ids = {rule.id for rule in live}
        if not tests and not any(b.rule in ids for b in self.bounds.get(name, [])):
            return absent or [(low, "any")]
        extra: tuple[int, ...] = ()
        if name == "days_since_interview":
            # It bounds the calendar days (from below) and the days since the
            # last follow-up (from above): their fixed thresholds split it too.
            extra = tuple(
                point
                for bounded in (
                    "calendar_days_since_interview",
                    "days_since_last_follow_up",
                )
                for cut in self.cuts(bounded, {}, live)
                for point in (cut - 1, cut, cut + 1)
            )
        return absent + self.counts(name, signals, live, (low, high), extra)

    def window(
        self, name: str, signals: Mapping[str, Any], live: tuple[Rule, ...]
    ) -> list[tuple[Any, str]]:
        """
        Return the values of the stated timeframe, or the window it makes.

        The timeframe is tried at its own thresholds and at each of
        :data:`TIMEFRAMES`, so the day counts split relative to the window
        meet their bounds at each; no rule reading either, it is "any".
        """
        reads = self.reads_window(live)
        stated = signals.get("stated_timeframe_days")
        if name == "stated_timeframe_given_days":  # as given: calendar days
            if stated is None or not signals["business_days"]:
                return [(stated, "absent" if stated is None else "given")]
            return [(_fewest_calendar_days(stated), "given")]
        if name == "stated_timeframe_days":
            if not reads:
                return [(None, "any")]
            tried = (*TIMEFRAMES, *self.crossings(live))
            given = self.counts(name, signals, live, _domain(name, signals), tried)
            relabelled = [
                (v, "given" if label == "any" else label) for v, label in given
            ]
            return [(None, "absent"), *relabelled]
        applied = signals["stage"] == "applied"
        label = DEFAULT_WINDOWS[applied] if stated is None else name
        value = self.days[DEFAULT_WINDOWS[applied]] if stated is None else stated
        return [(value, label if reads else "any")]

    def counts(
        self,
        name: str,
        signals: Mapping[str, Any],
        live: tuple[Rule, ...],
        domain: tuple[int, int],
        extra: tuple[int, ...],
    ) -> list[tuple[Any, str]]:
        """
        Return a value on, and between, each threshold of count *name*.
        """
        cuts = self.cuts(name, signals, live)
        # t - 1, t and t + 1 stand for every range: below, on and above t.
        points = {p + d for p in cuts for d in (-1, 0, 1)} | set(extra)
        low, high = domain
        chosen = sorted(p for p in points if low <= p <= high) or [low]
        marks = sorted(cuts.items())
        return [(point, _label(point, marks)) for point in chosen]

    def cuts(
        self, name: str, signals: Mapping[str, Any], live: tuple[Rule, ...]
    ) -> dict[int, str]:
        """
        Return the thresholds of count *name* the live rules make, given *signals*.

        A threshold that reads a signal not in *signals* is left out.
        """
        cuts: dict[int, str] = {}
        for condition in self.read(name, live):
            for item in condition.items():
                cuts.setdefault(int(item), str(item))  # type: ignore[call-overload]
        ids = {rule.id for rule in live}
        for bound in self.bounds.get(name, []):
            if bound.rule in ids and all(
                signals.get(n) is not None for _, n in bound.signals
            ):
                value = bound.value(signals)
                for point in {math.floor(value), math.ceil(value)}:
                    cuts.setdefault(point, bound.text)
        return cuts


def _classes(
    name: str, tests: list[Condition], signals: Mapping[str, Any]
) -> list[tuple[Any, str]]:
    """
    Return one value per class of a choice or flag the live rules tell apart.
    """
    spec = SIGNALS[name]
    values: list[Any] = list(spec.choices) if spec.kind == "choice" else [False, True]
    classes: dict[tuple[bool, ...], list[Any]] = {}
    for value in values:
        seen = tuple(holds_one(c, {**signals, name: value}, {}) for c in tests)
        # The stage also picks the default window: applied waits longer.
        seen += (value == "applied",) if name == "stage" else ()
        classes.setdefault(seen, []).append(value)
    if len(classes) == 1 and not tests:
        return [(values[0], "any")]
    return [(group[0], ", ".join(map(str, group))) for group in classes.values()]


def _domain(name: str, signals: Mapping[str, Any]) -> tuple[int, int]:
    """
    Return the least and most a count can be, given the signals before it.
    """
    since = signals.get("days_since_interview", 0)
    scheduled = signals["employer_response"] == "next_round_scheduled"
    business = signals["business_days"]
    # In business days, a count spans at most the business days of MAX_DAYS.
    top = MAX_DAYS - 2 * (MAX_DAYS // 7) if business else MAX_DAYS
    if name == "calendar_days_since_interview":
        return (_fewest_calendar_days(since), MAX_DAYS) if business else (since, since)
    if name == "follow_ups_sent":
        return 0, MAX_FOLLOW_UPS
    if name == "days_since_last_follow_up":
        return (0, since) if signals["follow_ups_sent"] else (1, 0)
    if name == "next_interview_in_days":
        return (0, top) if scheduled else (1, 0)
    if name == "days_since_next_round":
        # A round's passing is known from dates only, and not with one ahead.
        ahead = signals["next_interview_in_days"] is not None
        return (1, top) if scheduled and business and not ahead else (1, 0)
    return 0, top


def _fewest_calendar_days(business_days: int) -> int:
    # A business week takes seven calendar days, at the least five.
    return business_days + 2 * (max(business_days - 1, 0) // 5)


def _label(point: int, marks: list[tuple[int, str]]) -> str:
    """
    Return where *point* lies among the thresholds *marks*, in their terms.
    """
    on = [text for value, text in marks if value == point]
    if on or not marks:
        return on[0] if on else "any"
    below = [text for value, text in marks if value < point][-1:]
    above = [text for value, text in marks if value > point][:1]
    if below and above:
        return f"between {below[0]} and {above[0]}"
    return f"above {below[0]}" if below else f"below {above[0]}"
