"""
Reading applications from the files people keep: JSON, JSON Lines, CSV, TOML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from ._batch import _BLANK, _parse, _UnreadableLine
from ._input_situation import Situation
from .exceptions import InvalidSituationError, Problem, UnreadableFileError

if TYPE_CHECKING:
    import os

#: A record of a file: its line, and its value or what is wrong with it.
Record = tuple[int, object]

#: The columns of a CSV file: the id, every field of a situation, and the
#: date of a scheduled next round.
COLUMNS: Final = (
    "id",
    *(field.name for field in attrs.fields(Situation)),
    "next_interview_on",
)
#: Columns that hold lists, their items separated by ``;``.
_LIST_COLUMNS: Final = frozenset(
    {"interviewer_names", "concerns_from_last_interview", "follow_up_dates"}
)
_FLAG_COLUMNS: Final = frozenset({"thank_you_sent", "technical_role"})
_FLAGS: Final = {"true": True, "yes": True, "1": True}
_FLAGS.update({"false": False, "no": False, "0": False})
#: Columns that hold whole numbers; any other text is left for the checks.
_COUNT_COLUMNS: Final = frozenset(
    {
        "days_since_interview",
        "stated_timeframe_days",
        "follow_ups_sent",
        "days_since_last_follow_up",
        "next_interview_in_days",
    }
)
_COUNT: Final = re.compile(r"-?\d{1,8}")
#: An interviewer written ``Name <address>`` in a CSV cell.
_NAME_AND_ADDRESS: Final = re.compile(r"^(?P<name>[^<>]*)<(?P<email>[^<>]*)>$")
#: How a TOML file lists its applications: ``[[application]]`` tables.
_TOML_TABLE: Final = re.compile(r"^[ \t]*\[\[[ \t]*application[ \t]*\]\]", re.MULTILINE)


@attrs.frozen
class BadRecord:
    """
    A record that cannot be an application, whatever it holds.

    Attributes:
        problems: What is wrong with it.
    """

    problems: tuple[Problem, ...]

    def error(self) -> InvalidSituationError:
        """
        Return the error that reports this record.
        """
        return InvalidSituationError(self.problems)


def read_applications(path: str | os.PathLike[str]) -> list[Record]:
    """
    Return the numbered records of a file of applications, read by its suffix.

    ``.json`` holds an array of application objects, ``.jsonl`` (or
    ``.ndjson``) one object a line, ``.csv`` one row per application under
    a header of field names, and ``.toml`` one ``[[application]]`` table
    each. A record's number is its line in the file.

    Raises:
        UnreadableFileError: The file is missing, of another kind, not
            UTF-8, or not readable as a whole; bad records are not raised
            but returned, marked with what is wrong with them.
    """
    name = str(path)
    readers = {
        ".json": _json,
        ".jsonl": _json_lines,
        ".ndjson": _json_lines,
        ".csv": _csv,
        ".toml": _toml,
    }
    reader = readers.get(Path(name).suffix.lower())
    if reader is None:
        accepted = ", ".join(readers)
        raise UnreadableFileError(name, f"expected a file ending in one of: {accepted}")
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        raise UnreadableFileError(name, f"cannot read it: {error.strerror}") from None
    return reader(name, data)


def _json_lines(name: str, data: bytes) -> list[Record]:
    """
    Return a record per non-blank line, a bad line marked as one.
    """
    del name  # every line is its own record: no error is the file's
    records = []
    for number, line in enumerate(data.splitlines(), start=1):
        value = _parse(line)
        if value is _BLANK:
            continue
        if isinstance(value, _UnreadableLine):
            value = BadRecord(value.error().problems)
        records.append((number, value))
    return records


def _text(name: str, data: bytes) -> str:
    """
    Decode a whole file as UTF-8, with or without a byte-order mark.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableFileError(name, "expected UTF-8 text", line) from None


def _json(name: str, data: bytes) -> list[Record]:
    """
    Return a record per item of a JSON array, numbered by the line it starts on.
    """
    text = _text(name, data)
    decoder = json.JSONDecoder()
    at = _skip_space(text, 0)
    if not text.startswith("[", at):
        line = text.count("\n", 0, at) + 1
        raise UnreadableFileError(name, "expected a JSON array of applications", line)
    records: list[Record] = []
    at = _skip_space(text, at + 1)
    while not text.startswith("]", at):
        if records:
            at = _skip_space(text, _expect(name, text, at, ","))
        line = text.count("\n", 0, at) + 1
        try:
            value, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as error:
            raise UnreadableFileError(name, error.msg, error.lineno) from None
        # Python's own limits: digits of an integer, and the stack.
        except (ValueError, RecursionError):
            raise UnreadableFileError(name, "a value is too large", line) from None
        records.append((line, value))
        at = _skip_space(text, at)
    if text[at + 1 :].strip():
        line = text.count("\n", 0, at) + 1
        raise UnreadableFileError(name, "expected nothing after the array", line)
    return records


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _expect(name: str, text: str, at: int, char: str) -> int:
    """
    Return the position after *char* at *at*, which must be there.
    """
    if not text.startswith(char, at):
        line = text.count("\n", 0, at) + 1
        found = "the end of the file" if at >= len(text) else repr(text[at])
        raise UnreadableFileError(name, f"expected {char!r} or ']', got {found}", line)
    return at + 1


def _csv(name: str, data: bytes) -> list[Record]:
    """
    Return a record per row of a CSV file under a header of field names.

    Bytes that are not UTF-8 are kept as lone surrogates, which no field
    accepts, so such a row is a bad record and the others are read.
    """
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    # Lines end only at \n, \r or \r\n, as in a spreadsheet's export.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader, [])]
        unknown = [cell for cell in header if cell and cell not in COLUMNS]
        if unknown or not header:
            expected = "a header of these columns: " + ", ".join(COLUMNS)
            shown = f"got column {unknown[0]!r}, " if unknown else ""
            raise UnreadableFileError(name, shown + expected, 1)
        records, start = [], reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append((start, _row(header, row)))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFileError(name, str(error), reader.line_num) from None
    return records


def _row(header: list[str], row: list[str]) -> object:
    """
    Return a CSV row as a mapping of its non-empty cells, or a bad record.
    """
    if len(row) > len(header):
        extra = row[len(header) :]
        expected = f"at most {len(header)} cells, one per column of the header"
        return BadRecord((Problem("row", extra, expected),))
    return {
        column: _cell(column, cell.strip())
        for column, cell in zip(header, row, strict=False)
        if column and cell.strip()
    }


def _cell(column: str, cell: str) -> object:
    """
    Return a cell's value as the situation's field *column* takes it.
    """
    if column in _LIST_COLUMNS:
        items = [item.strip() for item in cell.split(";") if item.strip()]
        return (
            [_interviewer(i) for i in items] if column == "interviewer_names" else items
        )
    if column in _FLAG_COLUMNS:
        return _FLAGS.get(cell.casefold(), cell)
    if column in _COUNT_COLUMNS and _COUNT.fullmatch(cell):
        return int(cell)
    return cell


def _interviewer(item: str) -> object:
    """
    Read ``Name <address>`` as an interviewer with an email; else a name.
    """
    found = _NAME_AND_ADDRESS.match(item)
    if found is None:
        return item
    return {"name": found["name"].strip(), "email": found["email"].strip()}


def _toml(name: str, data: bytes) -> list[Record]:
    """
    Return a record per ``[[application]]`` table, numbered by its header line.
    """
    text = _text(name, data)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UnreadableFileError(name, str(error)) from None
    tables = document.get("application")
    extra = sorted(set(document) - {"application"})
    if extra or not isinstance(tables, list):
        shown = f"got key {extra[0]!r}, " if extra else ""
        raise UnreadableFileError(name, f"{shown}expected [[application]] tables only")
    lines = [
        text.count("\n", 0, found.start()) + 1 for found in _TOML_TABLE.finditer(text)
    ]
    # An inline array of tables has no headers: its records are numbered in order.
    if len(lines) != len(tables):
        lines = list(range(1, len(tables) + 1))
    return list(zip(lines, tables, strict=True))
