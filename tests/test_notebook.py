import html

import pytest

from interview_advisor import advise

HOSTILE = "<script>alert(1)</script> | & more"
SITUATION = {
    "stage": "first_interview",
    "interview_date": "2026-11-24",
    "today": "2026-11-25",
    "employer_response": "next_round_scheduled",
    "candidate_name": HOSTILE,
    "interviewer_names": [HOSTILE],
    "concerns_from_last_interview": [HOSTILE],
}


class TestCards:
    @pytest.mark.parametrize("method", ["_repr_html_", "_repr_markdown_"])
    def test_card_shows_status_dated_steps_and_reasons(self, method):
        """The card names the status, each step with its date, and the reasons."""
        advice = advise(SITUATION)
        card = getattr(advice, method)()

        assert "advancing" in card
        assert "Wednesday 25 November 2026" in card
        assert all(html.escape(a.title) in card for a in advice.actions)
        assert all(r.rule_id in card for r in advice.reasons)

    @pytest.mark.parametrize("method", ["_repr_html_", "_repr_markdown_"])
    def test_user_text_is_escaped(self, method):
        """Markup in names and concerns never reaches the card unescaped."""
        card = getattr(advise(SITUATION), method)()

        assert ("<script>" in card, "&lt;script&gt;" in card) == (False, True)
