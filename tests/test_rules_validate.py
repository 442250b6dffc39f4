from interview_advisor._cli import main
from interview_advisor._paths import data_folder

BROKEN_RULES = """[[rule]]
id = "x.y"
priority = 1
reason = "r"
[rule.when]
mood = "happy"

[[rule]]
id = "x.z"
priority = 2
reason = "{{ nope }}"
"""


class TestValidate:
    def test_packaged_rules_and_templates_pass(self, capsys):
        """The packaged rules and templates validate, exit status 0."""
        assert 0 == main(
            ["validate", str(data_folder("rules")), str(data_folder("templates"))]
        )
        assert capsys.readouterr().out.strip().endswith(": ok")

    def test_every_problem_with_file_rule_and_line(self, tmp_path, capsys):
        """Each problem is printed with its file, rule id and line; exit status 1."""
        (tmp_path / "rules.toml").write_text(BROKEN_RULES)
        (tmp_path / "drafts").mkdir()
        (tmp_path / "drafts" / "bad.txt.j2").write_text("Subject: x\n\n{% if %}")

        assert 1 == main(["validate", str(tmp_path)])
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith(
            f"{tmp_path / 'rules.toml'}:2 rule 'x.y': unknown condition"
        )
        assert lines[1].startswith(
            f"{tmp_path / 'rules.toml'}:9 rule 'x.z': text '{{{{ nope }}}}' uses"
        )
        assert lines[2].startswith(f"{tmp_path / 'drafts' / 'bad.txt.j2'}:3:")
        assert "3 problems" in lines[3]

    def test_missing_path(self, tmp_path, capsys):
        """A path that does not exist is a problem."""
        assert 1 == main(["validate", str(tmp_path / "nope")])
        assert "no such file or folder" in capsys.readouterr().out

    def test_usage(self, capsys):
        """Validate without paths prints its usage, exit status 2."""
        assert 2 == main(["validate"])
        assert "validate PATH" in capsys.readouterr().err
