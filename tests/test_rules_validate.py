import re
from pathlib import Path

from interview_advisor._cli import main
from interview_advisor._paths import data_folder
from interview_advisor._rules_validate import DRAFT_VARIABLES

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


MANY_PROBLEMS = """[[rule]]
id = "custom.bad"
priority = "high"
status = "great"
reason = "Late by {{ days_since_interveiw }}."

[rule.when]
employer_response = "nothing"
stagez = "applied"

[[rule.action]]
kind = "send_follow_up"
due = true
title = "Follow up"
why = "Because."
"""


def validate_lines(capsys, *paths):
    """
    Return the exit status of validate on *paths*, and the lines it printed.
    """
    code = main(["validate", *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


class TestEveryProblemOfARule:
    def test_one_run_reports_them_all(self, tmp_path, capsys):
        """Each of a rule's six problems is reported in one run, with file and rule."""
        (tmp_path / "bad.toml").write_text(MANY_PROBLEMS)

        code, lines = validate_lines(capsys, tmp_path)

        assert 1 == code
        assert "6 problems" in lines[-1]
        expected = ["'nothing'", "'stagez'", "'due'", "'priority'", "'great'"]
        expected.append("days_since_interveiw")
        for part in expected:
            assert any(part in line and "rule 'custom.bad'" in line for line in lines)


class TestTemplateVariables:
    def test_undocumented_name_is_reported(self, tmp_path, capsys):
        """A template's misspelt variable is reported with its line and the fix."""
        (tmp_path / "drafts").mkdir()
        draft = tmp_path / "drafts" / "follow_up.txt.j2"
        draft.write_text("Subject: Hello\n\nThe {{ job_titel }} role.\n")

        code, lines = validate_lines(capsys, tmp_path)

        assert 1 == code
        assert lines[0].startswith(f"{draft}:3: uses 'job_titel'")
        assert "did you mean 'job_title'?" in lines[0]

    def test_draft_without_subject(self, tmp_path, capsys):
        """A draft with no 'Subject:' line is reported."""
        (tmp_path / "drafts").mkdir()
        draft = tmp_path / "drafts" / "thank_you.txt.j2"
        draft.write_text("Dear {{ recipient }},\n\nThank you.\n")

        code, lines = validate_lines(capsys, tmp_path)

        assert (
            1,
            f"{draft}: a draft must have a 'Subject:' line, followed by the body",
        ) == (code, lines[0])

    def test_advice_template_has_no_recipient(self, tmp_path, capsys):
        """The advice template may not read a draft's recipient."""
        (tmp_path / "advice.md.j2").write_text("{{ advice.status }} {{ recipient }}\n")

        code, lines = validate_lines(capsys, tmp_path)

        assert 1 == code
        assert "uses 'recipient'" in lines[0]

    def test_documented_variables_are_the_checked_ones(self):
        """docs/templates.md lists exactly the variables validate accepts."""
        page = Path(__file__).parents[1] / "docs" / "templates.md"
        text = page.read_text(encoding="utf-8")
        drafts = text.partition("## Variables of every draft")[2].partition("##")[0]
        listed = set(re.findall(r"^\| `(\w+)` \|", drafts, re.MULTILINE))

        assert set(DRAFT_VARIABLES) == listed
