import concurrent.futures
import datetime
import gc
import json
import multiprocessing
import os
import pickle
import signal
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor import (
    Advice,
    InvalidSituationError,
    Timeline,
    _advisor,
    _durable,
    _engine,
    advise,
)
from interview_advisor._advisor import CACHE_SIZE
from interview_advisor._daycount import MAX_DAYS
from interview_advisor._markdown import escape_markdown

from .strategies import json_values, situations

TEXT_FIELDS = [
    "candidate_name",
    "company",
    "job_title",
    "recruiter_name",
    "discussed_topic",
]
LIST_FIELDS = ["interviewer_names", "concerns_from_last_interview"]
NASTY_TEXTS = [
    "{{ 7*7 }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{# comment #}",
    "<script>alert(1)</script>",
    "Zoë Ñúñez 山田 太郎 🎉",
    "\u202eevil",
    "x" * 10_000,
    "tab\there",
    "nul\x00byte",
    "\ud800",
    "",
    "   ",
]
NASTY_NUMBERS = [-1, 0, 1, MAX_DAYS, MAX_DAYS + 1, 2**63, -(2**63), 10**100, 1.5, True]


def people(count: int) -> list[tuple[str, str]]:
    """
    Distinct candidate and company names, none a substring of another.
    """
    return [(f"Candidate<{i}>", f"Company<{i}>") for i in range(count)]


def advise_people(batch: list[tuple[str, str, int]]) -> list[tuple[str, str, str]]:
    """
    Advise each (name, company, days) and return the names with the text.
    """
    return [
        (
            name,
            company,
            advise(
                {
                    "stage": "second_interview",
                    "days_since_interview": days,
                    "stated_timeframe_days": 7,
                    "thank_you_sent": True,
                    "candidate_name": name,
                    "company": company,
                }
            ).text,
        )
        for name, company, days in batch
    ]


def leaks(results: list[tuple[str, str, str]], everyone: list[str]) -> list[str]:
    """
    Return a line for each advice that lacks its own names or holds another's.
    """
    found = []
    for name, company, text in results:
        if name not in text or company not in text:
            found.append(f"{name}: own names missing")
        found += [
            f"{name}: saw {o}"
            for o in everyone
            if o not in (name, company) and o in text
        ]
    return found


def batches(workers: int, per_worker: int) -> list[list[tuple[str, str, int]]]:
    names = people(workers * per_worker)
    return [
        [(n, c, 8 + i % 19) for i, (n, c) in enumerate(names[w::workers])]
        for w in range(workers)
    ]


class TestIsolation:
    def test_threads(self):
        """8 threads x many calls with distinct candidates: each sees only its names."""
        work = batches(8, 60)
        everyone = [x for batch in work for n, c, _ in batch for x in (n, c)]
        results: list[list[tuple[str, str, str]]] = [[] for _ in work]
        errors: list[BaseException] = []

        def run(index: int) -> None:
            try:
                results[index] = advise_people(work[index])
            except BaseException as error:  # noqa: BLE001
                errors.append(error)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert [] == errors
        assert [] == leaks([r for batch in results for r in batch], everyone)

    # Forking a process with threads is what the test is about.
    @pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
    @pytest.mark.parametrize("method", ["fork", "spawn"])
    def test_processes(self, method):
        """Worker processes, forked or spawned, each give correct, private advice."""
        advise(
            {"stage": "applied", "days_since_interview": 1}
        )  # engine loaded before fork
        work = batches(4, 25)
        everyone = [x for batch in work for n, c, _ in batch for x in (n, c)]
        context = multiprocessing.get_context(method)
        with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
            results = [r for batch in pool.map(advise_people, work) for r in batch]

        assert 100 == len(results)
        assert [] == leaks(results, everyone)


class TestForkWithLockHeld:
    @pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
    @pytest.mark.parametrize(
        ("module", "name"),
        [(_advisor, "_default_lock"), (_engine, "_lock"), (_durable, "_dlopen_lock")],
    )
    def test_child_forked_while_another_thread_holds_a_lock_advises(self, module, name):
        """A child forked while another thread holds a package lock can advise."""
        taken, release = threading.Event(), threading.Event()

        def hold():
            with getattr(module, name):
                taken.set()
                release.wait(60)

        holder = threading.Thread(target=hold)
        holder.start()
        taken.wait()
        try:
            pid = os.fork()
            if pid == 0:  # pragma: no cover  # the child reports by exit code
                _child_advises(module, name)
            status = _wait(pid, seconds=60)
        finally:
            release.set()
            holder.join()
        assert 0 == status


def _child_advises(module, name) -> None:
    """
    In a forked child: take the lock, make the default advisor anew, advise.
    """
    code = 1
    try:
        _advisor._default = None
        lock = getattr(module, name)
        if lock.acquire(timeout=10):
            lock.release()
            situation = {"stage": "applied", "days_since_interview": 1}
            code = 0 if advise(situation).status else 1
    finally:
        os._exit(code)


def _wait(pid: int, *, seconds: float) -> int:
    """
    Return the exit code of child *pid*, killing it if it hangs.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return -1


class TestPickle:
    @given(situations())
    def test_situation(self, situation):
        """A situation pickles and unpickles to an equal object."""
        assert situation == pickle.loads(pickle.dumps(situation))  # noqa: S301  # our own bytes

    @given(situations())
    def test_advice(self, situation):
        """An advice pickles and unpickles to an equal object."""
        advice = advise(situation)

        assert advice == pickle.loads(pickle.dumps(advice))  # noqa: S301  # our own bytes


def rss_bytes() -> int:
    pages = Path("/proc/self/statm").read_text(encoding="ascii").split()[1]
    return int(pages) * os.sysconf("SC_PAGE_SIZE")


class TestMemory:
    def test_flat_over_many_calls(self):
        """Resident memory stays flat over 20,000 calls once the cache is full."""
        stream = [
            {
                "stage": "first_interview",
                "days_since_interview": d,
                "stated_timeframe_days": t,
                "candidate_name": f"n{d}-{t}",
            }
            for d in range(MAX_DAYS + 1)
            for t in range(0, 60, 2)
        ]
        for situation in stream[: CACHE_SIZE + 500]:  # a full cache is the steady state
            advise(situation)
        gc.collect()
        before = rss_bytes()
        for situation in stream[CACHE_SIZE + 500 : CACHE_SIZE + 20_500]:
            advise(situation)
        gc.collect()

        # 8 MB over 20,000 calls: a leak of 400 bytes a call would show.
        assert rss_bytes() - before < 8_000_000


def near_misses() -> st.SearchStrategy[dict[str, object]]:
    """
    Draw valid situations with one or more fields replaced by hostile values.
    """
    hostile = st.one_of(
        st.sampled_from(NASTY_NUMBERS),
        st.sampled_from(NASTY_TEXTS),
        st.lists(st.sampled_from(NASTY_TEXTS), max_size=25),
        json_values,
        st.text(max_size=300),
    )
    fields = st.sampled_from(
        [
            *TEXT_FIELDS,
            *LIST_FIELDS,
            "stage",
            "employer_response",
            "seniority",
            "days_since_interview",
            "stated_timeframe_days",
            "follow_ups_sent",
            "days_since_last_follow_up",
            "next_interview_in_days",
            "thank_you_sent",
            "technical_role",
        ]
    )
    return st.builds(
        lambda base, changes: {**base.to_dict(), **changes},
        situations(),
        st.dictionaries(fields, hostile, min_size=1, max_size=4),
    )


class TestFuzzing:
    @given(near_misses())
    def test_near_misses_give_advice_or_a_clear_error(self, data):
        """Hostile values only ever produce advice or InvalidSituationError."""
        try:
            advice = advise(data)
        except InvalidSituationError as error:
            assert error.problems
            assert all(p.field for p in error.problems)
        else:
            assert json.loads(json.dumps(advice.to_dict())) == advice.to_dict()

    @given(st.sampled_from(TEXT_FIELDS), st.sampled_from(NASTY_TEXTS[:5]))
    def test_template_syntax_in_text_fields_is_kept_verbatim(self, field, text):
        """Template syntax and markup in any text field reach the drafts unchanged."""
        # A thank-you and a follow-up: between them every text field is used.
        advice = advise(
            {
                "stage": "second_interview",
                "days_since_interview": 0,
                "stated_timeframe_days": 7,
                field: text,
            }
        )
        drafts = " ".join(a.draft or "" for a in advice.actions)

        assert text in drafts

    @given(
        st.sampled_from(LIST_FIELDS),
        st.lists(st.sampled_from(NASTY_TEXTS[:5]), min_size=1, max_size=3),
    )
    def test_template_syntax_in_list_fields_is_kept_verbatim(self, field, texts):
        """Template syntax in interviewer names and concerns is never evaluated."""
        advice = advise(
            {
                "stage": "first_interview",
                "days_since_interview": 0,
                "employer_response": "next_round_scheduled",
                field: texts,
            }
        )

        # Shown escaped in the Markdown, or as written in a fenced draft.
        assert all(
            escape_markdown(text) in advice.text or text in advice.text
            for text in texts
        )

    @given(json_values)
    def test_any_json_value(self, value):
        """Any JSON value gives advice or InvalidSituationError, nothing else."""
        try:
            assert isinstance(advise(value), Advice)
        except InvalidSituationError as error:
            assert error.problems

    @pytest.mark.parametrize("text", NASTY_TEXTS)
    def test_every_text_field(self, text):
        """Each hostile text in every text field is accepted or rejected clearly."""
        for field in TEXT_FIELDS:
            data = {"stage": "second_interview", "days_since_interview": 9, field: text}
            try:
                advise(data)
            except InvalidSituationError as error:
                assert [field] == [p.field for p in error.problems]


ANY_DATE = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(
    datetime.date.isoformat
)
TIMEFRAMES = st.one_of(
    st.sampled_from(
        ["in 2 weeks", "early next month", "by Friday", "by the end of next week"]
    ),
    st.builds("by March 3, {:04d}".format, st.integers(0, 9999)),
    st.builds("within {} business days".format, st.integers(0, 10**6)),
    st.text(max_size=40),
)


class TestHostileDates:
    @given(
        st.fixed_dictionaries(
            {"stage": st.just("second_interview")},
            optional={
                "interview_date": ANY_DATE,
                "today": ANY_DATE,
                "thank_you_sent_on": ANY_DATE,
                "follow_up_dates": st.lists(ANY_DATE, max_size=3),
                "days_since_interview": st.integers(0, 730),
                "stated_timeframe": TIMEFRAMES,
                "country": st.sampled_from(["US", "GB", "XX", "us"]),
            },
        )
    )
    def test_any_dates_give_advice_or_a_clear_error(self, data):
        """Dates at the calendar's ends and wild timeframes never escape as crashes."""
        try:
            advice = advise(data)
        except InvalidSituationError as error:
            assert error.problems
        else:
            assert all(a.due is None or a.due >= advice.today for a in advice.actions)

    @given(
        st.one_of(
            json_values,
            st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(
                            [
                                "applied",
                                "interview_held",
                                "thank_you_sent",
                                "follow_up_sent",
                                "employer_replied",
                            ]
                        )
                        | json_values,
                        "on": ANY_DATE | json_values,
                    },
                    optional={
                        "stage": st.sampled_from(["second_interview"]) | json_values,
                        "response": st.sampled_from(["next_round_scheduled"])
                        | json_values,
                        "timeframe": TIMEFRAMES | json_values,
                        "next_interview_on": ANY_DATE | json_values,
                    },
                ),
                max_size=5,
            ),
        ),
        ANY_DATE | st.text(max_size=12),
    )
    def test_any_timeline_gives_advice_or_a_clear_error(self, events, today):
        """Hostile events and dates in a timeline never escape as crashes."""
        try:
            Timeline(events).advise(today=today)
        except InvalidSituationError as error:
            assert error.problems
