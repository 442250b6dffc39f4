import io
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import typing
from subprocess import PIPE

import icalendar
import pytest

import interview_advisor
from interview_advisor import RulePackError
from interview_advisor._cli import SUBCOMMANDS, main

GOOD = {"stage": "applied", "days_since_interview": 3}

ARGS = [
    "--stage",
    "second_interview",
    "--days-since-interview",
    "9",
    "--stated-timeframe-days",
    "7",
    "--thank-you-sent",
]


class TestMain:
    def test_flags(self, capsys):
        """Flags named after the fields produce the advice text."""
        assert 0 == main(ARGS)
        assert capsys.readouterr().out.startswith("# The decision is overdue")

    def test_list_flags(self, capsys):
        """List fields take several values."""
        assert 0 == main(
            [
                "--stage",
                "first_interview",
                "--days-since-interview",
                "0",
                "--interviewer-names",
                "Ana",
                "Bo",
                "--format",
                "json",
            ]
        )
        actions = json.loads(capsys.readouterr().out)["actions"]
        thanks = next(a for a in actions if a["kind"] == "send_thank_you")

        assert ["Ana", "Bo"] == [d["to"] for d in thanks["drafts"]]

    def test_json_interviewers(self, monkeypatch, capsys):
        """--json reads interviewers given as names and as objects."""
        situation = {
            "stage": "first_interview",
            "days_since_interview": 0,
            "interviewer_names": ["Ana", {"name": "Bo Li", "role": "team lead"}],
        }
        monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(situation)))

        assert 0 == main(["--json", "-", "--format", "json"])
        actions = json.loads(capsys.readouterr().out)["actions"]
        thanks = next(a for a in actions if a["kind"] == "send_thank_you")

        assert [("Ana", False), ("Bo Li", True)] == [
            (d["to"], "as team lead" in d["body"]) for d in thanks["drafts"]
        ]

    def test_json_format(self, capsys):
        """--format json prints to_dict()."""
        assert 0 == main([*ARGS, "--format", "json"])
        assert "decision_overdue" == json.loads(capsys.readouterr().out)["status"]

    def test_json_file_with_flag_override(self, tmp_path, capsys):
        """--json reads a file; flags override its keys."""
        path = tmp_path / "s.json"
        path.write_text(json.dumps({"stage": "applied", "days_since_interview": 1}))

        assert 0 == main(
            ["--json", str(path), "--employer-response", "rejected", "--format", "json"]
        )
        assert "not_selected" == json.loads(capsys.readouterr().out)["status"]

    def test_json_stdin(self, monkeypatch, capsys):
        """--json - reads standard input."""
        monkeypatch.setattr(
            "sys.stdin", io.StringIO('{"stage": "applied", "days_since_interview": 2}')
        )

        assert 0 == main(["--json", "-"])
        assert "awaiting_decision" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("argv", "words"),
        [
            (["--stage", "nope", "--days-since-interview", "2"], "stage: got 'nope'"),
            (["--stage", "applied", "--days-since-interview", "two"], "got 'two'"),
            (["--stage", "applied"], "required"),
            (["--json", "/no/such/file"], "cannot read"),
            (["--bogus"], "unrecognized arguments"),
            (["--format", "yaml"], "invalid choice"),
        ],
    )
    def test_bad_input_is_one_line_exit_2(self, argv, words, capsys):
        """Bad input prints one line on stderr and exits with status 2."""
        assert 2 == main(argv)
        err = capsys.readouterr().err

        assert (1, True) == (len(err.splitlines()), words in err)

    @pytest.mark.parametrize(
        "text",
        [
            "[1, 2]",
            "{not json",
            "[" * 100_000,
            '{"days_since_interview": 1' + "0" * 5000 + "}",
        ],
        ids=["list", "not json", "deep", "huge int"],
    )
    def test_bad_json(self, text, tmp_path, capsys):
        """JSON that is invalid, too deep or not an object exits with status 2."""
        path = tmp_path / "bad.json"
        path.write_text(text)

        assert 2 == main(["--json", str(path)])
        assert 1 == len(capsys.readouterr().err.splitlines())


class TestExitStatus:
    def test_unreadable_file_is_a_usage_error(self, capsys):
        """A --jsonl file that cannot be opened exits 2 with one line."""
        assert 2 == main(["--jsonl", "/no/such/file"])
        assert 1 == len(capsys.readouterr().err.splitlines())

    def test_a_failing_output_fails_the_run(self, tmp_path, monkeypatch, capsys):
        """An output that cannot be written exits 3, saying how far the run got."""

        class Full(io.StringIO):
            def write(self, _text):
                raise OSError(28, "No space left on device")

        monkeypatch.setattr("sys.stdout", Full())
        assert 3 == main(["--jsonl", str(lines_file(tmp_path, GOOD, GOOD))])
        assert (
            "interview-advisor: error: the run failed: [Errno 28] No space left on "
            "device; 1 record advised, 0 skipped before it\n"
        ) == capsys.readouterr().err

    def test_a_closed_output_ends_quietly(self, monkeypatch, capsys):
        """A reader gone (BrokenPipeError) ends with status 141, stderr left empty."""

        class Closed(io.StringIO):
            def write(self, _text):
                raise BrokenPipeError(32, "Broken pipe")

        monkeypatch.setattr("sys.stdout", Closed())
        assert (141, "") == (main(["schema"]), capsys.readouterr().err)

    def test_a_broken_rule_fails_the_run(self, tmp_path, monkeypatch, capsys):
        """A rule failing while running exits 3, not 1 or 2."""

        class Broken:
            def advise(self, _situation):
                raise RulePackError("broken", rule_id="r.x")

        monkeypatch.setattr("interview_advisor._batch.default_advisor", Broken)
        assert 3 == main(["--jsonl", str(lines_file(tmp_path, GOOD))])
        assert "rule 'r.x': broken" in capsys.readouterr().err

    def test_interrupt_prints_the_summary_so_far(self, monkeypatch, capsys):
        """Ctrl-C mid-batch exits 130 with what was done, and no traceback."""

        class Interrupted(io.BytesIO):
            def __iter__(self):
                yield json.dumps(GOOD).encode()
                yield b'{"stage": "x"}'
                raise KeyboardInterrupt

        monkeypatch.setattr("sys.stdin", Interrupted())
        assert 130 == main(["--jsonl", "-"])
        assert (
            "interview-advisor: interrupted; 1 record advised, 1 skipped before it\n"
        ) == capsys.readouterr().err


class TestSignalsAndBytes:
    def test_sigint_mid_batch(self):
        """A real SIGINT mid-batch exits 130 with the summary and no traceback."""
        command = [sys.executable, "-m", "interview_advisor", "--jsonl", "-"]
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with subprocess.Popen(
            command, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=environment
        ) as process:
            process.stdin.write((json.dumps(GOOD) + '\n{"stage": "x"}\n').encode())
            process.stdin.flush()
            # Both results are out: the batch is waiting for the next line.
            done = [process.stdout.readline() for _ in range(2)]
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=120)

        assert (2, 130) == (len(done), process.returncode)
        assert (
            b"interview-advisor: interrupted; 1 record advised, 1 skipped before it\n"
        ) == err

    def test_binary_stdin_under_strict_utf8(self):
        """Binary input on a strict UTF-8 stdin is bad records, never a crash."""
        lines = [json.dumps(GOOD).encode(), bytes(range(128, 256)), b"\xff\xfe{}"]
        result = subprocess.run(
            [sys.executable, "-m", "interview_advisor", "--jsonl", "-"],
            input=b"\n".join(lines) + b"\n",
            capture_output=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
            check=False,
        )

        assert (1, [1, 2, 3]) == (
            result.returncode,
            [json.loads(line)["number"] for line in result.stdout.splitlines()],
        )
        assert b"records skipped, lines 2, 3" in result.stderr


def lines_file(tmp_path, *records):
    """Write *records* as a JSON Lines file; return its path."""
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


class TestInstalledCommands:
    def test_module_runs(self):
        """Python -m interview_advisor runs the same command."""
        result = subprocess.run(
            [sys.executable, "-m", "interview_advisor", *ARGS, "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )

        assert (0, "decision_overdue") == (
            result.returncode,
            json.loads(result.stdout)["status"],
        )

    def test_console_script_exits_2_on_bad_input(self):
        """The console script reports bad input with exit status 2."""
        script = [
            sys.executable,
            "-c",
            "from interview_advisor._cli import main; raise SystemExit(main())",
            "--stage",
            "x",
            "--days-since-interview",
            "1",
        ]
        result = subprocess.run(script, capture_output=True, text=True, check=False)

        assert (2, "") == (result.returncode, result.stdout)


class TestDatedCommandLine:
    DATED: typing.ClassVar = [
        "--stage", "second_interview", "--interview-date", "2026-11-13",
        "--today", "2026-11-25", "--timeframe", "by the end of next week",
        "--thank-you-sent-on", "2026-11-13", "--country", "US",
    ]  # fmt: skip

    def test_dates_and_timeframe(self, capsys):
        """Date flags and --timeframe give dated steps."""
        assert 0 == main([*self.DATED, "--format", "json"])
        actions = json.loads(capsys.readouterr().out)["actions"]

        assert "2026-11-25" == actions[0]["due"]

    def test_ics_file(self, tmp_path, capsys):
        """--ics writes the plan as an iCalendar file that parses back."""
        path = tmp_path / "plan.ics"

        assert 0 == main([*self.DATED, "--ics", str(path)])
        events = icalendar.Calendar.from_ical(path.read_text()).walk("VEVENT")
        assert "Send a polite follow-up" == str(events[0]["summary"])
        assert capsys.readouterr().out.startswith("# The decision is overdue")

    def test_ics_needs_dates(self, tmp_path, capsys):
        """--ics on an undated situation is a one-line error, exit status 2."""
        assert 2 == main([*ARGS, "--ics", str(tmp_path / "plan.ics")])
        assert "--ics needs a dated situation" in capsys.readouterr().err

    def test_unreadable_timeframe(self, capsys):
        """An unreadable --timeframe is quoted in a one-line error."""
        assert 2 == main([*self.DATED[:6], "--timeframe", "soonish"])
        err = capsys.readouterr().err

        assert (1, True) == (len(err.splitlines()), "'soonish'" in err)


class TestValidateLimits:
    def test_validate_reports_a_pack_beyond_the_engine(self, tmp_path, capsys):
        """The validate command names the engine limit passed, and exits 1."""
        (tmp_path / "many.toml").write_text(
            "".join(
                f'[[rule]]\nid = "custom.r{n}"\npriority = 60\nreason = "R."\n'
                f"[rule.when]\ndays_since_interview = {{ gte = {n} }}\n"
                for n in range(64)
            ),
            encoding="utf-8",
        )
        assert 1 == main(["validate", str(tmp_path)])
        out = capsys.readouterr().out
        assert "many.toml:" in out
        assert "rule 'custom.r63': beyond the engine's limit" in out
        assert out.endswith("64 rules and 0 templates checked: 1 problem\n")


#: The sample applications of the agenda's documentation.
SAMPLE = str(
    pathlib.Path(__file__).parents[1] / "docs" / "samples" / "applications.csv"
)
#: The installed console script, next to the interpreter running the tests.
SCRIPT = str(pathlib.Path(sys.executable).with_name("interview-advisor"))
DATED = [
    "--stage", "second_interview", "--interview-date", "2026-11-13",
    "--today", "2026-11-25", "--company", "Acme", "--job-title", "Analyst",
]  # fmt: skip


def run(*arguments, stdin=""):
    """Run the installed command; return its status, stdout and stderr."""
    result = subprocess.run(
        [SCRIPT, *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


class TestScriptUsage:
    @pytest.mark.parametrize(
        ("arguments", "flag"),
        [
            (["--jsonl", "-", "--json", "x.json"], "--json does nothing with --jsonl"),
            (["--jsonl", "-", "--stage", "applied"], "--stage does nothing"),
            (["--jsonl", "-", "--format", "text"], "--format does nothing"),
            (["--jsonl", "-", "--ics", "x.ics"], "--ics does nothing"),
            ([*ARGS, "--on-error", "fail"], "--on-error works only with --jsonl"),
            ([*DATED, "--format", "json", "--ics", "-"], "--format does nothing"),
            ([*ARGS, "--ics", "plan.ics"], "--ics needs a dated situation"),
        ],
        ids=["json", "field", "format", "ics", "on-error", "ics stdout", "undated"],
    )
    def test_a_flag_that_does_nothing_is_refused_before_any_output(
        self, arguments, flag
    ):
        """A flag without effect, or --ics undated, is a usage error before output."""
        status, out, err = run(*arguments, stdin=json.dumps(GOOD))

        assert (2, "", 1) == (status, out, len(err.splitlines()))
        assert flag in err

    def test_ics_to_stdout_is_the_calendar_alone(self):
        """--ics - writes only the calendar, which parses."""
        status, out, _ = run(*DATED, "--ics", "-")
        events = icalendar.Calendar.from_ical(out).walk("VEVENT")

        assert (0, True) == (status, len(events) > 0)

    def test_two_runs_give_the_same_uids(self, tmp_path):
        """Re-exporting a plan gives the same event ids, so calendars update."""
        first, second = tmp_path / "a.ics", tmp_path / "b.ics"
        run(*DATED, "--ics", str(first))
        run(*DATED, "--ics", str(second))

        def uids(path):
            events = icalendar.Calendar.from_ical(path.read_text()).walk("VEVENT")
            return [str(event["uid"]) for event in events]

        assert uids(first) == uids(second)
        assert len(uids(first)) == len(set(uids(first))) > 0


class TestScriptHelp:
    def test_help_explains_every_flag(self):
        """--help gives every flag a text and names the accepted values."""
        status, out, _ = run("--help")
        options = out.partition("\ncommands:")[0]
        blocks = re.split(r"\n(?=  --)", options)[1:]  # one per flag, with its help
        bare = [block.split()[0] for block in blocks if len(block.split()) < 4]

        assert (0, []) == (status, bare)
        assert len(blocks) >= 30  # every field and the six other flags
        assert "One of: applied, phone_screen" in " ".join(out.split())
        assert "--follow-ups-sent N " in out
        assert all(f"  {name} " in out for name in SUBCOMMANDS)
        assert "examples:" in out

    def test_version(self):
        """--version prints the installed version."""
        status, out, _ = run("--version")

        assert (0, f"interview-advisor {interview_advisor.__version__}\n") == (
            status,
            out,
        )

    @pytest.mark.parametrize("name", ["validate", "schema"])
    def test_subcommand_help(self, name):
        """Validate --help and schema --help print their help and exit 0."""
        status, out, err = run(name, "--help")

        assert (0, "") == (status, err)
        assert out.startswith(f"usage: interview-advisor {name}")


class TestScriptOutput:
    @pytest.mark.parametrize(
        "arguments",
        [
            ["schema"],
            [*ARGS, "--format", "json"],
            ["--jsonl", "-"],
            ["agenda", SAMPLE, "--today", "2026-11-25"],
            ["agenda", SAMPLE, "--today", "2026-11-25", "--ics", "-"],
            ["explain", *ARGS],
            ["table"],
        ],
        ids=["schema", "json", "jsonl", "agenda", "agenda-ics", "explain", "table"],
    )
    def test_a_reader_leaving_early_is_no_error(self, arguments):
        """Output to a closed pipe (| head) ends quietly with status 141."""
        with subprocess.Popen(
            [SCRIPT, *arguments],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            process.stdout.close()  # the reader has gone before the first line
            _, err = process.communicate(
                (json.dumps(GOOD) + "\n").encode() * 50, timeout=120
            )

        assert (141, b"") == (process.returncode, err)

    def test_agenda_ics_to_stdout_is_the_calendar_alone(self):
        """The agenda's --ics - prints the feed only; a format with it is refused."""
        status, out, _ = run("agenda", SAMPLE, "--today", "2026-11-25", "--ics", "-")
        refused = run(
            "agenda", SAMPLE, "--today", "2026-11-25", "--ics", "-", "--format", "json"
        )

        assert (0, "BEGIN:VCALENDAR") == (status, out[:15])
        assert (2, "") == refused[:2]

    def test_agenda_refuses_an_unwritable_feed_before_any_output(self, tmp_path):
        """A feed that cannot be written is a usage error with nothing printed."""
        feed = tmp_path / "missing" / "feed.ics"

        status, out, err = run("agenda", SAMPLE, "--ics", str(feed))

        assert (2, "", 1) == (status, out, err.count("\n"))

    def test_agenda_uses_the_packs_and_templates_named(self, tmp_path):
        """--templates reaches every draft of the agenda; a bad --rules is refused."""
        (tmp_path / "drafts").mkdir()
        (tmp_path / "drafts" / "follow_up.txt.j2").write_text(
            "Subject: A custom subject\n\nHello {{ recipient }}.\n"
        )
        status, out, _ = run(
            "agenda", SAMPLE, "--today", "2026-11-25", "--format", "json",
            "--templates", str(tmp_path),
        )  # fmt: skip
        refused = run("agenda", SAMPLE, "--rules", str(tmp_path / "missing"))

        assert (0, True) == (status, "A custom subject" in out)
        assert (2, "") == refused[:2]

    def test_error_json_holds_values_as_given(self):
        """A bad record's problems hold the values given, not Python reprs."""
        records = [
            {"stage": "SECOND_INTERVIEW", "days_since_interview": 3},
            {"stage": "applied", "today": "2026-11-25", "interview_date": "2099-01-01"},
        ]
        status, out, _ = run("--jsonl", "-", stdin="\n".join(map(json.dumps, records)))
        stage, date = (json.loads(line)["problems"][0] for line in out.splitlines())

        assert (1, "SECOND_INTERVIEW", "2099-01-01") == (
            status,
            stage["value"],
            date["value"],
        )
        assert "did you mean 'second_interview'?" in stage["expected"]
