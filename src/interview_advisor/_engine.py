"""
Running a rule pack on the durable-rules engine.

The engine's C core keeps one table of rulesets and sessions for the whole
process, never releases the GIL and has no locks of its own, and it looks
sessions up by a 32-bit hash of their id. So every evaluation here takes one
process-wide lock, uses a fresh session id of our own, and deletes that
session before the lock is released: there is never more than one live
session, and no caller can see another's facts. docs/engine.md lists the
engine's traps and how each is avoided.

A pack is not compiled as one ruleset but split on the signals in
:data:`SPLIT_ON`: each combination of their values gets a ruleset of only
the rules that can fire for it, compiled when first needed, and shared by
the combinations that have the same rules. The engine's cost per
evaluation grows with the rules of its ruleset, fired or not, so a big pack
of narrow rules stays about as fast as the packaged one, and a process pays
only for the rulesets it uses. The figures are compiled into the rules in
days, calendar or business; a ruleset whose rules read no figure that
differs between the two serves both day counts.
"""

from __future__ import annotations

import collections
import itertools
import json
import weakref
from typing import TYPE_CHECKING, Any, Final

from ._engine_compile import SLOTS, compile_rule
from ._engine_core import BROKEN, NO_SESSION, code_of, open_core
from ._engine_limits import check
from ._locks import YieldingLock
from .exceptions import RulePackError

if TYPE_CHECKING:
    from ._rules_model import Rule, RulePack
    from ._signals import Signals

# Raises EngineUnavailableError, with what to do, where the C core cannot
# run: importing this module is what needs the engine.
_core = open_core()

_RULESET: Final = "advice"
#: What the C core answers when a fact matches no rule; not an error here.
_NOT_HANDLED: Final = 1
#: A rule of every ruleset that only the priming fact matches (see _open).
_PRIME: Final = "prime"
_PRIME_RULE: Final = json.dumps({"all": [{_PRIME: {"t": _PRIME}}], "pri": 0})
_PRIME_FACTS: Final = json.dumps([{"t": _PRIME, "sid": _PRIME}])

_lock = YieldingLock()
_session_ids = itertools.count()
#: The signals a pack is split on; every situation has a value for each.
SPLIT_ON: Final = ("employer_response", "stage")
#: Rulesets of engines gone, to free the next time the lock is held: a
#: finalizer may run in a thread that holds the lock already.
_unused: collections.deque[int] = collections.deque()


class Engine:
    """
    One compiled rule pack, ready to evaluate signals.

    Args:
        pack: A checked rule pack.

    Raises:
        RulePackError: The pack is beyond the engine's limits.
    """

    def __init__(self, pack: RulePack) -> None:
        self._rules = {f"r{index}": rule for index, rule in enumerate(pack.rules)}
        # Each rule in the engine's JSON form, in either day count; the same
        # text for both unless the rule reads a figure the counts differ on.
        self._json: dict[bool, dict[str, str]] = {}
        for business in (False, True):
            days = pack.figure_days(business=business)
            definition = {
                key: compile_rule(key, rule, days) for key, rule in self._rules.items()
            }
            # Before the engine sees it: past its limits, it crashes or hangs.
            # The whole pack is checked, so every part of it is within them
            # too; the packaged pack ships checked (tests/test_engine_limits.py).
            if not pack.packaged:
                check(self._rules, definition)
            self._json[business] = {
                key: json.dumps(rule) for key, rule in definition.items()
            }
        self._counted = frozenset(
            key
            for key, text in self._json[False].items()
            if text != self._json[True][key]
        )
        self._values = {key: _values_of(rule) for key, rule in self._rules.items()}
        # The handles by part, in a dict the finalizer shares without self;
        # parts with the same rules share one ruleset.
        self._handles: dict[tuple[object, ...], int] = {}
        self._by_rules: dict[tuple[object, ...], int] = {}
        self._closed = False
        self._finalizer = weakref.finalize(self, _set_aside, self._handles)

    def _open(self, part: tuple[object, ...]) -> int:
        """
        Compile the ruleset of *part* and prime its session memory; hold the lock.

        *part* holds the day count (business or not) and a value for each
        signal of :data:`SPLIT_ON`; its ruleset has every rule that can fire
        for them, in the pack's order. Parts with the same rules, compiled
        alike, share one ruleset.

        The core does not clear a session's memory when it makes one, and
        frees what it finds there when the session is deleted: deleting a
        session in which no rule fired, on a new ruleset, crashes the
        process. One session in which a rule fires leaves that memory
        cleared, and every later session reuses it.
        """
        business, *values = part
        keys = tuple(
            key
            for key, allowed in self._values.items()
            if all(
                able is None or value in able
                for value, able in zip(values, allowed, strict=True)
            )
        )
        # The count matters only if a rule of the part is compiled otherwise in it.
        counted = business if self._counted.intersection(keys) else None
        handle = self._by_rules.get((counted, *keys))
        if handle is None:
            texts = self._json[bool(business)]
            rules = "".join(f'"{key}": {texts[key]}, ' for key in keys)
            handle = _core.ruleset(_RULESET, f'{{{rules}"{_PRIME}": {_PRIME_RULE}}}')
            state = _core.assert_facts(handle, _PRIME_FACTS)
            message = _core.first_fired(handle, state)
            while message:
                message = _core.next_fired(handle, state)
            _core.delete_session(handle, _PRIME)
            # Only once primed: a ruleset left half-primed is never used.
            self._by_rules[counted, *keys] = handle
        self._handles[part] = handle
        return handle

    def _compile(self, part: tuple[object, ...]) -> int:
        """
        Open the ruleset of *part*; a failure is the pack's, without the engine's.
        """
        try:
            return self._open(part)
        except Exception as error:  # noqa: BLE001  # hide the engine's traceback
            raise RulePackError(_failure(error)) from None

    def _forget(self, handle: int) -> None:
        """
        Stop using the ruleset *handle* for every part that shares it.
        """
        for part in [part for part, used in self._handles.items() if used == handle]:
            del self._handles[part]
        for keys in [keys for keys, used in self._by_rules.items() if used == handle]:
            del self._by_rules[keys]

    def close(self) -> None:
        """
        Free the engine's ruleset; evaluating afterwards is an error.
        """
        with _lock:
            self._closed = True
            self._finalizer.detach()
            _set_aside(self._handles)
            self._by_rules.clear()
            _free_unused()

    def evaluate(self, signals: Signals) -> tuple[Rule, ...]:
        """
        Return the rules that fire for *signals*, in firing order.

        Args:
            signals: The signals of one situation.

        Returns:
            The rules fired, highest priority first, derived facts chained.

        Raises:
            RulePackError: The engine or a rule failed, or the engine is
                closed.
        """
        fact = {name: value for name, value in signals if value is not None}
        business = bool(fact.get("business_days"))
        part = (business, *(fact.get(name) for name in SPLIT_ON))
        # Made before the lock is taken: other threads wait for less.
        sid = str(next(_session_ids))
        facts = json.dumps(_facts(fact, sid))
        fired: list[Rule] = []
        with _lock:
            _free_unused()
            if self._closed:
                raise RulePackError("the advisor is closed")
            handle = self._handles.get(part)
            if handle is None:
                # First use, or the last evaluation set its ruleset aside.
                handle = self._compile(part)
            started = broken = False
            try:
                started = True  # from here on, the session may exist
                state = _core.assert_facts(handle, facts)
                self._dispatch(handle, state, sid, fired)
            except Exception as error:  # noqa: BLE001  # hide the engine's traceback
                broken = code_of(error) in BROKEN
                raise RulePackError(_failure(error)) from None
            finally:
                if started:
                    broken = broken or not _delete(handle, sid)
                if broken:
                    # Its memory cannot be trusted: leave it, and start anew.
                    self._forget(handle)
        return tuple(fired)

    def _dispatch(self, handle: int, state: int, sid: str, fired: list[Rule]) -> None:
        """
        Conclude every rule the engine fires for session *sid*, in order.

        The engine's own dispatch (``engine.Ruleset``) wraps each action in
        closures, promises, clock reads and JSON round trips of the state and
        the matched facts. The advisor's actions change no state and need
        only the rule's key, so this loop asks the C core for each fired
        rule directly: the same engine calls, without that overhead.
        """
        messages = _core.first_fired(handle, state)
        try:
            while messages:
                # '{"<rule key>": {...}}': the key is all that is needed.
                key = messages[2 : messages.index('"', 2)]
                fired.append(self._conclude(handle, key, sid))
                messages = _core.next_fired(handle, state)
        except BaseException:
            # Ctrl-C too: an action left open keeps the session locked.
            _core.abandon(handle, state)
            raise

    def _conclude(self, handle: int, key: str, sid: str) -> Rule:
        """
        Assert what rule *key* concludes and return the rule.

        Derived facts carry the rule's key, so two derivations of one name
        stay distinct; a rule that concludes a status or an outlook retracts
        that slot's fact, which withdraws every other rule waiting for it.
        """
        rule = self._rules[key]
        for name in rule.derive:
            # Names and keys are [a-z0-9_] and the sid is digits: safe JSON.
            derived = (
                f'{{"t": "derived", "name": "{name}", "by": "{key}", "sid": "{sid}"}}'
            )
            code = _core.assert_fact(handle, derived)
            if code not in {0, _NOT_HANDLED}:
                raise RuntimeError(f"cannot assert {derived}, error code: {code}")
        for slot, value in (("status", rule.status), ("outlook", rule.outlook)):
            if value is not None:
                _core.retract_fact(handle, _slot_json(slot, sid))
        return rule


def _values_of(rule: Rule) -> tuple[frozenset[object] | None, ...]:
    """
    Return the values of each signal of :data:`SPLIT_ON` that *rule* allows.

    None means any value: the rule tests the signal otherwise, or not at all.
    """
    allowed: list[frozenset[object] | None] = []
    for name in SPLIT_ON:
        values = None
        for condition in rule.when:
            if condition.field != name or condition.op not in {"eq", "in"}:
                continue
            listed = (
                frozenset(condition.items())
                if condition.op == "in"
                else frozenset((condition.value,))
            )
            values = listed if values is None else values & listed
        allowed.append(values)
    return tuple(allowed)


def _facts(fact: dict[str, Any], sid: str) -> list[dict[str, Any]]:
    """
    Return the facts of one evaluation: the situation and one fact per slot.
    """
    slots = [{"t": "slot", "name": slot, "sid": sid} for slot in SLOTS]
    return [{**fact, "t": "situation", "sid": sid}, *slots]


def _slot_json(name: str, sid: str) -> str:
    # The slot fact of _facts, written directly: this runs once per status.
    return f'{{"t": "slot", "name": "{name}", "sid": "{sid}"}}'


def _delete(handle: int, sid: str) -> bool:
    """
    Delete session *sid*; return whether its ruleset can still be used.
    """
    try:
        _core.delete_session(handle, sid)
    except Exception as error:  # noqa: BLE001  # decided by its code
        # Interrupted before the session was made: nothing to delete.
        return code_of(error) == NO_SESSION
    return True


def _failure(error: Exception) -> str:
    """
    Return what a failed evaluation says, without the engine's internals.
    """
    code = code_of(error)
    if code == 303:  # ERR_MAX_STACK_SIZE
        return "more rule tests held at once than the engine allows (code 303)"
    if code == 304:  # ERR_MAX_MESSAGES_IN_FRAME
        return "a rule joins more facts than the engine allows (code 304)"
    return f"a rule failed while running: {error!r}"


def _set_aside(handles: dict[tuple[object, ...], int]) -> None:
    """
    Queue the rulesets in *handles* to be freed, and empty *handles*.
    """
    # Parts share rulesets: each is freed once.
    _unused.extend(set(handles.values()))
    handles.clear()


def _free_unused() -> None:
    """
    Free the rulesets of engines gone; hold the lock.
    """
    while _unused:
        _core.delete_ruleset(_unused.popleft())
