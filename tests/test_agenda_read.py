import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_advisor import UnreadableFileError, agenda
from interview_advisor._agenda_read import COLUMNS, read_applications

SAMPLES = Path(__file__).parent.parent / "docs" / "samples"
TODAY = "2026-11-25"
GOOD = {"stage": "applied", "interview_date": "2026-11-20", "company": "Acme"}


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def numbers_and_kinds(records):
    return [(n, type(value).__name__) for n, value in records]


class TestJson:
    def test_items_are_numbered_by_the_line_they_start_on(self, tmp_path):
        """Each item of the array gets the line where it starts."""
        path = write(tmp_path, "a.json", '[\n  {"a": 1},\n\n  {"b": [\n 2]},\n  3\n]')

        assert [(2, {"a": 1}), (4, {"b": [2]}), (6, 3)] == read_applications(path)

    @pytest.mark.parametrize(
        ("text", "line", "words"),
        [
            ('{"stage": "applied"}', 1, "expected a JSON array"),
            ('[\n{"a": 1},\n{"b": }\n]', 3, "Expecting value"),
            ('[\n{"a": 1}\n{"b": 2}\n]', 3, "expected ','"),
            ('[{"a": 1}] trailing', 1, "nothing after the array"),
            ("[\n" + "[" * 100_000 + "]" * 100_000 + "]", 2, "too large"),
            ("[1" + "0" * 5000 + "]", 1, "too large"),
        ],
    )
    def test_a_file_that_is_not_an_array_is_refused_with_its_line(
        self, tmp_path, text, line, words
    ):
        """Broken JSON is one error naming the file, the line and what went wrong."""
        path = write(tmp_path, "a.json", text)

        with pytest.raises(UnreadableFileError) as caught:
            read_applications(path)

        assert (line, True) == (caught.value.line, words in str(caught.value))

    def test_not_utf8_names_the_line(self, tmp_path):
        """A JSON file that is not UTF-8 is refused, naming the line of the bad byte."""
        path = write(tmp_path, "a.json", b'[\n{"company": "Caf\xe9"}]')

        with pytest.raises(UnreadableFileError, match=r"a\.json:2: expected UTF-8"):
            read_applications(path)

    def test_a_byte_order_mark_is_read(self, tmp_path):
        """Spreadsheet tools write a BOM; it is not part of the JSON."""
        path = write(tmp_path, "a.json", b"\xef\xbb\xbf[1]")

        assert [(1, 1)] == read_applications(path)


class TestJsonLines:
    def test_bad_lines_are_records_of_their_own(self, tmp_path):
        """A line that is not JSON, or not UTF-8, is a bad record; blank lines count."""
        path = write(tmp_path, "a.jsonl", b'{"a": 1}\n\nnot json\n\xff\n[2]\n')

        assert [
            (1, "dict"),
            (3, "BadRecord"),
            (4, "BadRecord"),
            (5, "list"),
        ] == numbers_and_kinds(read_applications(path))


class TestCsv:
    def test_rows_become_situation_fields(self, tmp_path):
        """Cells are read as the fields take them: lists, flags, counts, emails."""
        path = write(
            tmp_path,
            "a.csv",
            "company,stage,days_since_interview,thank_you_sent,interviewer_names,"
            "follow_up_dates\n"
            "Acme,first_interview,3,Yes,Ana Ruiz <ana@acme.example>; Bo,"
            "2026-11-01;2026-11-08\n",
        )

        assert [
            (
                2,
                {
                    "company": "Acme",
                    "stage": "first_interview",
                    "days_since_interview": 3,
                    "thank_you_sent": True,
                    "interviewer_names": [
                        {"name": "Ana Ruiz", "email": "ana@acme.example"},
                        "Bo",
                    ],
                    "follow_up_dates": ["2026-11-01", "2026-11-08"],
                },
            )
        ] == read_applications(path)

    def test_line_numbers_survive_quoted_line_breaks(self, tmp_path):
        """A row after a cell with line breaks is numbered by the line it starts on."""
        path = write(
            tmp_path,
            "a.csv",
            'company,discussed_topic\nA,"two\nlines"\n\nB,x\u2028y\nC,z\n',
        )

        assert [2, 5, 6] == [n for n, _ in read_applications(path)]

    def test_a_row_with_extra_cells_is_a_bad_record(self, tmp_path):
        """More cells than the header has columns makes that row, not the file, bad."""
        path = write(tmp_path, "a.csv", "company,stage\nA,applied,oops\nB,applied\n")

        records = read_applications(path)

        assert [(2, "BadRecord"), (3, "dict")] == numbers_and_kinds(records)

    def test_bytes_that_are_not_utf8_spoil_only_their_row(self, tmp_path):
        """A stray Latin-1 byte makes its row invalid; the other rows are advised."""
        path = write(
            tmp_path,
            "a.csv",
            b"company,stage,interview_date\nCaf\xe9,applied,2026-11-20\n"
            b"Acme,applied,2026-11-20\n",
        )

        found = agenda(path, today=TODAY, on_error="skip")

        assert ([2], ["Acme"]) == (
            [r.number for r in found.skipped],
            [a.id for a in found.applications],
        )

    @pytest.mark.parametrize(
        ("header", "words"),
        [
            ("company,stagee\n", "got column 'stagee'"),
            ("", "a header of these columns"),
        ],
    )
    def test_an_unknown_column_is_refused_with_the_columns(
        self, tmp_path, header, words
    ):
        """A misspelt column or a missing header is an error naming the columns."""
        path = write(tmp_path, "a.csv", header + "Acme,applied\n")

        with pytest.raises(UnreadableFileError) as caught:
            read_applications(path)

        assert (1, True, True) == (
            caught.value.line,
            words in str(caught.value),
            ", ".join(COLUMNS) in str(caught.value),
        )

    def test_a_bad_quote_is_refused_with_its_line(self, tmp_path):
        """A quote in the middle of a cell breaks the CSV, named by its line."""
        path = write(tmp_path, "a.csv", 'company,stage\nA,applied\n"B"x,applied\n')

        with pytest.raises(UnreadableFileError, match=r"a\.csv:3"):
            read_applications(path)


class TestToml:
    def test_tables_are_numbered_by_their_header_line(self, tmp_path):
        """Each [[application]] is numbered by its header's line, dates kept."""
        path = write(
            tmp_path,
            "a.toml",
            '# mine\n[[application]]\ncompany = "A"\n\n[[application]]\n'
            "interview_date = 2026-11-20\n",
        )

        records = read_applications(path)

        assert [2, 5] == [n for n, _ in records]
        assert "2026-11-20" == str(records[1][1]["interview_date"])

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("[[application]]\ncompany = \n", "line 2"),
            ('title = "mine"\n[[application]]\ncompany = "A"\n', "got key 'title'"),
            ('application = "A"\n', "expected [[application]] tables"),
        ],
    )
    def test_a_broken_file_is_refused(self, tmp_path, text, words):
        """Bad TOML, or keys besides the applications, is one error saying so."""
        path = write(tmp_path, "a.toml", text)

        with pytest.raises(UnreadableFileError) as caught:
            read_applications(path)

        assert words in str(caught.value)


class TestAnyFile:
    def test_an_unknown_suffix_is_refused(self, tmp_path):
        """A file of another kind is refused, naming the kinds read."""
        path = write(tmp_path, "a.xlsx", "")

        with pytest.raises(UnreadableFileError, match=r"\.json, \.jsonl"):
            read_applications(path)

    def test_a_missing_file_is_refused(self, tmp_path):
        """A file that does not exist is an error, not a traceback."""
        with pytest.raises(UnreadableFileError, match="cannot read it"):
            read_applications(tmp_path / "none.csv")

    @pytest.mark.parametrize("suffix", ["json", "jsonl", "csv", "toml"])
    def test_the_samples_agree(self, suffix):
        """The docs' sample in each format gives the same agenda as its JSON."""
        expected = agenda(SAMPLES / "applications.json", today=TODAY)

        found = agenda(SAMPLES / f"applications.{suffix}", today=TODAY)

        assert (expected.due, expected.coming, expected.idle, expected.plans) == (
            found.due,
            found.coming,
            found.idle,
            found.plans,
        )

    @settings(max_examples=60)
    @given(
        suffix=st.sampled_from(["json", "jsonl", "csv", "toml"]),
        data=st.binary(max_size=200)
        | st.text(alphabet='[]{},:"=\n\r ;<>@a1-', max_size=80).map(str.encode),
    )
    def test_no_file_makes_it_raise_anything_else(self, tmp_path_factory, suffix, data):
        """Any bytes are read, or refused with UnreadableFileError, never more."""
        path = tmp_path_factory.mktemp("files") / f"a.{suffix}"
        path.write_bytes(data)

        try:
            found = agenda(path, today=TODAY, on_error="skip")
        except UnreadableFileError:
            return
        assert len(read_applications(path)) == len(found.applications) + len(
            found.skipped
        )

    def test_bad_records_are_skipped_with_their_lines(self, tmp_path):
        """Hostile rows are reported by line; the good ones make the agenda."""
        lines = [
            json.dumps(GOOD),
            json.dumps({**GOOD, "stage": "hired", "company": "B"}),
            json.dumps(["not", "an", "object"]),
            json.dumps({**GOOD, "company": "<script>", "id": "x" * 500}),
            json.dumps({**GOOD, "company": "C", "today": "2026-01-01"}),
            json.dumps({**GOOD, "company": "D", "recruiter_email": "d at d"}),
        ]
        path = write(tmp_path, "a.jsonl", "\n".join(lines))

        found = agenda(path, today=TODAY, on_error="skip")

        assert ([2, 3, 4, 5, 6], ["Acme"]) == (
            [result.number for result in found.skipped],
            [application.id for application in found.applications],
        )
