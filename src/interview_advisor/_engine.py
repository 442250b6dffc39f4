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

import itertools
import json
import os
import threading
from typing import TYPE_CHECKING, Any, Final

from ._engine_compile import SLOTS, compile_rule
from ._engine_core import open_core
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

_lock = threading.Lock()
_session_ids = itertools.count()


def _reset_after_fork() -> None:
    # A child forked while another thread held the lock would wait forever.
    global _lock  # noqa: PLW0603
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)


class Engine:
    """
    One compiled rule pack, ready to evaluate signals.

    Args:
        pack: A checked rule pack.
        business: Whether day counts are business days; the pack's figures
            are compiled in the same count.
    """

    def __init__(self, pack: RulePack, *, business: bool = False) -> None:
        self._rules = {f"r{index}": rule for index, rule in enumerate(pack.rules)}
        days = pack.figure_days(business=business)
        definition = {
            key: compile_rule(key, rule, days) for key, rule in self._rules.items()
        }
        with _lock:
            self._handle = _core.ruleset(_RULESET, definition)

    def evaluate(self, signals: Signals) -> tuple[Rule, ...]:
        """
        Return the rules that fire for *signals*, in firing order.

        Args:
            signals: The signals of one situation.

        Returns:
            The rules fired, highest priority first, derived facts chained.

        Raises:
            RulePackError: The engine or a rule failed.
        """
        fact = {name: value for name, value in signals if value is not None}
        fired: list[Rule] = []
        with _lock:
            sid = str(next(_session_ids))
            try:
                state = _core.assert_facts(self._handle, json.dumps(_facts(fact, sid)))
                self._dispatch(state, sid, fired)
            except Exception as error:  # noqa: BLE001  # hide the engine's traceback
                raise RulePackError(f"a rule failed while running: {error!r}") from None
            finally:
                _core.delete_session(self._handle, sid)
        return tuple(fired)

    def _dispatch(self, state: int, sid: str, fired: list[Rule]) -> None:
        """
        Conclude every rule the engine fires for session *sid*, in order.

        The engine's own dispatch (``engine.Ruleset``) wraps each action in
        closures, promises, clock reads and JSON round trips of the state and
        the matched facts. The advisor's actions change no state and need
        only the rule's key, so this loop asks the C core for each fired
        rule directly: the same engine calls, without that overhead.
        """
        messages = _core.first_fired(self._handle, state)
        try:
            while messages:
                # '{"<rule key>": {...}}': the key is all that is needed.
                key = messages[2 : messages.index('"', 2)]
                fired.append(self._conclude(key, sid))
                messages = _core.next_fired(self._handle, state)
        except Exception:
            _core.abandon(self._handle, state)
            raise

    def _conclude(self, key: str, sid: str) -> Rule:
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
            code = _core.assert_fact(self._handle, derived)
            if code not in {0, _NOT_HANDLED}:
                raise RuntimeError(f"cannot assert {derived}: engine code {code}")
        for slot, value in (("status", rule.status), ("outlook", rule.outlook)):
            if value is not None:
                _core.retract_fact(self._handle, _slot_json(slot, sid))
        return rule


def _facts(fact: dict[str, Any], sid: str) -> list[dict[str, Any]]:
    """
    Return the facts of one evaluation: the situation and one fact per slot.
    """
    slots = [{"t": "slot", "name": slot, "sid": sid} for slot in SLOTS]
    return [{**fact, "t": "situation", "sid": sid}, *slots]


def _slot_json(name: str, sid: str) -> str:
    # The slot fact of _facts, written directly: this runs once per status.
    return f'{{"t": "slot", "name": "{name}", "sid": "{sid}"}}'
