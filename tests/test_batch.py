import io
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor import (
    Advisor,
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
    Status,
    advise,
    advise_json_lines,
    advise_many,
)
from interview_advisor._batch import read_jsonl
from interview_advisor._cli import main
from interview_advisor.exceptions import show

from .strategies import json_values, situations

GOOD = {"stage": "applied", "days_since_interview": 3}
BAD = {"stage": "hired"}


class TestAdviseMany:
    def test_streams_lazily(self):
        """Results come as the input is read, not after it is exhausted."""

        def endless():
            while True:
                yield GOOD

        first = next(advise_many(endless()))

        assert (1, Status.AWAITING_DECISION) == (first.number, first.advice.status)

    def test_skip_reports_bad_records_and_keeps_good_ones(self):
        """With skip, a bad record gives an error result and the rest go on."""
        results = list(advise_many([GOOD, BAD, GOOD]))

        assert [(1, True), (2, False), (3, True)] == [
            (r.number, r.advice is not None) for r in results
        ]
        assert isinstance(results[1].error, InvalidSituationError)

    def test_raise_stops_after_yielding_the_good_records(self):
        """With raise, the first bad record raises, naming its number."""
        seen = []
        with pytest.raises(InvalidRecordError) as caught:
            seen.extend(advise_many([GOOD, GOOD, BAD, GOOD], on_error="raise"))

        assert ([1, 2], 3) == ([r.number for r in seen], caught.value.number)
        assert str(caught.value).startswith("3: invalid situation")

    def test_uses_the_advisor_given(self):
        """Results come from the advisor passed in."""
        result = next(
            advise_many(
                [
                    {
                        **GOOD,
                        "interviewer_names": ["Ana"],
                        "stage": "first_interview",
                        "days_since_interview": 0,
                    }
                ],
                advisor=Advisor(tone="friendly"),
            )
        )

        assert result.advice.actions[0].drafts[0].body.startswith("Hi Ana,")

    def test_unknown_on_error(self):
        """An unknown on_error value is refused."""
        with pytest.raises(InvalidSettingError, match="on_error"):
            list(advise_many([GOOD], on_error="ignore"))

    @given(st.lists(st.one_of(situations(), json_values), max_size=6))
    def test_no_good_record_is_lost(self, records):
        """Every record gives one result, in order, equal to advise() alone."""
        results = list(advise_many(records))

        assert list(range(1, len(records) + 1)) == [r.number for r in results]
        for record, result in zip(records, results, strict=True):
            if result.advice is not None:
                assert advise(record) == result.advice
            else:
                with pytest.raises(InvalidSituationError):
                    advise(record)

    def test_results_are_json(self):
        """Each result has a JSON form: its advice or its problems."""
        good, bad = (r.to_dict() for r in advise_many([GOOD, BAD]))

        assert "awaiting_decision" == good["advice"]["status"]
        assert {"stage", "days_since_interview"} == {
            p["field"] for p in bad["problems"]
        }
        assert json.loads(json.dumps(bad)) == bad


class TestJsonLines:
    def test_line_numbers(self):
        """Blank and unreadable lines keep the numbering of the file's lines."""
        stream = io.StringIO(
            json.dumps(GOOD) + "\n\nnot json\n" + json.dumps(BAD) + "\n"
        )
        results = list(advise_many(read_jsonl(stream)))

        assert [(1, True), (3, False), (4, False)] == [
            (r.number, r.advice is not None) for r in results
        ]
        assert "a JSON object" in str(results[1].error)

    def test_command_skips_and_reports(self, tmp_path, capsys):
        """--jsonl prints one result a line; skipped lines are named, exit 1."""
        path = tmp_path / "in.jsonl"
        path.write_text("\n".join(json.dumps(s) for s in (GOOD, BAD, GOOD)) + "\n")

        assert 1 == main(["--jsonl", str(path)])
        out, err = capsys.readouterr()
        assert [1, 2, 3] == [json.loads(line)["number"] for line in out.splitlines()]
        assert "1 record skipped, line 2" in err

    def test_command_fails_on_first_bad_line(self, tmp_path, capsys):
        """--on-error fail stops at the first bad line, exit 2, after the good ones."""
        path = tmp_path / "in.jsonl"
        path.write_text("\n".join(json.dumps(s) for s in (GOOD, BAD, GOOD)) + "\n")

        assert 2 == main(["--jsonl", str(path), "--on-error", "fail"])
        out, err = capsys.readouterr()
        assert (1, True) == (
            len(out.splitlines()),
            err.startswith("interview-advisor: error: line 2:"),
        )

    def test_command_reads_stdin(self):
        """--jsonl - reads standard input; all good means exit 0."""
        result = subprocess.run(
            [sys.executable, "-m", "interview_advisor", "--jsonl", "-"],
            input=json.dumps(GOOD) + "\n",
            capture_output=True,
            text=True,
            check=False,
        )

        assert (0, 1) == (result.returncode, len(result.stdout.splitlines()))


#: Lines that once ended a batch, each with what its error says.
HOSTILE_LINES = {
    "huge int": (b'{"days_since_interview": 1' + b"0" * 5000 + b"}", "4,300 digits"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "nesting too deep"),
    "not UTF-8": (b'{"stage": "\xff"}', "not UTF-8 at byte 12"),
    "lone surrogate": (b'{"\\ud800x": 1}', "'\\ud800x': got 1"),
    "region": (
        json.dumps(
            {
                "stage": "applied",
                "interview_date": "2026-01-05",
                "today": "2026-01-06",
                "stated_timeframe": "within 5 business days",
                "country": "ZZ",
            }
        ).encode(),
        "country: got 'ZZ'",
    ),
}
GOOD_LINE = json.dumps(GOOD).encode()


class TestBadLines:
    @pytest.mark.parametrize(
        ("line", "says"), HOSTILE_LINES.values(), ids=HOSTILE_LINES
    )
    def test_one_bad_line_is_one_result(self, line, says):
        """A hostile line is one error result; the good lines around it are advised."""
        stream = io.BytesIO(b"\n".join([GOOD_LINE, line, GOOD_LINE]) + b"\n")
        results = list(advise_many(read_jsonl(stream)))

        assert [(1, True), (2, False), (3, True)] == [
            (r.number, r.advice is not None) for r in results
        ]
        assert says in str(results[1].error)

    @pytest.mark.parametrize(
        "line", [line for line, _ in HOSTILE_LINES.values()], ids=HOSTILE_LINES
    )
    def test_json_lines_never_raise(self, line):
        """advise_json_lines gives a bad line, as text or bytes, as a result."""
        for text in (line, line.decode("utf-8", "surrogateescape")):
            results = advise_json_lines([(7, GOOD_LINE), (8, text), (9, GOOD_LINE)])

            assert [7, 8, 9] == [r["number"] for r in results]
            assert ["advice", "error", "advice"] == [
                "advice" if "advice" in r else "error" for r in results
            ]

    @given(
        st.lists(
            st.one_of(st.just(GOOD_LINE), st.binary().filter(lambda b: b"\n" not in b))
        )
    )
    def test_no_line_of_bytes_is_lost(self, lines):
        """Any line of bytes gives one result or is blank; good lines are advised."""
        stream = io.BytesIO(b"".join(line + b"\n" for line in lines))
        results = {r.number: r for r in advise_many(read_jsonl(stream))}

        for number, line in enumerate(lines, start=1):
            blank = not line.decode("utf-8", "replace").strip()
            assert blank == (number not in results)
            if line == GOOD_LINE:
                assert results[number].advice is not None

    def test_a_record_stays_small(self):
        """A record of 100,000 unknown keys lists 20 problems and counts the rest."""
        line = json.dumps({f"k{n}": "v" * 1000 for n in range(100_000)})
        (record,) = advise_json_lines([(1, line)])

        assert (20, 99_982) == (len(record["problems"]), record["more_problems"])
        assert len(json.dumps(record)) < 10_000

    def test_a_record_cuts_the_value(self):
        """A record shows a long text as given, cut to 80 characters."""
        (record,) = advise_json_lines([(1, json.dumps({"company": "c" * 10**6}))])

        assert (
            f"{'c' * 80}…"
            == {p["field"]: p["value"] for p in record["problems"]}["company"]
        )

    @pytest.mark.parametrize(
        ("given", "value"),
        [
            ({"stage": "x"}, "x"),
            ({"stage": ""}, None),
            (
                {
                    "stage": "applied",
                    "today": "2026-11-25",
                    "interview_date": "2099-01-01",
                },
                "2099-01-01",
            ),
            (
                {"stage": "applied", "days_since_interview": 10**400},
                show(10**400),
            ),
            ({"stage": "applied", "days_since_interview": [1, 2]}, [1, 2]),
        ],
        ids=["text", "blank", "date", "huge int", "list"],
    )
    def test_a_record_holds_the_value_as_given(self, given, value):
        """A problem's value is the JSON given, or a short text, never a repr."""
        (record,) = advise_json_lines([(1, json.dumps(given))])
        first = record["problems"][0]

        assert value == first["value"]


class TestProgress:
    def test_bar_at_a_terminal(self, tmp_path, monkeypatch):
        """At a terminal, a long run shows a bar with the records done."""

        class Terminal(io.StringIO):
            def isatty(self):
                return True

        terminal = Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        path = tmp_path / "in.jsonl"
        path.write_text(json.dumps(GOOD) + "\n" * 3)
        clock = iter(range(1, 100))
        monkeypatch.setattr("time.monotonic", lambda: next(clock))

        assert 0 == main(["--jsonl", str(path)])
        assert "[" + "#" * 10 in terminal.getvalue()
        assert "1/3" in terminal.getvalue()

    def test_no_bar_in_a_pipe(self, tmp_path, capsys):
        """Without a terminal nothing but results and the summary is written."""
        path = tmp_path / "in.jsonl"
        path.write_text(json.dumps(GOOD) + "\n")

        assert 0 == main(["--jsonl", str(path)])
        assert "" == capsys.readouterr().err
