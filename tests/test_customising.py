import re
import textwrap
from pathlib import Path

import pytest

from interview_advisor import (
    ActionKind,
    Advisor,
    InvalidSettingError,
    RulePackError,
    Status,
    advise,
)

SILENT = {
    "stage": "second_interview",
    "days_since_interview": 9,
    "stated_timeframe_days": 7,
    "thank_you_sent": True,
}
NEW_RULE = """
[[rule]]
id = "custom.linkedin"
priority = 70
reason = "It is late ({{ days_since_interview|days }}), so widen your network."

[rule.when]
employer_response = "none"
days_since_interview = { gte = "stated_timeframe_days + follow_up_buffer" }
stated_timeframe_days = { present = true }

[[rule.action]]
kind = "continue_search"
title = "Tell your network you are looking"
why = "Referrals move faster than cold applications."
checklist = ["Update your profile.", "Message three former colleagues."]
"""
REPLACED_RULE = """
[[rule]]
id = "status.decision_overdue"
priority = 55
needs = ["past_timeframe"]
status = "decision_overdue"
outlook = { odds = "low", why = "Our recruiters see late decisions go badly." }
reason = "Replaced by this organisation's own reading."

[rule.when]
employer_response = "none"
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


class TestCustomRules:
    def test_a_new_rule_adds_to_the_packaged_ones(self, tmp_path):
        """A rule with a new id fires alongside the packaged rules."""
        advisor = Advisor(rules=[write(tmp_path, "extra.toml", NEW_RULE)])
        advice = advisor.advise(SILENT)
        search = next(a for a in advice.actions if a.kind is ActionKind.CONTINUE_SEARCH)

        assert "custom.linkedin" in [r.rule_id for r in advice.reasons]
        assert "Message three former colleagues." in search.checklist

    def test_a_rule_with_a_packaged_id_replaces_it(self, tmp_path):
        """A rule with a packaged rule's id replaces that rule."""
        write(tmp_path, "ours.toml", REPLACED_RULE)
        advisor = Advisor(rules=[tmp_path])
        advice = advisor.advise(SILENT)

        assert ("low", Status.DECISION_OVERDUE) == (advice.outlook.odds, advice.status)
        assert "Replaced by this organisation's own reading." in advice.text

    def test_the_default_advisor_is_untouched(self, tmp_path):
        """Custom advisors leave advise() with the packaged rules."""
        Advisor(rules=[write(tmp_path, "ours.toml", REPLACED_RULE)])

        assert "uncertain" == advise(SILENT).outlook.odds

    def test_every_problem_is_reported(self, tmp_path):
        """A broken custom pack raises one error listing every problem."""
        broken = NEW_RULE.replace('kind = "continue_search"', 'kind = "celebrate"')
        broken += NEW_RULE.replace("custom.linkedin", "custom.other").replace(
            "employer_response", "employer_mood"
        )
        with pytest.raises(RulePackError) as caught:
            Advisor(rules=[write(tmp_path, "bad.toml", broken)])

        found = [(p.rule_id, p.line) for p in caught.value.problems]
        assert [("custom.linkedin", 3), ("custom.other", 19)] == found

    def test_missing_path(self, tmp_path):
        """A rules path that does not exist is named."""
        with pytest.raises(RulePackError, match="no such file or folder"):
            Advisor(rules=[tmp_path / "nope.toml"])


class TestTemplates:
    def test_a_template_overrides_the_packaged_one_by_name(self, tmp_path):
        """A user's drafts/follow_up.txt.j2 is used instead of the packaged one."""
        write(
            tmp_path,
            "drafts/follow_up.txt.j2",
            "Subject: Any news, {{ company }}?\n\nHello {{ recipient }}.\n",
        )
        advice = Advisor(templates=[tmp_path]).advise({**SILENT, "company": "Acme"})
        follow_up = next(
            a for a in advice.actions if a.kind is ActionKind.SEND_FOLLOW_UP
        )

        assert "Any news, Acme?" == follow_up.drafts[0].subject
        assert "Checking in once more" in advice.text  # the others stay packaged

    def test_a_broken_override_is_a_rule_pack_error(self, tmp_path):
        """A template with a syntax error is reported with its name."""
        write(tmp_path, "advice.md.j2", "{% if %}")

        with pytest.raises(RulePackError, match=r"advice\.md\.j2"):
            Advisor(templates=[tmp_path])


class TestTones:
    @pytest.mark.parametrize(
        ("tone", "greeting", "closing"),
        [("formal", "Dear Ana,", "Kind regards,"), ("friendly", "Hi Ana,", "Thanks,")],
    )
    def test_tones(self, tone, greeting, closing):
        """Each tone has its own greeting and sign-off."""
        advice = Advisor(tone=tone).advise(
            {
                "stage": "first_interview",
                "days_since_interview": 0,
                "interviewer_names": ["Ana"],
            }
        )
        body = advice.actions[0].drafts[0].body

        assert (greeting, True) == (body.splitlines()[0], closing in body)

    def test_unknown_tone(self):
        """An unknown tone is refused, naming the tones there are."""
        with pytest.raises(InvalidSettingError, match="formal, friendly"):
            Advisor(tone="sarcastic")


class TestReadmeExamples:
    def test_custom_rule_and_template_override_work_as_shown(self, tmp_path):
        """The README's custom rule and template override load and take effect."""
        readme = Path("README.md").read_text(encoding="utf-8")
        rule = re.search(r"```toml\n(.*?)```", readme, re.DOTALL).group(1)
        template = re.search(r"```jinja\n(.*?)```", readme, re.DOTALL).group(1)
        write(tmp_path, "our-rules/network.toml", rule)
        write(tmp_path, "our-templates/drafts/follow_up.txt.j2", template)
        advisor = Advisor(
            rules=[tmp_path / "our-rules"],
            templates=[tmp_path / "our-templates"],
            tone="friendly",
        )

        advice = advisor.advise({**SILENT, "job_title": "Analyst"})
        follow_up = next(
            a for a in advice.actions if a.kind is ActionKind.SEND_FOLLOW_UP
        )

        assert "custom.network" in [r.rule_id for r in advice.reasons]
        assert "Any news about the Analyst role?" == follow_up.drafts[0].subject
        assert follow_up.drafts[0].body.startswith("Hi ")


class TestMissingFolders:
    def test_a_missing_template_folder_is_an_error(self, tmp_path):
        """A template folder that does not exist is named, not silently ignored."""
        missing = tmp_path / "our-templats"
        with pytest.raises(RulePackError) as caught:
            Advisor(templates=[missing])
        assert str(missing) == caught.value.file
        assert "no such template folder" in str(caught.value)
