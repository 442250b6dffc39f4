"""
Interviewers of the input model: a plain name, or a name with a role and topic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from ._input_checks import MAX_ITEMS, Email, Name, Text, list_problems
from ._input_convert import to_text
from .exceptions import MISSING, Problem, show


@attrs.frozen
class Interviewer:
    """
    One interviewer, described enough for a thank-you note of their own.

    An entry of ``Situation.interviewer_names`` is a plain name or one of
    these (in a mapping or JSON: ``{"name": ..., "role": ..., "topic": ...}``,
    and ``"email"`` if known).
    It is checked as part of the situation, with the other fields.

    Attributes:
        name: The name as it is written in full ("Ana Ruiz"); a friendly
            note greets the first name ("Hi Ana,").
        role: Their part in the hiring, as it reads after "as"
            ("engineering manager", "the team lead").
        topic: Something specific talked about with them; without it their
            note speaks of the situation's discussed_topic.
        email: Their email address, for ``mailto:`` links to their note.

    .. versionadded:: 0.2
    """

    name: str = attrs.field(converter=to_text)
    role: str | None = attrs.field(default=None, converter=to_text)
    topic: str | None = attrs.field(default=None, converter=to_text)
    email: str | None = attrs.field(default=None, converter=to_text)


#: The keys of an interviewer given as a mapping.
_KEYS: Final = tuple(field.name for field in attrs.fields(Interviewer))


def to_interviewers(value: object) -> object:
    """
    Turn a list of names and interviewer mappings into a tuple.

    A name is stripped; a mapping with only the keys of an
    :class:`Interviewer` becomes one, with its name marked missing if it
    has none. Anything else is left for the check to report.
    """
    if isinstance(value, list | tuple):
        return tuple(_to_interviewer(item) for item in value)
    return value


def _to_interviewer(item: object) -> object:
    if isinstance(item, Mapping) and set(item) <= set(_KEYS):
        # A missing name is reported with the rest, not as a TypeError.
        return Interviewer(**{"name": MISSING, **item})
    return to_text(item)


@attrs.frozen
class Interviewers:
    """
    A list of at most ``MAX_ITEMS`` names or :class:`Interviewer` entries.

    Attributes:
        longest: The most characters in a name, role or topic.
    """

    longest: int

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*, entry by entry.
        """
        return list_problems(name, value, self._entry, "names or interviewers")

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        text = Text(self.longest).schema()
        person = {
            "title": Interviewer.__name__,
            "type": "object",
            "properties": {"name": Name(self.longest).schema()}
            | {key: dict(text) for key in ("role", "topic")}
            | {"email": Email().schema()},
            "required": ["name"],
            "additionalProperties": False,
        }
        item = {"anyOf": [Name(self.longest).schema(), person]}
        return {"type": "array", "items": item, "maxItems": MAX_ITEMS}

    def _entry(self, path: str, item: object) -> list[Problem]:
        """
        Return what is wrong with one entry, named by *path*.
        """
        if isinstance(item, Interviewer):
            return self._interviewer(path, item)
        if isinstance(item, Mapping):
            # Only a mapping with a key an Interviewer lacks is left as one.
            known = {key: item[key] for key in _KEYS if key in item}
            expected = f"a known key of an interviewer: {', '.join(_KEYS)}"
            return [
                Problem(_key_path(path, key), item[key], expected)
                for key in item
                if key not in _KEYS
            ] + self._entry(path, _to_interviewer(known))
        if isinstance(item, str) and not Name(self.longest).problems(path, item):
            return []
        expected = (
            f"a name ({Name(self.longest).expected}), or an interviewer: "
            "a mapping with a name and, if known, their role and topic"
        )
        return [Problem(path, item, expected)]

    def _interviewer(self, path: str, person: Interviewer) -> list[Problem]:
        """
        Return what is wrong with the name, role and topic of *person*.
        """
        text = Text(self.longest)
        return [
            *Name(self.longest).problems(f"{path}.name", person.name),
            *text.problems(f"{path}.role", person.role),
            *text.problems(f"{path}.topic", person.topic),
            *Email().problems(f"{path}.email", person.email),
        ]


def _key_path(path: str, key: object) -> str:
    """
    Return the path of *key* in the mapping at *path*.
    """
    return f"{path}.{key if isinstance(key, str) else show(key)}"


def interviewer(entry: str | Interviewer) -> Interviewer:
    """
    Return a checked entry of ``interviewer_names`` as an :class:`Interviewer`.
    """
    return entry if isinstance(entry, Interviewer) else Interviewer(entry)
