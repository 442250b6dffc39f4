"""
The pack reader: TOML files of rules and figures, read into a checked pack.

A pack is a folder of ``*.toml`` files. ``figures.toml`` names the timing
figures; every other file holds ``[[rule]]`` tables. docs/rules.md describes
the format.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Final, TypeVar

from ._enums import ActionKind, Odds, Status
from ._paths import in_packaged_rules
from ._rules_check import check_due, check_guarded, check_pack
from ._rules_conditions import check_counted_in, parse_conditions, parse_sum
from ._rules_drafts import (
    draft_values,
    missing_placeholders,
    placeholders_of,
    recipients,
)
from ._rules_model import (
    DEFAULT_TO,
    ActionSpec,
    Condition,
    Figure,
    OutlookSpec,
    Rule,
    RulePack,
    Where,
)
from ._rules_texts import check_texts
from ._rules_toml import figures_of, marks_of, read_toml, short
from ._templating import MAX_RULE_TEXT, SEPARATOR
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

_E = TypeVar("_E", Status, Odds, ActionKind)
_T = TypeVar("_T")

_RULE_KEYS: Final = frozenset(
    {"id", "priority", "when", "needs", "derive", "status", "outlook", "reason"}
    | {"action"}
)
_ACTION_KEYS: Final = frozenset(
    {"kind", "due", "title", "why", "checklist", "per_concern", "draft"}
    | {"counted_in", "to", "draft_values"}
)


def load_pack(folders: Iterable[Path], extra: Iterable[Path] = ()) -> RulePack:
    """
    Read, check and return a rule pack.

    Args:
        folders: Folders of the base pack: ``figures.toml`` and rule files.
        extra: Further rule files or folders. A rule whose id is already in
            the base pack replaces it; any other rule is added; a figure
            replaces the base figure of the same name.

    Returns:
        The checked pack.

    Raises:
        RulePackError: A file cannot be read or a rule is invalid; the error
            names the file, the rule and the line where they are known, and
            its ``problems`` list every one found.
    """
    pack, problems = read_pack(folders, extra)
    if problems:
        error = problems[0] if len(problems) == 1 else RulePackError.of(problems)
        raise error from None
    return pack


def read_pack(
    folders: Iterable[Path], extra: Iterable[Path] = ()
) -> tuple[RulePack, list[RulePackError]]:
    """
    Read a rule pack as :func:`load_pack` does, collecting every problem.

    Returns:
        The pack made of every rule that could be read, and the problems.
    """
    # Problems are collected, not raised, so one run reports all of them.
    problems: list[RulePackError] = []
    layers = [
        _read_documents(_toml_files(paths, problems), problems)
        for paths in (folders, extra)
    ]
    # Every figure first: a rule in any file may use a figure of any other,
    # and a figure of the extra layer replaces the base figure everywhere.
    figures: dict[str, Figure] = {}
    for documents in layers:
        for path, (text, data) in documents:
            if "figure" not in data:
                continue  # finding the lines of a file costs a scan of it
            try:
                figures.update(figures_of(path, marks_of(text), data["figure"]))
            except RulePackError as error:
                problems.append(error)
    # Likewise a placeholder of the extra layer replaces the base one.
    placeholders: dict[str, str] = {}
    for documents in layers:
        for path, (text, data) in documents:
            try:
                placeholders.update(placeholders_of(path, text, data))
            except RulePackError as error:
                problems.append(error)
    rules: dict[str, Rule] = {}
    for documents in layers:
        # A later layer's rule replaces the base rule of the same id.
        rules.update(_read_rules(documents, figures, problems))
    pack = RulePack(
        rules=tuple(rules.values()),
        figures=figures,
        placeholders=placeholders,
        packaged=not layers[1] and not any(rule.custom for rule in rules.values()),
    )
    # Pack-wide checks on a broken pack would only repeat what is reported;
    # the packaged pack ships checked (tests/test_rules_check.py).
    if not problems and not pack.packaged:
        problems += check_pack(pack)
        problems += missing_placeholders(pack)
    return pack, problems


def _toml_files(paths: Iterable[Path], problems: list[RulePackError]) -> list[Path]:
    """
    Return the TOML files among *paths*, folders expanded in name order.
    """
    files = []
    for path in paths:
        if path.is_dir():
            # Name order, so rules of equal priority fire the same way everywhere.
            files += sorted(path.glob("*.toml"))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(RulePackError("no such file or folder", file=str(path)))
    return files


def _read_documents(
    files: list[Path], problems: list[RulePackError]
) -> list[tuple[Path, tuple[str, dict[str, Any]]]]:
    documents = []
    for path in files:
        try:
            documents.append((path, read_toml(path)))
        except RulePackError as error:
            problems.append(error)
    return documents


def _read_rules(
    documents: list[tuple[Path, tuple[str, dict[str, Any]]]],
    figures: Mapping[str, Figure],
    problems: list[RulePackError],
) -> dict[str, Rule]:
    """
    Read the rules of one layer; an id may appear once in it.
    """
    rules: dict[str, Rule] = {}
    for path, (text, data) in documents:
        marks = marks_of(text)
        # An unknown key is reported, and the rules are still read.
        unknown = sorted(set(data) - {"rule", "figure", "placeholder"})
        if unknown:
            problems.append(
                RulePackError(
                    f"unknown top-level keys {unknown}; "
                    "expected 'rule', 'figure' and 'placeholder'",
                    file=str(path),
                    line=marks.get(f"key:{unknown[0]}"),
                )
            )
        try:
            tables = _rule_tables(path, data)
        except RulePackError as error:
            problems.append(error)
            continue
        custom = not in_packaged_rules(path)  # once a file: it asks the disk
        for raw in tables:
            try:
                rule = _rule(path, marks, raw, figures, custom=custom)
            except RulePackError as error:
                problems.extend(error.problems)
                continue
            # Within one layer a repeated id is a mistake, never a replacement.
            if rule.id in rules:
                first = rules[rule.id]
                problems.append(
                    RulePackError(
                        "duplicate rule id, first defined in "
                        f"{first.file}:{first.line}",
                        file=rule.file,
                        rule_id=rule.id,
                        line=rule.line,
                    )
                )
            rules[rule.id] = rule
    return rules


def _rule_tables(path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise RulePackError("'rule' must be written as [[rule]] tables", file=str(path))
    return rules


def _rule(
    path: Path,
    marks: dict[str, int],
    raw: dict[str, Any],
    figures: Mapping[str, Figure],
    *,
    custom: bool,
) -> Rule:
    """
    Check one ``[[rule]]`` table and return it as a :class:`Rule`.

    *custom* tells whether *path* is outside the packaged rules.
    """
    # Ids become parts of engine JSON and error messages: keep them plain.
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9_.-]+", rule_id):
        raise RulePackError(
            f"every rule needs an 'id' of lower-case letters, digits, '.', '_' "
            f"or '-'; got {short(rule_id)}",
            file=str(path),
        )
    where = Where(str(path), rule_id, marks.get(f"id:{rule_id}"))
    # Every part is read even after one fails, so one run reports them all.
    problems: list[RulePackError] = []
    attempt = functools.partial(_attempt, problems)
    attempt(lambda: _expect_keys(where, "rule", raw, _RULE_KEYS), None)
    none: tuple[Condition, ...] = ()
    when = attempt(lambda: parse_conditions(where, raw.get("when", {}), figures), none)
    tables: list[dict[str, Any]] = attempt(lambda: _tables(where, raw), [])
    actions: list[ActionSpec | None] = [
        attempt(functools.partial(_action, where, item, figures, when), None)
        for item in tables
    ]
    rule = Rule(
        id=rule_id,
        priority=attempt(lambda: _integer(where, "priority", raw.get("priority")), 0),
        file=where.file,
        line=where.line,
        when=when,
        needs=attempt(lambda: _names(where, "needs", raw.get("needs", [])), ()),
        derive=attempt(lambda: _names(where, "derive", raw.get("derive", [])), ()),
        status=attempt(
            lambda: _member(where, "status", raw.get("status"), Status), None
        ),
        outlook=attempt(lambda: _outlook(where, raw.get("outlook")), None),
        reason=attempt(lambda: _text(where, "reason", raw.get("reason")), "-"),
        actions=tuple(action for action in actions if action is not None),
        custom=custom,
    )
    # Texts are checked now, so a typo fails at load, not mid-advice. The
    # packaged texts ship checked (the test suite checks every one), so the
    # first call of a process does not compile them all twice.
    if rule.custom:
        problems += check_texts(where, rule, figures)
    if problems:
        raise problems[0] if len(problems) == 1 else RulePackError.of(problems)
    return rule


def _attempt(problems: list[RulePackError], read: Callable[[], _T], fallback: _T) -> _T:
    """
    Return what *read* returns, or note its problems and return *fallback*.
    """
    try:
        return read()
    except RulePackError as error:
        problems.extend(error.problems)
        return fallback


def _expect_keys(
    where: Where, what: str, raw: dict[str, Any], allowed: frozenset[str]
) -> None:
    # An unknown key is most often a misspelt known one, silently ignored.
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise where.error(
            f"unknown {what} keys {unknown}; expected some of {sorted(allowed)}"
        )


def _integer(where: Where, key: str, value: object) -> int:
    # type() rather than isinstance(): a bool is not a priority.
    if type(value) is not int:
        raise where.error(f"{key!r} must be an integer, got {short(value)}")
    return value


def _names(where: Where, key: str, value: object) -> tuple[str, ...]:
    # Fact names are written into engine JSON unescaped: keep them plain.
    if not isinstance(value, list) or not all(
        isinstance(item, str) and re.fullmatch(r"[a-z0-9_]+", item) for item in value
    ):
        raise where.error(f"{key!r} must be a list of fact names, got {short(value)}")
    return tuple(value)


def _member(where: Where, key: str, value: object, kind: type[_E]) -> _E | None:
    if value is None:
        return None
    members = {member.value: member for member in kind}
    if isinstance(value, str) and value in members:
        return members[value]
    accepted = ", ".join(members)
    raise where.error(f"unknown {key} {short(value)}; expected one of: {accepted}")


def _text(where: Where, key: str, value: object) -> str:
    # The renderer joins a rule's texts with SEPARATOR: a text must not hold it.
    if not isinstance(value, str) or not value.strip() or SEPARATOR in value:
        raise where.error(
            f"{key!r} must be a non-empty text without control characters, "
            f"got {short(value)}"
        )
    # A bound on each text bounds the time and memory of checking it.
    if len(value) > MAX_RULE_TEXT:
        raise where.error(
            f"{key!r} may hold at most {MAX_RULE_TEXT:,} characters, got {len(value):,}"
        )
    return value.strip()


def _outlook(where: Where, raw: object) -> OutlookSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"odds", "why"}:
        raise where.error("'outlook' must be a table with exactly 'odds' and 'why'")
    odds = _member(where, "odds", raw["odds"], Odds)
    assert odds is not None  # noqa: S101  # set(raw) == {"odds", "why"} above
    return OutlookSpec(odds=odds, why=_text(where, "outlook.why", raw["why"]))


def _tables(where: Where, raw: dict[str, Any]) -> list[dict[str, Any]]:
    actions = raw.get("action", [])
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise where.error("actions must be written as [[rule.action]] tables")
    return actions


def _action(
    where: Where,
    raw: dict[str, Any],
    figures: Mapping[str, Figure],
    when: tuple[Condition, ...],
) -> ActionSpec:
    _expect_keys(where, "action", raw, _ACTION_KEYS)
    kind = _member(where, "action kind", raw.get("kind"), ActionKind)
    if kind is None:
        raise where.error("every action needs a 'kind'")
    due = raw.get("due")
    expr = None if due is None else parse_sum(where, "due", due, figures)
    # A due day that reads an absent signal would fail in the engine.
    if expr is not None:
        check_guarded(where, expr, when)
        check_due(where, expr, figures)
    counted_in = raw.get("counted_in", "business_days")
    check_counted_in(where, counted_in, expr, figures)
    checklist = raw.get("checklist", [])
    if not isinstance(checklist, list):
        raise where.error("'checklist' must be a list of texts")
    per_concern = raw.get("per_concern")
    draft = raw.get("draft")
    # A plain name, so a rule cannot point at a file outside drafts/.
    if draft is not None and not (
        isinstance(draft, str) and re.fullmatch(r"[a-z_]+", draft)
    ):
        raise where.error(
            f"'draft' must name a template in drafts/, got {short(draft)}"
        )
    # The rest is read even after one part fails, so one run reports it all.
    found: list[RulePackError] = []
    attempt = functools.partial(_attempt, found)
    to = raw.get("to")
    values = raw.get("draft_values", {})
    if draft is None and (to is not None or values):
        found.append(where.error("'to' and 'draft_values' need a 'draft'"))
    spec = ActionSpec(
        kind=kind,
        due=expr,
        to=DEFAULT_TO
        if to is None
        else attempt(lambda: recipients(where, to), DEFAULT_TO),
        draft_values=attempt(lambda: draft_values(where, values, figures, when), ()),
        title=attempt(lambda: _text(where, "title", raw.get("title")), "-"),
        why=attempt(lambda: _text(where, "why", raw.get("why")), "-"),
        checklist=tuple(_text(where, "checklist item", item) for item in checklist),
        per_concern=None
        if per_concern is None
        else _text(where, "per_concern", per_concern),
        draft=draft,
        counted_in=counted_in,
    )
    if found:
        raise found[0] if len(found) == 1 else RulePackError.of(found)
    return spec
