"""
The shape of the package: one job per module, imports flowing one way.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import interview_advisor

PACKAGE = Path(interview_advisor.__file__).parent
#: Every module, upstream first: each may import only modules before it.
#: Base, input, signals, rules, engine, outputs, conclusions, rendering,
#: and the entry points that tie them together.
ORDER = (
    "exceptions",
    "_enums",
    "_paths",
    "_locks",
    "_processes",
    "_daycount",
    "_markdown",
    "_wording",
    "_filters",
    "_templating",
    "_texts",
    "_input_convert",
    "_input_checks",
    "_input_interviewer",
    "_input_timeframe",
    "_input_dates",
    "_input_situation",
    "_input_timeline",
    "_signals",
    "_rules_model",
    "_rules_conditions",
    "_rules_check",
    "_rules_edges",
    "_rules_texts",
    "_rules_toml",
    "_rules_drafts",
    "_rules_reader",
    "_rules_validate",
    "_rules_explain",
    "_durable",
    "_engine_compile",
    "_engine_limits",
    "_engine_core",
    "_engine",
    "_output_card",
    "_output_plan",
    "_output_explain",
    "_output_advice",
    "_conclusions",
    "_rendering_personal",
    "_rendering",
    "_explain_why",
    "_explain_ahead",
    "_explain",
    "_advisor",
    "_batch",
    "_agenda_read",
    "_agenda_out",
    "_agenda",
    "_agenda_application",
    "_agenda_build",
    "_pack_bounds",
    "_pack_texts",
    "_pack_space",
    "_pack_run",
    "_pack_check",
    "_pack_table",
    "_scenarios",
    "_schema_dialects",
    "_schema",
    "_mcp_explain",
    "_mcp",
    "_mcp_serve",
    "_cli_options",
    "_cli",
    "_cli_tools",
    "_cli_explain",
    "_cli_agenda",
    "_cli_check",
    "__main__",
    "__init__",
)
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py"))


def imports_of(name: str) -> set[str]:
    """
    Return the package's modules that module *name* imports, anywhere in it.
    """
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "interview_advisor."
        ):
            found.add(node.module.split(".")[1])
    return found & set(MODULES)


class TestLayout:
    def test_every_module_has_its_place(self):
        """Each module of the package is placed in the import order, once."""
        assert sorted(ORDER) == MODULES

    @pytest.mark.parametrize("name", ORDER)
    def test_imports_only_upstream(self, name):
        """A module imports only modules before it, never one downstream."""
        upstream = set(ORDER[: ORDER.index(name)])

        assert set() == imports_of(name) - upstream

    def test_no_cycle(self):
        """Following imports from any module never leads back to it."""
        graph = {name: imports_of(name) for name in MODULES}

        def reaches(start: str) -> set[str]:
            seen: set[str] = set()
            todo = list(graph[start])
            while todo:
                name = todo.pop()
                if name not in seen:
                    seen.add(name)
                    todo += graph[name]
            return seen

        assert [] == [name for name in MODULES if name in reaches(name)]

    @pytest.mark.parametrize("name", MODULES)
    def test_modules_stay_small(self, name):
        """No module grows past about 400 lines."""
        lines = (PACKAGE / f"{name}.py").read_text(encoding="utf-8").count("\n")

        assert lines <= 420

    @pytest.mark.parametrize("name", MODULES)
    def test_docstring_says_the_job_in_one_line(self, name):
        """Every module opens with a one-line summary of its job."""
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        summary = (ast.get_docstring(tree) or "").partition("\n")[0]

        assert (True, True) == (summary.endswith("."), len(summary) <= 88)


class TestImport:
    def test_importing_the_package_loads_neither_jinja_nor_the_engine(self):
        """The template engine and the rule engine load on first use, not on import."""
        code = (
            "import sys, interview_advisor\n"
            "print(sorted(m for m in ('jinja2', 'durable', 'icalendar') "
            "if m in sys.modules))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

        assert "[]" == done.stdout.strip()
