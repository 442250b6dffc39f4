"""
A hand-written advisor doing the same job as interview_advisor, for scale.

Plain ``if``/``elif`` chooses the status, the outlook and the steps with
their reasons, and one Jinja template renders the Markdown text with its
email drafts, as a developer would write it without a rule engine. It
checks nothing beyond what its arithmetic needs. The benchmarks compare the
library against it.
"""

from __future__ import annotations

from typing import Any

import jinja2

_TEMPLATE = jinja2.Environment(
    autoescape=False,  # noqa: S701  # Markdown, not HTML
    trim_blocks=True,
    lstrip_blocks=True,
).from_string(
    """\
# {{ heading }}

{% if company %}
Your application for {{ job_title }} at {{ company }}: status `{{ status }}`.
{% else %}
Status: `{{ status }}`.
{% endif %}

**Outlook ({{ odds }}).** {{ outlook }}

## What to do next

{% for step in steps %}
{{ loop.index }}. **{{ step.title }}** ({{ step.when }}). {{ step.why }}
{% for item in step.checklist %}
   - {{ item }}
{% endfor %}
{% endfor %}
{% for step in steps if step.draft %}
{% if loop.first %}

## Drafts ready to send
{% endif %}

### {{ step.title }}

```text
To: {{ recipient }}
Subject: {{ step.draft }} the {{ job_title }} position

Dear {{ recipient }},

{% if step.kind == "send_thank_you" %}
Thank you for taking the time to talk with me about the {{ job_title }} role at \
{{ company }}. I particularly enjoyed our conversation about {{ topic }}, and it \
made me even more keen on the chance to contribute to your team.
{% elif step.kind == "send_final_follow_up" %}
I am writing one last time about the {{ job_title }} role at {{ company }}. I know \
hiring decisions often take longer than planned, and I do not want to take up more \
of your time than necessary.

If the position has been filled or plans have changed, a short note to let me know \
would be much appreciated.
{% else %}
I hope you are well. I am writing to ask whether there is any news about the \
{{ job_title }} position since my {{ stage }}.{% if timeframe is not none %} You \
mentioned a decision was expected within {{ timeframe }} days, so I thought I would \
check in.{% endif %}
{% endif %}

I am still very interested in joining {{ company }}, and I would be glad to answer \
any further questions or send anything that would help.

Best regards,
{{ candidate_name }}
```
{% endfor %}

## Why

{% for reason in reasons %}
- {{ reason }}
{% endfor %}
"""
)

_HEADINGS = {
    "awaiting_decision": "Still within their decision window",
    "decision_overdue": "The decision is overdue",
    "likely_ghosted": "They have most likely moved on without telling you",
    "on_hold": "The hiring decision is on hold",
    "advancing": "You are moving to the next round",
    "offer_likely": "An offer looks likely",
    "offer_extended": "You have an offer",
    "not_selected": "You were not selected this time",
}
_PREPARATION = [
    "Look back at your last interview: which answers landed?",
    "Research the company in depth: its mission, values and recent news.",
    "Prepare STAR stories for behavioural questions.",
    "Plan how to build rapport with everyone you meet.",
    "Prepare thoughtful questions about the team and the role.",
]


def _when(days: int | None) -> str:
    if days is None:
        return "ongoing"
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _step(
    kind: str, due: int | None, title: str, why: str, draft: str = ""
) -> dict[str, Any]:
    return {
        "kind": kind,
        "due": due,
        "when": _when(due),
        "title": title,
        "why": why,
        "draft": draft,
        "checklist": [],
    }


def _follow_ups(s: dict[str, Any], window: int, days: int) -> list[dict[str, Any]]:
    sent, last = s.get("follow_ups_sent", 0), s.get("days_since_last_follow_up") or 0
    if sent == 0:
        due = max(0, window + 2 - days)
        return [
            _step(
                "send_follow_up",
                due,
                "Send a polite follow-up",
                f"Their date passed {days - window} days ago.",
                "Following up on",
            ),
            _step(
                "send_final_follow_up",
                due + 7,
                "Send one final follow-up",
                "Two follow-ups a week apart are enough.",
                "Checking in about",
            ),
            _step("move_on", due + 14, "Then move on", "Silence is an answer."),
        ]
    if sent == 1:
        due = max(0, 7 - last)
        return [
            _step(
                "send_final_follow_up",
                due,
                "Send your final follow-up",
                f"Your first went out {last} days ago.",
                "Checking in about",
            ),
            _step("move_on", due + 7, "Move on if it goes unanswered", "Then stop."),
        ]
    return [_step("move_on", max(0, 7 - last), "Move on", f"{sent} follow-ups sent.")]


def _silent(s: dict[str, Any], days: int, reasons: list[str]) -> tuple[Any, ...]:
    stated = s.get("stated_timeframe_days")
    window = 7 if stated is None else stated
    steps = []
    if not s.get("thank_you_sent") and s["stage"] != "applied" and days <= 3:
        steps.append(
            _step(
                "send_thank_you",
                0,
                "Send a thank-you note",
                "A note within 24 hours is noticed.",
                "Thank you for",
            )
        )
        reasons.append(f"No thank-you note yet, {days} days after the interview.")
    steps += _follow_ups(s, window, days)
    steps.append(
        _step(
            "continue_search",
            None,
            "Keep other applications going",
            "Nothing is certain until an offer arrives.",
        )
    )
    sent, last = s.get("follow_ups_sent", 0), s.get("days_since_last_follow_up") or 0
    if (sent >= 2 and last >= 7) or days >= window + 21:
        reasons.append(f"{days} days of silence after a {window}-day window.")
        return "likely_ghosted", "low", "Long silence usually means no.", steps
    if days > window:
        reasons.append(f"They gave {window} days and {days} have passed.")
        return "decision_overdue", "uncertain", "A missed date is a weaker sign.", steps
    reasons.append(f"{days} days since the interview, within {window} days.")
    return "awaiting_decision", "moderate", "Reaching this stage is a good sign.", steps


def _decide(s: dict[str, Any], reasons: list[str]) -> tuple[Any, ...]:
    days = int(s["days_since_interview"])
    response = s.get("employer_response", "none")
    reasons.append(f"The employer's latest response is {response}.")
    if response == "offer_made":
        return (
            "offer_extended",
            "high",
            "You have an offer, subject to checks.",
            [
                _step(
                    "respond_to_offer",
                    0,
                    "Acknowledge the offer within 24 hours",
                    "Thank them and say when you will decide.",
                    "Thank you for the offer for",
                ),
                _step(
                    "prepare_references",
                    0,
                    "Line up your references",
                    "Offers depend on references and checks.",
                ),
            ],
        )
    if response == "references_requested":
        return (
            "offer_likely",
            "good",
            "References usually precede an offer.",
            [
                _step(
                    "prepare_references", 0, "Send your references", "Keep it moving."
                ),
                _step(
                    "wait", None, "Allow time for the checks", "Up to 5 business days."
                ),
                _step(
                    "send_follow_up",
                    7,
                    "Check in",
                    "If nothing arrives.",
                    "Following up on",
                ),
            ],
        )
    if response == "rejected":
        return (
            "not_selected",
            "none",
            "This application is closed.",
            [
                _step(
                    "continue_search", 0, "Keep your search moving", "Momentum matters."
                ),
                _step(
                    "request_feedback",
                    1,
                    "Ask for feedback",
                    "It helps.",
                    "Feedback on",
                ),
                _step("reflect_and_learn", None, "Reflect", "Every interview teaches."),
            ],
        )
    if response == "on_hold":
        return (
            "on_hold",
            "uncertain",
            "Holds come from inside the company.",
            [
                _step(
                    "continue_search", 0, "Keep applying", "Do not wait for the hold."
                ),
                _step(
                    "send_follow_up",
                    14,
                    "Check in again",
                    "Stay in mind.",
                    "Following up on",
                ),
            ],
        )
    if response == "next_round_scheduled":
        prep = _step(
            "prepare_next_round",
            s.get("next_interview_in_days"),
            "Prepare for the next round",
            "Later rounds go deeper.",
        )
        prep["checklist"] = list(_PREPARATION)
        if s.get("technical_role"):
            prep["checklist"].append("Practise harder technical problems.")
        if s.get("seniority") in {"senior", "executive"}:
            prep["checklist"].append("Prepare a view of your first months.")
        prep["checklist"] += [
            f"Answer the concern: {c}"
            for c in s.get("concerns_from_last_interview", ())
        ]
        return "advancing", "good", "They want to see more of you.", [prep]
    return _silent(s, days, reasons)


def baseline_advise(situation: dict[str, Any]) -> dict[str, Any]:
    """
    Return a status, steps and Markdown text for *situation*, by hand.
    """
    reasons: list[str] = []
    status, odds, outlook, steps = _decide(situation, reasons)
    steps.sort(key=lambda step: (step["due"] is None, step["due"] or 0))
    text = _TEMPLATE.render(
        heading=_HEADINGS[status],
        status=status,
        odds=odds,
        outlook=outlook,
        steps=steps,
        recipient=situation.get("recruiter_name") or "[Recruiter's Name]",
        job_title=situation.get("job_title") or "[Job Title]",
        company=situation.get("company") or "[Company Name]",
        candidate_name=situation.get("candidate_name") or "[Your Name]",
        topic=situation.get("discussed_topic") or "[something you discussed]",
        stage=str(situation["stage"]).replace("_", " "),
        timeframe=situation.get("stated_timeframe_days"),
        reasons=reasons,
    )
    return {"status": status, "outlook": outlook, "steps": steps, "text": text}
