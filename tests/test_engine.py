import datetime
import subprocess
import sys
import textwrap
import threading

import attrs
import pytest

from interview_advisor import RulePackError, Situation, _engine
from interview_advisor._engine import Engine
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack
from interview_advisor._signals import signals_of

from .strategies import WINDOW


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
        if r.id == "timing.past_decision_window"
    )
    engine._rules[key] = attrs.evolve(rule, derive=None)
    return engine


def signals(**fields):
    return signals_of(Situation(**{"stage": "second_interview", **fields}), WINDOW)


class TestEvaluate:
    def test_chaining_and_priority(self, pack):
        """Derived facts fire before the rules that need them, in priority order."""
        fired = Engine(pack).evaluate(
            signals(
                days_since_interview=9, stated_timeframe_days=7, thank_you_sent=True
            )
        )
        ids = [rule.id for rule in fired]

        assert ids.index("timing.past_decision_window") < ids.index(
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


def run_child(script: str) -> subprocess.CompletedProcess[str]:
    """
    Run *script* in a fresh interpreter, so a crash fails one test only.
    """
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestSessions:
    def test_a_new_engine_where_nothing_fires_survives(self):
        """The first evaluation of a new engine, with no rule firing, does not crash."""
        done = run_child(
            """
            import attrs
            from interview_advisor import Situation
            from interview_advisor._engine import Engine
            from interview_advisor._paths import data_folder
            from interview_advisor._rules_model import Condition
            from interview_advisor._rules_reader import load_pack
            from interview_advisor._signals import signals_of
            pack = load_pack([data_folder("rules")])
            never = attrs.evolve(
                pack.rules[0],
                when=(Condition("stage", "eq", "final_interview"),),
                needs=(), status=None, outlook=None,
            )
            quiet = attrs.evolve(pack, rules=(never,))
            situation = Situation(stage="applied", days_since_interview=1)
            for _ in range(3):
                window = {(a, b): 7 for a in (False, True) for b in (False, True)}
                print(len(Engine(quiet).evaluate(signals_of(situation, window))))
            """
        )
        assert (0, "0\n0\n0\n") == (done.returncode, done.stdout), done.stderr

    @pytest.mark.parametrize("call", ["assert_facts", "first_fired"])
    def test_ctrl_c_stays_a_keyboard_interrupt(self, pack, monkeypatch, call):
        """Ctrl-C inside an evaluation arrives as itself and the engine goes on."""
        engine = Engine(pack)

        def interrupted(*_):
            raise KeyboardInterrupt

        with monkeypatch.context() as patch:
            patch.setattr(_engine._core, call, interrupted)
            with pytest.raises(KeyboardInterrupt):
                engine.evaluate(signals(days_since_interview=3))
        assert engine.evaluate(signals(days_since_interview=3))

    def test_a_ruleset_that_fails_to_compile_is_a_pack_error(self, pack, monkeypatch):
        """A ruleset the core cannot compile on first use fails as the pack's error."""
        engine = Engine(pack)

        def refused(*_):
            raise RuntimeError("Could not create ruleset, error code: 102")

        with monkeypatch.context() as patch:
            patch.setattr(_engine._core, "ruleset", refused)
            with pytest.raises(RulePackError, match="error code: 102"):
                engine.evaluate(signals(days_since_interview=3))
        assert engine.evaluate(signals(days_since_interview=3))

    def test_a_broken_session_is_set_aside(self, pack, monkeypatch):
        """After an error that leaves memory in doubt, a new ruleset serves."""
        engine = Engine(pack)
        assert engine.evaluate(signals(days_since_interview=3))
        (first,) = engine._handles.values()

        def broken(*_):
            raise RuntimeError("Could not assert facts, error code: 305")

        with monkeypatch.context() as patch:
            patch.setattr(_engine._core, "assert_facts", broken)
            with pytest.raises(RulePackError, match="error code: 305"):
                engine.evaluate(signals(days_since_interview=3))
        assert {} == engine._handles
        assert engine.evaluate(signals(days_since_interview=3))
        assert first not in engine._handles.values()

    def test_parts_with_the_same_rules_share_one_ruleset(self, pack):
        """An answer's stages with the same rules, in either count, share a ruleset."""
        engine = Engine(pack)
        for stage in ("applied", "phone_screen"):
            situation = Situation(
                stage=stage, employer_response="offer_made", days_since_interview=3
            )
            engine.evaluate(signals_of(situation, WINDOW))
            dated = Situation(
                stage=stage,
                employer_response="offer_made",
                interview_date=datetime.date(2026, 11, 2),
                today=datetime.date(2026, 11, 4),
            )
            engine.evaluate(signals_of(dated, WINDOW))

        assert 4 == len(engine._handles)
        assert 1 == len(set(engine._handles.values()))

    def test_a_broken_shared_ruleset_is_set_aside_for_every_part(
        self, pack, monkeypatch
    ):
        """A ruleset in doubt is left by every part that shares it."""
        engine = Engine(pack)
        offers = [
            signals_of(
                Situation(
                    stage=stage, employer_response="offer_made", days_since_interview=3
                ),
                WINDOW,
            )
            for stage in ("applied", "phone_screen")
        ]
        for offer in offers:
            engine.evaluate(offer)
        (shared,) = set(engine._handles.values())

        def broken(*_):
            raise RuntimeError("Could not assert facts, error code: 305")

        with monkeypatch.context() as patch:
            patch.setattr(_engine._core, "assert_facts", broken)
            with pytest.raises(RulePackError):
                engine.evaluate(offers[0])
        assert {} == engine._handles
        assert engine.evaluate(offers[1])
        assert shared not in engine._handles.values()


class TestRelease:
    def test_dropped_engines_free_their_rulesets(self):
        """Engines made and dropped 2,000 times leave memory flat."""
        done = run_child(
            """
            import gc, resource
            from interview_advisor import Situation
            from interview_advisor._engine import Engine
            from interview_advisor._paths import data_folder
            from interview_advisor._rules_reader import load_pack
            from interview_advisor._signals import signals_of
            pack = load_pack([data_folder("rules")])
            situation = Situation(stage="applied", days_since_interview=1)
            window = {(a, b): 7 for a in (False, True) for b in (False, True)}
            signals = signals_of(situation, window)
            def cycles(count):
                for _ in range(count):
                    Engine(pack).evaluate(signals)
                gc.collect()
            cycles(200)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            cycles(2000)
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print((after - before) // 1024)
            """
        )
        assert 0 == done.returncode, done.stderr
        # Leaking, 2,000 engines took about 750 MB; freed, under 5.
        assert int(done.stdout) < 50

    def test_close_frees_now_and_refuses_later_calls(self, pack):
        """A closed engine has freed its ruleset and refuses to evaluate."""
        engine = Engine(pack)
        assert engine.evaluate(signals(days_since_interview=3))
        engine.close()
        engine.close()
        assert {} == engine._handles
        with pytest.raises(RulePackError, match="closed"):
            engine.evaluate(signals(days_since_interview=3))
