import html
import html.parser
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from interview_advisor import advise

HOSTILE = "<script>alert(1)</script> | & more"
LINK = "[click me](https://evil.example/x) ![img](https://evil.example/i.png)"
SITUATION = {
    "stage": "first_interview",
    "interview_date": "2026-11-24",
    "today": "2026-11-25",
    "employer_response": "next_round_scheduled",
    "candidate_name": HOSTILE,
    "interviewer_names": [HOSTILE],
    "concerns_from_last_interview": [HOSTILE],
}
#: Markdown that would act: a link or image opening, an inline tag, an entity,
#: or a bare address that GitHub's Markdown links by itself.
LIVE_MARKDOWN = re.compile(
    r"(?<!\\)(\]\(|!\[|<[a-z/!]|&[a-z#])|://|(?<![\w.\\])www\.", re.IGNORECASE
)
#: The card's own folding tags, written by its template, never by user text.
CARD_TAGS = re.compile(r"</?(?:details|summary)>")


def live_markdown(card: str) -> list[str]:
    """Return the live markup in a Markdown *card*, but for its own tags."""
    return LIVE_MARKDOWN.findall(CARD_TAGS.sub("", card))


class _Cells(html.parser.HTMLParser):
    """Collect the style of every table, table cell and preformatted block."""

    def __init__(self):
        super().__init__()
        self.styles = []

    def handle_starttag(self, tag, attrs):
        if tag in {"table", "td", "th", "pre"}:
            self.styles.append((tag, dict(attrs).get("style") or ""))


def styles_of(card):
    cells = _Cells()
    cells.feed(card)
    return cells.styles


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

    def test_html_escapes_user_text(self):
        """Markup in names and concerns never reaches the HTML card unescaped."""
        card = advise(SITUATION)._repr_html_()

        assert ("<script>" in card, "&lt;script&gt;" in card) == (False, True)

    def test_markdown_escapes_links_images_and_tags(self):
        """A link, an image or a tag in a concern shows as typed in Markdown."""
        card = advise(
            SITUATION | {"concerns_from_last_interview": [f"{LINK} {HOSTILE}"]}
        )._repr_markdown_()

        assert [] == live_markdown(card)
        assert "\\[click me\\](https:\\//evil.example/x) !\\[img\\]" in card
        assert "\\<script\\>" in card

    def test_markdown_links_no_bare_address(self):
        """An address in a concern is shown, not made a link by the notebook."""
        concern = "see https://evil.example/x or www.evil.example"
        card = advise(
            SITUATION | {"concerns_from_last_interview": [concern]}
        )._repr_markdown_()

        assert [] == live_markdown(card)
        assert "https:\\//evil.example/x or www\\.evil.example" in card

    @settings(max_examples=25, deadline=None)
    @given(st.text(alphabet="[]()!<>&|*_`#-\\ abw.:/", min_size=1, max_size=40))
    def test_no_concern_makes_markdown_live(self, text):
        """Whatever a concern holds, the Markdown card shows no live markup."""
        assume(text.strip())
        card = advise(
            SITUATION | {"concerns_from_last_interview": [text]}
        )._repr_markdown_()

        assert [] == live_markdown(card)

    def test_html_cells_align_themselves_left(self):
        """Cells, drafts and the table set their own alignment, as JupyterLab needs."""
        styles = styles_of(advise(SITUATION)._repr_html_())
        cells = [style for tag, style in styles if tag in {"td", "th", "pre"}]

        assert {"td", "th", "pre", "table"} == {tag for tag, _ in styles}
        assert all("text-align:left" in style for style in cells)
        assert all("margin-left:0" in style for tag, style in styles if tag == "table")


class TestRepr:
    def test_repr_is_one_short_line(self):
        """repr(advice) summarises in a line, whatever the advice holds."""
        advice = advise(SITUATION | {"company": "Acme", "job_title": "Analyst"})

        assert (
            "<Advice advancing for 'Analyst at Acme' on 2026-11-25, outlook moderate: "
            f"{len(advice.actions)} steps, {len(advice.reasons)} reasons>"
        ) == repr(advice)

    def test_repr_counts_with_the_right_nouns(self):
        """One step reads '1 step', never '1 steps'."""
        advice = advise(
            {"stage": "final_interview", "days_since_interview": 1,
             "employer_response": "rejected"}
        )  # fmt: skip
        shown = repr(advice)

        assert re.search(r": \d+ steps?, \d+ reasons?>$", shown)
        assert ("1 steps" in shown, "1 reasons" in shown) == (False, False)


class _Outside(html.parser.HTMLParser):
    """Collect the text written outside the card's own box."""

    def __init__(self):
        super().__init__()
        self.divs = []
        self.outside = []

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            self.divs.append(dict(attrs).get("class"))

    def handle_endtag(self, tag):
        if tag == "div":
            self.divs.pop()

    def handle_data(self, data):
        if "interview-advisor" not in self.divs and data.strip():
            self.outside.append(data.strip())


class TestCardBox:
    def test_why_and_ahead_fold_inside_the_card(self):
        """The explanation's parts are inside the card's border, not after it."""
        card = advise(SITUATION)._repr_html_()
        parser = _Outside()
        parser.feed(card)

        assert ("Ahead, if nothing happens" in card, []) == (True, parser.outside)
