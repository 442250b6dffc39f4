"""
The closed vocabularies of a situation and of the advice given for it.

Every enum is a ``StrEnum``: its members compare equal to their values, so
JSON strings and members can be used interchangeably.
"""

from __future__ import annotations

import datetime
import enum


class Stage(enum.StrEnum):
    """
    The furthest step of the hiring process the candidate has reached.
    """

    APPLIED = "applied"
    PHONE_SCREEN = "phone_screen"
    FIRST_INTERVIEW = "first_interview"
    SECOND_INTERVIEW = "second_interview"
    FURTHER_INTERVIEW = "further_interview"
    FINAL_INTERVIEW = "final_interview"


class EmployerResponse(enum.StrEnum):
    """
    The latest thing the employer communicated.
    """

    NONE = "none"
    NEXT_ROUND_SCHEDULED = "next_round_scheduled"
    REFERENCES_REQUESTED = "references_requested"
    OFFER_MADE = "offer_made"
    REJECTED = "rejected"
    ON_HOLD = "on_hold"


class Seniority(enum.StrEnum):
    """
    The level of the role applied for.
    """

    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"
    EXECUTIVE = "executive"


class Status(enum.StrEnum):
    """
    Where the application most likely stands.
    """

    AWAITING_DECISION = "awaiting_decision"
    DECISION_OVERDUE = "decision_overdue"
    LIKELY_GHOSTED = "likely_ghosted"
    ON_HOLD = "on_hold"
    ADVANCING = "advancing"
    OFFER_LIKELY = "offer_likely"
    OFFER_EXTENDED = "offer_extended"
    NOT_SELECTED = "not_selected"


class ActionKind(enum.StrEnum):
    """
    The kinds of step the advice can recommend.
    """

    SEND_THANK_YOU = "send_thank_you"
    WAIT = "wait"
    SEND_FOLLOW_UP = "send_follow_up"
    SEND_FINAL_FOLLOW_UP = "send_final_follow_up"
    PREPARE_NEXT_ROUND = "prepare_next_round"
    PREPARE_REFERENCES = "prepare_references"
    RESPOND_TO_OFFER = "respond_to_offer"
    REQUEST_FEEDBACK = "request_feedback"
    REFLECT_AND_LEARN = "reflect_and_learn"
    CONTINUE_SEARCH = "continue_search"
    MOVE_ON = "move_on"
    CONFIRM_OUTCOME = "confirm_outcome"


class Phase(enum.StrEnum):
    """
    When a step applies: now, all along, or later if nothing changes.

    .. versionadded:: 0.2
    """

    NOW = "now"
    ONGOING = "ongoing"
    LATER = "later"

    @classmethod
    def of(cls, due_in_days: int | None) -> Phase:
        """
        Return the phase of a step due in *due_in_days* (None: no date).
        """
        if due_in_days is None:
            return cls.ONGOING
        return cls.NOW if due_in_days <= 0 else cls.LATER


class Tone(enum.StrEnum):
    """
    How the email drafts sound.
    """

    FORMAL = "formal"
    FRIENDLY = "friendly"


class Odds(enum.StrEnum):
    """
    How the chances of an offer look, from the signals given.
    """

    NONE = "none"
    LOW = "low"
    UNCERTAIN = "uncertain"
    MODERATE = "moderate"
    GOOD = "good"
    HIGH = "high"


def plain(_instance: object, _field: object, value: object) -> object:
    """
    Make *value* plain JSON data, as ``attrs.asdict``'s ``value_serializer``.

    Enum members become their values, tuples lists, and dates ISO strings.
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
