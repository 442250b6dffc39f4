import threading

import attrs
import pytest

from interview_advisor import RulePackError, Situation
from interview_advisor._engine import Engine
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack
from interview_advisor._signals import signals_of


@pytest.fixture(scope="module")
def pack():
    return load_pack([data_folder("rules")])


def broken_engine(pack) -> Engine:
    """
    Return an engine whose first timing rule fails inside its action.
    """
    engine = Engine(pack)
    key, rule = next(
        (k, r)
        for k, r in engine._rules.items()
        if r.id == "timing.past_stated_timeframe"
    )
    engine._rules[key] = attrs.evolve(rule, derive=None)
    return engine


def signals(**fields):
    return signals_of(Situation(**{"stage": "second_interview", **fields}))


class TestEvaluate:
    def test_chaining_and_priority(self, pack):
        """Derived facts fire before the rules that need them, in priority order."""
        fired = Engine(pack).evaluate(
            signals(
                days_since_interview=9, stated_timeframe_days=7, thank_you_sent=True
            )
        )
        ids = [rule.id for rule in fired]

        assert ids.index("timing.past_stated_timeframe") < ids.index(
            "status.decision_overdue"
        )
        assert [r.priority for r in fired] == sorted(r.priority for r in fired)

    def test_one_status_rule_fires(self, pack):
        """Only the first status rule by priority fires, although later ones match."""
        fired = Engine(pack).evaluate(
            signals(
                days_since_interview=60, stated_timeframe_days=7, thank_you_sent=True
            )
        )

        assert ["status.likely_ghosted"] == [r.id for r in fired if r.status]

    def test_many_evaluations_leave_no_sessions(self, pack):
        """More evaluations than the engine's 1024 live sessions all succeed."""
        engine = Engine(pack)
        statuses = [
            [
                r.status
                for r in engine.evaluate(signals(days_since_interview=n % 40))
                if r.status
            ]
            for n in range(1100)
        ]

        assert [1] * 1100 == [len(found) for found in statuses]

    def test_no_dispatcher_threads(self, pack):
        """Building engines starts no background threads."""
        before = threading.active_count()
        engines = [Engine(pack) for _ in range(5)]

        assert (5, before) == (len(engines), threading.active_count())

    def test_action_error_surfaces(self, pack):
        """An error inside a rule's action raises RulePackError, never lost advice."""
        engine = broken_engine(pack)

        with pytest.raises(RulePackError, match="a rule failed while running"):
            engine.evaluate(signals(days_since_interview=9, stated_timeframe_days=7))

    def test_engine_recovers_after_an_error(self, pack):
        """A failed evaluation leaves the engine usable for the next one."""
        engine = broken_engine(pack)
        with pytest.raises(RulePackError):
            engine.evaluate(signals(days_since_interview=9, stated_timeframe_days=7))

        fired = engine.evaluate(signals(days_since_interview=1))

        assert "status.awaiting_decision" in [r.id for r in fired]

    def test_threads_get_their_own_conclusions(self, pack):
        """Threads evaluating different signals at once each get their own rules."""
        engine = Engine(pack)
        cases = [signals(days_since_interview=n) for n in (0, 9, 40)]
        expected = [engine.evaluate(case) for case in cases]
        results: list[list[bool]] = [[] for _ in range(8)]

        def work(slot: int) -> None:
            for round_ in range(60):
                case = (slot + round_) % 3
                results[slot].append(expected[case] == engine.evaluate(cases[case]))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert [[True] * 60] * 8 == results
