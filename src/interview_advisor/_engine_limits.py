"""
The engine's limits, and whether a compiled rule pack stays within them.

durable-rules' C core has fixed-size tables and does not check all of them:
past some, it aborts the process, spins forever holding the GIL, or fires
the wrong rules. Each limit below was found in its C source and confirmed
by measurement (docs/engine.md lists them with the engine's own figures);
each is set a little under the engine's, and a pack is checked against all
of them before the engine ever sees it.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._engine_compile import compile_rule
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from ._rules_model import Rule, RulePack


@attrs.frozen
class Limit:
    """
    One limit of the engine.

    Attributes:
        value: The most the advisor allows.
        engine: What the engine itself has, and what happens past it.
    """

    value: int
    engine: str


#: Rules in one pack (C: MAX_ACTIONS 4096).
RULES: Final = Limit(4000, "4,096 rules, then an error")
#: Different first tests under one test: the engine's tree branches at most
#: this much (C: NEXT_BUCKET_LENGTH 512).
BRANCHES: Final = Limit(500, "511; at 512 it loops forever holding the GIL")
#: Absence tests and `in` values under one test (C: NEXT_LIST_LENGTH 128).
ALTERNATIVES: Final = Limit(120, "127, then it reads past its table")
#: Rules whose tests end at one place: identical tests, no tests, every
#: status rule, every outlook rule, every rule needing one fact
#: (C: BETA_LIST_LENGTH 256).
SHARED_END: Final = Limit(250, "255; at 256 the wrong rules fire")
#: Facts one rule joins: the situation, each fact needed, each slot
#: (C: MAX_MESSAGE_FRAMES 16).
JOINED: Final = Limit(16, "16, then every evaluation fails")
#: `in` and `not_in` tests in one rule (C: MAX_SEQUENCE_EXPRESSIONS 32).
CHOICES: Final = Limit(14, "14, then the pack does not load")
#: Tests that can hold at once for one situation (C: MAX_STACK_SIZE 64).
AT_ONCE: Final = Limit(60, "64; at 65 the evaluation fails and can corrupt memory")
#: Signals in one sum: the engine's JSON form nests one level per term.
SUM_TERMS: Final = Limit(50, "about 170, then a RecursionError")
#: The engine keeps a priority in 16 bits.
PRIORITY: Final = Limit(65_535, "16 bits; larger numbers wrap around")


def check(rules: Mapping[str, Rule], definition: Mapping[str, Any]) -> None:
    """
    Raise if the compiled pack *definition* is beyond the engine's limits.

    Args:
        rules: The pack's rules by the keys they are compiled under.
        definition: The compiled ruleset, as the engine would be given it.

    Raises:
        RulePackError: Naming each limit passed, the file and the rule.
    """
    # A rule beyond a limit of its own may be too deep to walk: stop there.
    problems = list(_per_rule(rules)) or list(_per_pack(rules, definition))
    if problems:
        raise problems[0] if len(problems) == 1 else RulePackError.of(problems)


def problems(pack: RulePack) -> list[RulePackError]:
    """
    Return every way *pack* is beyond the engine's limits, in either day count.

    This is what ``interview-advisor validate`` reports; an
    :class:`~interview_advisor.Advisor` raises the same when it is made.
    """
    found: dict[str, RulePackError] = {}
    rules = {f"r{index}": rule for index, rule in enumerate(pack.rules)}
    for business in (False, True):
        days = pack.figure_days(business=business)
        definition = {key: compile_rule(key, rule, days) for key, rule in rules.items()}
        try:
            check(rules, definition)
        except RulePackError as error:
            found.update((str(problem), problem) for problem in error.problems)
    return list(found.values())


def _per_rule(rules: Mapping[str, Rule]) -> Iterator[RulePackError]:
    """
    Yield a problem for each rule that alone is beyond a limit.
    """
    if len(rules) > RULES.value:
        yield RulePackError(_beyond(RULES, f"{len(rules):,} rules"))
    for rule in rules.values():
        joined = 1 + len(rule.needs) + (rule.status is not None)
        joined += rule.outlook is not None
        choices = sum(condition.op in {"in", "not_in"} for condition in rule.when)
        terms = max(
            (len(getattr(c.value, "signals", ())) for c in rule.when), default=0
        )
        for limit, count, what in (
            (JOINED, joined, "facts joined (the situation, needs and slots)"),
            (CHOICES, choices, "in and not_in tests"),
            (SUM_TERMS, terms, "signals in one sum"),
        ):
            if count > limit.value:
                yield _error(rule, _beyond(limit, f"{count} {what}"))
        if not 0 <= rule.priority <= PRIORITY.value:
            yield _error(rule, f"priority {rule.priority} is outside 0 to 65535")


def _per_pack(
    rules: Mapping[str, Rule], definition: Mapping[str, Any]
) -> Iterator[RulePackError]:
    """
    Yield a problem for each limit that the rules pass together.
    """
    tree = _Tree()
    for key in rules:
        tree.add(key, definition[key]["all"][0][key]["$and"][1:])
    for limit, counted, what in (
        (BRANCHES, tree.branched, "different tests under one test"),
        (ALTERNATIVES, tree.listed, "absence tests and in values under one test"),
        (SHARED_END, tree.ends, "rules with the same tests"),
    ):
        for keys in counted.values():
            if len(keys) > limit.value:
                # The rule that went over, and only it: one problem a place.
                yield _error(
                    rules[keys[limit.value]], _beyond(limit, f"{len(keys)} {what}")
                )
    for name, sharing in _joined_facts(rules).items():
        if len(sharing) > SHARED_END.value:
            yield _error(
                rules[sharing[-1]],
                _beyond(
                    SHARED_END, f"{len(sharing)} rules concluding or needing {name}"
                ),
            )
    at_once, field, keys = tree.most_at_once()
    if at_once > AT_ONCE.value:
        yield _error(
            rules[keys[-1]],
            _beyond(
                AT_ONCE,
                f"{at_once} tests can hold at once ({field} alone is tested by "
                f"{len(keys)} rules)",
            ),
        )


def _joined_facts(rules: Mapping[str, Rule]) -> dict[str, list[str]]:
    """
    Return, for each slot and derived fact, the keys of the rules joining it.
    """
    joined: dict[str, list[str]] = defaultdict(list)
    for key, rule in rules.items():
        for name in rule.needs:
            joined[f"the fact {name!r}"].append(key)
        for slot in ("status", "outlook"):
            if getattr(rule, slot) is not None:
                joined[f"a {slot}"].append(key)
    return joined


class _Tree:
    """
    The engine's tree of tests for the situation fact, as it builds it.

    A rule's tests form a path from the root, shared with every rule whose
    tests begin the same way. An ``in`` test branches once per value, and
    the rest of the rule hangs under each branch, through a link node of
    its own.
    """

    def __init__(self) -> None:
        # node -> test -> child, for the tests the engine hashes.
        self.branches: dict[int, dict[str, int]] = defaultdict(dict)
        # node -> the rule that made each of those children, in turn.
        self.branched: dict[int, list[str]] = defaultdict(list)
        # node -> the rule of each child the engine keeps in a list instead:
        # absence tests and links.
        self.listed: dict[int, list[str]] = defaultdict(list)
        self.ends: dict[int, list[str]] = defaultdict(list)
        self.tests: dict[int, tuple[str, str, object]] = {}
        # field -> the rules testing it, in turn (a dict keeps them once).
        self.testing: dict[str, dict[str, None]] = defaultdict(dict)
        self._ids = itertools.count(1)

    def add(self, key: str, tests: list[dict[str, Any]]) -> None:
        """
        Add the path of rule *key*, whose tests are in the engine's form.
        """
        for end in self._walk(key, 0, tests):
            self.ends[end].append(key)

    def _walk(self, key: str, node: int, tests: list[dict[str, Any]]) -> list[int]:
        if not tests:
            return [node]
        ((op, body),) = tests[0].items()
        rest = tests[1:]
        if op == "$and":
            return self._walk(key, node, [*body, *rest])
        if op == "$or":
            ends = []
            for item in body:
                value = self._child(key, node, "eq", item)
                # Each value reaches the rest of the rule through a link
                # node of its own, kept in the value's list.
                self.listed[value].append(key)
                ends += self._walk(key, next(self._ids), rest)
            return ends
        if op == "$nex":
            self.listed[node].append(key)
            child = next(self._ids)
            self._record(key, child, op, body)
            return self._walk(key, child, rest)
        if not op.startswith("$"):
            op, body = "eq", tests[0]
        return self._walk(key, self._child(key, node, op, body), rest)

    def _child(self, key: str, node: int, op: str, body: dict[str, Any]) -> int:
        """
        Return the child of *node* for one hashed test, made on first use.
        """
        ((field, right),) = body.items()
        # The engine shares a node only between tests against one constant:
        # a test against a sum or another signal gets a node of its own.
        shared = not isinstance(right, dict)
        name = f"{op} {field} {right!r}" if shared else f"{op} #{next(self._ids)}"
        children = self.branches[node]
        if name not in children:
            children[name] = next(self._ids)
            self.branched[node].append(key)
        self._record(key, children[name], op, body)
        return children[name]

    def _record(self, key: str, node: int, op: str, body: dict[str, Any]) -> None:
        ((field, right),) = body.items()
        self.tests[node] = (field, op, right)
        self.testing[field][key] = None

    def most_at_once(self) -> tuple[int, str, list[str]]:
        """
        Return a bound on the tests that hold at once, and its largest part.

        The part is the signal adding most to the bound, with the rules that
        test it.

        Tests of different signals can hold together, so the bound adds up,
        signal by signal, the most tests of that signal one value meets (an
        ``in`` value counts with its link nodes; a test against another
        signal counts as met). The engine's stack holds at most the tests
        that hold, so this bounds its depth.
        """
        # Equal tests weigh together, and equal probes are tried once: a
        # pack of many rules testing a few values stays quick to check.
        by_field: dict[str, dict[str, tuple[str, object, int]]] = defaultdict(dict)
        for node, (field, op, right) in self.tests.items():
            name = f"{op} {json.dumps(right, sort_keys=True)}"
            _, _, weight = by_field[field].get(name, (op, right, 0))
            by_field[field][name] = (op, right, weight + 1 + len(self.listed[node]))
        total, largest, largest_field = 1, 0, ""
        for field, grouped in by_field.items():
            tests = grouped.values()
            probes = {
                (type(value), json.dumps(value, sort_keys=True)): value
                for value in _probes(right for _, right, _ in tests)
            }
            # An equality holds for one value only: looked up, not tried.
            equal: dict[object, int] = defaultdict(int)
            rest = []
            for op, right, weight in tests:
                if op == "eq" and not isinstance(right, dict):
                    equal[right] += weight
                else:
                    rest.append((op, right, weight))
            most = max(
                (0 if value is None or isinstance(value, dict) else equal.get(value, 0))
                + sum(weight for op, right, weight in rest if _holds(op, right, value))
                for value in probes.values()
            )
            total += most
            if most > largest:
                largest, largest_field = most, field
        return total, largest_field, list(self.testing[largest_field])


def _probes(constants: Iterable[object]) -> list[object]:
    """
    Return values of one signal that meet every combination of its tests.

    They are each constant, its neighbours, and absence.
    """
    found: list[object] = [None]
    for constant in constants:
        if isinstance(constant, bool) or not isinstance(constant, int):
            found.append(constant)
        else:
            found += [constant - 1, constant, constant + 1]
    return found


def _holds(op: str, right: object, value: object) -> bool:
    """
    Whether a test can hold for *value* of its signal (None: absent).
    """
    if value is None:
        # The engine holds no test but absence on an absent signal.
        return op == "$nex"
    if op in {"$ex", "$nex"} or isinstance(right, dict):
        # Against another signal: whether it holds depends on that one, so
        # count it as holding, to err on the side of a larger bound.
        return op == "$ex" or isinstance(right, dict)
    if op in {"eq", "$neq"}:
        return (value == right) == (op == "eq")
    if not isinstance(value, int) or not isinstance(right, int):
        return False  # booleans and texts are only ever tested for equality
    left, limit = int(value), int(right)
    return {
        "$lt": left < limit,
        "$lte": left <= limit,
        "$gt": left > limit,
        "$gte": left >= limit,
    }[op]


def _beyond(limit: Limit, found: str) -> str:
    return (
        f"beyond the engine's limit: {found}, where the advisor allows "
        f"{limit.value:,} (the engine: {limit.engine})"
    )


def _error(rule: Rule, message: str) -> RulePackError:
    return RulePackError(message, file=rule.file, rule_id=rule.id, line=rule.line)
