"""
Schema dialects: one complete JSON Schema rewritten for a provider's tools.

Each dialect is a transformation of the whole schema, not a second
description of the fields, so a field added to the situation or the advice
reaches every dialect unchanged. docs/serving.md cites the constraints.
"""

from __future__ import annotations

import json
from typing import Any, Final

from .exceptions import InvalidSettingError

#: The dialects, the complete JSON Schema first.
DIALECTS: Final = ("json-schema", "openai-strict", "anthropic")

#: The keywords every revision of OpenAI's strict mode accepts; the others
#: are left out of the schema and said in the field's description instead.
STRICT_KEYWORDS: Final = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "anyOf",
        "description",
        "$defs",
        "$ref",
    }
)
#: Keywords left out without a word: they constrain nothing.
_SILENT: Final = frozenset({"$schema", "title"})
#: What a left-out keyword means, in words for the model.
_SAYS: Final = {
    "minimum": "at least {}",
    "maximum": "at most {}",
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
    "minItems": "at least {} items",
    "maxItems": "at most {} items",
    "format": "in the {} format",
    "pattern": "matching the regular expression {}",
}
_COMBINATORS: Final = ("anyOf", "oneOf", "allOf")
#: JSON's name for the type of each value an ``enum`` can hold.
_JSON_TYPES: Final = {str: "string", bool: "boolean", int: "integer", float: "number"}
_WHOLE: Final = "Whole numbers are written without a fraction (9, not 9.0)."


def in_dialect(schema: dict[str, Any], dialect: str) -> dict[str, Any]:
    """
    Return *schema* rewritten for *dialect*.

    Every dialect makes the optional properties of the root nullable, as
    :func:`advise` reads ``null`` as "not given".

    Args:
        schema: A complete draft 7 schema of an object.
        dialect: One of ``DIALECTS``.

    Raises:
        InvalidSettingError: *dialect* is not one of ``DIALECTS``.
    """
    if dialect not in DIALECTS:
        accepted = ", ".join(DIALECTS)
        raise InvalidSettingError(
            f"dialect: got {dialect!r}, expected one of: {accepted}"
        )
    complete = _with_whole_numbers(_nullable_optionals(schema))
    if dialect == "json-schema":
        return complete
    # Both providers refuse combinators at the root; advise() checks them.
    root = {k: v for k, v in complete.items() if k not in _COMBINATORS}
    notes = [_combined(key, complete[key]) for key in _COMBINATORS if key in complete]
    root["description"] = " ".join([complete.get("description", ""), *notes]).strip()
    if dialect == "anthropic":
        return {k: v for k, v in root.items() if k != "$schema"}
    return _strict(root)


def _nullable_optionals(schema: dict[str, Any]) -> dict[str, Any]:
    """
    Return *schema* with each property not in ``required`` nullable.
    """
    required = set(schema.get("required", ()))
    properties = {
        name: node if name in required else _or_null(node)
        for name, node in schema.get("properties", {}).items()
    }
    return {**schema, "properties": properties} if properties else dict(schema)


def _with_whole_numbers(schema: dict[str, Any]) -> dict[str, Any]:
    """
    Say in the description that integers are whole, where the schema has any.
    """
    # JSON Schema counts 9.0 as an integer; advise() does not.
    if '"integer"' not in json.dumps(schema):
        return schema
    described = " ".join([schema.get("description", ""), _WHOLE]).strip()
    return {**schema, "description": described}


def _combined(keyword: str, branches: list[dict[str, Any]]) -> str:
    """
    Say in words what a root ``anyOf``, ``oneOf`` or ``allOf`` asks.
    """
    names = [" and ".join(branch.get("required", ())) for branch in branches]
    if all(names) and keyword == "anyOf":
        return f"Give at least one of: {', '.join(names)} (not null); advise() checks."
    return f"advise() also checks {keyword}: {json.dumps(branches)}."


def _strict(node: dict[str, Any], *, nullable: bool = False) -> dict[str, Any]:
    """
    Return *node* in OpenAI's strict form, its children too.
    """
    kept = {key: value for key, value in node.items() if key in STRICT_KEYWORDS}
    if "properties" in node:
        required = set(node.get("required", ()))
        kept["properties"] = {
            name: _strict(child, nullable=name not in required)
            for name, child in node["properties"].items()
        }
        # Strict mode wants every property listed; optional ones take null.
        kept["required"] = list(node["properties"])
        kept["additionalProperties"] = False
    if "items" in node:
        kept["items"] = _strict(node["items"])
    if "anyOf" in node:
        kept["anyOf"] = [_strict(branch) for branch in node["anyOf"]]
    if "enum" in node and "type" not in node and "anyOf" not in node:
        kept["type"] = _enum_type(node["enum"])
    left_out = [key for key in node if key not in STRICT_KEYWORDS | _SILENT]
    if left_out:
        said = "; ".join(_said(key, node[key]) for key in left_out)
        described = f"{node.get('description', '')} (advise() checks: {said})"
        kept["description"] = described.strip()
    return _or_null(kept) if nullable else kept


def _said(keyword: str, value: object) -> str:
    """
    Say a left-out keyword and its value in words.
    """
    if keyword in _SAYS:
        return _SAYS[keyword].format(value)
    return f"{keyword} {json.dumps(value)}"


def _enum_type(values: list[object]) -> str | list[str]:
    """
    Return the JSON type (or types) of an enum's values.
    """
    kinds = sorted(
        {"null" if v is None else _JSON_TYPES.get(type(v), "object") for v in values}
    )
    return kinds[0] if len(kinds) == 1 else kinds


def _or_null(node: dict[str, Any]) -> dict[str, Any]:
    """
    Return *node* also accepting null.
    """
    nulled = dict(node)
    if "anyOf" in node:
        if {"type": "null"} not in node["anyOf"]:
            nulled["anyOf"] = [*node["anyOf"], {"type": "null"}]
        return nulled
    if "enum" in node and None not in node["enum"]:
        nulled["enum"] = [*node["enum"], None]
    kind = node.get("type")
    if isinstance(kind, str) and kind != "null":
        nulled["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        nulled["type"] = [*kind, "null"]
    return nulled
