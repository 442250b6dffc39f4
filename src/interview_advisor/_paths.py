"""
Where the packaged rules and templates are.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .exceptions import RulePackError


def data_folder(name: str) -> Path:
    """
    Return the folder *name* (``rules`` or ``templates``).

    An installed wheel carries it inside the package; an editable install or
    a source checkout has it at the top of the checkout. Either way it is a
    folder of files (the engine's C core cannot load from a zip archive),
    so it is found from this file, without :mod:`importlib.resources`,
    whose import costs more than the rest of this module's.

    Raises:
        RulePackError: Neither place has it.
    """
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise RulePackError(
        f"the {name}/ folder is missing from the installation", file=str(packaged)
    )


def in_packaged_rules(path: Path) -> bool:
    """
    Tell whether the rule file *path* is one of the packaged rules.

    Any other runs sandboxed, as custom.
    """
    return path.resolve().parent == _packaged_rules()


@functools.cache
def _packaged_rules() -> Path:
    return data_folder("rules").resolve()
