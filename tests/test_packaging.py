import importlib.metadata
import importlib.resources

import interview_advisor


class TestPublicApi:
    def test_all_is_sorted_and_importable(self):
        """__all__ is sorted and every name in it exists."""
        names = interview_advisor.__all__

        assert sorted(names) == names
        assert all(hasattr(interview_advisor, name) for name in names)

    def test_version_comes_from_metadata(self):
        """__version__ is the installed distribution's version."""
        assert (
            importlib.metadata.version("interview-advisor")
            == interview_advisor.__version__
        )

    def test_errors_inherit_builtins(self):
        """InvalidSituationError is also a ValueError; all share one base."""
        assert issubclass(interview_advisor.InvalidSituationError, ValueError)
        assert issubclass(
            interview_advisor.RulePackError, interview_advisor.InterviewAdvisorError
        )


class TestInstalledWheel:
    def test_ships_rules_and_templates(self):
        """The installed wheel carries rules/, scenarios/, templates/ and py.typed."""
        files = {str(f) for f in importlib.metadata.files("interview-advisor") or []}

        expected = {
            "interview_advisor/rules/figures.toml",
            "interview_advisor/rules/timing.toml",
            "interview_advisor/scenarios/waiting.toml",
            "interview_advisor/templates/advice.md.j2",
            "interview_advisor/templates/drafts/thank_you.txt.j2",
            "interview_advisor/py.typed",
        }
        assert expected <= files

    def test_package_finds_its_data(self):
        """The package's own folder holds the rules it loads."""
        folder = importlib.resources.files("interview_advisor")

        assert (folder / "rules" / "figures.toml").is_file()
        assert (folder / "templates" / "advice.md.j2").is_file()
