"""
The validate command's checks: rule files and templates, before use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._paths import data_folder
from ._rules_reader import read_pack
from ._templating import check_template, text_environment
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ._rules_model import RulePack


def validate(
    paths: list[Path],
    *,
    later: Callable[[RulePack], Iterable[RulePackError]] | None = None,
) -> tuple[int, int, list[RulePackError]]:
    """
    Check the rule files and templates found at *paths*.

    Rule files (``*.toml``) are checked layered on the packaged pack, as an
    :class:`~interview_advisor.Advisor` would load them; templates
    (``*.j2``) are checked as custom templates are when they load. A draft
    a rule names must be a template under ``drafts/`` of a folder given,
    or a packaged one.

    Args:
        paths: Files, or folders searched for ``*.toml`` and ``*.j2`` files.
        later: The checks of a later stage on the whole pack, as read (the
            engine's limits).

    Returns:
        How many rules and templates were read, and every problem found.
    """
    missing = [p for p in paths if not p.exists()]
    problems = [RulePackError("no such file or folder", file=str(p)) for p in missing]
    present = [p for p in paths if p.exists()]
    rule_paths = [p for p in present if p.is_dir() or p.suffix == ".toml"]
    pack, found = read_pack([data_folder("rules")], rule_paths)
    user_rules = [rule for rule in pack.rules if _is_under(rule.file, rule_paths)]
    templates = [
        template
        for path in present
        for template in (sorted(path.rglob("*.j2")) if path.is_dir() else [path])
        if template.suffix == ".j2"
    ]
    problems += found + [p for t in templates if (p := _check_template(t))]
    folders = [*(p for p in present if p.is_dir()), Path(data_folder("templates"))]
    for rule in user_rules:
        for name in {action.draft for action in rule.actions if action.draft}:
            if not any((f / "drafts" / f"{name}.txt.j2").is_file() for f in folders):
                problems.append(
                    RulePackError(
                        f"no template drafts/{name}.txt.j2 for the draft {name!r}",
                        file=rule.file,
                        rule_id=rule.id,
                        line=rule.line,
                    )
                )
    if later is not None:
        problems += later(pack)
    return len(user_rules), len(templates), problems


def _is_under(file: str, paths: list[Path]) -> bool:
    resolved = Path(file).resolve()
    return any(
        resolved == path.resolve() or path.resolve() in resolved.parents
        for path in paths
    )


def _check_template(path: Path) -> RulePackError | None:
    """
    Check the template at *path*; return what is wrong with it, if anything.
    """
    try:
        source = path.read_text(encoding="utf-8")
        check_template(text_environment(sandboxed=True), source, str(path))
    except RulePackError as error:
        return error
    except (OSError, UnicodeDecodeError) as error:
        return RulePackError(f"cannot read: {error}", file=str(path))
    return None
