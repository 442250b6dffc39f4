"""
Running a rule pack on the durable-rules engine.

The engine's C core keeps one table of rulesets and sessions for the whole
process, never releases the GIL and has no locks of its own, and it looks
sessions up by a 32-bit hash of their id. So every evaluation here takes one
process-wide lock, uses a fresh session id of our own, and deletes that
session before the lock is released: there is never more than one live
session, and no caller can see another's facts. docs/engine.md lists the
engine's traps and how each is avoided.
"""

from __future__ import annotations

import copy
import itertools
import os
import threading
from typing import TYPE_CHECKING, Any, Final

from durable import engine

from .exceptions import RulePackError

if TYPE_CHECKING:
    from ._rulepack import Rule, RulePack
    from ._signals import Signals

_RULESET: Final = "advice"
#: The single-valued conclusions; a rule concluding one takes its slot fact.
_SLOTS: Final = ("status", "outlook")

_lock = threading.Lock()
_session_ids = itertools.count()


def _reset_after_fork() -> None:
    # A child forked while another thread held the lock would wait forever.
    global _lock  # noqa: PLW0603
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)


class _Host(engine.Host):  # type: ignore[misc]
    """
    A private host: no background dispatcher, one generic action.
    """

    def __init__(self, definition: dict[str, Any], rules: dict[str, Rule]) -> None:
        self.rules = rules
        self.fired: list[Rule] = []
        self.failure: BaseException | None = None
        # The engine mutates the definitions it is given.
        super().__init__({_RULESET: copy.deepcopy(definition)})

    def _run(self) -> None:
        """
        Start no dispatcher threads: the advisor uses no timers.
        """

    def get_action(self, action_name: str) -> Any:
        """
        Return the one action every rule runs.
        """
        del action_name
        return _conclude


def _conclude(c: Any) -> None:
    """
    Record the rule that fired and assert what it concludes.

    The alias of a rule's situation fact is the rule's key, so this one
    function serves every rule: the conclusions are read from the pack.
    """
    host: _Host = c.host
    try:
        key = next(alias for alias in c._m if alias in host.rules)  # noqa: SLF001
        rule = host.rules[key]
        host.fired.append(rule)
        for name in rule.derive:
            # Carrying the rule key keeps two derivations of a name distinct.
            c.assert_fact({"t": "derived", "name": name, "by": key})
        for slot in _SLOTS:
            if f"{slot}_slot" in c._m:  # noqa: SLF001
                c.retract_fact(c._m[f"{slot}_slot"])  # noqa: SLF001
    except BaseException as error:
        # The engine would swallow this into the session state.
        host.failure = error
        raise


class Engine:
    """
    One compiled rule pack, ready to evaluate signals.

    Args:
        pack: A checked rule pack.
    """

    def __init__(self, pack: RulePack) -> None:
        self._rules = {f"r{index}": rule for index, rule in enumerate(pack.rules)}
        self._definition = {
            key: _compile(key, rule) for key, rule in self._rules.items()
        }
        with _lock:
            self._host = _Host(self._definition, self._rules)

    def evaluate(self, signals: Signals) -> tuple[Rule, ...]:
        """
        Return the rules that fire for *signals*, in firing order.

        Args:
            signals: The signals of one situation.

        Returns:
            The rules fired, highest priority first, derived facts chained.

        Raises:
            RulePackError: A rule failed while running.
        """
        fact = {name: value for name, value in signals if value is not None}
        with _lock:
            host = self._host
            host.fired, host.failure = [], None
            sid = str(next(_session_ids))
            try:
                state = host.assert_facts(_RULESET, _facts(fact, sid))
            except engine.MessageNotHandledException:
                state = None
            except Exception as error:  # noqa: BLE001  # hide the engine's traceback
                host.failure = host.failure or error
                state = None
            finally:
                host.delete_state(_RULESET, sid)
            fired, failure = tuple(host.fired), host.failure
        if failure is None and state and "exception" in state:
            failure = RuntimeError(str(state["exception"]).split(", traceback")[0])
        if failure is not None:
            raise RulePackError(f"a rule failed while running: {failure}") from None
        return fired


def _facts(fact: dict[str, Any], sid: str) -> list[dict[str, Any]]:
    """
    Return the facts of one evaluation: the situation and one fact per slot.
    """
    slots = [{"t": "slot", "name": slot, "sid": sid} for slot in _SLOTS]
    return [{**fact, "t": "situation", "sid": sid}, *slots]


def _compile(key: str, rule: Rule) -> dict[str, Any]:
    """
    Return *rule* as an engine rule definition (the JSON form).
    """
    situation = {"$and": [{"t": "situation"}, *(c.to_engine() for c in rule.when)]}
    terms: list[dict[str, Any]] = [{key: situation}]
    terms += [
        {f"need{index}": {"$and": [{"t": "derived"}, {"name": name}]}}
        for index, name in enumerate(rule.needs)
    ]
    concluded = {"status": rule.status is not None, "outlook": rule.outlook is not None}
    terms += [
        {f"{slot}_slot": {"$and": [{"t": "slot"}, {"name": slot}]}}
        for slot in _SLOTS
        if concluded[slot]
    ]
    return {"all": terms, "pri": rule.priority, "run": "conclude"}
