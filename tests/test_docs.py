import doctest
import importlib
import pkgutil

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
