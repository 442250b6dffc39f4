import csv
import datetime
import io
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import attrs
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_advisor import (
    ActionKind,
    Draft,
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
    Situation,
    Timeline,
    agenda,
    situation_schema,
)
from interview_advisor._agenda import DECISIONS, URGENCY
from interview_advisor._agenda_out import CSV_COLUMNS, mailto
from interview_advisor._cli import main
from interview_advisor._output_plan import event_uid

SAMPLE = Path(__file__).parent.parent / "docs" / "samples" / "applications.json"
TODAY = datetime.date(2026, 11, 25)
GOOD = {"stage": "applied", "interview_date": "2026-11-20", "company": "Acme"}
#: An application with a step due today: a thank-you note.
DUE = {"stage": "first_interview", "interview_date": "2026-11-25", "company": "Acme"}


@pytest.fixture(scope="module")
def sample():
    return agenda(SAMPLE, today=TODAY)


@st.composite
def applications(draw):
    """Draw a list of dated applications as of TODAY, each with its own company."""
    made = []
    for index in range(draw(st.integers(0, 6))):
        held = TODAY - datetime.timedelta(days=draw(st.integers(0, 60)))
        stage = draw(st.sampled_from(["applied", "first_interview", "final_interview"]))
        made.append(
            {
                "company": draw(st.sampled_from(["acme", "Acme", "Beta", "zeta"]))
                + f" {index}",
                "stage": stage,
                "interview_date": held.isoformat(),
                "employer_response": draw(
                    st.sampled_from(["none", "none", "offer_made", "rejected"])
                ),
                "country": draw(st.sampled_from([None, "US", "DE", "GB"])),
                "stated_timeframe": draw(st.sampled_from([None, "within a week"])),
                "recruiter_name": "Sam",
                "recruiter_email": "sam@example.com",
            }
        )
    return made


def rank(entry):
    return (not entry.overdue, entry.kind not in DECISIONS)


class TestOrdering:
    def test_every_kind_has_a_rank(self):
        """Each kind of step is ranked once, so ordering never fails on one."""
        assert sorted(ActionKind) == sorted(URGENCY)

    @settings(max_examples=25)
    @given(applications())
    def test_overdue_before_due_and_decisions_before_courtesies(self, made):
        """Today's steps: overdue first, then decisions, then courtesies."""
        found = agenda(made, today=TODAY)

        assert sorted(found.due, key=rank) == list(found.due)

    @settings(max_examples=25)
    @given(applications(), st.randoms(use_true_random=False))
    def test_the_order_of_the_input_does_not_matter(self, made, random):
        """The same applications in any order give the same agenda."""
        shuffled = list(made)
        random.shuffle(shuffled)

        def seen(found):
            numbers = [attrs.evolve(a, number=0) for a in found.applications]
            return (found.due, found.coming, found.idle, found.plans, numbers)

        assert seen(agenda(made, today=TODAY)) == seen(agenda(shuffled, today=TODAY))

    @settings(max_examples=25)
    @given(applications(), st.integers(0, 20))
    def test_days_are_ahead_in_order_and_within_reach(self, made, days):
        """Coming days follow today in date order, no further than *days* ahead."""
        found = agenda(made, today=TODAY, days=days)
        dates = [day.date for day in found.coming]
        last = TODAY + datetime.timedelta(days=days)

        assert (sorted(set(dates)), True) == (
            dates,
            all(TODAY < date <= last for date in dates),
        )

    @settings(max_examples=25)
    @given(applications())
    def test_each_application_is_busy_or_idle(self, made):
        """An application is idle exactly when none of its steps is on the agenda."""
        found = agenda(made, today=TODAY)
        entries = [*found.due, *(e for day in found.coming for e in day.entries)]
        busy = {entry.application for entry in entries}
        ids = {application.id for application in found.applications}

        assert (set(), ids) == (busy & set(found.idle), busy | set(found.idle))


class TestSample:
    def test_the_overdue_follow_up_comes_first_with_its_link(self, sample):
        """Acme's late follow-up is overdue today and opens a mail to the recruiter."""
        acme = next(e for e in sample.due if e.application == "Data Engineer at Acme")

        assert (True, ActionKind.SEND_FOLLOW_UP, "sam.lee@acme.example") == (
            acme.overdue,
            acme.kind,
            urllib.parse.urlsplit(acme.links[0]).path,
        )

    def test_an_interviewer_without_an_email_gets_no_link(self, sample):
        """Globex's thank-you notes link Priya, who has an address, not Tom."""
        notes = next(e for e in sample.due if e.application.endswith("at Globex"))

        assert [True, False] == [link is not None for link in notes.links]

    def test_statuses_and_the_idle_application(self, sample):
        """The dozen applications each have a status; one needs nothing this week."""
        statuses = {a.id: str(a.status) for a in sample.applications}

        assert (12, ("Import Analyst at Vandelay Industries",), "advancing") == (
            len(statuses),
            sample.idle,
            statuses["hooli-sre"],
        )

    def test_text_counts_with_the_right_nouns(self, sample):
        """The text opens with today's date and counts steps and applications."""
        one = agenda([GOOD], today=TODAY)

        first = "Agenda for Wednesday 25 November 2026: 13 steps today across"

        assert (f"{first} 12 applications.", True) == (
            str(sample).splitlines()[0],
            str(one).splitlines()[0].endswith(" 0 steps today across 1 application."),
        )

    def test_json_is_plain_data(self, sample):
        """to_dict survives JSON and keeps every step of today."""
        data = json.loads(json.dumps(sample.to_dict()))

        assert len(sample.due) == len(data["due"])


class TestIds:
    def test_a_mapping_names_its_applications(self):
        """Keys of a mapping are ids; a timeline needs one."""
        found = agenda(
            {
                "mine": Timeline([{"kind": "applied", "on": "2026-11-02"}]),
                "other": Situation(stage="applied", days_since_interview=2),
            },
            today=TODAY,
        )

        assert ["mine", "other"] == [a.id for a in found.applications]

    @pytest.mark.parametrize(
        ("record", "field"),
        [
            ({"stage": "applied", "days_since_interview": 1}, "id"),
            ({**GOOD, "id": "  "}, "id"),
            ({**GOOD, "today": "2026-11-24"}, "today"),
            ({**GOOD, "next_interview_on": "soon"}, "next_interview_on"),
            ("Acme", "application"),
            (
                Situation(
                    stage="applied",
                    interview_date="2026-11-02",
                    today=TODAY - datetime.timedelta(days=1),
                    company="A",
                ),
                "today",
            ),
        ],
    )
    def test_a_bad_application_names_its_field(self, record, field):
        """A missing id, another day or a bad date is reported by field and number."""
        with pytest.raises(InvalidRecordError) as caught:
            agenda([GOOD | {"company": "Z"}, record], today=TODAY)

        assert (2, field) == (caught.value.number, caught.value.problems[0].field)

    def test_every_problem_of_an_application_at_once(self):
        """A bad id, another day, a bad round date and bad fields, all in one error."""
        record = {
            **GOOD,
            "id": "\x00",
            "today": "2026-01-01",
            "next_interview_on": "soon",
            "stage": "hired",
        }

        with pytest.raises(InvalidRecordError) as caught:
            agenda([record], today=TODAY)

        assert ["id", "today", "next_interview_on", "stage"] == [
            problem.field for problem in caught.value.problems
        ]

    def test_an_id_twice_is_a_problem_of_the_later(self):
        """The second application with an id is skipped, naming the first."""
        found = agenda([GOOD, GOOD], today=TODAY, on_error="skip")

        assert ([2], "an id no other application has (record 1 has it)") == (
            [result.number for result in found.skipped],
            found.skipped[0].error.problems[0].expected,
        )

    def test_a_next_round_date_counts_from_today(self):
        """next_interview_on sets the days to a scheduled round."""
        record = {
            **GOOD,
            "stage": "first_interview",
            "employer_response": "next_round_scheduled",
            "next_interview_on": "2026-11-30",
        }

        found = agenda([record], today=TODAY)

        assert ActionKind.PREPARE_NEXT_ROUND in [e.kind for e in found.due]


class TestSettings:
    @pytest.mark.parametrize(
        ("setting", "words"),
        [
            ({"today": "tomorrow"}, "today: got 'tomorrow'"),
            ({"days": -1}, "days: got -1"),
            ({"days": True}, "days: got True"),
            ({"on_error": "ignore"}, "on_error: got 'ignore'"),
            ({"processes": 0}, "processes: got 0"),
        ],
    )
    def test_a_bad_setting_is_named(self, setting, words):
        """Each bad setting is refused with its name and value."""
        with pytest.raises(InvalidSettingError, match=words):
            agenda([GOOD], **{"today": TODAY} | setting)

    def test_processes_give_the_same_agenda_and_uids_in_every_run(self, sample):
        """Two forked processes, in another run, give this agenda and its event ids."""
        code = (
            "import json, sys\n"
            "from interview_advisor import agenda\n"
            "found = agenda(sys.argv[1], today='2026-11-25', processes=2)\n"
            "print(json.dumps([found.to_dict(), found.to_ics()]))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(SAMPLE)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

        assert json.loads(json.dumps([sample.to_dict(), sample.to_ics()])) == (
            json.loads(done.stdout)
        )

    def test_a_pool_worker_advises_in_its_own_process(self, sample):
        """A daemon process may have no children: the agenda is worked out in it."""
        code = (
            "import json, multiprocessing, sys\n"
            "from interview_advisor import agenda\n"
            "def run(path):\n"
            "    return agenda(path, today='2026-11-25', processes=2).to_ics()\n"
            "if __name__ == '__main__':\n"
            "    with multiprocessing.get_context('fork').Pool(1) as pool:\n"
            "        print(json.dumps(pool.apply(run, (sys.argv[1],))))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(SAMPLE)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

        assert sample.to_ics() == json.loads(done.stdout)

    def test_only_todays_steps_are_overdue(self):
        """On Thanksgiving a late follow-up falls on Friday, not yet overdue."""
        found = agenda(SAMPLE, today="2026-11-26")
        later = [e for day in found.coming for e in day.entries if e.overdue]

        assert ([], True) == (later, any(e.overdue for e in found.due))


class TestCalendar:
    def test_the_feed_parses_back_with_every_step(self, sample):
        """One VEVENT per dated step of every application, each id its own."""
        events = icalendar.Calendar.from_ical(sample.to_ics()).walk("VEVENT")
        steps = [(plan.application, s) for plan in sample.plans for s in plan.steps]

        assert (len(steps), len(steps)) == (
            len(events),
            len({str(event["UID"]) for event in events}),
        )

    def test_an_event_id_is_its_application_and_step(self, sample):
        """Each event's id is event_uid of its application and step kind."""
        events = icalendar.Calendar.from_ical(sample.to_ics()).walk("VEVENT")
        summary = {str(event["UID"]): str(event["SUMMARY"]) for event in events}
        uid = event_uid("Data Engineer at Acme", ActionKind.SEND_FOLLOW_UP, 0)

        assert "Data Engineer at Acme: Send a polite follow-up" == summary[uid]

    def test_a_later_feed_moves_the_same_event(self, sample):
        """Tomorrow's feed moves the follow-up not sent, under the same id."""
        later = agenda(SAMPLE, today=TODAY + datetime.timedelta(days=1))
        uid = event_uid("Data Engineer at Acme", ActionKind.SEND_FOLLOW_UP, 0)

        def start(found):
            events = icalendar.Calendar.from_ical(found.to_ics()).walk("VEVENT")
            (event,) = [e for e in events if str(e["UID"]) == uid]
            return event.decoded("DTSTART")

        # 26 November 2026 is Thanksgiving, no business day in the US.
        assert (TODAY, datetime.date(2026, 11, 27)) == (start(sample), start(later))


class TestMailto:
    @given(
        address=st.from_regex(
            r"[a-z0-9.+%#?&'!$*/=-]{1,20}@[a-z0-9-]{1,10}\.[a-z]{2,5}", fullmatch=True
        ),
        subject=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
        body=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    )
    def test_a_link_decodes_back_to_the_draft(self, address, subject, body):
        """Address, subject and body decode back, line breaks as CRLF."""
        link = mailto(address, Draft("Someone", subject, body))
        parts = urllib.parse.urlsplit(link)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)

        assert (
            "mailto",
            address,
            [subject],
            ["\r\n".join(body.splitlines())],
        ) == (
            parts.scheme,
            urllib.parse.unquote(parts.path),
            query["subject"],
            query["body"],
        )

    def test_no_space_or_break_is_left_raw(self):
        """A link is one token: nothing in it needs quoting again."""
        link = mailto("a@b.co", Draft("A", "Hello & bye #1?", "Line one\nLine two"))

        assert (" " not in link, "\n" not in link, 1) == (True, True, link.count("&"))

    @pytest.mark.parametrize(
        ("entry", "field"),
        [
            ({"recruiter_email": "sam at acme"}, "recruiter_email"),
            (
                {"interviewer_names": [{"name": "Bo", "email": "bo@"}]},
                "interviewer_names[0].email",
            ),
        ],
    )
    def test_a_bad_address_is_named(self, entry, field):
        """An address that is not one is a problem of its field."""
        with pytest.raises(InvalidSituationError) as caught:
            Situation.from_dict({"stage": "applied", "days_since_interview": 1} | entry)

        assert [field] == [problem.field for problem in caught.value.problems]

    def test_an_unnamed_recruiter_gets_no_link(self):
        """A draft to a placeholder is not sent to an address meant for someone."""
        record = {
            **GOOD,
            "stage": "second_interview",
            "interview_date": "2026-11-13",
            "stated_timeframe": "by the end of next week",
        }
        found = agenda(
            [
                record | {"recruiter_email": "sam@acme.example"},
                record
                | {
                    "company": "Named",
                    "recruiter_name": "Sam",
                    "recruiter_email": "sam@named.example",
                },
            ],
            today=TODAY,
        )

        assert {"Acme": [None], "Named": ["mailto:sam@named.example"]} == {
            entry.application: [link and link.partition("?")[0] for link in entry.links]
            for entry in found.due
            if entry.kind is ActionKind.SEND_FOLLOW_UP
        }

    def test_the_schema_knows_the_addresses(self):
        """The situation schema describes both address fields as emails."""
        properties = situation_schema()["properties"]
        person = properties["interviewer_names"]["items"]["anyOf"][1]

        assert ("email", "email") == (
            properties["recruiter_email"]["format"],
            person["properties"]["email"]["format"],
        )


class TestExports:
    def test_csv_has_a_row_per_step_under_its_columns(self, sample):
        """The CSV export lists today's steps, then the coming days', by column."""
        rows = list(csv.reader(io.StringIO(sample.to_csv(), newline="")))
        coming = sum(len(day.entries) for day in sample.coming)

        assert (list(CSV_COLUMNS), len(sample.due) + coming) == (rows[0], len(rows) - 1)

    def test_a_formula_in_a_name_stays_text(self):
        """A company that looks like a formula is written so it never runs."""
        found = agenda([DUE | {"company": "=HYPERLINK(1)"}], today=TODAY)
        rows = list(csv.DictReader(io.StringIO(found.to_csv(), newline="")))

        assert {"'=HYPERLINK(1)"} == {row["application"] for row in rows}

    @pytest.mark.parametrize("kind", ["html", "md"])
    def test_cards_escape_what_people_typed(self, kind):
        """A company with markup is shown as text in both cards."""
        found = agenda(
            [DUE | {"company": "<b>Evil</b> | Co", "recruiter_email": "a@b.co"}],
            today=TODAY,
        )

        card = found._repr_html_() if kind == "html" else found._repr_markdown_()

        # HTML escapes the markup; Markdown escapes it with backslashes.
        shown = "&lt;b&gt;Evil&lt;/b&gt;" if kind == "html" else "\\<b\\>Evil\\</b\\>"

        assert ("<b>Evil" not in card, shown in card) == (True, True)

    def test_the_html_card_folds_each_draft_under_its_step(self, sample):
        """A table per day, each draft collapsible, linked when it has an address."""
        card = sample._repr_html_()
        entries = [*sample.due, *(e for day in sample.coming for e in day.entries)]
        links = [link for entry in entries for link in entry.links if link]

        assert (
            1 + len(sample.coming),
            sum(len(entry.drafts) for entry in entries) + 1,
            len(links),
        ) == (
            card.count("<table>") - 1,
            card.count("<details>"),
            card.count('<a href="mailto:'),
        )

    @pytest.mark.parametrize("kind", ["html", "md"])
    def test_cards_render_an_empty_agenda(self, kind):
        """No application at all still renders, saying nothing is due."""
        found = agenda([], today=TODAY)

        card = found._repr_html_() if kind == "html" else found._repr_markdown_()

        assert "Nothing is due today." in card


class TestCommand:
    def test_text_and_a_feed(self, tmp_path, capsys):
        """The agenda command prints the agenda and writes the feed."""
        feed = tmp_path / "feed.ics"

        status = main(
            ["agenda", str(SAMPLE), "--today", "2026-11-25", "--ics", str(feed)]
        )

        out = capsys.readouterr().out
        assert (0, True, True) == (
            status,
            out.startswith("Agenda for Wednesday 25 November 2026"),
            feed.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR"),
        )

    @pytest.mark.parametrize("kind", ["json", "markdown", "csv"])
    def test_other_formats(self, capsys, kind):
        """Each format prints the same agenda."""
        status = main(
            ["agenda", str(SAMPLE), "--today", "2026-11-25", "--format", kind]
        )

        out = capsys.readouterr().out
        assert (0, True) == (status, "Data Engineer at Acme" in out)

    def test_skipped_lines_are_named(self, tmp_path, capsys):
        """A bad line is named on stderr and the status is 1; fatal with fail."""
        path = tmp_path / "a.jsonl"
        path.write_text(json.dumps(GOOD) + "\n{oops\n", encoding="utf-8")

        skipped = main(["agenda", str(path), "--today", "2026-11-25"])
        err = capsys.readouterr().err
        failed = main(
            ["agenda", str(path), "--today", "2026-11-25", "--on-error", "fail"]
        )

        assert (1, True, 2) == (skipped, "line 2:" in err, failed)

    @pytest.mark.parametrize(
        "arguments",
        [
            ["missing.csv"],
            ["{sample}", "--today", "someday"],
            ["{sample}", "--days", "x"],
            ["{sample}", "--ics", "/nonexistent/dir/feed.ics"],
            [],
        ],
    )
    def test_usage_errors_are_one_line(self, capsys, arguments):
        """Bad arguments or files exit 2 with one line on stderr."""
        status = main(["agenda", *(a.format(sample=SAMPLE) for a in arguments)])

        err = capsys.readouterr().err
        assert (2, 1) == (status, len(err.splitlines()))
