"""
Locks that a forked child gets back unlocked.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Literal


class ForkSafeLock:
    """
    A lock that is new, and so unlocked, in a forked child.

    A child forked while another thread held a plain lock would wait on it
    forever: the thread that would release it does not exist there. Meant
    for module-level locks; each stays registered for the life of the
    process.

    .. versionadded:: 0.2
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        os.register_at_fork(after_in_child=self._renew)

    def _renew(self) -> None:
        self._lock = threading.Lock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:  # noqa: FBT001, FBT002  # threading.Lock's signature
        """
        Take the lock, as :meth:`threading.Lock.acquire` does.
        """
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        """
        Give the lock back.
        """
        self._lock.release()

    def __enter__(self) -> bool:
        return self._lock.__enter__()

    def __exit__(self, *exc_info: object) -> Literal[False]:
        self._lock.release()
        return False


class YieldingLock(ForkSafeLock):
    """
    A fork-safe lock that a ``with`` block waits for by giving up the GIL.

    Threads that run Python code take turns holding the GIL. A thread that
    blocks on a plain lock held by another gets it, when it is released,
    while it still waits for the GIL: the holder's next attempt then blocks
    in turn, and the lock passes back and forth on every call, each pass
    costing two thread switches (a lock convoy). Measured on the engine's
    lock with two threads, 86% of acquisitions blocked and throughput fell
    by a third. A ``with`` block here tries the lock, and while it is held
    gives up the GIL and tries again: a waiter never holds the lock while
    it waits for the GIL, so the holder keeps going.

    .. versionadded:: 0.2
    """

    def __enter__(self) -> bool:
        acquire = self._lock.acquire
        while not acquire(False):  # noqa: FBT003  # threading.Lock's signature
            # Releases the GIL, so the holder can finish and let go.
            time.sleep(0)
        return True
