"""The comparison workbook (`safe-map compare A B -o FILE.xlsx`), for negotiators preparing a
mutual recognition arrangement: the two administrations point by point, standard by standard.

Sheets: Comparison (one row per standard, grouped by pillar: each side's status and legal
basis, whether they agree, and the readiness of the pair; "unknown" where one side has not
assessed the standard), Readiness (per pillar and overall, how many standards both sides
assessed, and of those how many both meet, only one meets, or neither), and the very hidden
`_safe_map` sheet with kind "comparison", which `safe-map import` refuses: nothing here is
editable.

Built from the country exporter's pieces (safe_map.render.excel): the same styles, styled
table (header, fitted columns, bands, frozen header, filter), safe text writer (text from the
data is never stored as a formula), status colours and print setup.
"""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from safe_map import __version__
from safe_map.analysis import READINESS, READINESS_NOTE, Comparison, Pair, readiness_of
from safe_map.model import Country, Status
from safe_map.render import excel_styles as st
from safe_map.render.excel import (
    _WRAP,
    FIRST_ROW,
    HEADER_ROW,
    _Band,
    _basis,
    _Col,
    _fit_height,
    _meta_sheet,
    _new_workbook,
    _print_setup,
    _properties,
    _put,
    _save,
    _sheet_name,
    _table,
    _titles,
    _wrap_subtitle,
)

MEETS_RULE = (
    "“Meets” means the status is yes; partial, planned, no and not-applicable count as not met."
)
UNKNOWN_RULE = (
    "A standard not assessed on one side (or both) is unknown: it neither agrees nor differs."
)

# The colour of each readiness, from the status colours: both meet as yes, one side as
# partial, neither as no, unknown as not-assessed.
_READINESS_COLOURS = {
    "both": st.STATUS_COLOURS[Status.YES],
    "only_a": st.STATUS_COLOURS[Status.PARTIAL],
    "only_b": st.STATUS_COLOURS[Status.PARTIAL],
    "neither": st.STATUS_COLOURS[Status.NO],
    "unknown": st.STATUS_COLOURS[Status.NOT_ASSESSED],
}
# The readiness counted on the Readiness sheet: those of the standards both sides assessed.
_COUNTED = [k for k in READINESS if k != "unknown"]
_AGREE = {True: "yes", False: "no", None: "unknown"}


def _code(country: Country) -> str:
    return country.iso or country.name


def _who(country: Country) -> str:
    return f"{country.name} ({country.iso})" if country.iso else country.name


def readiness_labels(result: Comparison) -> dict[str, str]:
    """The words for each readiness, naming the countries by ISO code: 'only KZ'."""
    a, b = _code(result.a), _code(result.b)
    if a == b:  # two files with one code: tell them apart by name
        a, b = result.a.name, result.b.name
    return {
        "both": "both meet",
        "only_a": f"only {a}",
        "only_b": f"only {b}",
        "neither": "neither meets",
        "unknown": "unknown",
    }


def comparison_workbook(result: Comparison, generated: date) -> bytes:
    wb, taken = _new_workbook()
    labels = readiness_labels(result)
    comparison = wb.create_sheet(_sheet_name("Comparison", taken))
    _comparison_sheet(comparison, result, labels, generated)
    readiness = wb.create_sheet(_sheet_name("Readiness", taken))
    _readiness_sheet(readiness, result, labels, generated)
    a, b = result.a, result.b
    _meta_sheet(
        wb,
        "comparison",
        generated,
        [result.framework],
        [
            ("a", a.name),
            ("a_iso", a.iso),
            ("a_file", a.slug),
            ("b", b.name),
            ("b_iso", b.iso),
            ("b_file", b.slug),
            ("pillars", ",".join(str(p.number) for p, _ in result.pillars)),
            ("sheet:comparison", comparison.title),
            ("sheet:readiness", readiness.title),
        ],
        [],
    )
    _properties(
        wb,
        f"{_both(result)}: {result.framework.name}",
        f"{_both(result)} compared against the {result.framework.title}, "
        f"{result.framework.edition}, for mutual recognition",
        f"mutual recognition; {a.iso} {b.iso}",
    )
    wb.properties.description = (
        "Made by safe-map from the YAML data; read-only: `safe-map import` refuses a comparison."
    )
    return _save(wb, read_only=True)


def _both(result: Comparison) -> str:
    return f"{_who(result.a)} and {_who(result.b)}"


def _comparison_sheet(
    ws: Worksheet, result: Comparison, labels: dict[str, str], generated: date
) -> None:
    a, b = _code(result.a), _code(result.b)
    n = sum(len(pairs) for _, pairs in result.pillars)
    differ = sum(pair.agree is False for _, pairs in result.pillars for pair in pairs)
    _titles(
        ws,
        f"{_both(result)}: {result.framework.name}",
        f"{n} standards point by point: each administration's status and legal basis · "
        f"{result.assessed()} assessed by both, {differ} of them differ · made by safe-map "
        f"{__version__} on {generated.isoformat()} · read-only. {MEETS_RULE} {UNKNOWN_RULE}",
    )
    cols = [
        _Col("No.", st.STATUS, 5, 6),
        _Col("Standard", st.TEXT, 26, 36),
        _Col(f"{a} status", st.STATUS, 13, 15),
        _Col(f"{a} legal basis", st.TEXT, 26, 50),
        _Col(f"{b} status", st.STATUS, 13, 15),
        _Col(f"{b} legal basis", st.TEXT, 26, 50),
        _Col("Agree", st.STATUS, 8, 8),
        _Col("Readiness", st.STATUS, 14, 18),
        _Col("Id", st.STATUS, 8, 10),
    ]

    def values(pair: Pair) -> list[object]:
        return [
            pair.standard.number,
            pair.standard.display_title,
            pair.a.status.value,
            _basis(pair.a),
            pair.b.status.value,
            _basis(pair.b),
            _AGREE[pair.agree],
            labels[readiness_of(pair)],
            pair.standard.id,
        ]

    rows: list[list[object] | _Band] = []
    for pillar, pairs in result.pillars:
        rows.append(_Band(f"Pillar {pillar.number}: {pillar.name}", at=2))
        rows += [values(pair) for pair in pairs]
    row = _table(ws, cols, rows, notes=False, freeze="C", autofilter=True)
    last = max(row, FIRST_ROW)
    st.colour_statuses(ws, f"C{FIRST_ROW}:C{last} E{FIRST_ROW}:E{last}")
    st.colour_values(
        ws, f"H{FIRST_ROW}:H{last}", {labels[k]: _READINESS_COLOURS[k] for k in READINESS}
    )
    _wrap_subtitle(ws, 8)
    # The ids are for filtering and finding a standard, not for the printed page.
    _print_setup(ws, _both(result), generated, last_col="H", last_row=row)


def _readiness_sheet(
    ws: Worksheet, result: Comparison, labels: dict[str, str], generated: date
) -> None:
    _titles(
        ws,
        "Readiness for mutual recognition",
        f"{_both(result)} · {result.framework.name} · of the standards both administrations "
        "assessed, how many both meet, only one meets, or neither meets, per pillar and overall",
    )
    cols = [
        _Col("Pillar", st.TEXT, 9, 10),
        _Col("Name", st.TEXT, 30, 40),
        _Col("Assessed by both", st.NUMBER, 11, 11),
        *[_Col(labels[k], st.NUMBER, 11, 16) for k in _COUNTED],
        _Col("Standards", st.NUMBER, 11, 11),
    ]

    def cells(pillar: int | None) -> list[object]:
        counts = result.readiness(pillar)
        return [
            result.assessed(pillar),
            *(counts[k] for k in _COUNTED),
            sum(counts.values()),
        ]

    rows = [[f"Pillar {p.number}", p.name, *cells(p.number)] for p, _ in result.pillars]
    last = _table(ws, cols, rows, notes=False, freeze="A")
    total = last + 1
    styles = [st.TOTAL, st.TOTAL] + [st.TOTAL_NUMBER] * (len(cols) - 2)
    for j, (value, style) in enumerate(
        zip(["Overall", "", *cells(None)], styles, strict=True), start=1
    ):
        _put(ws, total, j, value, style)
    # The count columns' headers in the colours of the readiness they count.
    for j, key in enumerate(_COUNTED, start=4):
        fill, text = _READINESS_COLOURS[key]
        cell = ws.cell(row=HEADER_ROW, column=j)
        cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        cell.font = Font(name=st.FONT, size=11, bold=True, color=text)
    note = total + 2
    text = f"{MEETS_RULE} {READINESS_NOTE}"
    _put(ws, note, 1, text, st.SUBTITLE)
    ws.merge_cells(start_row=note, start_column=1, end_row=note, end_column=len(cols))
    ws.cell(row=note, column=1).alignment = _WRAP
    widths = [ws.column_dimensions[get_column_letter(j)].width for j in range(1, len(cols) + 1)]
    _fit_height(ws, note, [text], [sum(widths)])
    _wrap_subtitle(ws, len(cols))
    _print_setup(ws, _both(result), generated, last_col=get_column_letter(len(cols)), last_row=note)
