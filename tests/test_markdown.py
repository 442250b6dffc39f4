import re

from hypothesis import given
from hypothesis import strategies as st

from interview_advisor import Advisor, advise
from interview_advisor._markdown import escape_markdown, fenced

from .strategies import names

#: User texts full of what Markdown would read as markup.
marked_up = st.one_of(
    names,
    st.sampled_from(["<img src=x onerror=alert(1)>", "[click](javascript:x)"]),
    st.text(alphabet="<>[]()!*_`#-=1. \\ax", min_size=1, max_size=30).filter(str.strip),
)

PAYLOADS = ["<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "**bold**"]
SITUATION = {
    "stage": "first_interview",
    "days_since_interview": 0,
    "interviewer_names": ["Ana"],
}
#: A fenced code block, which Markdown shows as it is.
FENCE = re.compile(r"^(`{3,})[^\n]*\n.*?^\1$", re.DOTALL | re.MULTILINE)
#: The start of HTML, a link or an image that no backslash escapes.
MARKUP = re.compile(r"(?<!\\)(?:\\\\)*[<\[]")


def outside_code(text: str) -> str:
    return FENCE.sub("", text)


class TestEscapeMarkdown:
    def test_payloads_become_literal(self):
        """HTML, links and emphasis are escaped character by character."""
        assert [
            r"\<img src=x onerror=alert(1)\>",
            r"\[click\](javascript:alert(1))",
            r"\*\*bold\*\*",
        ] == [escape_markdown(payload) for payload in PAYLOADS]

    def test_line_starts(self):
        """A list marker or heading underline at the start is escaped."""
        assert [r"\- x", r"1\. x", r"\==", "Jean-Luc"] == [
            escape_markdown(text) for text in ("- x", "1. x", "==", "Jean-Luc")
        ]

    def test_fence_outgrows_the_backticks_inside(self):
        """A fence is longer than any run of backticks in the text."""
        assert "`````text\na ```` b\n`````" == fenced("a ```` b", "text")


class TestAdviceText:
    def test_company_payloads_are_literal(self):
        """Each payload as a company appears escaped in advice.text."""
        texts = [advise({**SITUATION, "company": p}).text for p in PAYLOADS]

        assert all(
            escape_markdown(p) in text for p, text in zip(PAYLOADS, texts, strict=True)
        )
        assert not any(
            p in outside_code(t) for p, t in zip(PAYLOADS, texts, strict=True)
        )

    def test_drafts_are_never_escaped(self):
        """The drafts keep the company as written, in the advice and in its text."""
        advice = advise({**SITUATION, "company": "**Acme**"})

        assert "**Acme**" in advice.actions[0].drafts[0].body
        assert "**Acme**" in FENCE.search(advice.text).group(0)

    def test_the_raw_option(self):
        """markdown_escape=False inserts the company as written."""
        advice = Advisor(markdown_escape=False).advise(
            {**SITUATION, "company": "**A**"}
        )

        assert "at **A**: status" in advice.text

    def test_plain_text_reads_the_same(self):
        """Text without special characters reads the same escaped or raw."""
        situation = {**SITUATION, "company": "Acme", "job_title": "Engineer"}

        assert Advisor(markdown_escape=False).advise(situation).text == (
            advise(situation).text
        )

    @given(
        st.fixed_dictionaries(
            {
                "company": marked_up,
                "job_title": marked_up,
                "candidate_name": marked_up,
                "recruiter_name": marked_up,
                "discussed_topic": marked_up,
                "interviewer_names": st.lists(
                    marked_up.filter(bool), min_size=2, max_size=2
                ),
                "concerns_from_last_interview": st.lists(
                    marked_up.filter(bool), max_size=2
                ),
            }
        )
    )
    def test_no_user_text_injects_markup(self, details):
        """Outside the fenced drafts, no user text opens HTML, a link or an image."""
        advice = advise({**SITUATION, **details})

        assert [] == MARKUP.findall(outside_code(advice.text))
