"""
The engine adapter: every call made into durable-rules' C core, in one place.

The engine is driven through these few calls and nothing else; each says
why it is made. :mod:`._durable` loads the core; :mod:`._engine` holds the
lock that every call here must run under.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ._durable import load


class Core:
    """
    The C calls of durable-rules that the engine makes.

    Args:
        module: The loaded C core, ``durable_rules_engine``.
    """

    def __init__(self, module: Any) -> None:
        self._c = module

    def ruleset(self, name: str, definition: str) -> int:
        """
        Compile *definition*, the JSON form of a ruleset, as *name*; return its handle.
        """
        # What durable.engine.Ruleset does, without its action table: the
        # engine dispatches fired rules itself, so rules carry no "run".
        return int(self._c.create_ruleset(name, definition))

    def assert_facts(self, handle: int, facts: str) -> int:
        """
        Assert a session's first facts, as a JSON list; return its state.
        """
        # All at once: the core matches every fact before any rule fires.
        _, state = self._c.assert_facts(handle, facts)
        return int(state)

    def first_fired(self, handle: int, state: int) -> str | None:
        """
        Return the first fired rule's message, or None if none fired.
        """
        # Fired rules wait in priority order until actions are taken.
        started = self._c.start_action_for_state(handle, state)
        return started[1] if started else None

    def next_fired(self, handle: int, state: int) -> str | None:
        """
        Complete the action in progress and return the next one's message.
        """
        # Completing first lets the facts the last rule asserted fire rules.
        next_message: str | None = self._c.complete_and_start_action(handle, state)
        return next_message

    def abandon(self, handle: int, state: int) -> None:
        """
        Give up the action in progress after a failure.
        """
        # Otherwise the session stays locked and cannot be deleted.
        self._c.abandon_action(handle, state)

    def assert_fact(self, handle: int, fact: str) -> int:
        """
        Assert one more fact, as JSON, into a running session; return the code.
        """
        # Derived facts go in while rules fire, for the rules that need them.
        code, _ = self._c.assert_fact(handle, fact)
        return int(code)

    def retract_fact(self, handle: int, fact: str) -> None:
        """
        Retract one fact, as JSON, from a running session.
        """
        # Withdrawing a slot fact withdraws every rule still waiting for it.
        self._c.retract_fact(handle, fact)

    def delete_session(self, handle: int, sid: str) -> None:
        """
        Delete session *sid* and every fact it holds.
        """
        # The core keeps sessions until told: one live session at a time.
        self._c.delete_state(handle, sid)

    def delete_ruleset(self, handle: int) -> None:
        """
        Free a ruleset and its handle; the handle must not be used again.
        """
        # Nothing else frees them: each costs about 400 KB and one of the
        # core's 131,072 handles, which it hands out again in turn.
        self._c.delete_ruleset(handle)


#: The core's error codes after which a session's memory cannot be trusted:
#: out of memory, and its own inconsistencies. No call is made on such a
#: session again, and its ruleset is set aside.
BROKEN: Final = frozenset({101, 305, 306, 307, 308})
#: The session does not exist (it was never made, or is already gone).
NO_SESSION: Final = 309
_CODE: Final = re.compile(r"error code: (\d+)")


def code_of(error: BaseException) -> int | None:
    """
    Return the core's error code carried by *error*, if it has one.
    """
    # The core reports codes only in its messages, as "..., error code: N".
    found = _CODE.search(str(error)) if isinstance(error, Exception) else None
    return int(found.group(1)) if found else None


def open_core() -> Core:
    """
    Load the C core and return the adapter of its calls.

    Raises:
        EngineUnavailableError: The core cannot run here.
    """
    return Core(load())
