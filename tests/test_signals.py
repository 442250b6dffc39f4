import attrs
from hypothesis import given

from interview_advisor._signals import SIGNALS, signals_of

from .strategies import WINDOW, situations

PERSONAL = {
    "candidate_name": "Someone Else",
    "company": "Other Co",
    "job_title": "Other Job",
    "recruiter_name": "Other Recruiter",
    "discussed_topic": "another topic",
    "interviewer_names": ("X", "Y"),
}


class TestSignals:
    @given(situations())
    def test_one_pair_per_signal_in_order(self, situation):
        """Signals list every known signal once, in the declared order."""
        assert list(SIGNALS) == [name for name, _ in signals_of(situation, WINDOW)]

    @given(situations())
    def test_personal_details_are_not_signals(self, situation):
        """Names and companies never change the signals the rules read."""
        other = attrs.evolve(situation, **PERSONAL)

        assert signals_of(situation, WINDOW) == signals_of(other, WINDOW)

    @given(situations())
    def test_concerns_are_a_flag(self, situation):
        """Only whether concerns were raised reaches the rules."""
        flag = dict(signals_of(situation, WINDOW))["has_concerns"]

        assert bool(situation.concerns_from_last_interview) == flag
