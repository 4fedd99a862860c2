"""Excel workbooks (openpyxl, imported here only): a country workbook and a regional one.

The country workbook has the sheets Summary (facts, counts per status and scores, a chart, and
below them the AEO programme: status, legal basis, MRAs, dated facts), one sheet per pillar
(No., Standard, Legal basis, Status, Notes, Id), Recommendations, Instruments and Citations
(one row per citation, editable), and a very hidden sheet `_safe_map` that marks the workbook
as safe-map's and says what it holds, for `safe-map import`.

The regional workbook has an Overview (one per framework if the countries use several): the
status of every standard in every country as a heat map, with the scores, each programme's
status and MRAs in force at the foot, and a group's own facts and sources below; a Mutual
recognition sheet (who recognises whom, and the list of arrangements with their sources) when
a file records one; then one sheet per country, named by its ISO code, holding that country's
standards of every pillar with its summary, recommendations and instruments below.

Standards are shown by `Standard.display_title`, which tells apart two standards of a pillar
with one title; `_safe_map` lists the titles as shown, which import compares with the
read-only Standard cells of the Citations sheet.

What an officer may edit, and an import may read back: the Status and Notes columns of the
standards tables (matched by the Id column) and the rows of the Citations sheet. Columns with a
grey fill and a header note are written by safe-map and ignored on import. Every table's header
is on row HEADER_ROW. Text is always stored as text: a note beginning with "=" never becomes a
formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from math import ceil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from safe_map import __version__, limits
from safe_map import workbook as wb_contract
from safe_map.analysis import PillarReport, Report, Row, Tally, format_score
from safe_map.model import Citation, Framework, Mra, Source, Status, mra_dated
from safe_map.programme import MraView, mapping_sources, partner_name, programme_view
from safe_map.recognition import Cell as MatrixCell
from safe_map.recognition import MraMatrix, Party, mra_matrix
from safe_map.render import excel_styles as st

if TYPE_CHECKING:
    from safe_map.groups import Group

FORMAT_VERSION = wb_contract.FORMAT_VERSION
META_SHEET = wb_contract.META_SHEET
HEADER_ROW = wb_contract.HEADER_ROW
FIRST_ROW = wb_contract.FIRST_ROW
STATUS_VALUES = wb_contract.STATUS_VALUES
MAX_CELL_TEXT = limits.MAX_CELL_TEXT
EXTRA_CITATION_ROWS = wb_contract.EXTRA_CITATION_ROWS


class TextTooLong(ValueError):
    """Text longer than a cell can hold: export refuses it rather than cut it."""


_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")

# For the few cells that differ from their named style (shared: one style entry each).
_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_WRAP = Alignment(wrap_text=True, vertical="top")
_FIT = Alignment(horizontal="center", shrink_to_fit=True)
_RUN_ON = Alignment(vertical="top")  # no wrap: the text runs on over the empty cells
_NO_BORDER = Border()

READ_ONLY_NOTE = "Read-only: written by safe-map from the country file; an import ignores it."


# --- cells ------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """Text a cell can hold: no control characters openpyxl refuses, within Excel's limit."""
    if not value.isprintable():  # the search is costly; most text has no control character
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > MAX_CELL_TEXT:
        raise TextTooLong(
            f"a text of {len(value):,} characters, beginning '{value[:60]}...', is longer than "
            f"a workbook cell holds ({MAX_CELL_TEXT:,}): shorten it in the data (`safe-map "
            "check` reports it as C013), then export again"
        )
    return value


def _put(ws: Worksheet, row: int, col: int, value: object, style: str | None = None):
    """Write one cell; text is stored as text, never as a formula, whatever it begins with.

    A new cell of a known style with text, a number or nothing in it is made directly, its
    type set as openpyxl's `cell.value = ...` would: that setter's checks (its search for
    control characters, its type lookup) and `ws.cell` cost a sixth of the time of building
    a regional workbook's cells, and `_text` has already made the text safe."""
    if style is not None and (row, col) not in ws._cells:
        template = _styles_of(ws).get(style)
        kind = type(value)
        if template is not None and (kind is str or kind is int or kind is float or value is None):
            cell = Cell(ws, row=row, column=col, style_array=template)
            ws._add_cell(cell)
            if kind is str:
                value = _text(value)
                if value.startswith(_RISKY_START):
                    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
                elif value in ERROR_CODES:
                    cell.data_type = "e"  # as openpyxl would type it
                    cell._value = value
                    return cell
                cell.data_type = "s"
            cell._value = value
            return cell
    cell = ws.cell(row=row, column=col)
    risky = False
    if isinstance(value, str):
        value = _text(value)
        cell.value = value
        risky = value.startswith(_RISKY_START)
        if risky:
            cell.data_type = "s"  # openpyxl would store '=...' as a formula
    else:
        cell.value = value
    if style is not None:
        _apply(cell, style)
    if risky:
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _styles_of(ws: Worksheet) -> dict:
    """The workbook's named styles as style-id arrays, by name (filled in by `_apply`)."""
    return ws.parent.__dict__.setdefault("_safe_map_styles", {})


def _apply(cell, style: str) -> None:
    """Give a cell a named style. `cell.style = name` costs a search of the workbook's named
    styles per cell (a third of the time of a large workbook); the result is a small array of
    style ids, the same for every cell of that style, so it is computed once per workbook and
    copied (openpyxl does the same copy in `cell.style = name`)."""
    cache = _styles_of(cell.parent)
    template = cache.get(style)
    if template is None:
        cell.style = style
        cache[style] = copy(cell._style)
    else:
        cell._style = copy(template)


def _note(text: str) -> Comment:
    comment = Comment(text, "safe-map")
    comment.width, comment.height = 320, 110
    return comment


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid sheet name close to `wanted`, not in `taken` (casefolded names; updated).

    Excel allows at most 31 characters, none of []:*?/\\, no apostrophe at either end, not
    empty, not "History", and compares names without regard to case.
    """
    name = _SHEET_FORBIDDEN.sub("_", wanted).strip()
    name = name[:31].strip().strip("'").strip() or "Sheet"
    if name.casefold() == "history":
        name = "History_"
    base, n = name, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip().rstrip("'") + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _hf(text: str) -> str:
    """Text for a page header or footer: '&' starts a code there, so double it."""
    return text.replace("&", "&&")[:80]


def _width(values: Iterable[object]) -> int:
    longest = 0
    for value in values:
        if value is None:
            continue
        for line in str(value).split("\n"):
            longest = max(longest, len(line))
    return longest


# --- tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Col:
    header: str
    style: str = st.TEXT
    lo: int = 8  # narrowest width, in characters
    hi: int = 50  # widest: longer text wraps
    note: str = ""  # a comment on the header cell


def _fit_columns(
    ws: Worksheet, cols: Sequence[_Col], rows: Sequence[Sequence[object]]
) -> list[float]:
    """Set each column's width to its longest line (within the column's bounds)."""
    widths = []
    for j, col in enumerate(cols, start=1):
        words = max((len(w) for w in col.header.split()), default=0)
        content = max(words, _width(r[j - 1] for r in rows))
        widths.append(min(max(content + 2, col.lo), col.hi))
        ws.column_dimensions[get_column_letter(j)].width = widths[-1]
    return widths


def _row(
    ws: Worksheet,
    row: int,
    values: Sequence[object],
    styles: Sequence[str | None],
    widths: Sequence[float],
) -> None:
    """One row of a table, from column A, as high as its wrapped text needs."""
    for j, (value, style) in enumerate(zip(values, styles, strict=True), start=1):
        _put(ws, row, j, value, style)
    _fit_height(ws, row, values, widths)


@dataclass(frozen=True)
class _Band:
    """A shaded row across a table, heading the rows below it (a pillar, a section)."""

    text: str
    at: int = 1  # the column that holds the text


def _table(
    ws: Worksheet,
    cols: Sequence[_Col],
    rows: Sequence[Sequence[object] | _Band],
    top: int = HEADER_ROW,
    notes: bool = True,
    freeze: str | None = None,
    autofilter: bool = False,
) -> int:
    """A styled table: the header on row `top`, `rows` below it in their columns' styles (a
    `_Band` as a shaded row across the table), each column as wide as its longest line within
    its bounds and each row as high as its wrapped text. Returns the last row written.

    `notes`: the columns' notes as comments on the header cells (each costs a drawing).
    `freeze`: keep the header in view, and the columns left of the column named ("C": A and B).
    `autofilter`: a filter on every column, over the header and the rows.
    """
    widths = _fit_columns(ws, cols, [r for r in rows if not isinstance(r, _Band)])
    _header(ws, top, cols, widths, notes)
    styles = [c.style for c in cols]
    for i, values in enumerate(rows, start=top + 1):
        if isinstance(values, _Band):
            _band(ws, i, values.text, 1, len(cols), at=values.at)
        else:
            _row(ws, i, values, styles, widths)
    last = top + len(rows)
    if freeze:
        ws.freeze_panes = f"{freeze}{top + 1}"
    if autofilter:
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(cols))}{max(last, top + 1)}"
    return last


def _header(
    ws: Worksheet, row: int, cols: Sequence[_Col], widths: Sequence[float], notes: bool = True
) -> None:
    for j, col in enumerate(cols, start=1):
        cell = _put(ws, row, j, col.header, st.HEADER)
        if col.note and notes:
            cell.comment = _note(col.note)
    _fit_height(ws, row, [c.header for c in cols], widths)


LINE_HEIGHT = 15  # points per line of 11-point text


def _lines(value: object, width: float) -> int:
    """How many lines a wrapped cell takes: its text wrapped at word boundaries, greedily, at
    the characters an average line of 11-point Calibri holds in a column `width` wide."""
    if not isinstance(value, str):
        return 1
    room = width * 1.15
    if len(value) <= room and "\n" not in value:
        return 1
    return _wrapped_lines(value, room)


@lru_cache(maxsize=4096)
def _wrapped_lines(value: str, room: float) -> int:
    """`_lines` of a text longer than a line (cached: every country sheet of a regional
    workbook repeats the framework's texts, in the same widths)."""
    count = 0
    for paragraph in value.split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) > room:
                count += 1
                used = 0.0
            used += (1 if used else 0) + len(word)
            while used > room:  # a word longer than the line is broken
                count += 1
                used -= room
    return count


def _fit_height(ws: Worksheet, row: int, values: Sequence[object], widths: Sequence[float]) -> None:
    """Set the row's height for its wrapped text: neither Excel nor LibreOffice does it on
    opening a file, and a row left at one line hides the rest of a legal basis."""
    lines = max((_lines(v, w) for v, w in zip(values, widths, strict=False)), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2


def _band(ws: Worksheet, row: int, text: str, first: int, last: int, at: int | None = None) -> None:
    """A bold shaded row across columns first..last, the text in column `at`."""
    for col in range(first, last + 1):
        _put(ws, row, col, text if col == (at or first) else None, st.BAND)


def _status_validation(ws: Worksheet, ranges: str) -> None:
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_VALUES) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Unknown status",
        error="Choose one of: " + ", ".join(STATUS_VALUES),
    )
    dv.add(ranges)
    ws.add_data_validation(dv)


def _list_validation(ws: Worksheet, ranges: str, source: str, what: str) -> None:
    dv = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Unknown {what}",
        error=f"Choose the {what} from the list.",
    )
    dv.add(ranges)
    ws.add_data_validation(dv)


def _print_setup(
    ws: Worksheet,
    left: str,
    generated: date,
    *,
    last_col: str,
    last_row: int,
    title_rows: str = f"{HEADER_ROW}:{HEADER_ROW}",
    title_cols: str | None = None,
    pages_wide: int = 1,
) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.print_area = f"A1:{last_col}{max(last_row, HEADER_ROW)}"
    ws.oddHeader.left.text = _hf(left)
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = _hf(f"{ws.title} · {generated.isoformat()}")
    ws.oddHeader.right.size = 9
    ws.oddFooter.left.text = _hf(f"safe-map {__version__}")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 8


def _titles(ws: Worksheet, title: str, subtitle: str) -> None:
    _put(ws, 1, 1, title, st.TITLE)
    _put(ws, 2, 1, subtitle, st.SUBTITLE)  # runs on over the empty cells to its right
    ws.row_dimensions[1].height = 22


def _wrap_subtitle(ws: Worksheet, last_col: int) -> None:
    """Wrap the subtitle within the table's width (for a sheet narrower than its subtitle)."""
    cell = ws.cell(row=2, column=1)
    cell.alignment = _WRAP
    needed = len(str(cell.value or ""))
    width, end = 0.0, 0
    while end < last_col and width < needed:  # no wider than the text: a merge costs
        end += 1
        width += ws.column_dimensions[get_column_letter(end)].width or 9
    if end > 1:
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=end)
    _fit_height(ws, 2, [cell.value], [width])


# --- what the sheets say ----------------------------------------------------------------------


def _who(report: Report) -> str:
    return f"{report.country.name} ({report.country.iso})"


def _sources(report: Report) -> str:
    """The sources of the mapping (not those the AEO programme or the MRAs alone name)."""
    return "; ".join(s.display for s in mapping_sources(report.country)) or "—"


def _framework(framework: Framework) -> str:
    """The framework as the notes name it, and whether its titles were checked."""
    text = f"{framework.title}, {framework.edition} edition ({framework.id})"
    note = _titles_note(framework)
    return f"{text}. {note}" if note else text


def _titles_note(framework: Framework) -> str:
    """One sentence when the catalogue says titles were not checked against the framework's
    own text (so a reader does not quote them as official); '' when nothing says so."""
    unchecked = framework.unchecked_titles
    if not unchecked:
        return ""
    if len(unchecked) == len(framework.standards):
        return "The standards' titles were not checked against the framework's own text."
    ids = ", ".join(s.id for s in unchecked)
    return f"The titles of {ids} were not checked against the framework's own text."


def _dates(report: Report) -> str:
    """When the mapping's sources assessed it: a programme's news is not an assessment."""
    dates = [s.date.replace("/", " to ") for s in mapping_sources(report.country) if s.date]
    return "; ".join(dict.fromkeys(dates)) or "—"


def _summary_source(report: Report) -> str:
    """The Summary's Source: the mapping's; when only the programme's sources exist, say so
    rather than leave a bare dash beside a programme block that cites sources."""
    if report.country.sources and not mapping_sources(report.country):
        return (
            "None: no source in the data maps the legal basis to the standards (the AEO "
            "programme below names its own sources)"
        )
    return _sources(report)


def _basis(row: Row) -> str:
    """The legal basis, a line per citation, each citation's note (an inference) below it."""
    lines = []
    cited = row.assessment.citations if row.assessment else []
    for text, citation in zip(row.citations, cited, strict=False):
        lines.append(text)
        if citation.note:
            lines.append(f"Note: {citation.note}")
    return "\n".join(lines) or "—"


def _notes(row: Row) -> str:
    """The assessment's own notes: the editable column (Row.notes adds the citations' notes,
    which the Citations sheet holds and the legal basis shows)."""
    return row.assessment.notes if row.assessment else ""


def _score(t: Tally) -> float | str:
    """The score as a number the cell formats as a percentage, rounded as format_score shows it."""
    return "—" if t.score is None else round(t.score * 100) / 100


def _counts(t: Tally) -> str:
    shown = [f"{t.counts[s]} {s.value}" for s in Status if t.counts[s]]
    return ", ".join(shown) or "—"


def _where(citation: Citation) -> str:
    """A citation without its instrument: 'Article 272 (Cooperation of Customs ...)'."""
    text = citation.provision
    if citation.heading:
        text = f"{text} ({citation.heading})" if text else citation.heading
    return text


PROGRAMME_BASIS = "Legal basis of the AEO programme"


def _cited_by(report: Report) -> dict[str, list[str]]:
    """Instrument id -> a line per citation: 'p1-s1 Integrated Supply Chain Management: ...',
    then 'Legal basis of the AEO programme' where the programme cites it (an instrument cited
    only there is cited, not 'not cited')."""
    found: dict[str, list[str]] = {}
    for p in report.pillars:
        for row in p.rows:
            for citation in row.assessment.citations if row.assessment else []:
                line = f"{row.standard.id} {row.standard.display_title}"
                where = _where(citation)
                found.setdefault(citation.instrument, []).append(
                    f"{line}: {where}" if where else line
                )
    programme = report.country.programme
    for citation in programme.legal_basis if programme is not None else []:
        where = _where(citation)
        found.setdefault(citation.instrument, []).append(
            f"{PROGRAMME_BASIS}: {where}" if where else PROGRAMME_BASIS
        )
    return found


@dataclass
class _Advice:
    """One line of the recommendations: a remedy for a gap, or a line of the source."""

    section: str
    number: int | str
    title: str
    status: str
    text: str
    pillar: int | str = ""
    source: str = ""


def _advice(report: Report) -> list[_Advice]:
    """The recommendations `safe-map assess` prints, in its order."""
    out: list[_Advice] = []
    for p in report.pillars:
        for gap in report.gaps_in(p.pillar.number):
            out.append(
                _Advice(
                    f"Pillar {p.pillar.number}: {p.pillar.name}",
                    gap.standard.number,
                    gap.standard.display_title,
                    gap.status.value,
                    gap.standard.remedy,
                    p.pillar.number,
                )
            )
    if report.not_assessed:
        n = len(report.not_assessed)
        ids = ", ".join(s.id for s in report.not_assessed)
        out.append(
            _Advice(
                "Not yet assessed",
                "",
                f"{n} standard{'s' if n != 1 else ''}",
                Status.NOT_ASSESSED.value,
                f"Assess the {n} standards not yet assessed: {ids}",
            )
        )
    if not report.gaps and not report.not_assessed:
        out.append(_Advice("Every standard", "", "", "", "Every assessed standard is met."))
    titles = {s.id: s.title for s in report.country.sources}
    for r in report.recommendations:
        out.append(
            _Advice(
                f"From the source, for {report.country.name}",
                "",
                "",
                "",
                r.text,
                r.pillar or "",
                titles.get(r.source, r.source),
            )
        )
    return out


# --- the country workbook ---------------------------------------------------------------------

_NO = _Col("No.", st.READONLY_CENTRE, 5, 6, READ_ONLY_NOTE)
_STANDARD = _Col("Standard", st.READONLY, 26, 40, READ_ONLY_NOTE)
_BASIS = _Col(
    "Legal basis",
    st.READONLY,
    26,
    55,
    "Read-only: made from the citations. To change the legal basis, edit the Citations sheet "
    "of the country workbook.",
)
_STATUS = _Col(
    "Status",
    st.STATUS,
    14,
    15,
    "Editable: choose one of " + ", ".join(STATUS_VALUES) + ". safe-map import writes it back.",
)
_NOTES = _Col("Notes", st.TEXT, 30, 55, "Editable: safe-map import writes the notes back.")
_ID = _Col(
    "Id",
    st.READONLY_CENTRE,
    8,
    10,
    "Read-only: the standard's id, by which safe-map import matches the row to the country file. "
    "Keep it as it is.",
)


def country_workbook(report: Report, generated: date, exists: bool = True) -> bytes:
    """The questionnaire of one country: an administration fills it in, `import` merges it.

    `exists`: False for a blank form of a country that has no file yet."""
    wb, taken = _new_workbook()
    sheets: dict[str, str] = {}
    labels = wb_contract.instrument_labels(report.country.instruments)
    read_only: list[tuple[str, str]] = []
    instructions = wb.create_sheet(_sheet_name("Instructions", taken))
    sheets["instructions"] = instructions.title
    response_cells = _instructions_sheet(instructions, report, generated)
    sheets["summary"] = _summary_sheet(wb, taken, report, generated)
    for p in report.pillars:
        ws = wb.create_sheet(_sheet_name(f"Pillar {p.pillar.number}", taken))
        sheets[f"pillar:{p.pillar.number}"] = ws.title
        read_only += _pillar_sheet(ws, report, p, generated)
    sheets["recommendations"] = _recommendations_sheet(wb, taken, report, generated)
    instruments = wb.create_sheet(_sheet_name("Instruments", taken))
    sheets["instruments"] = instruments.title
    last_instrument, cited = _instruments_sheet(instruments, report, generated)
    read_only += cited
    citations = wb.create_sheet(_sheet_name("Citations", taken))
    sheets["citations"] = citations.title
    _citations_sheet(citations, report, generated, last_instrument, labels)
    country = report.country
    base: list[tuple[str, str, str]] = []
    for standard in report.framework.standards:
        state = wb_contract.standard_state(country.assessments.get(standard.id))
        base.append((wb_contract.BASE_STANDARD, standard.id, wb_contract.fingerprint(state)))
    for instrument_id, instrument in country.instruments.items():
        state = wb_contract.instrument_state(instrument)
        base.append((wb_contract.BASE_INSTRUMENT, instrument_id, wb_contract.fingerprint(state)))
        base.append((wb_contract.LABEL, instrument_id, labels[instrument_id]))
    base += [(wb_contract.READ_ONLY, key, digest) for key, digest in read_only]
    base += [(wb_contract.RESPONSE_CELL, key, ref) for key, ref in response_cells]
    _meta_sheet(
        wb,
        "country",
        generated,
        [report.framework],
        [
            ("country", country.name),
            ("iso", country.iso),
            ("file", country.slug if exists else ""),
            ("file_exists", "yes" if exists else "no"),
        ]
        + [(f"sheet:{key}", name) for key, name in sheets.items()],
        [],
        base,
    )
    _properties(
        wb,
        f"{country.name}: {report.framework.name}",
        f"{_who(report)} mapped against the {report.framework.title}, {report.framework.edition}",
        country.iso,
    )
    return _save(wb)


_STATUS_MEANINGS = {
    Status.YES: "The law implements the standard. Cite at least one provision (Citations sheet).",
    Status.PARTIAL: "Implemented in part. Cite what exists; say in Notes what is missing.",
    Status.NO: "Not implemented.",
    Status.PLANNED: "Not implemented yet; a measure is planned. Say in Notes what and when.",
    Status.NOT_ASSESSED: "Nobody has assessed it yet, or no source says. Leave it so if unsure.",
    Status.NOT_APPLICABLE: "Does not apply to your administration. Say why in Notes.",
}


def _instructions_sheet(ws: Worksheet, report: Report, generated: date) -> list[tuple[str, str]]:
    """How to fill in the form, what the statuses mean, what happens on return, and the
    response block; returns the response block's cells, by field."""
    country = report.country
    _titles(
        ws,
        f"Questionnaire: {_who(report)}, {report.framework.name}",
        f"Made by safe-map {__version__} on {generated.isoformat()}. Fill it in, save it as "
        ".xlsx and send it back: your answers are merged into the country's data.",
    )
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 46
    ws.column_dimensions["C"].width = 60
    row = 4
    _band(ws, row, "Who answers (please fill in)", 1, 3)
    cells = []
    for key, label, help_text in wb_contract.RESPONSE_FIELDS:
        row += 1
        _put(ws, row, 1, label, st.LABEL)
        _put(ws, row, 2, None, st.TEXT)
        _put(ws, row, 3, help_text, st.SUBTITLE).alignment = _WRAP
        cells.append((key, f"B{row}"))
    row += 2
    steps = [
        "On each Pillar sheet, choose a Status for every standard you can answer, from the "
        "list, and explain it in Notes. Grey columns are read-only: your text there would not "
        "be imported.",
        "On the Instruments sheet, add each law, code, regulation or directive you cite, one "
        "per row in the empty rows below the list: its title (required), kind, number, date "
        "(YYYY-MM-DD) and issuer. You never need an id: safe-map makes one.",
        "On the Citations sheet, add one row per provision that implements a standard: choose "
        "the Standard id and the Instrument (by its title) from the lists, then give the "
        "article or provision. A status yes or partial needs at least one citation.",
        "Type text and dates only, no formulas. Keep the sheets, header rows and Id columns as "
        "they are; you may sort, filter and add rows.",
        "Fill in the block above, save the workbook as Excel Workbook (.xlsx) and send it back.",
    ]
    _band(ws, row, "How to fill it in", 1, 3)
    for n, text in enumerate(steps, start=1):
        row += 1
        _put(ws, row, 1, f"Step {n}", st.LABEL)
        _put(ws, row, 2, text, st.SUBTITLE).alignment = _WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        _fit_height(ws, row, [text], [106])
    row += 2
    _band(ws, row, "What each status means", 1, 3)
    for status, meaning in _STATUS_MEANINGS.items():
        row += 1
        cell = _put(ws, row, 1, status.value)
        cell.fill, cell.font = st.status_legend_style(status)
        _put(ws, row, 2, meaning, st.SUBTITLE).alignment = _WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    row += 2
    _band(ws, row, "What happens when you send it back", 1, 3)
    after = [
        "The secretariat runs `safe-map import` on your workbook. Every standard you changed "
        f"is merged into the data of {country.name}, and the block above is recorded as the "
        "source of your answers (administration, contact, e-mail and date).",
        "Nothing is overwritten: a standard that was also changed in the data since this "
        "workbook was made is shown with both versions, for a person to decide.",
        "Problems are reported by sheet and cell (for example Citations!C4), so you can correct "
        "them here and send the workbook again.",
    ]
    for text in after:
        row += 1
        _put(ws, row, 1, "•", st.LABEL)
        _put(ws, row, 2, text, st.SUBTITLE).alignment = _WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        _fit_height(ws, row, [text], [106])
    _print_setup(ws, _who(report), generated, last_col="C", last_row=row, title_rows="1:2")
    return cells


def _new_workbook() -> tuple[Workbook, set[str]]:
    wb = Workbook()
    wb.remove(wb.active)
    st.register(wb)
    return wb, {META_SHEET.casefold()}


def _save(wb: Workbook, read_only: bool = False) -> bytes:
    wb.active = 0
    if read_only:
        _protect(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _protect(wb: Workbook) -> None:
    """Mark a workbook for reading: every sheet protected (without a password: the point is to
    say "not a form", not to lock anyone out), no drop-downs inviting edits. Filtering and
    resizing columns stay allowed; sorting is allowed too, though Excel sorts locked cells
    only once the sheet is unprotected."""
    from openpyxl.worksheet.datavalidation import DataValidationList

    for ws in wb.worksheets:
        ws.data_validations = DataValidationList()
        protection = ws.protection
        protection.sheet = True
        protection.autoFilter = False  # False: allowed while protected
        protection.sort = False
        protection.formatColumns = False
        protection.formatRows = False
        protection.selectLockedCells = False
        protection.selectUnlockedCells = False


def _properties(wb: Workbook, title: str, subject: str, keywords: str) -> None:
    props = wb.properties
    props.title = _text(title)
    props.subject = _text(subject)
    props.creator = f"safe-map {__version__}"
    props.lastModifiedBy = f"safe-map {__version__}"
    props.keywords = _text(f"WCO SAFE Framework of Standards; customs; legal basis; {keywords}")
    props.description = "Made by safe-map from the YAML data; `safe-map import` reads it back."


def _summary_sheet(wb: Workbook, taken: set[str], report: Report, generated: date) -> str:
    ws = wb.create_sheet(_sheet_name("Summary", taken))
    country, framework = report.country, report.framework
    _titles(
        ws,
        f"{_who(report)}: {framework.name}",
        "How far the legal basis meets each standard, as the source assessed it.",
    )
    last_col = 10  # Pillar, Name, six statuses, Met, Score
    facts = [
        ("Country", _who(report)),
        ("Framework", _framework(framework)),
        ("Source", _summary_source(report)),
        ("Date assessed", _dates(report)),
        ("Data file", f"countries/{Path(country.path).name}"),
        ("Generated", generated.isoformat()),
        ("Made with", f"safe-map {__version__}"),
    ]
    cols = [
        _Col("Pillar", st.TEXT, 14, 14),
        _Col("Name", st.TEXT, 30, 36),
        *[_Col(s.label, st.NUMBER, 11, 11) for s in Status],
        _Col("Met", st.NUMBER, 10, 10),
        _Col("Score", st.PERCENT, 8, 8),
    ]
    rows = [
        [f"Pillar {p.pillar.number}", p.pillar.name, *_tally_cells(p.tally)] for p in report.pillars
    ]
    widths = _fit_columns(ws, cols, rows)
    row = 4
    for label, value in facts:
        _label_row(ws, row, label, value, widths, last_col)
        row += 1

    top = row + 1
    last = _table(ws, cols, rows, top=top)
    total = last + 1
    styles = [st.TOTAL, st.TOTAL] + [st.TOTAL_NUMBER] * 7 + [st.TOTAL_PERCENT]
    for j, (value, style) in enumerate(
        zip(["Overall", "", *_tally_cells(report.overall)], styles, strict=True)
    ):
        _put(ws, total, j + 1, value, style)
    score_col = get_column_letter(last_col)
    st.colour_scores(ws, f"{score_col}{top + 1}:{score_col}{total}", f"{score_col}{top + 1}")

    legend = total + 2
    _put(ws, legend, 1, "Statuses", st.LABEL)
    for j, status in enumerate(Status, start=3):
        cell = _put(ws, legend, j, status.value)
        cell.fill, cell.font = st.status_legend_style(status)
        cell.alignment = _FIT
    rule = legend + 1
    _put(
        ws,
        rule,
        1,
        "Score = (yes + ½ × partial) / (yes + partial + no + planned); not-assessed and "
        "not-applicable are left out. Counts and scores are as exported; the pillar sheets "
        "recolour an edited status, but these figures change on the next export.",
        st.SUBTITLE,
    ).alignment = _WRAP
    ws.merge_cells(start_row=rule, start_column=1, end_row=rule, end_column=last_col)
    ws.row_dimensions[rule].height = 28

    if report.pillars:
        chart = BarChart()
        chart.type = "col"
        chart.title = "Score per pillar"
        chart.style = 10
        chart.legend = None
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.y_axis.majorUnit = 0.25
        chart.y_axis.number_format = "0%"
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        data = Reference(ws, min_col=last_col, min_row=top, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
        chart.dataLabels = DataLabelList(
            showVal=True, showCatName=False, showSerName=False, showLegendKey=False
        )
        chart.height, chart.width = 7, 16
        ws.add_chart(chart, f"B{rule + 2}")
        chart_rows = 15
    else:
        chart_rows = 0
    # Below everything the questionnaire's import could look at (it reads no Summary cell).
    end = _programme_block(ws, rule + chart_rows + 2, report, widths, last_col)
    _print_setup(
        ws,
        _who(report),
        generated,
        last_col=score_col,
        last_row=end,
        title_rows="1:2",  # the table is short; the country's name heads each printed page
    )
    return ws.title


def _label_row(
    ws: Worksheet, row: int, label: str, value: object, widths: Sequence[float], last_col: int
) -> None:
    """A label in column A and its value across the columns B to `last_col`."""
    _put(ws, row, 1, label, st.LABEL)
    _put(ws, row, 2, value, st.TEXT).border = _NO_BORDER
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_col)
    _fit_height(ws, row, [label, value], [widths[0], sum(widths[1:last_col])])


def _span_row(
    ws: Worksheet,
    row: int,
    values: Sequence[object],
    spans: Sequence[tuple[int, int]],
    style: str | Sequence[str],
    widths: Sequence[float],
) -> None:
    """One row of a table laid over columns sized for another: each value spans the columns
    (first, last) given for it, merged, and the row is as high as its wrapped text. `style`:
    one for every value, or one per value."""
    styles = [style] * len(values) if isinstance(style, str) else style
    span_widths = []
    for value, (first, last), look in zip(values, spans, styles, strict=True):
        _put(ws, row, first, value, look)
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        span_widths.append(sum(widths[first - 1 : last]))
    _fit_height(ws, row, values, span_widths)


def _when(value: str) -> str:
    """A date or a period as the sheets show it: '2024-08-15 to 2024-08-16'."""
    return value.replace("/", " to ")


# An arrangement's dates, each with the state it goes with (the order MraView.when uses).


def _mra_dates(mra: Mra | MraView) -> tuple[str, list[str]]:
    """The date that goes with the state ('' when the file gives none) and the other dates,
    named: ('2025-01-16', ['signed 2024-04-26']) for an arrangement reported on 2025-01-16
    whose source mentions a signature. A reported arrangement is dated by its report, never
    by a signature a source mentions in passing."""
    own, others = mra_dated(mra)
    return own, [f"{label} {value}" for label, value in others]


def _mra_date(mra: Mra | MraView) -> str:
    """A Date column beside the state: '2025-01-16 (signed 2024-04-26)'; dates of other
    states only are named ('signed 2022-02-04' for an arrangement in force since when no
    source says); '' when none is given."""
    own, others = _mra_dates(mra)
    if not own:
        return ", ".join(others)
    return own + (f" ({', '.join(others)})" if others else "")


def _mra_state(mra: Mra | MraView) -> str:
    """The state and its dates in one cell: 'Reported 2025-01-16 (signed 2024-04-26)',
    'In force 2025-06-01', 'Suspended (in force 2020-01-01)', 'Under negotiation'."""
    own, others = _mra_dates(mra)
    if own:
        return f"{mra.state_label} {_mra_date(mra)}"
    return mra.state_label + (f" ({', '.join(others)})" if others else "")


# The Summary's programme tables, over its ten columns (Pillar, Name, six statuses, Met, Score).
_MRA_SPANS = [(1, 2), (3, 3), (4, 4), (5, 7), (8, 10)]  # partner, state, date, source, notes
_FACT_SPANS = [(1, 1), (2, 7), (8, 10)]  # date, fact, source


def _programme_block(
    ws: Worksheet, top: int, report: Report, widths: Sequence[float], last_col: int
) -> int:
    """The AEO programme and its mutual recognition arrangements, as programme_view gives
    them: the status and the facts about the programme, then a table of the MRAs, then one
    of the dated facts with their sources. Returns the last row written."""
    country = report.country
    view = programme_view(country)
    row = top
    _band(ws, row, "AEO programme", 1, last_col)
    if country.programme is None and not view.mras:
        row += 1
        text = f"No source in the data gives facts on the AEO programme of {country.name}."
        _label_row(ws, row, "Programme", text, widths, last_col)
        return row
    default = view.source_ref("").id

    def own(value: str, ref) -> str:
        """The value, and its source where it is not the programme's."""
        if not value or ref.id == default:
            return value
        return f"{value} (source: {ref.title or ref.id})"

    status = view.status_label + (f" (as of {_when(view.as_of)})" if view.as_of else "")
    basis = [own(c, r) for c, r in zip(view.legal_basis, view.legal_basis_sources, strict=False)]
    lines = [
        ("Status", own(status, view.source_ref("status"))),
        ("Since", own(_when(view.since), view.source_ref("since"))),
        ("Authority", own(view.authority, view.source_ref("authority"))),
        ("Responsible unit", view.responsible_unit),
        ("Staff", "" if view.staff is None else str(view.staff)),
        ("In practice", "\n".join(view.practices)),
        ("Paperless trade measures", "\n".join(view.paperless_trade_measures)),
        ("Legal basis", "\n".join(basis)),
        ("Source", view.source_title or view.source),
        ("Notes", view.notes),
    ]
    for label, value in lines:
        if value:
            row += 1
            _label_row(ws, row, label, value, widths, last_col)

    row += 2
    _put(ws, row, 1, "Mutual recognition arrangements", st.LABEL).alignment = _RUN_ON
    if not view.mras:
        row += 1
        text = f"None recorded in the file of {country.name}."
        _label_row(ws, row, "", text, widths, last_col)
    else:
        row += 1
        headings = ["Partner", "State", "Date", "Source", "Notes"]
        _span_row(ws, row, headings, _MRA_SPANS, st.HEADER, widths)
        for mra in view.mras:
            row += 1
            when = _mra_date(mra) or "—"
            source = "\n".join(x for x in (mra.source_title or mra.source, mra.url) if x)
            values = [f"{mra.partner_name} ({mra.partner})", mra.state_label, when, source]
            _span_row(ws, row, [*values, mra.notes], _MRA_SPANS, st.TEXT, widths)
            if mra.state in st.MRA_COLOURS:  # fixed: nothing on the Summary is edited
                cell = ws.cell(row=row, column=_MRA_SPANS[1][0])
                cell.fill, cell.font = st.legend_style(st.MRA_COLOURS[mra.state])

    if view.facts:
        row += 2
        _put(ws, row, 1, "Facts about the programme", st.LABEL).alignment = _RUN_ON
        row += 1
        _span_row(ws, row, ["Date", "Fact", "Source"], _FACT_SPANS, st.HEADER, widths)
        for fact in view.facts:
            row += 1
            text = f"{fact.text}\nNote: {fact.note}" if fact.note else fact.text
            values = [_when(fact.date) or "—", text, fact.source_title or fact.source]
            _span_row(ws, row, values, _FACT_SPANS, st.TEXT, widths)
    return row


def _tally_cells(t: Tally) -> list[object]:
    return [*[t.counts[s] for s in Status], f"{t.met} of {t.total}", _score(t)]


def _pillar_sheet(
    ws: Worksheet, report: Report, p: PillarReport, generated: date
) -> list[tuple[str, str]]:
    """One pillar's standards; returns the fingerprints of its read-only cells, by row id."""
    _titles(
        ws,
        f"Pillar {p.pillar.number}: {p.pillar.name}",
        f"{_who(report)} · {report.framework.name} · {p.tally.met} of {p.tally.total} met, "
        f"score {format_score(p.tally.score)} · Status and Notes are editable; grey columns "
        "are read-only.",
    )
    cols = [_NO, _STANDARD, _BASIS, _STATUS, _NOTES, _ID]
    rows = [
        [
            r.standard.number,
            r.standard.display_title,
            _basis(r),
            r.status.value,
            _notes(r),
            r.standard.id,
        ]
        for r in p.rows
    ]
    last = _table(ws, cols, rows, freeze="A", autofilter=True)
    _status_column(ws, "D", last)
    _print_setup(ws, _who(report), generated, last_col="E", last_row=last)
    key = f"pillar:{p.pillar.number}"
    return [
        (f"{key}|{r[5]}|{col.header}", wb_contract.text_fingerprint(str(value)))
        for r in rows
        for col, value in zip(cols, r, strict=True)
        if col.header in wb_contract.PILLAR_READ_ONLY
    ]


def _status_column(ws: Worksheet, status_col: str, last: int, colour: bool = True) -> None:
    """Validate (and colour) the statuses of a standards table whose last row is `last`."""
    if last >= FIRST_ROW:
        statuses = f"{status_col}{FIRST_ROW}:{status_col}{last}"
        if colour:
            st.colour_statuses(ws, statuses)
        _status_validation(ws, statuses)


def _recommendations_sheet(wb: Workbook, taken: set[str], report: Report, generated: date) -> str:
    ws = wb.create_sheet(_sheet_name("Recommendations", taken))
    _titles(
        ws,
        "Recommendations",
        f"{_who(report)} · the remedy for each standard not met, pillar by pillar, then the "
        "recommendations of the source · read-only",
    )
    cols = [
        _Col("No.", st.STATUS, 5, 6),
        _Col("Standard", st.TEXT, 26, 36),
        _Col("Status", st.STATUS, 14, 15),
        _Col("Recommendation", st.TEXT, 40, 80),
    ]
    items = _advice(report)
    rows: list[list[object] | _Band] = []
    section = None
    for a in items:
        if a.section != section:
            section = a.section
            heading = section
            if a.source and all(b.source == a.source for b in items if b.section == section):
                heading += f" ({a.source})"
            rows.append(_Band(heading))
        rows.append([a.number, a.title, a.status, a.text])
    row = _table(ws, cols, rows, freeze="A")
    st.colour_statuses(ws, f"C{FIRST_ROW}:C{max(row, FIRST_ROW)}")
    _print_setup(ws, _who(report), generated, last_col="D", last_row=row)
    return ws.title


_EDITABLE = "Editable: safe-map import writes it back."


def _instruments_sheet(
    ws: Worksheet, report: Report, generated: date
) -> tuple[int, list[tuple[str, str]]]:
    """The instruments, editable, with blank rows for new ones and what cites each.

    Returns the last row the Citations sheet's drop-down offers, and the fingerprints of the
    read-only "Cited by" cells by instrument id."""
    country = report.country
    _titles(
        ws,
        "Instruments",
        f"{_who(report)} · the laws, codes, regulations and directives the mapping cites: edit "
        "them, and add new ones in the empty rows below (title required). The Citations sheet "
        "chooses instruments by title.",
    )
    cited = _cited_by(report)
    notes = {
        "Title": "Editable: the instrument's name, as the Citations sheet offers it. Required.",
        "Kind": "Editable: choose " + ", ".join(wb_contract.INSTRUMENT_KINDS) + ".",
        "Number": "Editable: its number, e.g. 123-VI.",
        "Date": "Editable: its date, YYYY-MM-DD (or YYYY-MM, YYYY).",
        "Issuer": "Editable: who issued it, e.g. Parliament, Ministry of Finance.",
        "Notes": _EDITABLE,
        "Cited by": READ_ONLY_NOTE,
        "Id": "Read-only: safe-map's id for the instrument; empty for a new one. Keep it as it is.",
    }
    bounds = {"Title": (24, 40), "Kind": (10, 12), "Number": (8, 12), "Date": (11, 11)}
    bounds |= {"Issuer": (12, 22), "Notes": (18, 40), "Cited by": (28, 50), "Id": (10, 24)}
    read_only_cols = {"Cited by", "Id"}
    cols = [
        _Col(h, st.READONLY if h in read_only_cols else st.TEXT, *bounds[h], notes[h])
        for h in wb_contract.INSTRUMENT_COLUMNS
    ]
    rows = [
        [
            i.title,
            i.kind,
            i.number,
            i.date,
            i.issuer,
            i.notes,
            "\n".join(cited.get(i.id, [])) or "not cited",
            i.id,
        ]
        for i in country.instruments.values()
    ]
    last = _table(ws, cols, rows, freeze="B", autofilter=True)
    end = last + wb_contract.EXTRA_INSTRUMENT_ROWS
    styles = [c.style for c in cols]
    for row in range(last + 1, end + 1):
        for j, style in enumerate(styles, start=1):
            _put(ws, row, j, None, style)
    _list_validation(
        ws, f"B{FIRST_ROW}:B{end}", '"' + ",".join(wb_contract.INSTRUMENT_KINDS) + '"', "kind"
    )
    _print_setup(ws, _who(report), generated, last_col="G", last_row=last)
    fingerprints = [
        (f"instruments|{r[7]}|Cited by", wb_contract.text_fingerprint(r[6])) for r in rows
    ]
    return end, fingerprints


def _citations_sheet(
    ws: Worksheet, report: Report, generated: date, last_instrument: int, labels: dict[str, str]
) -> None:
    _titles(
        ws,
        "Citations",
        "The legal basis, one row per citation: edit, add or delete rows; choose the standard "
        "and the instrument (by title, from the Instruments sheet) from the lists.",
    )
    cols = [
        _Col(
            "Standard id",
            st.TEXT,
            11,
            12,
            "Editable: the standard this citation supports; choose from the list.",
        ),
        _Col("Standard", st.READONLY, 24, 36, READ_ONLY_NOTE),
        _Col(
            "Instrument",
            st.TEXT,
            16,
            40,
            "Editable: the instrument's title, from the list. A law not in the list? Add it on "
            "the Instruments sheet first.",
        ),
        _Col("Provision", st.TEXT, 12, 24, "Editable: article, provision or paragraph."),
        _Col(
            "Heading", st.TEXT, 12, 36, "Editable: the provision's heading, if the source gives it."
        ),
        _Col("Excerpt", st.TEXT, 20, 60, "Editable: the words of the source, quoted."),
        _Col("Note", st.TEXT, 16, 45, "Editable: a note on this citation."),
    ]
    rows = [
        [
            r.standard.id,
            r.standard.display_title,
            labels.get(c.instrument, c.instrument),
            c.provision,
            c.heading,
            c.excerpt,
            c.note,
        ]
        for p in report.pillars
        for r in p.rows
        for c in (r.assessment.citations if r.assessment else [])
    ]
    last = _table(ws, cols, rows, freeze="C", autofilter=True)
    end = last + EXTRA_CITATION_ROWS
    n_standards = len(report.framework.standards)
    _list_validation(
        ws,
        f"A{FIRST_ROW}:A{end}",
        f"'{META_SHEET}'!$H$2:$H${n_standards + 1}",
        "standard id",
    )
    _list_validation(
        ws,
        f"C{FIRST_ROW}:C{end}",
        f"Instruments!$A${FIRST_ROW}:$A${last_instrument}",
        "instrument",
    )
    _print_setup(ws, _who(report), generated, last_col="G", last_row=last)


def _meta_sheet(
    wb: Workbook,
    kind: str,
    generated: date,
    frameworks: list[Framework],
    pairs: list[tuple[str, str]],
    members: list[list[str]],
    items: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
) -> None:
    """The very hidden sheet that marks the workbook as safe-map's, for `safe-map import`.

    Columns A:B hold key/value rows; repeated keys carry more values in C:F ('member': a
    region's countries; 'base:standard' and the like: an item id in B, its value in C).
    Column H lists the standard ids of the (first) framework for the citations' drop-down.
    """
    ws = wb.create_sheet(META_SHEET)
    rows: list[list[object]] = [
        ["key", "value"],
        ["tool", "safe-map"],
        ["version", __version__],
        ["format", FORMAT_VERSION],
        ["kind", kind],
        ["generated", generated.isoformat()],
        ["framework", ",".join(f.id for f in frameworks)],
        ["framework_edition", ",".join(f.edition for f in frameworks)],
        ["header_row", HEADER_ROW],
        ["statuses", ",".join(STATUS_VALUES)],
        *[[k, v] for k, v in pairs],
        *[["member", *m] for m in members],
        *[list(item) for item in items],
    ]
    for i, values in enumerate(rows, start=1):
        for j, value in enumerate(values, start=1):
            _put(ws, i, j, value)
    _put(ws, 1, 8, "standard")
    _put(ws, 1, 9, "title")
    for i, s in enumerate(frameworks[0].standards if frameworks else [], start=2):
        _put(ws, i, 8, s.id)
        _put(ws, i, 9, s.display_title)  # as the Citations sheet shows it: import compares
    ws.sheet_state = "veryHidden"


# --- the regional workbook --------------------------------------------------------------------

_HEAT_WIDTH = 11
_TITLE_WIDTH = 44


def regional_workbook(
    reports: list[Report],
    generated: date,
    progress: Callable[[int], None] | None = None,
    group: Group | None = None,
) -> bytes:
    """The region at a glance: an Overview per framework, a Mutual recognition sheet when a
    file records an arrangement, then a sheet per country. `group`: the group exported
    (`--group`), whose members are the matrix's rows (those without a file too) and whose
    own facts the first Overview shows."""
    if not reports:
        raise ValueError("a regional workbook needs at least one country")
    wb, taken = _new_workbook()
    by_framework: dict[str, list[Report]] = {}
    for report in reports:
        by_framework.setdefault(report.framework.id, []).append(report)
    frameworks = [g[0].framework for g in by_framework.values()]
    for n, same in enumerate(by_framework.values()):
        name = "Overview" if n == 0 else f"Overview {same[0].framework.id}"
        ws = wb.create_sheet(_sheet_name(name, taken))
        _overview_sheet(ws, same, generated, group if n == 0 else None)
    matrix = _matrix_of(reports, group)
    if matrix.cells:  # no file records an arrangement: a sheet of empty cells says nothing
        ws = wb.create_sheet(_sheet_name("Mutual recognition", taken))
        _recognition_sheet(ws, matrix, group, generated)
    members = []
    for done, report in enumerate(reports, start=1):
        ws = wb.create_sheet(_sheet_name(report.country.iso or report.country.name, taken))
        _country_sheet(ws, report, generated)
        members.append(
            [
                report.country.iso,
                report.country.name,
                report.country.slug,
                ws.title,
                report.framework.id,
            ]
        )
        if progress is not None:
            progress(done)
    _meta_sheet(wb, "regional", generated, frameworks, [], members)
    names = ", ".join(f.name for f in frameworks)
    _properties(
        wb,
        f"Regional overview: {names}",
        f"{len(reports)} countries mapped against the {names}",
        " ".join(r.country.iso for r in reports),
    )
    return _save(wb, read_only=True)


def _overview_sheet(
    ws: Worksheet, reports: list[Report], generated: date, group: Group | None = None
) -> None:
    framework = reports[0].framework
    first = 4  # the first country column
    last_col = first + len(reports) - 1
    note = _titles_note(framework)
    _titles(
        ws,
        f"{framework.name}: the region at a glance",
        f"{len(reports)} countries · the status of each standard in each country's legal basis, "
        "scores and AEO programmes at the foot · made by safe-map "
        f"{__version__} on {generated.isoformat()} · read-only: the country sheets hold the "
        "detail" + (f" · {note}" if note else ""),
    )
    head, names = HEADER_ROW, HEADER_ROW + 1
    for col, (a, b) in enumerate([("", "Id"), ("", "No."), ("Country", "Standard")], start=1):
        _put(ws, head, col, a, st.HEADER)
        _put(ws, names, col, b, st.HEADER)
    ws.cell(row=head, column=3).alignment = _RIGHT
    for col, report in enumerate(reports, start=first):
        _put(ws, head, col, report.country.iso, st.COUNTRY_HEAD)
        _put(ws, names, col, report.country.name, st.COUNTRY_HEAD)
        ws.column_dimensions[get_column_letter(col)].width = _HEAT_WIDTH
    # Names are in bold 9-point type: about as many characters to a line as plain 11-point.
    names_text = [r.country.name for r in reports]
    _fit_height(ws, names, names_text, [_HEAT_WIDTH] * len(reports))
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 5
    ws.column_dimensions["C"].width = _TITLE_WIDTH

    # One status per standard and country; the reports' rows follow the framework's order.
    rows_of = [
        {r.standard.id: r.status.value for p in rep.pillars for r in p.rows} for rep in reports
    ]
    row = names
    for pillar in framework.pillars:
        row += 1
        _band(ws, row, f"Pillar {pillar.number}: {pillar.name}", 1, last_col, at=3)
        for standard in pillar.standards:
            row += 1
            _put(ws, row, 1, standard.id, st.READONLY_CENTRE)
            _put(ws, row, 2, standard.number, st.READONLY_CENTRE)
            _put(ws, row, 3, standard.display_title, st.READONLY)
            _fit_height(ws, row, [standard.display_title], [_TITLE_WIDTH])
            for col, statuses in enumerate(rows_of, start=first):
                _put(ws, row, col, statuses.get(standard.id, Status.NOT_ASSESSED.value), st.HEAT)
    last_standard = row
    letter = get_column_letter(last_col)
    if reports:
        st.colour_statuses(ws, f"{get_column_letter(first)}{names + 1}:{letter}{last_standard}")

    row += 2
    _band(ws, row, "Scores", 1, last_col, at=3)
    score_top = row + 1
    tallies = [{p.pillar.number: p.tally for p in rep.pillars} for rep in reports]
    for pillar in framework.pillars:
        row += 1
        label = f"Pillar {pillar.number}: {pillar.name}"
        _put(ws, row, 3, label, st.TEXT)
        _fit_height(ws, row, [label], [_TITLE_WIDTH])
        for col, by_pillar in enumerate(tallies, start=first):
            t = by_pillar.get(pillar.number)
            _put(ws, row, col, _score(t) if t else "—", st.PERCENT).alignment = _CENTRE
    row += 1
    _put(ws, row, 3, "Overall", st.TOTAL)
    for col, report in enumerate(reports, start=first):
        _put(ws, row, col, _score(report.overall), st.TOTAL_PERCENT).alignment = _CENTRE
    score_end = row
    for label, value in [
        ("Standards met", lambda t: f"{t.met} of {t.total}"),
        ("Standards assessed", lambda t: f"{t.total - t.counts[Status.NOT_ASSESSED]} of {t.total}"),
    ]:
        row += 1
        _put(ws, row, 3, label, st.TEXT)
        for col, report in enumerate(reports, start=first):
            _put(ws, row, col, value(report.overall), st.STATUS).alignment = _CENTRE
    row = _programme_rows(ws, row, reports, first)
    for col in (1, 2):
        for r in range(score_top, row + 1):
            _put(ws, r, col, None, st.TEXT)
    if reports:
        top_left = f"{get_column_letter(first)}{score_top}"
        st.colour_scores(ws, f"{top_left}:{letter}{score_end}", top_left)

    row += 2
    _put(ws, row, 3, "Statuses", st.LABEL)
    row += 1
    for status in Status:
        cell = _put(ws, row, 3, f"{status.value}: {status.label}")
        cell.fill, cell.font = st.status_legend_style(status)
        row += 1
    rule = (
        "Score = (yes + ½ × partial) / (yes + partial + no + planned); not-assessed and "
        "not-applicable are left out."
    )
    _put(ws, row, 3, rule, st.SUBTITLE).alignment = _WRAP
    _fit_height(ws, row, [rule], [_TITLE_WIDTH])
    if group is not None and (group.facts or group.sources):
        row = _group_facts(ws, row + 2, group, last_col)

    _wrap_subtitle(ws, last_col)
    ws.freeze_panes = ws.cell(row=names + 1, column=first)
    ws.auto_filter.ref = f"A{names}:{letter}{last_standard}"
    _print_setup(
        ws,
        f"Regional overview: {framework.name}",
        generated,
        last_col=letter,
        last_row=row,
        title_rows=f"{head}:{names}",
        title_cols="A:C",
        pages_wide=max(1, ceil(len(reports) / 12)),
    )


def _programme_rows(ws: Worksheet, row: int, reports: list[Report], first: int) -> int:
    """Below the scores, per country: its AEO programme's status and how many of its MRAs are
    in force, as its own file records them. Returns the last row written."""
    views = [programme_view(r.country) for r in reports]
    lines: list[tuple[str, Callable[[Any], object]]] = [
        ("AEO programme", lambda v: v.status_label),
        ("MRAs in force", lambda v: len(v.in_force)),
    ]
    for label, value in lines:
        row += 1
        _put(ws, row, 3, label, st.TEXT)
        for col, view in enumerate(views, start=first):
            _put(ws, row, col, value(view), st.STATUS)
    return row


def _group_facts(ws: Worksheet, top: int, group: Group, last_col: int) -> int:
    """The group's own facts (surveys, workshops, meetings), dated, each with its source's
    title, then the group's sources, in the Overview's columns: the date over Id and No., the
    text in the Standard column, the source over the country columns. Returns the last row."""
    widths = [ws.column_dimensions[get_column_letter(j)].width for j in range(1, last_col + 1)]
    spans = [(1, 2), (3, 3), (4, last_col)]
    row = top
    if group.facts:
        _band(ws, row, f"{group.name}: facts from its sources", 1, last_col, at=3)
        row += 1
        _span_row(ws, row, ["Date", "Fact", "Source"], spans, st.HEADER, widths)
        for fact in sorted(group.facts, key=lambda f: f.date.split("/")[0] or "9999"):
            row += 1
            source = group.source_of(fact)
            text = f"{fact.text}\nNote: {fact.note}" if fact.note else fact.text
            title = source.title if source else (fact.source or group.source)
            _span_row(ws, row, [_when(fact.date) or "—", text, title], spans, st.TEXT, widths)
        row += 2
    if group.sources:
        _band(ws, row, f"{group.name}: sources", 1, last_col, at=3)
        row += 1
        _span_row(ws, row, ["Id", "Source", "Where to find it"], spans, st.HEADER, widths)
        for source in group.sources:
            row += 1
            values = [source.id, source.display, _where_to_find(source)]
            _span_row(ws, row, values, spans, st.TEXT, widths)
    return row


def _where_to_find(source: Source) -> str:
    """A source's publisher, document, address and notes, a line each."""
    accessed = f"read {source.accessed}" if source.accessed else ""
    parts = [source.publisher, source.document, source.url, accessed, source.notes]
    return "\n".join(p for p in parts if p) or "—"


# --- the mutual recognition sheet -------------------------------------------------------------

_PARTY_WIDTH = 17  # "Reported 2025-01-16" on one line of the matrix's small type; other
# dates (" (signed 2024-04-26)") wrap below it
# The list of arrangements below the matrix, over its columns (ISO, Country, then parties).
_LIST_SPANS = [(1, 2), (3, 3), (4, 4), (5, 5), (6, 8), (9, 11)]


def _matrix_of(reports: list[Report], group: Group | None) -> MraMatrix:
    """Who recognises whom among the group's members (every member, with a file or not, by
    name), or among the countries exported."""
    countries = list({r.country.iso: r.country for r in reports}.values())
    names = {c.iso: c.name for c in countries}
    codes = group.members if group is not None else list(names)
    members = [(code, names.get(code) or partner_name(code)) for code in dict.fromkeys(codes)]
    if group is not None:  # as the Overview's columns: by name
        members.sort(key=lambda m: m[1].casefold())
    rows = {code for code, _ in members}
    partners = {
        m.partner: partner_name(m.partner, m.partner_name) for c in countries for m in c.mras
    }
    return mra_matrix(members, [c for c in countries if c.iso in rows], partners)


def _recognition_sheet(
    ws: Worksheet, matrix: MraMatrix, group: Group | None, generated: date
) -> None:
    """The matrix (rows: the members; columns: the members, then partners outside), each cell
    the row's own record of the arrangement; below it, a legend and the list of arrangements
    with their sources."""
    first = 3  # the first party column
    last_col = first + len(matrix.columns) - 1
    whose = f"the members of {group.name}" if group is not None else "the countries exported"
    _titles(
        ws,
        "Mutual recognition",
        f"AEO mutual recognition arrangements of {whose} and their partners: each row as that "
        "country's file records it; a cell only the column's file records says so · made by "
        f"safe-map {__version__} on {generated.isoformat()} · read-only",
    )
    head, names = HEADER_ROW, HEADER_ROW + 1
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 26
    for col in range(first, max(last_col, _LIST_SPANS[-1][1]) + 1):
        ws.column_dimensions[get_column_letter(col)].width = _PARTY_WIDTH
    inside = sum(1 for c in matrix.columns if c.member)
    labels = (
        ("Members", "Outside the group")
        if group is not None
        else ("Countries exported", "Other partners")
    )
    for col, text in ((1, ""), (2, "")):
        _put(ws, head, col, text, st.HEADER)
    for text, start, end in (
        (labels[0], first, first + inside - 1),
        (labels[1], first + inside, last_col),
    ):
        if end < start:
            continue
        for col in range(start, end + 1):
            _put(ws, head, col, text if col == start else None, st.HEADER)
        if end > start:
            ws.merge_cells(start_row=head, start_column=start, end_row=head, end_column=end)
    _put(ws, names, 1, "ISO", st.HEADER)
    _put(ws, names, 2, "Country", st.HEADER)
    titles = [f"{p.name} ({p.code})" for p in matrix.columns]
    for col, text in enumerate(titles, start=first):
        _put(ws, names, col, text, st.COUNTRY_HEAD)
    _fit_height(ws, names, titles, [_PARTY_WIDTH] * len(titles))
    row = names
    for party in matrix.rows:
        row += 1
        _put(ws, row, 1, party.code, st.READONLY_CENTRE)
        _put(ws, row, 2, party.name if party.has_file else f"{party.name} (no file)", st.READONLY)
        texts = []
        for col, column in enumerate(matrix.columns, start=first):
            found = matrix.cell(party.code, column.code)
            text = _matrix_text(matrix, party, column) if found else ""
            if not found and party.code == column.code:
                text = "—"
            cell = _put(ws, row, col, text, st.MATRIX)
            look = st.mra_state_style(found.mra.state) if found else None
            if look is not None:
                cell.fill, cell.font = look
            texts.append(text)
        _fit_height(ws, row, texts, [_PARTY_WIDTH] * len(texts))
    ws.freeze_panes = ws.cell(row=names + 1, column=first)

    row += 2
    _put(ws, row, 2, "States", st.LABEL)
    for state, colours in st.MRA_COLOURS.items():
        row += 1
        cell = _put(ws, row, 2, state.replace("-", " ").capitalize())
        cell.fill, cell.font = st.legend_style(colours)
    row = _arrangements(ws, row + 2, matrix)
    end = max(last_col, _LIST_SPANS[-1][1])
    _wrap_subtitle(ws, end)
    _print_setup(
        ws,
        "Mutual recognition" + (f": {group.name}" if group is not None else ""),
        generated,
        last_col=get_column_letter(end),
        last_row=row,
        title_rows=f"{head}:{names}",
        title_cols="A:B",
        pages_wide=max(1, ceil(len(matrix.columns) / 16)),
    )


def _matrix_text(matrix: MraMatrix, row: Party, column: Party) -> str:
    """'In force 2025-06-01'; for an arrangement only the column's file records, whose it is."""
    found = matrix.cells[(row.code, column.code)]
    text = _mra_state(found.mra)
    if (row.code, column.code) in matrix.one_sided:
        text += f"\n(only in {found.recorded_by}'s file)"
    return text


def _arrangements(ws: Worksheet, top: int, matrix: MraMatrix) -> int:
    """Each arrangement once: the two parties, its state and date (as the first file records
    it), which files record it, their sources (title and address) and notes, each file's own
    when both record it, and the other file's state when it differs. Returns the last row."""
    end = _LIST_SPANS[-1][1]
    widths = [ws.column_dimensions[get_column_letter(j)].width for j in range(1, end + 1)]
    _band(ws, top, "Arrangements", 1, end)
    row = top + 1
    headings = ["Between", "State", "Date", "Recorded by", "Source", "Notes"]
    _span_row(ws, row, headings, _LIST_SPANS, st.HEADER, widths)
    for one, other, cell in matrix.arrangements:
        row += 1
        mra = cell.mra
        mirror = matrix.cell(other.code, one.code) if other.member else None
        records = [cell]
        if mirror is not None and mirror.recorded_by != cell.recorded_by:
            records.append(mirror)
        if len(records) == 2:
            recorded = f"{cell.recorded_by} and {mirror.recorded_by}"
        else:
            recorded = f"{cell.recorded_by} only" if other.member else cell.recorded_by
        sources, notes = _records(records)
        if len(records) == 2 and _mra_state(mirror.mra) != _mra_state(mra):
            notes.append(f"{mirror.recorded_by}'s file records: {_mra_state(mirror.mra)}.")
        values = [
            f"{one.name} ({one.code}) and {other.name} ({other.code})",
            mra.state_label,
            _mra_date(mra) or "—",
            recorded,
            "\n".join(sources) or "—",
            "\n".join(notes),
        ]
        _span_row(ws, row, values, _LIST_SPANS, st.TEXT, widths)
        if mra.state in st.MRA_COLOURS:
            target = ws.cell(row=row, column=_LIST_SPANS[1][0])
            target.fill, target.font = st.legend_style(st.MRA_COLOURS[mra.state])
    return row


def _records(records: list[MatrixCell]) -> tuple[list[str], list[str]]:
    """The sources (title and address) and the notes of one or two files' records of an
    arrangement: what both give alike is given once; what differs says whose it is."""

    def lines(texts: list[str]) -> list[str]:
        if len(set(texts)) <= 1:
            return [t for t in texts[:1] if t]
        return [f"{r.recorded_by}: {t}" for r, t in zip(records, texts, strict=True) if t]

    sources = [
        "\n".join(x for x in (r.source_title or r.mra.source, r.source_url) if x) for r in records
    ]
    return lines(sources), lines([r.mra.notes for r in records])


def _country_sheet(ws: Worksheet, report: Report, generated: date) -> None:
    """One country in the regional workbook: its standards of every pillar, then its
    summary, recommendations and instruments, on the columns of the standards table."""
    t = report.overall
    _titles(
        ws,
        f"{_who(report)}: {report.framework.name}",
        f"Source: {_sources(report)} · {t.met} of {t.total} met, score {format_score(t.score)} "
        "· read-only: to answer for a country, export its questionnaire alone.",
    )
    pillar_col = _Col("Pillar", st.READONLY_CENTRE, 7, 7, READ_ONLY_NOTE)
    cols = [pillar_col, _NO, _STANDARD, _BASIS, _STATUS, _NOTES, _ID]
    rows = [
        [
            r.standard.pillar,
            r.standard.number,
            r.standard.display_title,
            _basis(r),
            r.status.value,
            _notes(r),
            r.standard.id,
        ]
        for p in report.pillars
        for r in p.rows
    ]
    # No header notes here: 200 sheets of comments cost a tenth of the time; the subtitle
    # says what is editable, and the country workbook (the one to edit) has the notes.
    last = _table(ws, cols, rows, notes=False, freeze="A", autofilter=True)
    _status_column(ws, "E", last, colour=False)
    widths = [ws.column_dimensions[get_column_letter(j)].width for j in range(1, len(cols) + 1)]
    ncols = 6  # the blocks below span Pillar..Notes; Id stays outside the print area
    header = [st.HEADER] * ncols

    row = last + 2
    ws.row_breaks.append(Break(id=row - 1))  # the summary and what follows on a new page
    _band(ws, row, "Summary", 1, ncols)
    row += 1
    _row(ws, row, ["Pillar", "", "Name", "Statuses", "Score", "Met"], header, widths)
    summary_top = row + 1
    styles = [st.STATUS, st.STATUS, st.TEXT, st.TEXT, st.PERCENT, st.STATUS]
    for p in report.pillars:
        row += 1
        values = [p.pillar.number, "", p.pillar.name, _counts(p.tally), _score(p.tally)]
        _row(ws, row, [*values, f"{p.tally.met} of {p.tally.total}"], styles, widths)
    row += 1
    overall = ["", "", "Overall", _counts(t), _score(t), f"{t.met} of {t.total}"]
    _row(ws, row, overall, [st.TOTAL] * 4 + [st.TOTAL_PERCENT, st.TOTAL], widths)
    ws.cell(row=row, column=6).alignment = _CENTRE
    st.colour_scores(ws, f"E{summary_top}:E{row}", f"E{summary_top}")

    row += 2
    _band(ws, row, "Recommendations", 1, ncols)
    row += 1
    headings = ["Pillar", "No.", "Standard", "Recommendation", "Status", "Source"]
    _row(ws, row, headings, header, widths)
    advice_top = row + 1
    styles = [st.STATUS, st.STATUS, st.TEXT, st.TEXT, st.STATUS, st.TEXT]
    section = None
    for a in _advice(report):
        row += 1
        if a.section != section:
            section = a.section
            _put(ws, row, 3, section, st.LABEL).alignment = _RUN_ON
            row += 1
        values = [a.pillar, a.number, a.title, a.text, a.status, a.source]
        _row(ws, row, values, styles, widths)
    statuses = [f"E{FIRST_ROW}:E{last}"] if last >= FIRST_ROW else []
    if row >= advice_top:
        statuses.append(f"E{advice_top}:E{row}")
    if statuses:
        st.colour_statuses(ws, " ".join(statuses))  # one set of rules for both blocks

    row += 2
    _band(ws, row, "Instruments", 1, ncols)
    row += 1
    _row(ws, row, ["", "", "Instrument", "Cited by", "Kind", "Notes"], header, widths)
    cited = _cited_by(report)
    for i in report.country.instruments.values():
        row += 1
        lines = "\n".join(cited.get(i.id, [])) or "not cited"
        _row(ws, row, ["", "", i.title, lines, i.kind, i.notes], [st.TEXT] * ncols, widths)
    _print_setup(ws, _who(report), generated, last_col="F", last_row=row)
