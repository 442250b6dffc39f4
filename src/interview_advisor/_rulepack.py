"""
Rule packs: rules kept as TOML data, checked and compiled for the engine.

A pack is a folder of ``*.toml`` files. ``figures.toml`` names the timing
figures; every other file holds ``[[rule]]`` tables. docs/rules.md describes
the format.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
import jinja2
import jinja2.meta

from ._enums import ActionKind, Odds, Status
from ._signals import SIGNALS
from ._templating import SEPARATOR, environment
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

_E = TypeVar("_E", Status, Odds, ActionKind)

#: Operators a condition may use, and their engine form.
_COMPARISONS: Final = {
    "eq": None,
    "ne": "$neq",
    "lt": "$lt",
    "lte": "$lte",
    "gt": "$gt",
    "gte": "$gte",
}
_OPERATORS: Final = (*_COMPARISONS, "in", "not_in", "present")
_UNITS: Final = ("hours", "calendar_days", "business_days", "weeks", "count")
_RULE_KEYS: Final = frozenset(
    {"id", "priority", "when", "needs", "derive", "status", "outlook", "reason"}
    | {"action"}
)
_ACTION_KEYS: Final = frozenset(
    {"kind", "due", "title", "why", "checklist", "per_concern", "draft"}
)
_TERM: Final = re.compile(r"\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*|\d+)\s*")
#: Names a rule's text may use besides the signals and the figures.
_TEXT_EXTRAS: Final = frozenset({"concern"})


@attrs.frozen
class Figure:
    """
    One named timing figure.

    Attributes:
        name: How rules refer to it.
        value: The figure in its own unit.
        unit: One of hours, calendar_days, business_days, weeks, count.
        source: Who published it.
    """

    name: str
    value: int
    unit: str
    source: str

    @property
    def days(self) -> int:
        """
        The figure in calendar days (or as a plain count).

        Without dates, five business days are read as one calendar week, so
        ``n`` business days span ``n + 2 * (n // 5)`` calendar days; hours
        round up to whole days.
        """
        if self.unit == "hours":
            return math.ceil(self.value / 24)
        if self.unit == "business_days":
            return self.value + 2 * (self.value // 5)
        if self.unit == "weeks":
            return self.value * 7
        return self.value

    @property
    def business_days(self) -> int:
        """
        The figure in business days (or as a plain count), for dated advice.

        A calendar week holds five business days, so ``n`` calendar days
        count as ``n - 2 * (n // 7)``; hours round up to whole days.
        """
        if self.unit == "calendar_days":
            return self.value - 2 * (self.value // 7)
        if self.unit == "weeks":
            return self.value * 5
        if self.unit == "hours":
            return math.ceil(self.value / 24)
        return self.value

    def in_days(self, *, business: bool) -> int:
        """
        Return the figure in the advice's day count: business or calendar.
        """
        return self.business_days if business else self.days

    def shown(self, *, business: bool) -> int:
        """
        Return the figure as rule texts quote it.

        Texts name the unit of hours, counts and business days themselves;
        calendar days and weeks are given in the advice's day count, for the
        ``days`` filter to name.
        """
        if self.unit in {"calendar_days", "weeks"}:
            return self.in_days(business=business)
        return self.value


@attrs.frozen
class Expr:
    """
    A sum of integers, figures and count signals.

    For example ``stated_timeframe_days + follow_up_buffer``. Figures stay
    named until the day count (business or calendar) is known.

    Attributes:
        constant: The integers, added up.
        figures: ``(sign, name)`` for each figure term.
        signals: ``(sign, name)`` for each signal term.
    """

    constant: int
    figures: tuple[tuple[int, str], ...]
    signals: tuple[tuple[int, str], ...]

    def value(self, signals: Mapping[str, Any], figure_days: Mapping[str, int]) -> int:
        """
        Return the expression's value for *signals*, with figures in days.
        """
        return self._constant(figure_days) + sum(
            sign * int(signals[name]) for sign, name in self.signals
        )

    def _constant(self, figure_days: Mapping[str, int]) -> int:
        return self.constant + sum(
            sign * figure_days[name] for sign, name in self.figures
        )

    def to_engine(self, figure_days: Mapping[str, int]) -> object:
        """
        Return the expression in the engine's JSON form.
        """
        constant = self._constant(figure_days)
        if not self.signals:
            return constant
        first_sign, first = self.signals[0]
        tree: object = {"$m": first}
        if first_sign < 0:
            tree = {"$sub": {"$l": 0, "$r": tree}}
        for sign, name in self.signals[1:]:
            tree = {"$add" if sign > 0 else "$sub": {"$l": tree, "$r": {"$m": name}}}
        if constant:
            op = "$add" if constant > 0 else "$sub"
            tree = {op: {"$l": tree, "$r": abs(constant)}}
        return tree


@attrs.frozen
class Condition:
    """
    One test of one signal.

    Attributes:
        field: The signal tested.
        op: One of the operators of the pack format.
        value: What it is compared with.
    """

    field: str
    op: str
    value: object

    def to_engine(self, figure_days: Mapping[str, int]) -> dict[str, Any]:
        """
        Return the test in the engine's JSON form, with figures in days.
        """
        if self.op == "present":
            return {"$ex" if self.value else "$nex": {self.field: 1}}
        if self.op == "in":
            return {"$or": [{self.field: item} for item in self._items()]}
        if self.op == "not_in":
            return {"$and": [{"$neq": {self.field: item}} for item in self._items()]}
        right = (
            self.value.to_engine(figure_days)
            if isinstance(self.value, Expr)
            else self.value
        )
        engine_op = _COMPARISONS[self.op]
        return (
            {self.field: right}
            if engine_op is None
            else {engine_op: {self.field: right}}
        )

    def _items(self) -> tuple[object, ...]:
        return tuple(self.value) if isinstance(self.value, tuple | list) else ()


@attrs.frozen
class ActionSpec:
    """
    An action a rule recommends; its texts are Jinja sources.

    Attributes:
        kind: What to do.
        due: In how many days, or None for no particular day.
        title: A short imperative heading.
        why: Why this step, naming the signals it rests on.
        checklist: Items to go through.
        per_concern: An item repeated for each concern, as ``concern``.
        draft: The name of the draft template, under ``drafts/``.
    """

    kind: ActionKind
    due: Expr | None
    title: str
    why: str
    checklist: tuple[str, ...] = ()
    per_concern: str | None = None
    draft: str | None = None


@attrs.frozen
class OutlookSpec:
    """
    The outlook a rule concludes.

    Attributes:
        odds: How the chances of an offer look.
        why: Why, as a Jinja source.
    """

    odds: Odds
    why: str


@attrs.frozen
class Rule:
    """
    One rule of a pack.

    Attributes:
        id: Unique within the pack.
        priority: Lower fires first.
        file: Where the rule is written.
        line: The line of its ``id``.
        when: Every condition must hold.
        needs: Derived facts that must have been concluded.
        derive: Facts this rule concludes for other rules.
        status: The status it concludes, if any.
        outlook: The outlook it concludes, if any.
        reason: The sentence that explains it, as a Jinja source.
        actions: What it recommends.
    """

    id: str
    priority: int
    file: str
    line: int | None
    when: tuple[Condition, ...]
    needs: tuple[str, ...]
    derive: tuple[str, ...]
    status: Status | None
    outlook: OutlookSpec | None
    reason: str
    actions: tuple[ActionSpec, ...]


@attrs.frozen
class RulePack:
    """
    A checked set of rules with the figures they use.

    Attributes:
        rules: Every rule, in the order read.
        figures: Every figure, by name.
    """

    rules: tuple[Rule, ...]
    figures: Mapping[str, Figure]

    def figure_days(self, *, business: bool) -> dict[str, int]:
        """
        Return every figure in business or calendar days (or as a count).
        """
        return {
            name: figure.in_days(business=business)
            for name, figure in self.figures.items()
        }

    def figures_shown(self, *, business: bool) -> dict[str, int]:
        """
        Return every figure as rule texts quote it (see :meth:`Figure.shown`).
        """
        return {
            name: figure.shown(business=business)
            for name, figure in self.figures.items()
        }


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
        raise problems[0] if len(problems) == 1 else RulePackError.of(problems)
    return pack


def read_pack(
    folders: Iterable[Path], extra: Iterable[Path] = ()
) -> tuple[RulePack, list[RulePackError]]:
    """
    Read a rule pack as :func:`load_pack` does, collecting every problem.

    Returns:
        The pack made of every rule that could be read, and the problems.
    """
    problems: list[RulePackError] = []
    layers = [
        _read_documents(_toml_files(paths, problems), problems)
        for paths in (folders, extra)
    ]
    figures: dict[str, Figure] = {}
    for documents in layers:
        for path, (_, data) in documents:
            try:
                figures.update(_figures(path, data.get("figure", {})))
            except RulePackError as error:
                problems.append(error)
    rules: dict[str, Rule] = {}
    for documents in layers:
        rules.update(_read_rules(documents, figures, problems))
    pack = RulePack(rules=tuple(rules.values()), figures=figures)
    if not problems:
        problems += _check_pack(pack)
    return pack, problems


def _toml_files(paths: Iterable[Path], problems: list[RulePackError]) -> list[Path]:
    """
    Return the TOML files among *paths*, folders expanded in name order.
    """
    files = []
    for path in paths:
        if path.is_dir():
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
            documents.append((path, _read_toml(path)))
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
        try:
            tables = _rule_tables(path, data)
        except RulePackError as error:
            problems.append(error)
            continue
        for raw in tables:
            try:
                rule = _rule(path, text, raw, figures)
            except RulePackError as error:
                problems.append(error)
                continue
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


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """
    Return the text and the parsed content of *path*.
    """
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise RulePackError(
            f"invalid TOML: {error}", file=str(path), line=line
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"cannot read: {error}", file=str(path)) from None


def _figures(path: Path, table: object) -> dict[str, Figure]:
    """
    Return the figures defined in one file's ``[figure.NAME]`` tables.
    """
    if not isinstance(table, dict):
        raise RulePackError("'figure' must be a table of tables", file=str(path))
    figures = {}
    for name, raw in table.items():
        if not (
            isinstance(raw, dict)
            and type(raw.get("value")) is int
            and raw.get("unit") in _UNITS
            and isinstance(raw.get("source"), str)
            and raw["source"].strip()
        ):
            raise RulePackError(
                f"figure {name!r} needs an integer 'value', a 'unit' "
                f"({', '.join(_UNITS)}) and a non-empty 'source'",
                file=str(path),
            )
        figures[name] = Figure(name, raw["value"], raw["unit"], raw["source"])
    return figures


def _rule_tables(path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    unknown = set(data) - {"rule", "figure"}
    if unknown:
        raise RulePackError(
            f"unknown top-level keys {sorted(unknown)}; expected 'rule' and 'figure'",
            file=str(path),
        )
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise RulePackError("'rule' must be written as [[rule]] tables", file=str(path))
    return rules


def _rule(
    path: Path, text: str, raw: dict[str, Any], figures: Mapping[str, Figure]
) -> Rule:
    """
    Check one ``[[rule]]`` table and return it as a :class:`Rule`.
    """
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9_.-]+", rule_id):
        raise RulePackError(
            f"every rule needs an 'id' of lower-case letters, digits, '.', '_' "
            f"or '-'; got {rule_id!r}",
            file=str(path),
        )
    where = _Where(str(path), rule_id, _line_of(text, rule_id))
    _expect_keys(where, "rule", raw, _RULE_KEYS)
    when = _conditions(where, raw.get("when", {}), figures)
    rule = Rule(
        id=rule_id,
        priority=_integer(where, "priority", raw.get("priority")),
        file=where.file,
        line=where.line,
        when=when,
        needs=_names(where, "needs", raw.get("needs", [])),
        derive=_names(where, "derive", raw.get("derive", [])),
        status=_member(where, "status", raw.get("status"), Status),
        outlook=_outlook(where, raw.get("outlook")),
        reason=_text(where, "reason", raw.get("reason")),
        actions=tuple(
            _action(where, item, figures, when) for item in _tables(where, raw)
        ),
    )
    _check_texts(where, rule, figures)
    return rule


@attrs.frozen
class _Where:
    file: str
    rule_id: str
    line: int | None

    def error(self, message: str) -> RulePackError:
        return RulePackError(
            message, file=self.file, rule_id=self.rule_id, line=self.line
        )


def _line_of(text: str, rule_id: str) -> int | None:
    """
    Return the line on which *rule_id* is declared.
    """
    pattern = re.compile(
        rf"""^\s*id\s*=\s*["']{re.escape(rule_id)}["']""", re.MULTILINE
    )
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _expect_keys(
    where: _Where, what: str, raw: dict[str, Any], allowed: frozenset[str]
) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise where.error(
            f"unknown {what} keys {unknown}; expected some of {sorted(allowed)}"
        )


def _integer(where: _Where, key: str, value: object) -> int:
    if type(value) is not int:
        raise where.error(f"{key!r} must be an integer, got {value!r}")
    return value


def _names(where: _Where, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and re.fullmatch(r"[a-z0-9_]+", item) for item in value
    ):
        raise where.error(f"{key!r} must be a list of fact names, got {value!r}")
    return tuple(value)


def _member(where: _Where, key: str, value: object, kind: type[_E]) -> _E | None:
    if value is None:
        return None
    members = {member.value: member for member in kind}
    if isinstance(value, str) and value in members:
        return members[value]
    accepted = ", ".join(members)
    raise where.error(f"unknown {key} {value!r}; expected one of: {accepted}")


def _text(where: _Where, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip() or SEPARATOR in value:
        raise where.error(
            f"{key!r} must be a non-empty text without control characters, "
            f"got {value!r}"
        )
    return value.strip()


def _outlook(where: _Where, raw: object) -> OutlookSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"odds", "why"}:
        raise where.error("'outlook' must be a table with exactly 'odds' and 'why'")
    odds = _member(where, "odds", raw["odds"], Odds)
    assert odds is not None  # noqa: S101  # set(raw) == {"odds", "why"} above
    return OutlookSpec(odds=odds, why=_text(where, "outlook.why", raw["why"]))


def _tables(where: _Where, raw: dict[str, Any]) -> list[dict[str, Any]]:
    actions = raw.get("action", [])
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise where.error("actions must be written as [[rule.action]] tables")
    return actions


def _action(
    where: _Where,
    raw: dict[str, Any],
    figures: Mapping[str, Figure],
    when: tuple[Condition, ...],
) -> ActionSpec:
    _expect_keys(where, "action", raw, _ACTION_KEYS)
    kind = _member(where, "action kind", raw.get("kind"), ActionKind)
    if kind is None:
        raise where.error("every action needs a 'kind'")
    due = raw.get("due")
    expr = None if due is None else _expr(where, "due", due, figures)
    if expr is not None:
        _check_guarded(where, expr, when)
    checklist = raw.get("checklist", [])
    if not isinstance(checklist, list):
        raise where.error("'checklist' must be a list of texts")
    per_concern = raw.get("per_concern")
    draft = raw.get("draft")
    if draft is not None and not (
        isinstance(draft, str) and re.fullmatch(r"[a-z_]+", draft)
    ):
        raise where.error(f"'draft' must name a template in drafts/, got {draft!r}")
    return ActionSpec(
        kind=kind,
        due=expr,
        title=_text(where, "title", raw.get("title")),
        why=_text(where, "why", raw.get("why")),
        checklist=tuple(_text(where, "checklist item", item) for item in checklist),
        per_concern=None
        if per_concern is None
        else _text(where, "per_concern", per_concern),
        draft=draft,
    )


def _conditions(
    where: _Where, raw: object, figures: Mapping[str, Figure]
) -> tuple[Condition, ...]:
    """
    Return the conditions of a rule's ``[rule.when]`` table.
    """
    if not isinstance(raw, dict):
        raise where.error("'when' must be a table of signal names to tests")
    conditions = []
    for field, test in raw.items():
        if field not in SIGNALS:
            accepted = ", ".join(SIGNALS)
            raise where.error(
                f"unknown condition field {field!r}; expected one of: {accepted}"
            )
        tests = test if isinstance(test, dict) else {"eq": test}
        conditions += [
            _condition(where, field, op, value, figures) for op, value in tests.items()
        ]
    return tuple(conditions)


def _condition(
    where: _Where, field: str, op: str, value: object, figures: Mapping[str, Figure]
) -> Condition:
    """
    Check one test against the signal it names and return it.
    """
    if op not in _OPERATORS:
        accepted = ", ".join(_OPERATORS)
        raise where.error(
            f"unknown operator {op!r} for {field!r}; expected one of: {accepted}"
        )
    spec = SIGNALS[field]
    if op == "present":
        if not isinstance(value, bool):
            raise where.error(
                f"'present' takes true or false, got {value!r} for {field!r}"
            )
        return Condition(field, op, value)
    if op in {"in", "not_in"}:
        if not isinstance(value, list) or not value:
            raise where.error(
                f"{op!r} takes a non-empty list, got {value!r} for {field!r}"
            )
        return Condition(
            field, op, tuple(_operand(where, field, item) for item in value)
        )
    if spec.kind == "count":
        return Condition(field, op, _expr(where, field, value, figures))
    if op not in {"eq", "ne"}:
        raise where.error(f"{op!r} does not apply to {spec.kind} signal {field!r}")
    return Condition(field, op, _operand(where, field, value))


def _operand(where: _Where, field: str, value: object) -> object:
    """
    Check that *value* is something signal *field* can hold.
    """
    spec = SIGNALS[field]
    if spec.kind == "choice" and value in spec.choices:
        return value
    if spec.kind == "flag" and isinstance(value, bool):
        return value
    if spec.kind == "count" and type(value) is int:
        return value
    accepted = ", ".join(spec.choices) if spec.choices else spec.kind
    raise where.error(f"{value!r} is not a value of {field!r}; expected {accepted}")


def _expr(
    where: _Where, key: str, value: object, figures: Mapping[str, Figure]
) -> Expr:
    """
    Parse an integer or a sum such as ``"stated_timeframe_days + buffer - 1"``.
    """
    if type(value) is int:
        return Expr(value, (), ())
    if not isinstance(value, str):
        raise where.error(
            f"{key!r} takes a number or a sum of figures and signals, got {value!r}"
        )
    constant, named, signals, position = 0, [], [], 0
    while position < len(value):
        found = _TERM.match(value, position)
        if not found or (position and not found.group(1)):
            raise where.error(f"cannot read {key!r} expression {value!r}")
        sign = -1 if found.group(1) == "-" else 1
        name = found.group(2)
        if name.isdigit():
            constant += sign * int(name)
        elif name in figures:
            named.append((sign, name))
        elif name in SIGNALS and SIGNALS[name].kind == "count":
            signals.append((sign, name))
        else:
            raise where.error(
                f"{name!r} in {key!r} is neither a figure nor a count signal"
            )
        position = found.end()
    return Expr(constant, tuple(named), tuple(signals))


def _check_guarded(where: _Where, expr: Expr, when: tuple[Condition, ...]) -> None:
    """
    Check that every optional signal *expr* reads is known to be present.
    """
    present = {
        c.field
        for c in when
        if not (c.op == "present" and not c.value) and c.op != "ne"
    }
    for _, name in expr.signals:
        if SIGNALS[name].optional and name not in present:
            raise where.error(
                f"uses optional signal {name!r} without a condition that it is present"
            )


@functools.cache
def _checker() -> jinja2.Environment:
    """
    Return the environment that checks rule texts, made on first use.
    """
    return environment()


def _check_texts(where: _Where, rule: Rule, figures: Mapping[str, Figure]) -> None:
    """
    Check that every text of *rule* parses and names only known variables.
    """
    known = set(SIGNALS) | set(figures) | _TEXT_EXTRAS
    texts = [rule.reason] + ([rule.outlook.why] if rule.outlook else [])
    for action in rule.actions:
        texts += [action.title, action.why, *action.checklist]
        texts += [action.per_concern] if action.per_concern else []
    for text in texts:
        try:
            names = jinja2.meta.find_undeclared_variables(_checker().parse(text))
            _checker().from_string(text)  # compiling also checks the filters
        except jinja2.TemplateSyntaxError as error:
            raise where.error(f"text {text[:40]!r}...: {error.message}") from None
        unknown = sorted(names - known)
        if unknown:
            raise where.error(f"text uses unknown names {unknown}")
    for condition in rule.when:
        if isinstance(condition.value, Expr):
            _check_guarded(where, condition.value, rule.when)


def _check_pack(pack: RulePack) -> list[RulePackError]:
    """
    Check what no single rule shows: chaining order and reachability.
    """
    problems = _check_chaining(pack.rules)
    produced = {rule.status for rule in pack.rules}
    missing = [status.value for status in Status if status not in produced]
    if missing:
        problems.append(
            RulePackError(f"no rule concludes the status {', '.join(missing)}")
        )
    return problems


def _check_chaining(rules: tuple[Rule, ...]) -> list[RulePackError]:
    """
    Check that every needed fact is derived by rules that fire before.
    """
    derivers: dict[str, list[Rule]] = {}
    for rule in rules:
        for name in rule.derive:
            derivers.setdefault(name, []).append(rule)
    problems = []
    for rule in rules:
        for name in rule.needs:
            late = [r.id for r in derivers.get(name, []) if r.priority >= rule.priority]
            if name not in derivers:
                message = f"needs fact {name!r}, which no rule derives"
            elif late:
                message = (
                    f"needs fact {name!r}, but {late} derive it at the same or a "
                    f"later priority; give them a lower priority number than "
                    f"{rule.priority}"
                )
            else:
                continue
            problems.append(
                RulePackError(message, file=rule.file, rule_id=rule.id, line=rule.line)
            )
    return problems
