import os
import threading
import time
import types

import pytest

from interview_advisor import _locks
from interview_advisor._locks import ForkSafeLock, YieldingLock


def child_can_take(lock, timeout: float) -> bool:
    """
    Fork while holding *lock*; return whether the child could take it.
    """
    with lock:
        child = os.fork()
        if child == 0:  # pragma: no cover  # the child reports by exit code
            os._exit(0 if lock.acquire(timeout=timeout) else 1)
    _, status = os.waitpid(child, 0)
    return 0 == os.waitstatus_to_exitcode(status)


# Forking a process with threads (pytest's own) is what two tests are about.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
class TestForkSafeLock:
    def test_it_locks_like_a_lock(self):
        """It is held inside a with block and free after it."""
        lock = ForkSafeLock()
        with lock:
            assert False is lock.acquire(blocking=False)
        assert True is lock.acquire(timeout=1)
        lock.release()

    def test_a_child_forked_while_it_is_held_gets_it_free(self):
        """A fork taken while the lock is held leaves it free in the child."""
        assert child_can_take(ForkSafeLock(), timeout=10)

    def test_a_plain_lock_would_stay_held(self):
        """The same fork with a plain lock leaves it held: the test above can fail."""
        assert not child_can_take(threading.Lock(), timeout=1)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
class TestYieldingLock:
    def test_a_child_forked_while_it_is_held_gets_it_free(self):
        """It is a fork-safe lock too."""
        assert child_can_take(YieldingLock(), timeout=10)

    def test_with_blocks_exclude_each_other(self):
        """Threads that give up the GIL inside a with block never overlap in it."""
        lock = YieldingLock()
        inside, overlaps = [], []

        def work() -> None:
            for _ in range(200):
                with lock:
                    inside.append(1)
                    overlaps.append(len(inside))
                    time.sleep(0)  # another thread runs, and must wait
                    inside.pop()

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert 800 == len(overlaps)
        assert {1} == set(overlaps)

    def test_a_waiter_gives_up_the_gil_and_never_blocks_on_the_lock(self, monkeypatch):
        """A busy lock is tried again after a sleep(0), never waited for in the lock."""
        calls = []

        class Busy:
            """A lock that is held for the first two tries."""

            def acquire(self, blocking: bool = True) -> bool:  # noqa: FBT001, FBT002
                calls.append("try" if not blocking else "block")
                return calls.count("try") > 2

            def release(self) -> None:
                calls.append("release")

        lock = YieldingLock()
        monkeypatch.setattr(lock, "_lock", Busy())
        # The module's clock, not the process's: other threads sleep as usual.
        monkeypatch.setattr(_locks, "time", types.SimpleNamespace(sleep=calls.append))

        with lock:
            calls.append("inside")

        assert ["try", 0, "try", 0, "try", "inside", "release"] == calls
