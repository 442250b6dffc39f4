"""
Proving a rule pack: gaps, dead and shadowed rules, conflicts, differences.

Every finding comes from running the pack on every region of its signal
space (see ``_pack_space``), so a pack without findings has none in any
situation, not only in those a test happened to try.
"""

from __future__ import annotations

import collections
import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._engine import Engine
from ._enums import Phase
from ._pack_run import Outcome, example, outcome, outcomes
from ._pack_texts import branches
from ._paths import data_folder
from ._rules_reader import load_pack

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

    from ._rules_model import Rule, RulePack

#: The kinds of finding, in the order they are reported.
KINDS: Final = ("gap", "dead", "never_shown", "shadowed", "conflict", "difference")


@attrs.frozen
class Finding:
    """
    One thing a pack does that it may not mean to.

    Attributes:
        kind: One of :data:`KINDS`.
        message: What was found.
        example: A situation, as a mapping of its fields, that shows it.
        file: The rule's file, if a rule is at fault.
        rule_id: The rule's id, if a rule is at fault.
        line: The line of the rule's id, if known.
    """

    kind: str
    message: str
    example: dict[str, Any] = attrs.field(hash=False)
    file: str | None = None
    rule_id: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        rule = f"rule {self.rule_id!r}" if self.rule_id else ""
        prefix = " ".join(part for part in (where, rule) if part)
        shown = json.dumps(self.example, sort_keys=True)
        head = f"{prefix}: " if prefix else ""
        return f"{head}{self.kind}: {self.message}; for example {shown}"


@attrs.frozen
class CheckReport:
    """
    What checking a pack found.

    Attributes:
        regions: How many regions of the signal space were run.
        findings: Every finding, by kind in the order of :data:`KINDS`.
    """

    regions: int
    findings: tuple[Finding, ...]

    def without(self, allowed: Iterable[str]) -> tuple[Finding, ...]:
        """
        Return the findings of kinds not in *allowed*.
        """
        kinds = set(allowed)
        return tuple(f for f in self.findings if f.kind not in kinds)


def check_rules(rules: Iterable[str | os.PathLike[str]] = ()) -> CheckReport:
    """
    Prove the packaged rules, with *rules* layered on them as an Advisor would.

    Args:
        rules: Rule files or folders of ``*.toml`` files; none checks the
            packaged pack alone. With some, the report also says how the
            result differs from the packaged pack (kind ``difference``).

    Returns:
        The number of regions run and every finding.

    Raises:
        RulePackError: The rules cannot be read or are invalid.
    """
    paths = [Path(path) for path in rules]
    pack = load_pack([data_folder("rules")], paths)
    return prove(pack, load_pack([data_folder("rules")]) if paths else None)


def prove(pack: RulePack, base: RulePack | None = None) -> CheckReport:
    """
    Run *pack* on its whole signal space and report every finding.

    Args:
        pack: The pack to prove.
        base: The pack it is layered on, to report the differences from.
    """
    results = list(outcomes(pack))
    findings = find(pack, results)
    if base is not None:
        findings += difference(base, results)
    order = {kind: index for index, kind in enumerate(KINDS)}
    return CheckReport(
        len(results), tuple(sorted(findings, key=lambda f: order[f.kind]))
    )


def find(pack: RulePack, results: list[Outcome]) -> list[Finding]:
    """
    Return every finding but differences, from the outcomes of every region.
    """
    return (
        _gaps(results)
        + _dead(pack, results)
        + _never_shown(results)
        + _branches(results)
        + _shadowed(results)
        + _conflicts(results)
    )


def _about(rule: Rule, kind: str, message: str, where: Outcome | None) -> Finding:
    shown = example(where.region) if where is not None else {}
    return Finding(kind, message, shown, rule.file, rule.id, rule.line)


def _gaps(results: list[Outcome]) -> list[Finding]:
    """
    Return one finding per kind of gap and employer response.
    """
    first: dict[tuple[str, str], tuple[Outcome, int]] = {}
    for result in results:
        missing = [
            what
            for what, gone in (
                ("no status", result.status is None),
                ("no outlook", result.outlook is None),
                (
                    "no step due now or ongoing",
                    all(lead.phase is Phase.LATER for lead in result.steps),
                ),
            )
            if gone
        ]
        for what in missing:
            key = (what, str(result.region.signals["employer_response"]))
            found, count = first.get(key, (result, 0))
            first[key] = (found, count + 1)
    return [
        Finding(
            "gap",
            f"{count} region{'s' if count != 1 else ''} with employer_response "
            f"{response!r} {'have' if count != 1 else 'has'} {what}",
            example(found.region),
        )
        for (what, response), (found, count) in first.items()
    ]


def _dead(pack: RulePack, results: list[Outcome]) -> list[Finding]:
    """
    Return the rules that match in no region at all.
    """
    seen = {rule.id for result in results for rule in result.matched}
    return [
        _about(rule, "dead", "never fires: no situation meets its tests", None)
        for rule in pack.rules
        if rule.id not in seen
    ]


def _never_shown(results: list[Outcome]) -> list[Finding]:
    """
    Return each action's draft that no step ever offers.

    A step offers the draft of the first rule of its kind that names one;
    a later rule's draft is never shown.
    """
    offered = {(lead.kind, lead.draft) for r in results for lead in r.steps}
    firing: dict[str, Outcome] = {}
    for result in results:
        for rule in result.fired:
            firing.setdefault(rule.id, result)
    findings = []
    for rule_id, where in firing.items():
        rule = next(r for r in where.fired if r.id == rule_id)
        for spec in rule.actions:
            if spec.draft and (spec.kind, spec.draft) not in offered:
                message = (
                    f"the draft {spec.draft!r} of its {spec.kind.value} step is "
                    "never shown: another rule's draft always leads that step"
                )
                findings.append(_about(rule, "never_shown", message, where))
    return findings


def _branches(results: list[Outcome]) -> list[Finding]:
    """
    Return each branch of a rule's texts shown in no region it fires in.
    """
    shown = {pair for result in results for pair in result.shown}
    firing: dict[str, tuple[Rule, Outcome]] = {}
    for result in results:
        for rule in result.fired:
            firing.setdefault(rule.id, (rule, result))
    findings = []
    for rule, where in firing.values():
        _, starts = branches(rule)
        findings += [
            _about(
                rule,
                "never_shown",
                f"the text beginning {start!r} is never shown: no situation in "
                "which the rule fires takes that branch of its {% if %}",
                where,
            )
            for number, start in enumerate(starts)
            if (rule.id, number) not in shown
        ]
    return findings


def _shadowed(results: list[Outcome]) -> list[Finding]:
    """
    Return the rules that match but always lose their conclusion or title.
    """
    fired = {rule.id for result in results for rule in result.fired}
    losing: dict[str, tuple[Rule, Outcome]] = {}
    for result in results:
        for rule in result.matched:
            if rule.id not in fired:
                losing.setdefault(rule.id, (rule, result))
    findings = []
    for rule, where in losing.values():
        # A rule concluding both needs both slots: name the one taken.
        taken = rule.status is not None and where.status is not None
        winner = where.status if taken else where.outlook
        what = "status" if taken else "outlook"
        by = f" to rule {winner.id!r}" if winner is not None else ""
        message = f"matches but never fires: it always loses its {what}{by}"
        findings.append(_about(rule, "shadowed", message, where))
    return findings + _lost_titles(results)


def _lost_titles(results: list[Outcome]) -> list[Finding]:
    """
    Return the actions whose own title never leads their step.
    """
    leading = {(lead.rule.id, lead.kind) for r in results for lead in r.steps}
    shown = {(lead.kind, lead.title) for r in results for lead in r.steps}
    firing: dict[str, tuple[Rule, Outcome]] = {}
    for result in results:
        for rule in result.fired:
            firing.setdefault(rule.id, (rule, result))
    findings = []
    for rule, where in firing.values():
        for spec in rule.actions:
            lost = (rule.id, spec.kind) not in leading
            if lost and (spec.kind, spec.title) not in shown:
                lead = next(x for x in where.steps if x.kind is spec.kind)
                message = (
                    f"its {spec.kind.value} step always takes its title from "
                    f"another rule (here {lead.rule.id!r})"
                )
                findings.append(_about(rule, "shadowed", message, where))
    return findings


def _conflicts(results: list[Outcome]) -> list[Finding]:
    """
    Return each pair of rules of one priority that match together.

    Both conclude the status, or the outlook, which only one can give; a
    pair that conflicts on the status is not named again for the outlook.
    """
    pairs: dict[tuple[str, str, str], tuple[Rule, Rule, Outcome]] = {}
    for result, slot in itertools.product(results, ("status", "outlook")):
        deciding = [r for r in result.matched if getattr(r, slot) is not None]
        top = min((r.priority for r in deciding), default=None)
        tied = [r for r in deciding if r.priority == top]
        for other in tied[1:]:
            pairs.setdefault((slot, tied[0].id, other.id), (tied[0], other, result))
    # Named on the later rule of the two: a custom rule comes after the
    # packaged ones, and it is the one to change.
    return [
        _about(
            rule,
            "conflict",
            f"concludes {slot} {_concluded(rule, slot)} while rule {first.id!r} "
            f"concludes {_concluded(first, slot)} at the same priority "
            f"{rule.priority}; which wins is left to the engine",
            where,
        )
        for (slot, one, two), (first, rule, where) in pairs.items()
        if slot == "status" or ("status", one, two) not in pairs
    ]


def _concluded(rule: Rule, slot: str) -> str:
    if slot == "status":
        return str(rule.status)
    return str(rule.outlook.odds) if rule.outlook else "none"


def difference(base: RulePack, results: list[Outcome]) -> list[Finding]:
    """
    Return, per kind of change, how many regions *base* decides otherwise.

    *results* are the layered pack's outcomes; the base pack runs on the
    same regions, so each change is shown on the same situation.
    """
    engine = Engine(base)
    changes: dict[str, list[tuple[Outcome, Outcome]]] = collections.defaultdict(list)
    try:
        for result in results:
            region = result.region
            before = outcome(base, engine, region)
            if before.status_value != result.status_value:
                changes["status"].append((before, result))
            if before.plan() != result.plan():
                changes["steps"].append((before, result))
    finally:
        engine.close()
    return [
        Finding(
            "difference",
            f"{len(pairs)} of {len(results)} regions change {what}; here from "
            f"{_said(pairs[0][0], what)} to {_said(pairs[0][1], what)}",
            example(pairs[0][1].region),
        )
        for what, pairs in changes.items()
    ]


def _said(result: Outcome, what: str) -> str:
    if what == "status":
        return str(result.status_value or "no status")
    return ", ".join(f"{kind} ({phase})" for kind, phase in result.plan()) or "none"
