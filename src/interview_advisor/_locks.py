"""
Locks that a forked child gets back unlocked.
"""

from __future__ import annotations

import os
import threading
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
