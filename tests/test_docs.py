import doctest
import importlib
import importlib.metadata
import pathlib
import pkgutil
import re

import pytest

import interview_advisor

MODULES = sorted(
    name
    for _, name, _ in pkgutil.iter_modules(
        interview_advisor.__path__, "interview_advisor."
    )
    if name != "interview_advisor.__main__"
)


class TestDocstrings:
    @pytest.mark.parametrize("name", MODULES)
    def test_examples_run(self, name):
        """The examples in the installed package's docstrings run as written."""
        result = doctest.testmod(
            importlib.import_module(name), optionflags=doctest.ELLIPSIS
        )

        assert 0 == result.failed

    def test_some_examples_exist(self):
        """At least the advise() example is collected, so the check is not empty."""
        total = sum(
            doctest.testmod(importlib.import_module(name)).attempted for name in MODULES
        )

        assert total >= 3


README = pathlib.Path(__file__).parents[1] / "README.md"


def documentation_url():
    """Return the documentation's address, from the installed metadata."""
    urls = importlib.metadata.metadata("interview-advisor").get_all("Project-URL")
    return dict(url.split(", ", 1) for url in urls)["Documentation"]


class TestReadme:
    def test_links_work_on_the_package_index(self):
        """The README links with absolute addresses only: the index shows it alone."""
        targets = re.findall(
            r"\]\(([^)\s]+)\)|^\[[^\]]+\]: (\S+)$", README.read_text(), re.MULTILINE
        )
        relative = [t for pair in targets for t in pair if t and "://" not in t]

        assert [] == relative

    def test_documentation_links_name_pages_that_exist(self):
        """Each link into the documentation names a page of docs/."""
        base = documentation_url()
        pages = re.findall(re.escape(base) + r"([a-z_]+)/", README.read_text())
        missing = [
            p for p in pages if not (README.parent / "docs" / f"{p}.md").exists()
        ]

        assert (True, []) == (len(pages) >= 10, missing)

    def test_a_licence_ships(self):
        """The MIT licence the metadata names is in the checkout and the metadata."""
        meta = importlib.metadata.metadata("interview-advisor")

        assert "MIT" == meta["License-Expression"]
        assert (README.parent / "LICENSE").read_text().startswith("MIT License")
