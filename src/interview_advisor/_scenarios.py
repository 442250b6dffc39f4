"""
Scenario files: situations with the status and steps a pack must give.

A coach writes them in TOML, without Python; running them says which
scenarios fail and which rules they never made fire (the coverage).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._advisor import Advisor
from ._enums import ActionKind, Status
from ._input_checks import closest
from ._paths import data_folder
from ._rules_reader import load_pack
from .exceptions import InvalidSituationError, ScenarioError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

#: The keys a scenario may have; ``situation`` and ``status`` are required.
KEYS: Final = ("name", "situation", "status", "steps", "steps_now")


@attrs.frozen
class Scenario:
    """
    One situation and what the advice for it must say.

    Attributes:
        name: What the scenario is about.
        file: Where it is written.
        situation: The situation's fields.
        status: The status the advice must give.
        steps: The kinds of every step, in plan order, if given.
        steps_now: The kinds of the steps due now, if given.
    """

    name: str
    file: str
    situation: dict[str, Any] = attrs.field(hash=False)
    status: str
    steps: tuple[str, ...] | None = None
    steps_now: tuple[str, ...] | None = None


@attrs.frozen
class ScenarioReport:
    """
    What running scenarios found.

    Attributes:
        scenarios: How many ran.
        failures: One message per scenario whose advice differs.
        fired: The ids of the rules some scenario made fire.
        never_fired: The ids of the pack's rules no scenario made fire.
    """

    scenarios: int
    failures: tuple[str, ...]
    fired: frozenset[str]
    never_fired: tuple[str, ...]


def run_scenarios(
    paths: Iterable[str | os.PathLike[str]] = (),
    *,
    rules: Iterable[str | os.PathLike[str]] = (),
) -> ScenarioReport:
    """
    Run the scenario files at *paths* on the packaged rules with *rules*.

    Args:
        paths: Scenario files (``*.toml``) or folders of them; none runs the
            packaged pack's own scenarios.
        rules: Rule files or folders layered on the packaged rules.

    Returns:
        The failures, and which of the pack's rules fired.

    Raises:
        ScenarioError: A scenario file cannot be read or is malformed.
        RulePackError: The rules cannot be read or are invalid.

    >>> report = run_scenarios()
    >>> (report.failures, report.never_fired)
    ((), ())
    """
    given = [Path(path) for path in paths] or [data_folder("scenarios")]
    scenarios = [s for path in _files(given) for s in read_scenarios(path)]
    extra = [Path(path) for path in rules]
    pack = load_pack([data_folder("rules")], extra)
    failures, fired = [], set()
    with Advisor(rules=extra) as advisor:
        for scenario in scenarios:
            try:
                advice = advisor.advise(scenario.situation)
            except InvalidSituationError as error:
                failures.append(f"{scenario.file}: {scenario.name}: {error}")
                continue
            fired |= {reason.rule_id for reason in advice.reasons}
            failures += _differences(scenario, advice)
    return ScenarioReport(
        scenarios=len(scenarios),
        failures=tuple(failures),
        fired=frozenset(fired),
        never_fired=tuple(r.id for r in pack.rules if r.id not in fired),
    )


def _files(paths: list[Path]) -> list[Path]:
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise ScenarioError(f"no such scenario file or folder: {', '.join(missing)}")
    return [
        found
        for path in paths
        for found in (sorted(path.rglob("*.toml")) if path.is_dir() else [path])
    ]


def _differences(scenario: Scenario, advice: Any) -> list[str]:
    """
    Return what the advice says that *scenario* does not expect.

    All of it is one failure of the scenario; none when the scenario holds.
    """
    where = f"{scenario.file}: {scenario.name}"
    found = []
    if str(advice.status) != scenario.status:
        found.append(f"expected status {scenario.status}, got {advice.status}")
    kinds = tuple(str(action.kind) for action in advice.actions)
    now = tuple(str(a.kind) for a in advice.actions if str(a.phase) == "now")
    for label, expected, got in (
        ("steps", scenario.steps, kinds),
        ("steps now", scenario.steps_now, now),
    ):
        if expected is not None and expected != got:
            found.append(
                f"expected {label} {', '.join(expected) or 'none'}, "
                f"got {', '.join(got) or 'none'}"
            )
    return [f"{where}: {'; '.join(found)}"] if found else []


def read_scenarios(path: Path) -> list[Scenario]:
    """
    Read the scenarios of one file, naming the file and scenario on an error.

    Raises:
        ScenarioError: The file is not TOML or a scenario is malformed.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ScenarioError(f"{path}: cannot read: {error}") from None
    entries = data.get("scenario")
    if not isinstance(entries, list) or not entries or set(data) != {"scenario"}:
        raise ScenarioError(
            f"{path}: expected one or more [[scenario]] tables and nothing else"
        )
    return [_scenario(path, index, entry) for index, entry in enumerate(entries, 1)]


def _scenario(path: Path, index: int, entry: Any) -> Scenario:
    """
    Check one ``[[scenario]]`` table and return it.
    """
    name = entry.get("name", f"scenario {index}") if isinstance(entry, dict) else ""
    where = f"{path}: scenario {index} ({name!r})"
    problems = []
    if not isinstance(entry, dict):
        raise ScenarioError(f"{where}: expected a table")
    unknown = sorted(set(entry) - set(KEYS))
    if unknown:
        problems.append(f"unknown keys {unknown}; expected some of: {', '.join(KEYS)}")
    if not isinstance(entry.get("situation"), dict):
        problems.append(f"situation: got {entry.get('situation')!r}, expected a table")
    status = entry.get("status")
    if status not in _STATUSES:
        problems.append(f"status: got {status!r}, expected {_named(status, _STATUSES)}")
    for key in ("steps", "steps_now"):
        value = entry.get(key, [])
        if not isinstance(value, list):
            problems.append(f"{key}: got {value!r}, expected a list of step kinds")
            continue
        problems += [
            f"{key}: got {kind!r}, expected {_named(kind, _KINDS)}"
            for kind in value
            if kind not in _KINDS
        ]
    if problems:
        raise ScenarioError(f"{where}: {'; '.join(problems)}")
    steps, now = entry.get("steps"), entry.get("steps_now")
    return Scenario(
        name=str(name),
        file=str(path),
        situation=entry["situation"],
        status=entry["status"],
        steps=None if steps is None else tuple(steps),
        steps_now=None if now is None else tuple(now),
    )


#: The statuses and step kinds a scenario may expect.
_STATUSES: Final = tuple(status.value for status in Status)
_KINDS: Final = tuple(kind.value for kind in ActionKind)


def _named(value: object, names: tuple[str, ...]) -> str:
    """
    Say what is accepted instead of *value*, with the name probably meant.
    """
    meant = closest(value, names) if isinstance(value, str) else None
    hint = f" (did you mean {meant!r}?)" if meant else ""
    return f"one of {', '.join(names)}{hint}"
