"""
An agenda's outputs: text, JSON data, CSV, notebook cards and mailto links.
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from typing import TYPE_CHECKING, Any, Final

from ._templating import base_variables, card_environment, render
from ._wording import date, plural

if TYPE_CHECKING:
    from ._output_advice import Draft

#: The columns of an agenda's CSV export, in order.
CSV_COLUMNS: Final = (
    "date",
    "overdue",
    "application",
    "status",
    "kind",
    "title",
    "why",
    "draft_to",
    "mailto",
)
#: What a spreadsheet reads as the start of a formula.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def mailto(address: str, draft: Draft) -> str:
    r"""
    Return a ``mailto:`` link (RFC 6068) that opens *draft* to *address*.

    The subject and body are percent-encoded as UTF-8, every line break of
    the body as ``%0D%0A``, so a mail program shows them as written.

    >>> from interview_advisor import Draft
    >>> mailto("sam@acme.example", Draft("Sam", "Any news?", "Hi Sam,\n\nAna"))
    'mailto:sam@acme.example?subject=Any%20news%3F&body=Hi%20Sam%2C%0D%0A%0D%0AAna'
    """
    body = "\r\n".join(draft.body.splitlines())
    to = urllib.parse.quote(address, safe="@!$'*+")
    subject = urllib.parse.quote(draft.subject, safe="")
    return f"mailto:{to}?subject={subject}&body={urllib.parse.quote(body, safe='')}"


def text(agenda: Any) -> str:
    """
    Return *agenda* as plain text: today's steps, the coming days, the rest.

    Args:
        agenda: An :class:`~interview_advisor.Agenda`, read by attributes.
    """
    applications = plural(len(agenda.applications), "application")
    steps = plural(len(agenda.due), "step")
    lines = [
        f"Agenda for {date(agenda.today)}: {steps} today across {applications}.",
        "",
        "Today",
        *(_line(entry) for entry in agenda.due),
    ]
    if not agenda.due:
        lines.append("- nothing is due")
    for day in agenda.coming:
        lines += ["", date(day.date), *(_line(entry) for entry in day.entries)]
    if agenda.idle:
        lines += ["", f"Needing nothing in the next {plural(agenda.days, 'day')}"]
        lines += [f"- {name}" for name in agenda.idle]
    lines += ["", "Applications"]
    lines += [_standing(application) for application in agenda.applications]
    if agenda.skipped:
        numbers = ", ".join(str(result.number) for result in agenda.skipped)
        lines += ["", f"Skipped {plural(len(agenda.skipped), 'record')}: {numbers}"]
    return "\n".join(lines) + "\n"


def _line(entry: Any) -> str:
    """
    Return one step of the agenda as a line of text.
    """
    late = "overdue: " if entry.overdue else ""
    ready = f" ({plural(len(entry.drafts), 'draft')} ready)" if entry.drafts else ""
    return f"- {late}{entry.application}: {entry.title}{ready}"


def _standing(application: Any) -> str:
    """
    Return an application's status and next dated step as a line of text.
    """
    step = application.next
    upcoming = f"; next on {step.due:%a %d %b}: {step.title}" if step else ""
    return f"- {application.id}: {application.status}{upcoming}"


def as_dict(agenda: Any) -> dict[str, Any]:
    """
    Return *agenda* as plain JSON-ready data.
    """
    return {
        "today": agenda.today.isoformat(),
        "days": agenda.days,
        "due": [_entry(entry) for entry in agenda.due],
        "coming": [
            {"date": day.date.isoformat(), "steps": [_entry(e) for e in day.entries]}
            for day in agenda.coming
        ],
        "idle": list(agenda.idle),
        "applications": [_application(a) for a in agenda.applications],
        "skipped": [result.to_dict() for result in agenda.skipped],
    }


def _entry(entry: Any) -> dict[str, Any]:
    drafts = [
        {"to": draft.to, "subject": draft.subject, "body": draft.body, "mailto": link}
        for draft, link in zip(entry.drafts, entry.links, strict=True)
    ]
    return {
        "application": entry.application,
        "due": entry.due.isoformat(),
        "kind": str(entry.kind),
        "title": entry.title,
        "why": entry.why,
        "overdue": entry.overdue,
        "drafts": drafts,
    }


def _application(application: Any) -> dict[str, Any]:
    step = application.next
    return {
        "id": application.id,
        "number": application.number,
        "status": str(application.status),
        "odds": str(application.odds),
        "next": None
        if step is None
        else {"due": step.due.isoformat(), "kind": str(step.kind), "title": step.title},
    }


def csv_text(agenda: Any) -> str:
    """
    Return *agenda*'s steps as CSV, one row per step, today's first.

    A cell that a spreadsheet would read as a formula (starting with ``=``,
    ``+``, ``-`` or ``@``) is written with a leading ``'``, so a company
    name cannot run as one.
    """
    statuses = {a.id: str(a.status) for a in agenda.applications}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in [*agenda.due, *(e for day in agenda.coming for e in day.entries)]:
        row = (
            entry.due.isoformat(),
            "yes" if entry.overdue else "no",
            entry.application,
            statuses[entry.application],
            str(entry.kind),
            entry.title,
            entry.why,
            "; ".join(draft.to for draft in entry.drafts),
            " ".join(link for link in entry.links if link),
        )
        writer.writerow([_inert(cell) for cell in row])
    return out.getvalue()


def _inert(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def card(agenda: Any, kind: str) -> str:
    """
    Return *agenda* as an ``html`` or ``md`` notebook card, every value escaped.
    """
    env = card_environment(kind)
    template = env.get_template(f"agenda.{kind}.j2")
    sections = [("Today", agenda.due)]
    sections += [(date(day.date), day.entries) for day in agenda.coming]
    variables = base_variables(env, agenda=agenda, sections=sections)
    return render(template, variables | {"business_days": False})
