"""CSV of an assessment report, the catalogue and the list of countries, in two forms.

- For programs (the default): plain UTF-8, LF line ends, every cell exactly as in the data.
- For spreadsheets (`excel=True`, the `--excel` option): UTF-8 with a byte-order mark, by
  which Excel recognises UTF-8 (without it Excel reads the file in the system's 8-bit code
  page, and Cyrillic turns into `Ð¢Ð°Ð¼...`; LibreOffice asks in its import dialog, where the
  character set must be UTF-8: a headless conversion without filter options ignores the mark,
  as the tests found), CRLF line ends (RFC
  4180), and a `'` before every cell that a spreadsheet would run as a formula (one beginning
  with = + - @, a tab or a carriage return: OWASP's advice against CSV injection), so that it
  shows as the text it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from safe_map.analysis import Report, Tally
from safe_map.model import Country, Framework

CSV_HEADER = ["pillar", "number", "id", "title", "status", "legal_basis", "notes", "target_date"]
COUNTRIES_HEADER = ["name", "iso", "file", "framework", "met", "total", "score"]

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def for_spreadsheet(cell: object) -> object:
    """A cell as a spreadsheet must get it: text that would start a formula gets a leading
    apostrophe; numbers (never negative here) and other text as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool = False) -> str:
    """Rows as CSV text, quoted only where needed; `excel` chooses the spreadsheet form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([for_spreadsheet(c) for c in row] if excel else row)
    return (BOM if excel else "") + out.getvalue()


def report_csv(report: Report, excel: bool = False) -> str:
    rows = (
        [
            row.standard.pillar,
            row.standard.number,
            row.standard.id,
            row.standard.title,
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
        [p.number, s.number, s.id, s.title, s.summary]
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
