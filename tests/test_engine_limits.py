import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_advisor import Advisor, RulePackError
from interview_advisor import _engine_limits as limits
from interview_advisor._engine_compile import compile_rule
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack

#: Long enough for a slow machine, short enough to catch a hang.
CHILD_SECONDS = 120


def run_child(script: str) -> subprocess.CompletedProcess[str]:
    """
    Run *script* in a fresh interpreter, so a crash or a hang fails one test.
    """
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=CHILD_SECONDS,
        check=False,
    )


def rules_text(count: int, when: str = "", *, extra: str = "") -> str:
    """
    Return *count* custom rules; ``{n}`` in *when* and *extra* is the number.
    """
    return "\n".join(
        f"""
[[rule]]
id = "custom.r{n}"
priority = {90 + n % 40}
reason = "Rule {n}."
{extra.format(n=n)}
[rule.when]
{when.format(n=n)}
"""
        for n in range(count)
    )


def write_pack(folder, text: str):
    folder.mkdir(exist_ok=True)
    (folder / "custom.toml").write_text(text, encoding="utf-8")
    return folder


def advise_in_child(pack) -> str:
    """
    Build an advisor with *pack* in a child process, advise once, and say what happened.
    """
    done = run_child(
        f"""
        from interview_advisor import Advisor, RulePackError
        try:
            advice = Advisor(rules=[{str(pack)!r}]).advise(
                {{"stage": "applied", "days_since_interview": 61}})
        except RulePackError as error:
            print("RulePackError", error)
        else:
            print("advised", advice.status)
        """
    )
    assert "" == done.stderr
    assert 0 == done.returncode
    return done.stdout


class TestReproducers:
    @pytest.mark.parametrize(
        ("count", "when", "extra", "limit"),
        [
            (
                64,
                "days_since_interview = {{ gte = {n} }}",
                "",
                "tests can hold at once",
            ),
            (506, "days_since_interview = {{ gte = {n} }}", "", "tests under one test"),
            (300, "thank_you_sent = true", "", "rules with the same tests"),
            (
                300,
                # Rejected: a status that answers every response may also be
                # shown with steps it forbids, which loading reports too.
                (
                    'employer_response = "rejected"\n'
                    "days_since_interview = {{ gte = {n} }}"
                ),
                'status = "not_selected"',
                "rules concluding or needing a status",
            ),
        ],
        ids=["64-matching", "506-rules", "300-same-condition", "300-status"],
    )
    def test_a_pack_that_crashed_the_engine_is_refused(
        self, tmp_path, count, when, extra, limit
    ):
        """Packs that aborted or froze the process are refused, naming the limit."""
        pack = write_pack(tmp_path / "pack", rules_text(count, when, extra=extra))
        said = advise_in_child(pack)
        assert said.startswith("RulePackError"), said
        assert limit in said
        assert "beyond the engine's limit" in said
        assert "custom.toml" in said

    def test_twenty_needed_facts_are_refused(self, tmp_path):
        """A rule needing 20 facts, which failed every call, is refused at load."""
        facts = ", ".join(f'"fact{n}"' for n in range(20))
        source = rules_text(1, "", extra=f"derive = [{facts}]")
        source = source.replace("r0", "source").replace("priority = 90", "priority = 5")
        needing = rules_text(1, "", extra=f"needs = [{facts}]")
        pack = write_pack(tmp_path / "pack", source + needing)
        with pytest.raises(RulePackError) as caught:
            Advisor(rules=[pack])
        assert "21 facts joined" in str(caught.value)
        assert "custom.r0" == caught.value.problems[0].rule_id

    def test_a_long_sum_is_refused(self, tmp_path):
        """A 2,000-term sum, once a RecursionError, is refused at load."""
        terms = " + ".join(["stated_timeframe_days"] * 2000)
        when = (
            "stated_timeframe_days = {{ present = true }}\n"
            f'days_since_interview = {{{{ gte = "{terms}" }}}}'
        )
        pack = write_pack(tmp_path / "pack", rules_text(1, when))
        with pytest.raises(RulePackError, match="2000 signals in one sum"):
            Advisor(rules=[pack])

    @pytest.mark.parametrize("priority", [-1, 65_536])
    def test_a_priority_beyond_16_bits_is_refused(self, tmp_path, priority):
        """A priority the engine would wrap around is refused."""
        text = rules_text(1).replace("priority = 90", f"priority = {priority}")
        pack = write_pack(tmp_path / "pack", text)
        with pytest.raises(RulePackError, match="outside 0 to 65535"):
            Advisor(rules=[pack])

    def test_equal_sums_count_once_per_rule(self, tmp_path):
        """Rules testing one sum get a node each in the engine, so each counts."""
        when = (
            'employer_response = "none"\n'
            'follow_ups_sent = {{ gte = "decision_window_days - 10" }}\n'
            "days_since_interview = {n}"
        )
        pack = write_pack(tmp_path / "pack", rules_text(70, when))
        # 70 once failed every evaluation (code 303) while the bound said 53.
        with pytest.raises(RulePackError, match="tests can hold at once"):
            Advisor(rules=[pack])

    def test_equal_constants_share_one_node(self):
        """The bound shares a test against a constant, as the engine does."""
        tree = limits._Tree()
        for key in ("a", "b"):
            tree.add(key, [{"follow_ups_sent": 2}, {"$gte": {"days": {"$m": "x"}}}])
        follow_ups, sums = (
            [node for node, (field, _, _) in tree.tests.items() if field == name]
            for name in ("follow_ups_sent", "days")
        )
        assert 1 == len(follow_ups)
        assert 2 == len(sums)

    def test_packs_within_the_limits_advise(self, tmp_path):
        """Packs just inside each limit load and advise in a fresh process."""
        pack = write_pack(
            tmp_path / "pack",
            rules_text(8, "days_since_interview = {{ gte = {n} }}")
            + rules_text(200, "thank_you_sent = true").replace("custom.r", "same.r"),
        )
        said = advise_in_child(pack)
        assert said.startswith("advised"), said


class TestBound:
    def test_packaged_pack_is_within_every_limit(self):
        """The packaged pack passes the limit check a load of it skips."""
        pack = load_pack([data_folder("rules")])

        assert pack.packaged
        assert [] == limits.problems(pack)

    def test_packaged_pack_fits_with_room(self):
        """The packaged pack leaves room under every limit for custom rules."""
        pack = load_pack([data_folder("rules")])
        for business in (False, True):
            rules = {f"r{i}": rule for i, rule in enumerate(pack.rules)}
            days = pack.figure_days(business=business)
            tree = limits._Tree()
            for key, rule in rules.items():
                tree.add(key, compile_rule(key, rule, days)["all"][0][key]["$and"][1:])
            at_once, _, _ = tree.most_at_once()
            assert at_once <= limits.AT_ONCE.value - 8

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["eq", "$neq", "$lt", "$lte", "$gt", "$gte"]),
                st.one_of(
                    st.integers(0, 6), st.booleans(), st.sampled_from(["a", "b"])
                ),
            ),
            min_size=1,
            max_size=30,
        )
    )
    def test_the_bound_is_the_most_tests_one_value_meets(self, tests):
        """The quick bound equals trying every probe against every test."""
        tree = limits._Tree()
        for n, (op, value) in enumerate(tests):
            test = {"x": value} if op == "eq" else {op: {"x": value}}
            tree.add(f"r{n}", [test])
        weights = [
            (op, right, 1 + len(tree.listed[node]))
            for node, (field, op, right) in tree.tests.items()
            if field == "x"
        ]
        probes = limits._probes(right for _, right, _ in weights)
        brute = max(
            sum(w for op, right, w in weights if limits._holds(op, right, value))
            for value in probes
        )

        assert 1 + brute == tree.most_at_once()[0]

    @settings(max_examples=10, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["gte", "lt", "eq", "gt", "lte"]),
                st.integers(min_value=0, max_value=40),
            ),
            min_size=1,
            max_size=90,
        )
    )
    def test_hostile_packs_advise_correctly_or_are_refused(
        self, tmp_path_factory, tests
    ):
        """Packs near the limits are refused, or show each reason just when it holds."""
        text = "\n".join(
            f"""
[[rule]]
id = "custom.r{n}"
priority = 60
reason = "Rule {n}."
[rule.when]
days_since_interview = {{ {op} = {value} }}
"""
            for n, (op, value) in enumerate(tests)
        )
        pack = write_pack(tmp_path_factory.mktemp("pack"), text)
        said = run_child(
            f"""
            from interview_advisor import Advisor, RulePackError
            try:
                advisor = Advisor(rules=[{str(pack)!r}])
            except RulePackError as error:
                print("refused", error)
            else:
                for days in range(42):
                    advice = advisor.advise(
                        {{"stage": "applied", "days_since_interview": days}})
                    print(sum(r.rule_id.startswith("custom.") for r in advice.reasons))
            """
        )
        assert "" == said.stderr
        assert 0 == said.returncode
        if said.stdout.startswith("refused"):
            assert "beyond the engine's limit" in said.stdout
            return
        holds = {
            "gte": int.__ge__,
            "lt": int.__lt__,
            "eq": int.__eq__,
            "gt": int.__gt__,
            "lte": int.__le__,
        }
        expected = [
            sum(holds[op](days, value) for op, value in tests) for days in range(42)
        ]
        assert expected == [int(line) for line in said.stdout.split()]
