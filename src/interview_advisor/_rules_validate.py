"""
The validate command's checks: rule files and templates, before use.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

import jinja2
import jinja2.meta

from ._paths import data_folder
from ._rules_reader import read_pack
from ._signals import SIGNALS
from ._templating import card_environment, check_template, text_environment
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable

    from ._rules_model import RulePack

#: The variables every draft gets besides the signals and the figures, as
#: docs/templates.md lists them (a test keeps the two the same).
DRAFT_VARIABLES: Final = frozenset(
    {"recipient", "recipient_first_name", "recipient_role", "recipient_topic"}
    | {"candidate_name", "company", "job_title", "recruiter_name"}
    | {"discussed_topic", "interviewer_names", "interviewers", "concerns"}
    | {"known", "tone", "stated_timeframe", "planned"}
)
#: What ``advice.md.j2`` gets besides: everything a draft does but the
#: recipient, and the advice.
ADVICE_VARIABLES: Final = frozenset(
    {name for name in DRAFT_VARIABLES if not name.startswith("recipient")} | {"advice"}
)
_SUBJECT: Final = re.compile(r"^Subject:", re.MULTILINE)


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
    # A draft also sees the draft values its step's rule names.
    values = {n for r in pack.rules for a in r.actions for n, _ in a.draft_values}
    names = set(SIGNALS) | set(pack.figures) | values
    problems += found + [p for t in templates for p in _check_template(t, names)]
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


#: The packaged notebook cards, which have variables of their own.
_CARDS: Final = frozenset(
    {"card.html.j2", "card.md.j2", "agenda.html.j2", "agenda.md.j2"}
)


def _is_under(file: str, paths: list[Path]) -> bool:
    resolved = Path(file).resolve()
    return any(
        resolved == path.resolve() or path.resolve() in resolved.parents
        for path in paths
    )


def _check_template(path: Path, names: Collection[str]) -> list[RulePackError]:
    """
    Check the template at *path*; return every problem found in it.

    Besides its syntax, a template may use only the variables documented
    for it (*names* are the signals and figures), and a draft must have a
    ``Subject:`` line.
    """
    env = text_environment(sandboxed=True)
    # The notebook cards render the advice, an agenda or an explanation in
    # an environment of their own; only their syntax is checked.
    card = path.name in _CARDS
    if card:
        env = card_environment(path.name.split(".")[-2])
    try:
        source = path.read_text(encoding="utf-8")
        check_template(env, source, str(path))
    except RulePackError as error:
        return [error]
    except (OSError, UnicodeDecodeError) as error:
        return [RulePackError(f"cannot read: {error}", file=str(path))]
    if card:
        return []
    draft = path.parent.name == "drafts"
    known = {*names, *env.globals, *(DRAFT_VARIABLES if draft else ADVICE_VARIABLES)}
    ast = env.parse(source)
    problems = [
        RulePackError(
            f"uses {name!r}, which is not a variable of "
            f"{'a draft' if draft else 'the advice template'}"
            f"{_did_you_mean(name, known)} (see the variables in the templates "
            "documentation)",
            file=str(path),
            line=_first_line(ast, name),
        )
        for name in sorted(jinja2.meta.find_undeclared_variables(ast) - known)
    ]
    if draft and not _SUBJECT.search(source):
        problems.append(
            RulePackError(
                "a draft must have a 'Subject:' line, followed by the body",
                file=str(path),
            )
        )
    return problems


def _did_you_mean(name: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _first_line(ast: jinja2.nodes.Template, name: str) -> int | None:
    """
    Return the line where *ast* first reads the variable *name*.
    """
    lines = [
        node.lineno
        for node in ast.find_all(jinja2.nodes.Name)
        if node.name == name and node.ctx == "load"
    ]
    return min(lines, default=None)
