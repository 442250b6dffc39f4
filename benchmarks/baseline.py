"""
A faithful hand-written equivalent of interview_advisor, to compare against.

It gives the same ``Advice`` as ``advise()`` for an undated situation, as a
developer would write it without a rule engine: a few checks by hand, the
signals worked out by hand, and plain ``if``/``elif`` for every packaged
rule, firing them in the engine's order (derived facts first, one status
and one outlook). The texts are the library's own: the packaged rule texts
and templates, rendered by its renderer. What it leaves out is what the
library adds around the rules: the full input checks, the engine and the
cache. ``tests/test_baseline.py`` checks that both give the same advice on
thousands of situations, so a change to the rules must change this too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from interview_advisor import Interviewer, InvalidSituationError
from interview_advisor._paths import data_folder
from interview_advisor._rendering import Renderer
from interview_advisor._rules_reader import load_pack
from interview_advisor.exceptions import Problem

if TYPE_CHECKING:
    from interview_advisor import Advice

STAGES: Final = frozenset(
    (
        "applied",
        "phone_screen",
        "first_interview",
        "second_interview",
        "further_interview",
        "final_interview",
    )
)
LATER_STAGES: Final = frozenset(
    ("second_interview", "further_interview", "final_interview")
)
OUTCOMES: Final = {
    "offer_made": "outcome.offer_made",
    "references_requested": "outcome.references_requested",
    "rejected": "outcome.rejected",
    "on_hold": "outcome.on_hold",
    "next_round_scheduled": "outcome.next_round",
}
SENIOR: Final = frozenset(("senior", "executive"))
PERSONAL: Final = (
    "candidate_name",
    "company",
    "job_title",
    "recruiter_name",
    "discussed_topic",
    "stated_timeframe",
)


class Person:
    """
    The personal part of a situation, as the renderer reads it.
    """

    today = None

    def __init__(self, situation: dict[str, Any]) -> None:
        for name in PERSONAL:
            setattr(self, name, situation.get(name))
        self.concerns_from_last_interview = tuple(
            situation.get("concerns_from_last_interview", ())
        )
        self.interviewers = tuple(
            Interviewer(**entry) if isinstance(entry, dict) else Interviewer(entry)
            for entry in situation.get("interviewer_names", ())
        )


class Faithful:
    """
    The packaged rules, written out by hand, with the packaged texts.
    """

    def __init__(self) -> None:
        pack = load_pack([data_folder("rules")])
        self.rules = {rule.id: rule for rule in pack.rules}
        self.f = pack.figure_days(business=False)
        self.renderer = Renderer(pack, [Path(data_folder("templates"))])

    def advise(self, situation: dict[str, Any]) -> Advice:
        """
        Return the advice for an undated *situation*, by hand.
        """
        signals = self.signals(situation)
        fired = [self.rules[rule_id] for rule_id in self.fire(signals)]
        conclusions = self.renderer.conclude(signals, fired)
        return self.renderer.advice(Person(situation), conclusions)  # type: ignore[arg-type]

    def signals(self, s: dict[str, Any]) -> dict[str, Any]:
        """
        Check what the rules read, and return the signals.
        """
        stage, days = s.get("stage"), s.get("days_since_interview")
        if stage not in STAGES or type(days) is not int or not 0 <= days <= 730:
            raise InvalidSituationError(
                [Problem("stage", stage, "a stage and a day count")]
            )
        stated = s.get("stated_timeframe_days")
        ahead = s.get("next_interview_in_days")
        if stated is None:
            applied = stage == "applied"
            window = self.f[
                "application_decision_window" if applied else "default_decision_window"
            ]
        else:
            window = stated
        return {
            "stage": stage,
            "days_since_interview": days,
            "stated_timeframe_days": stated,
            "employer_response": s.get("employer_response") or "none",
            "thank_you_sent": bool(s.get("thank_you_sent")),
            "follow_ups_sent": s.get("follow_ups_sent") or 0,
            "days_since_last_follow_up": s.get("days_since_last_follow_up"),
            "next_interview_in_days": ahead,
            "technical_role": bool(s.get("technical_role")),
            "seniority": s.get("seniority") or "mid",
            "days_since_next_round": None,
            "has_concerns": bool(s.get("concerns_from_last_interview")),
            "business_days": False,
            "calendar_days_since_interview": days,
            "decision_window_days": window,
            "stated_timeframe_given_days": stated,
        }

    def fire(self, g: dict[str, Any]) -> list[str]:
        """
        Return the ids of the rules that fire for signals *g*, in order.
        """
        if g["employer_response"] == "none":
            return self._silent(g)
        return self._answered(g)

    def _answered(self, g: dict[str, Any]) -> list[str]:
        response = g["employer_response"]
        fired = [OUTCOMES[response]]
        if response == "next_round_scheduled" and g["stage"] in LATER_STAGES:
            fired = ["outcome.next_round_further"]
        if response == "offer_made" and g["seniority"] in SENIOR:
            fired.append("outcome.offer_time_to_decide_senior")
        fired += self._thank_you(g)
        if response == "on_hold":
            fired += self._on_hold(g)
        elif response == "next_round_scheduled":
            if g["next_interview_in_days"] is not None:
                fired.append("preparation.date_known")
            fired.append("preparation.essentials")
            if g["has_concerns"]:
                fired.append("preparation.concerns")
            fired.append("preparation.groundwork")
            if g["technical_role"]:
                fired.append("preparation.technical")
            if g["seniority"] in SENIOR:
                fired.append("preparation.senior")
        return fired

    def _thank_you(self, g: dict[str, Any]) -> list[str]:
        f = self.f
        if (
            g["stage"] == "applied"
            or g["thank_you_sent"]
            or g["employer_response"] in {"offer_made", "rejected"}
        ):
            return []
        days = g["calendar_days_since_interview"]
        if days <= f["thank_you_hours"]:
            return ["timing.thank_you_now"]
        if days <= f["thank_you_latest_hours"]:
            return ["timing.thank_you_late"]
        return []

    def _on_hold(self, g: dict[str, Any]) -> list[str]:
        sent, last = g["follow_ups_sent"], g["days_since_last_follow_up"]
        if sent == 0:
            return ["timing.on_hold_first_check_in"]
        if last is None:
            return []
        if sent < self.f["on_hold_max_check_ins"]:
            return ["timing.on_hold_check_in_again"]
        return ["timing.on_hold_move_on"]

    def _silent(self, g: dict[str, Any]) -> list[str]:  # noqa: C901, PLR0912
        f = self.f
        days, window = g["days_since_interview"], g["decision_window_days"]
        sent, last = g["follow_ups_sent"], g["days_since_last_follow_up"]
        answer_by = window + f["follow_up_buffer"]
        fired = []
        past = days > window
        if past:
            fired.append("timing.past_decision_window")
        quiet = days >= window + f["gone_quiet_after"]
        if quiet:
            fired.append("timing.gone_quiet")
        unanswered = (
            sent >= f["max_follow_ups"]
            and last is not None
            and last >= f["move_on_after_final"]
            and days >= answer_by
        )
        if unanswered:
            fired.append("timing.follow_ups_unanswered")
        fired += self._thank_you(g)
        if days <= window:
            fired.append("timing.give_them_time")
        if sent == 0:
            if days < answer_by:
                fired.append("timing.follow_up_later")
            elif days < window + f["gone_quiet_after"]:
                fired.append("timing.follow_up_now")
            if quiet:
                fired.append("timing.last_check_in")
        elif sent < f["max_follow_ups"] and last is not None:
            interval = f["follow_up_interval"]
            if days < answer_by and last >= days + interval - answer_by:
                fired.append("timing.followed_up_early")
            if last >= interval and days >= answer_by:
                fired.append("timing.final_follow_up_now")
            if last < interval and days > answer_by + last - interval:
                fired.append("timing.final_follow_up_later")
        elif last is not None and days >= answer_by:
            if last < f["move_on_after_final"]:
                fired.append("timing.await_final_reply")
            else:
                fired.append("timing.move_on_now")
        if quiet or unanswered:
            fired.append("status.likely_ghosted")
        elif past:
            fired.append("status.decision_overdue")
        else:
            later = g["stage"] in LATER_STAGES
            fired.append("outlook.later_round" if later else "outlook.early_stage")
            fired.append("status.awaiting_decision")
        return fired


_faithful: Faithful | None = None


def faithful_advise(situation: dict[str, Any]) -> Advice:
    """
    Return the advice for an undated *situation*, without the rule engine.
    """
    global _faithful  # noqa: PLW0603
    if _faithful is None:
        _faithful = Faithful()
    return _faithful.advise(situation)
