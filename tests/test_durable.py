import importlib.metadata
import subprocess
import sys
import textwrap

import pytest

from interview_advisor import EngineUnavailableError, InterviewAdvisorError, _durable

PYTHON = ".".join(str(part) for part in sys.version_info[:3])


@pytest.fixture(name="no_core")
def _no_core(monkeypatch):
    """
    Make the C core fail to import, as a failed or foreign build does.
    """
    monkeypatch.setitem(sys.modules, "durable_rules_engine", None)


class TestLoad:
    def test_loads_the_core_alone(self):
        """The supported release loads, with every C call, and not its Python layer."""
        code = textwrap.dedent(
            """
            import sys
            from interview_advisor import _durable
            core = _durable.load()
            print([name for name in _durable.C_CALLS if not hasattr(core, name)])
            print(sorted(name for name in sys.modules if name.startswith("durable")))
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        assert ["[]", "['durable_rules_engine']"] == out

    def test_installed_release_is_the_supported_one(self):
        """The package's pin, the adapter's release and the one found agree."""
        installed = importlib.metadata.version("durable-rules")
        assert _durable.SUPPORTED_VERSION == installed
        assert installed == _durable._installed_version()

    @pytest.mark.usefixtures("no_core")
    def test_a_core_that_does_not_load_is_a_clear_error(self):
        """A failed import names what failed, the Python version and the fix."""
        with pytest.raises(EngineUnavailableError) as caught:
            _durable.load()
        message = str(caught.value)
        assert f"Python {PYTHON}" in message
        assert "its C core did not load" in message
        assert message.endswith(
            "rebuild it with a C compiler present: "
            "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install "
            '--no-cache-dir --force-reinstall "durable-rules==2.0.28"'
        )
        assert isinstance(caught.value, InterviewAdvisorError)

    @pytest.mark.parametrize("installed", ["2.0.27", "2.0.29", "3.0.0"])
    def test_another_release_is_refused(self, monkeypatch, tmp_path, installed):
        """Any release but the supported one is refused with the one to install."""
        # Found first along sys.path, as the one imported would be.
        (tmp_path / f"durable_rules-{installed}.dist-info").mkdir()
        monkeypatch.syspath_prepend(str(tmp_path))
        with pytest.raises(EngineUnavailableError) as caught:
            _durable.load()
        assert (
            f"durable-rules {installed} is installed, but interview_advisor "
            "drives the C calls of durable-rules 2.0.28 only"
        ) in str(caught.value)

    def test_a_missing_distribution_is_a_clear_error(self, monkeypatch):
        """No durable-rules at all is reported as such, with the fix."""

        def missing(name):
            raise importlib.metadata.PackageNotFoundError(name)

        monkeypatch.setattr(sys, "path", [])
        monkeypatch.setattr(importlib.metadata, "version", missing)
        with pytest.raises(EngineUnavailableError, match="durable-rules is not"):
            _durable.load()

    def test_a_release_without_a_dist_info_folder_is_asked_of_its_metadata(
        self, monkeypatch
    ):
        """An install without a folder along sys.path (an egg, a zip) still counts."""
        monkeypatch.setattr(sys, "path", [])
        monkeypatch.setattr(importlib.metadata, "version", lambda _: "2.0.27")
        assert "2.0.27" == _durable._installed_version()

    def test_a_core_missing_a_call_is_refused(self, monkeypatch):
        """A core without one of the C calls the adapter makes is refused by name."""
        core = _durable.load()
        monkeypatch.delattr(core, "start_action_for_state")
        with pytest.raises(EngineUnavailableError, match="lacks start_action_for_s"):
            _durable.load()

    def test_dlopen_flags_are_restored(self, monkeypatch):
        """Loading the core leaves the process's dlopen flags as they were."""
        monkeypatch.delitem(sys.modules, "durable_rules_engine")
        before = sys.getdlopenflags()
        _durable.load()
        assert before == sys.getdlopenflags()


class TestFirstCall:
    def test_advise_without_the_core_raises_the_clear_error(self):
        """In a fresh process the first advise() gives the clear error, no traceback."""
        script = textwrap.dedent(
            """
            import sys
            sys.modules["durable_rules_engine"] = None
            import interview_advisor
            try:
                interview_advisor.advise({"stage": "applied",
                                          "days_since_interview": 1})
            except interview_advisor.EngineUnavailableError as error:
                print(type(error).__name__, error)
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert "" == done.stderr
        assert done.stdout.startswith(
            f"EngineUnavailableError the rule engine cannot run on Python {PYTHON}"
        )

    @pytest.mark.usefixtures("no_core")
    def test_advisor_retries_once_the_core_is_back(self, monkeypatch):
        """A failed first Advisor() does not poison later ones."""
        from interview_advisor import Advisor  # noqa: PLC0415

        monkeypatch.delitem(sys.modules, "interview_advisor._engine", raising=False)
        with pytest.raises(EngineUnavailableError):
            Advisor()
        monkeypatch.undo()
        advice = Advisor().advise({"stage": "applied", "days_since_interview": 1})
        assert "awaiting_decision" == str(advice.status)
