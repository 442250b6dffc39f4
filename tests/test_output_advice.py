import json

import attrs
from hypothesis import given, settings

from interview_advisor import (
    Action,
    ActionKind,
    Advice,
    Draft,
    Odds,
    Outlook,
    Reason,
    Status,
    advise,
)
from interview_advisor._enums import plain

from .strategies import interviewer_lists, situations


def action(*drafts: Draft) -> Action:
    return Action(ActionKind.SEND_THANK_YOU, 0, "Thank them", "Because.", drafts)


class TestAction:
    def test_draft_is_none_without_drafts(self):
        """A step without emails has no draft text."""
        assert action().draft is None

    def test_draft_joins_every_email(self):
        """The draft text holds every email with its recipient and subject."""
        text = action(Draft("Ana", "Hi", "Body A"), Draft("Bo", "Hi", "Body B")).draft

        assert "To: Ana\nSubject: Hi\n\nBody A" in (text or "")
        assert "To: Bo\nSubject: Hi\n\nBody B" in (text or "")


class TestAdvice:
    def test_to_dict_is_plain_json(self):
        """to_dict() gives plain strings, lists and the combined draft."""
        advice = Advice(
            status=Status.ADVANCING,
            outlook=Outlook(Odds.GOOD, "Good."),
            actions=(action(Draft("Ana", "Hi", "Body")),),
            reasons=(Reason("r.1", "Because."),),
            text="# Advice\n",
        )
        data = advice.to_dict()

        assert data == json.loads(json.dumps(data))
        assert ("advancing", "good", list) == (
            type(data["status"]) is str and data["status"],
            type(data["outlook"]["odds"]) is str and data["outlook"]["odds"],
            type(data["actions"]),
        )
        assert "To: Ana\nSubject: Hi\n\nBody" == data["actions"][0]["draft"]

    @settings(max_examples=60)
    @given(situations(interviewers=interviewer_lists))
    def test_to_dict_is_every_field(self, situation):
        """to_dict() holds every field of the advice and its parts, as attrs does."""
        advice = advise(situation)
        # Its origin (the advisor and situation behind it) is not its value.
        fields = attrs.asdict(
            advice,
            value_serializer=plain,
            filter=lambda field, _: field.name != "_origin",
        )
        for action, raw in zip(advice.actions, fields["actions"], strict=True):
            raw["draft"] = action.draft

        assert json.dumps(fields) == json.dumps(advice.to_dict())
