"""
Where the packaged rules and templates are.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from .exceptions import RulePackError


def data_folder(name: str) -> Path:
    """
    Return the folder *name* (``rules`` or ``templates``).

    An installed wheel carries it inside the package; an editable install or
    a source checkout has it at the top of the checkout.

    Raises:
        RulePackError: Neither place has it.
    """
    packaged = importlib.resources.files("interview_advisor") / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise RulePackError(
        f"the {name}/ folder is missing from the installation", file=str(packaged)
    )
