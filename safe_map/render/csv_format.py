"""CSV of an assessment report, the catalogue and the list of countries, in two forms.

- For programs (the default): plain UTF-8, LF line ends.
- For spreadsheets (`excel=True`, the `--excel` option): UTF-8 with a byte-order mark, by
  which Excel recognises UTF-8 (without it Excel reads the file in the system's 8-bit code
  page, and Cyrillic turns into `Ð¢Ð°Ð¼...`; LibreOffice asks in its import dialog, where the
  character set must be UTF-8: a headless conversion without filter options ignores the mark,
  as the tests found), and CRLF line ends (RFC 4180).

The cells are the same in both forms, and safe in both (issue 10, items 2 and 3):

- A control character other than tab and line feed, or one XML cannot hold, becomes U+FFFD
  (render/neutralise.py says which and why).
- A cell a spreadsheet would run as a formula (one beginning with = + - @, a tab or a carriage
  return) gets a `'` in front, as OWASP advises against CSV injection, so that it shows as the
  text it is; so does a cell that begins with `'`s and then one of those, so that the rule can
  be undone exactly: a program drops the first `'` of a cell that begins with `'`s and then
  one of those characters (`from_spreadsheet`), and gets the data back.

Why the program form is neutralised too: a CSV file is opened by double-clicking it, whichever
form it is; opened so, the exact form runs `=HYPERLINK(...)` from a note written by someone
else (a country file in a pull request, a workbook mailed in), and the tests saw LibreOffice do
it. The data reach a program exactly through `--format json`, the versioned interface with a
schema; a program reading CSV loses nothing either, through the documented inverse. What the
apostrophe costs is small: it shows in the cell (LibreOffice keeps it, the tests see it), and
only in cells that begin with a trigger, of which the shipped data has none.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from safe_map.analysis import Report, Tally
from safe_map.model import Country, Framework
from safe_map.render.neutralise import FORMULA_STARTS, replaced

CSV_HEADER = ["pillar", "number", "id", "title", "status", "legal_basis", "notes", "target_date"]
COUNTRIES_HEADER = ["name", "iso", "file", "framework", "met", "total", "score"]

BOM = "\ufeff"
# A cell that would start a formula, or would look like one this module has made safe.
_NEUTRALISED = re.compile("'*[" + re.escape("".join(FORMULA_STARTS)) + "]")
_MADE_SAFE = re.compile("'(?='*[" + re.escape("".join(FORMULA_STARTS)) + "])")


def for_spreadsheet(cell: object) -> object:
    """A cell as both forms write it: unsafe characters replaced, and text that would start a
    formula (or begins with `'`s before such a start) behind an apostrophe; numbers (never
    negative here) as they are."""
    if not isinstance(cell, str):
        return cell
    cell = replaced(cell)
    return "'" + cell if _NEUTRALISED.match(cell) else cell


def from_spreadsheet(cell: str) -> str:
    """The inverse of for_spreadsheet's apostrophe, for a program that reads the CSV: the text
    of the data (unsafe characters stay replaced)."""
    return _MADE_SAFE.sub("", cell, count=1) if cell.startswith("'") else cell


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool = False) -> str:
    """Rows as CSV text, quoted only where needed, every cell made safe; `excel` chooses the
    spreadsheet form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([for_spreadsheet(c) for c in row])
    return (BOM if excel else "") + out.getvalue()


def report_csv(report: Report, excel: bool = False) -> str:
    rows = (
        [
            row.standard.pillar,
            row.standard.number,
            row.standard.id,
            row.standard.display_title,
            row.status.value,
            "; ".join(row.citations),
            row.notes,
            row.target_date,
        ]
        for p in report.pillars
        for row in p.rows
    )
    return write_csv(CSV_HEADER, rows, excel)


def standards_csv(framework: Framework, pillars: list[int] | None, excel: bool = False) -> str:
    rows = (
        [p.number, s.number, s.id, s.display_title, s.summary]
        for p in framework.pillars
        if not pillars or p.number in pillars
        for s in p.standards
    )
    return write_csv(["pillar", "number", "id", "title", "summary"], rows, excel)


def countries_csv(
    rows: list[tuple[Country, Framework | None, Tally | None]], excel: bool = False
) -> str:
    """The list of countries: the score as a fraction with four decimals, empty when unknown."""
    return write_csv(
        COUNTRIES_HEADER,
        (
            [
                c.name,
                c.iso,
                c.path,
                c.framework_id,
                t.met if t else "",
                t.total if t else "",
                "" if t is None or t.score is None else f"{t.score:.4f}",
            ]
            for c, _framework, t in rows
        ),
        excel,
    )


PROGRAMME_HEADER = ["kind", "label", "value", "date", "source", "url", "note"]


def programme_csv(country: Country, excel: bool = False) -> str:
    """The AEO programme as a table of its own (`assess -f csv --programme`): one row per
    value, legal basis, practice, measure, MRA and fact, each with its source. No row at all
    when the file gives no facts on the programme."""
    from safe_map.programme import programme_view

    view = programme_view(country)
    rows: list[list[object]] = []

    def value(kind: str, label: str, text: str, date: str = "", note: str = "") -> None:
        if text:
            ref = view.source_ref(kind)
            rows.append([kind, label, text, date, ref.title or ref.id, ref.url, note])

    if country.programme is not None:
        known = view.status not in ("", "unknown")  # a status no source gives is no fact
        value("status", "Status", view.status_label if known else "", view.as_of)
        value("since", "Since", view.since)
        value("authority", "Authority", view.authority)
        for line, ref in zip(view.legal_basis, view.legal_basis_sources, strict=False):
            rows.append(["legal_basis", "Legal basis", line, "", ref.title or ref.id, ref.url, ""])
        value("responsible_unit", "Responsible unit", view.responsible_unit)
        value("staff", "Staff", "" if view.staff is None else str(view.staff))
        for practice in view.practices:
            value("practice", "In practice", practice)
        for measure in view.paperless_trade_measures:
            value("paperless_trade_measure", "Paperless trade measure", measure)
    from safe_map.model import mra_dated

    for mra in view.mras:
        own, others = mra_dated(mra)
        rows.append(
            [
                "mra",
                f"{mra.partner_name} ({mra.partner})",
                mra.state_label + "".join(f", {label} {d}" for label, d in others),
                own,
                mra.source_title or mra.source,
                mra.url,
                mra.notes,
            ]
        )
    for fact in view.facts:
        rows.append(
            [
                "fact",
                "",
                fact.text,
                fact.date,
                fact.source_title or fact.source,
                fact.url,
                fact.note,
            ]
        )
    return write_csv(PROGRAMME_HEADER, rows, excel)
