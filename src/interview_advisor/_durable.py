"""
Loading durable-rules' C core, or saying clearly why it cannot be loaded.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, Final

from ._locks import ForkSafeLock
from .exceptions import EngineUnavailableError

#: The only release whose C calls the engine adapter was written against.
SUPPORTED_VERSION: Final = "2.0.28"
#: The C calls the engine adapter makes.
C_CALLS: Final = (
    "abandon_action",
    "assert_fact",
    "assert_facts",
    "complete_and_start_action",
    "create_ruleset",
    "delete_ruleset",
    "delete_state",
    "retract_fact",
    "start_action_for_state",
)
_REINSTALL: Final = (
    f'pip install --force-reinstall "durable-rules=={SUPPORTED_VERSION}"'
)

# The README's line for GCC 14, which also makes the core load where every
# symbol is bound at load (LD_BIND_NOW).
_REBUILD: Final = (
    "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --no-cache-dir "
    f'--force-reinstall "durable-rules=={SUPPORTED_VERSION}"'
)

#: How the folder of an installed durable-rules' metadata is named.
_DIST_INFO: Final = "durable_rules-"

_dlopen_lock = ForkSafeLock()


def load() -> Any:
    """
    Import durable-rules' C core.

    Its Python layer (``durable.engine``, ``durable.lang``) is never
    imported: rulesets are made from their JSON form with the core's own
    call, which also spares its dispatcher threads and global host.

    Returns:
        The C core, ``durable_rules_engine``.

    Raises:
        EngineUnavailableError: durable-rules is missing, is another release
            than the one supported, or its C core does not load.
    """
    _check_version()
    core = _import_core()
    missing = [name for name in C_CALLS if not hasattr(core, name)]
    if missing:
        raise _unavailable(f"its C core lacks {', '.join(missing)}")
    return core


def _check_version() -> None:
    """
    Refuse any durable-rules but the release the adapter was written for.
    """
    installed = _installed_version()
    if installed is None:
        raise _unavailable("durable-rules is not installed")
    if installed != SUPPORTED_VERSION:
        raise EngineUnavailableError(
            f"durable-rules {installed} is installed, but interview_advisor drives "
            f"the C calls of durable-rules {SUPPORTED_VERSION} only; "
            f"install that release with: {_REINSTALL}"
        )


def _installed_version() -> str | None:
    """
    Return the installed release of durable-rules, or None.

    The version is in the name of its ``.dist-info`` folder, found along
    ``sys.path`` as :mod:`importlib.metadata` finds it; importing that
    module would cost a fresh process more than the rest of the engine's
    loading. Anything else (an egg, a zip) is left to it.
    """
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")  # noqa: PTH208  # names only: cheaper
        except OSError:
            continue
        for name in names:
            if name.startswith(_DIST_INFO) and name.endswith(".dist-info"):
                return name.removeprefix(_DIST_INFO).removesuffix(".dist-info")
    import importlib.metadata  # noqa: PLC0415  # rare: see above

    try:
        return importlib.metadata.version("durable-rules")
    except importlib.metadata.PackageNotFoundError:
        return None


def _import_core() -> Any:
    """
    Import ``durable_rules_engine``, binding its C symbols lazily.

    Its storage callbacks call ``PyEval_CallObject``, which Python 3.13
    removed, so on 3.13 the compiled module has that one symbol undefined.
    The advisor never registers a storage callback, so the symbol is never
    called; binding lazily lets the module load without it. The dlopen
    flags are process-wide, hence the lock and the restore.
    """
    if "durable_rules_engine" in sys.modules:
        return _import("durable_rules_engine")
    with _dlopen_lock:
        flags = sys.getdlopenflags()
        sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
        try:
            return _import("durable_rules_engine")
        finally:
            sys.setdlopenflags(flags)


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except (ImportError, OSError) as error:
        raise _unavailable(f"its C core did not load: {error}") from None


def _unavailable(what: str) -> EngineUnavailableError:
    """
    Return the error for an engine that cannot run, with what to do.
    """
    python = ".".join(str(part) for part in sys.version_info[:3])
    return EngineUnavailableError(
        f"the rule engine cannot run on Python {python}: {what}. "
        f"interview_advisor needs durable-rules {SUPPORTED_VERSION} compiled "
        "for this interpreter (supported: Python 3.11, 3.12 and 3.13); rebuild "
        f"it with a C compiler present: {_REBUILD}"
    )
