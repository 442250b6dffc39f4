"""
The test suite on every supported Python, each against the installed wheel.

``nox`` runs all of them; ``nox -s tests-3.13`` runs one. Each session makes
a fresh virtual environment, builds durable-rules from source as strictly as
GCC 14 does (with the README's one-line fix for it), installs the project's
wheel with its test extras, and runs the whole suite.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import nox

#: The interpreters the package supports; the trove classifiers list the same.
PYTHONS = ["3.11", "3.12", "3.13"]
#: durable-rules' C code must build with this, as GCC 14 and newer require.
STRICT = "-Werror=implicit-function-declaration"

nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True
nox.options.reuse_existing_virtualenvs = False

ROOT = Path(__file__).parent


def readme_cppflags() -> str:
    """
    Return the compiler flags that the README's set-up section gives for GCC 14.
    """
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- gcc14 -->.*?`CPPFLAGS=([^`]*)`", readme, re.DOTALL)
    if found is None:
        msg = "README.md has no CPPFLAGS line after <!-- gcc14 -->"
        raise RuntimeError(msg)
    return " ".join(shlex.split(found.group(1)))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """
    Build the wheel, install it with its test extras, and run the whole suite.
    """
    wheels = Path(session.create_tmp()) / "wheels"
    session.run(
        "python", "-m", "pip", "wheel", "--quiet", "--no-deps",
        "--wheel-dir", str(wheels), str(ROOT),
    )  # fmt: skip
    # Built from source, uncached, with GCC 14's strictness: proves that the
    # README's line is enough there. durable-rules' setup.py overwrites
    # CFLAGS, so the flags go in CPPFLAGS, which it keeps.
    session.install(
        "--no-cache-dir", "--no-binary", "durable-rules", "durable-rules==2.0.28",
        env={"CPPFLAGS": f"{readme_cppflags()} {STRICT}"},
    )  # fmt: skip
    (wheel,) = wheels.glob("interview_advisor-*.whl")
    session.install(f"{wheel}[tests]")
    session.run("python", "-m", "pytest", *session.posargs)
    session.run(
        "python", "-c",
        "import interview_advisor, sys; where = interview_advisor.__file__; "
        "sys.exit(None if 'site-packages' in where else f'tested {where}')",
    )  # fmt: skip
