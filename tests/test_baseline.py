"""
The benchmarks' hand-written equivalent gives the library's advice.

``benchmarks/run.py`` times the library against ``benchmarks/baseline.py``;
the comparison is only honest while both do the same job, so this checks
that they give equal ``Advice`` on thousands of generated situations, and
that those situations fire every packaged rule the equivalent can reach.
"""

import sys
from pathlib import Path

import pytest

import interview_advisor
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack

# The benchmarks are scripts of the checkout, not a package: the suite runs
# from the checkout's root, as the README's test command does.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import baseline
import workloads

#: Rules only a dated situation can fire: a next round whose date passed.
DATED_ONLY = {"outcome.next_round_passed"}


@pytest.fixture(scope="module")
def situations():
    """Return thousands of new positions with personal details, and a stream."""
    return workloads.named(2500, seed=31) + workloads.warm(500, seed=32)


class TestFaithfulEquivalent:
    def test_same_advice(self, situations):
        """The equivalent's advice equals advise()'s on every situation."""
        faithful = baseline.Faithful()

        differ = [
            s for s in situations if interview_advisor.advise(s) != faithful.advise(s)
        ]

        assert [] == differ[:3]

    def test_every_rule_is_reached(self, situations):
        """The situations fire every packaged rule an undated situation can fire."""
        faithful = baseline.Faithful()
        packaged = {rule.id for rule in load_pack([data_folder("rules")]).rules}

        fired = {r for s in situations for r in faithful.fire(faithful.signals(s))}

        assert packaged - DATED_ONLY == fired

    def test_a_changed_rule_is_noticed(self, situations):
        """Firing one rule fewer than the library gives different advice."""
        faithful = baseline.Faithful()
        fire = faithful.fire
        faithful.fire = lambda g: [r for r in fire(g) if r != "timing.give_them_time"]

        differ = [
            s for s in situations if interview_advisor.advise(s) != faithful.advise(s)
        ]

        assert differ
