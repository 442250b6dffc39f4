import pytest

from interview_advisor import RulePackError
from interview_advisor._paths import data_folder


class TestDataFolder:
    @pytest.mark.parametrize(
        ("name", "inside"), [("rules", "figures.toml"), ("templates", "advice.md.j2")]
    )
    def test_finds_packaged_data(self, name, inside):
        """The rules and templates folders are found wherever the package is."""
        assert (data_folder(name) / inside).is_file()

    def test_missing_folder_is_a_rule_pack_error(self):
        """A folder that is not there raises RulePackError naming it."""
        with pytest.raises(RulePackError, match="no_such_folder"):
            data_folder("no_such_folder")
