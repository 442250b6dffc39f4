import itertools
import re

import pytest

from interview_advisor import ActionKind, Advisor, EmployerResponse
from interview_advisor._conclusions import Step, merge
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack

from .test_customising import NEW_RULE, SILENT, write

PACK = load_pack([data_folder("rules")])
#: Follow-ups sent and days since the last, as pairs that go together.
SCHEDULED = EmployerResponse.NEXT_ROUND_SCHEDULED
FOLLOW_UPS = [(0, None), (1, 2), (1, 8), (2, 3), (2, 9), (3, 4)]


def grid():
    """
    Yield situations covering every stage, response, timing and role.
    """
    for stage, days, timeframe, response, thanked, (
        sent,
        last,
    ), role in itertools.product(
        ["applied", "first_interview", "final_interview"],
        [0, 1, 3, 8, 12, 20, 40],
        [None, 5],
        list(EmployerResponse),
        [False, True],
        FOLLOW_UPS,
        [("mid", False, ()), ("senior", True, ("x",))],
    ):
        if last is not None and last > days:
            continue
        seniority, technical, concerns = role
        yield {
            "stage": stage,
            "days_since_interview": days,
            "stated_timeframe_days": timeframe,
            "employer_response": response,
            "thank_you_sent": thanked,
            "follow_ups_sent": sent,
            "days_since_last_follow_up": last,
            "next_interview_in_days": 3 if response == SCHEDULED else None,
            "seniority": seniority,
            "technical_role": technical,
            "concerns_from_last_interview": concerns,
        }


def pattern(source: str) -> re.Pattern[str]:
    """
    Return a pattern matching what *source* renders to, whatever it inserts.
    """
    # A whole run of {% ... %} tags, branches and all, may render as anything.
    parts = re.split(r"{{.*?}}|{%.*%}", source.strip())
    return re.compile(".*".join(re.escape(part) for part in parts), re.DOTALL)


def shown_texts(advisor, situations):
    """
    Return, per rule id, the texts shown in the advice when that rule fired.
    """
    shown: dict[str, list[str]] = {}
    for situation in situations:
        advice = advisor.advise(situation)
        texts = [
            text
            for action in advice.actions
            for text in (action.title, action.why, *action.checklist)
        ]
        for reason in advice.reasons:
            shown.setdefault(reason.rule_id, []).extend([reason.text, *texts])
    return shown


#: A next round whose date has passed, which only a dated situation can hold.
PASSED_ROUND = {
    "stage": "first_interview",
    "interview_date": "2025-03-03",
    "today": "2025-03-13",
    "employer_response": "next_round_scheduled",
    "next_interview_in_days": -3,
}


@pytest.fixture(scope="module")
def shown():
    return shown_texts(Advisor(), [*grid(), PASSED_ROUND])


class TestEveryRuleIsShown:
    @pytest.mark.parametrize("rule", PACK.rules, ids=lambda rule: rule.id)
    def test_reason_title_and_why_are_shown(self, shown, rule):
        """Some situation fires the rule and shows its reason, titles and whys."""
        sources = [rule.reason]
        sources += [text for spec in rule.actions for text in (spec.title, spec.why)]
        texts = shown.get(rule.id, [])

        assert [] == [
            source
            for source in sources
            if not any(pattern(source).search(text) for text in texts)
        ]

    def test_a_custom_rule_adding_to_a_step_is_shown(self, tmp_path):
        """The README's custom rule shows its title and why in a merged step."""
        advisor = Advisor(rules=[write(tmp_path, "ours.toml", NEW_RULE)])
        step = next(
            action
            for action in advisor.advise(SILENT).actions
            if action.kind is ActionKind.CONTINUE_SEARCH
        )

        assert (True, True) == (
            "Tell your network you are looking" in step.checklist,
            "Referrals move faster than cold applications." in step.why,
        )


def step(title: str, why: str, checklist=(), due=None, per_concern=()) -> Step:
    return Step(
        kind=ActionKind.PREPARE_NEXT_ROUND,
        due_in_days=due,
        title=title,
        why=why,
        checklist=tuple(checklist),
        per_concern=tuple(per_concern),
        draft=None,
    )


class TestMerge:
    def test_first_title_leads_and_later_texts_join(self):
        """A later rule's other title opens its items; its why is appended."""
        merged = merge(step("Prepare", "A.", ["a"], 3), step("Rest", "B.", ["b"], 1))

        assert ("Prepare", "A. B.", ("a", "Rest", "b"), 1) == (
            merged.title,
            merged.why,
            merged.checklist,
            merged.due_in_days,
        )

    def test_same_title_and_why_are_not_repeated(self):
        """Texts already on the step are not added twice."""
        merged = merge(step("Prepare", "A.", ["a"]), step("Prepare", "A.", ["b"]))

        assert ("Prepare", "A.", ("a", "b")) == (
            merged.title,
            merged.why,
            merged.checklist,
        )

    def test_per_concern_items_stay_after_their_rules_items(self):
        """A later rule's per-concern items keep their place after its own items."""
        first = step("Prepare", "A.", ["a"], per_concern=[(1, "x")])
        later = step("Rest", "B.", ["b", "c"], per_concern=[(1, "y")])

        assert ((1, "x"), (3, "y")) == merge(first, later).per_concern
