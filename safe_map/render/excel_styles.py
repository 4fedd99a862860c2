"""The look of safe-map workbooks: named cell styles, status colours and conditional formats.

Imported by safe_map.render.excel only (openpyxl is a heavy import). Every style is a named
style registered once per workbook, so that writing a cell costs a name lookup, not a new style
object: see `register`.
"""

from __future__ import annotations

from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from safe_map.model import Status

# Fill and text colour per status: light fills that print well in grey, dark text that stays
# readable on them (the pairs of Excel's "Good", "Neutral" and "Bad" styles, and three more).
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.YES: ("C6EFCE", "006100"),
    Status.PARTIAL: ("FFEB9C", "7F4F00"),
    Status.NO: ("FFC7CE", "9C0006"),
    Status.PLANNED: ("DDEBF7", "1F4E78"),
    Status.NOT_ASSESSED: ("E4DFEC", "5B3F86"),
    Status.NOT_APPLICABLE: ("EDEDED", "595959"),
}

# Score bands, as the terminal colours them: green from 80%, amber from 50%, red below.
SCORE_BANDS = (
    (0.8, None, STATUS_COLOURS[Status.YES]),
    (0.5, 0.8, STATUS_COLOURS[Status.PARTIAL]),
    (None, 0.5, STATUS_COLOURS[Status.NO]),
)

HEADER_FILL = "1F3864"  # dark blue, white bold text
BAND_FILL = "D9E1F2"  # pillar and section rows
READONLY_FILL = "F2F2F2"  # columns written by safe-map that an import ignores
RULE_COLOUR = "BFBFBF"
FONT = "Calibri"  # Excel's default; LibreOffice draws it with Carlito, of the same metrics

TITLE = "safe-map title"
SUBTITLE = "safe-map subtitle"
HEADER = "safe-map header"
TEXT = "safe-map text"
READONLY = "safe-map read-only"
READONLY_CENTRE = "safe-map read-only centred"
STATUS = "safe-map status"
NUMBER = "safe-map number"
PERCENT = "safe-map percent"
BAND = "safe-map band"
LABEL = "safe-map label"
TOTAL = "safe-map total"
TOTAL_NUMBER = "safe-map total number"
TOTAL_PERCENT = "safe-map total percent"
HEAT = "safe-map heat"
COUNTRY_HEAD = "safe-map country head"
MATRIX = "safe-map matrix"  # a cell of the mutual recognition matrix: small, centred, wrapped

# The colour of an MRA's state, from the status colours: in force as a standard met, signed as
# planned, under negotiation as partial, reported (state unknown) as not assessed, suspended
# as not met.
MRA_COLOURS: dict[str, tuple[str, str]] = {
    "in-force": STATUS_COLOURS[Status.YES],
    "signed": STATUS_COLOURS[Status.PLANNED],
    "under-negotiation": STATUS_COLOURS[Status.PARTIAL],
    "reported": STATUS_COLOURS[Status.NOT_ASSESSED],
    "suspended": STATUS_COLOURS[Status.NO],
}

# The colour of a work plan task's status, by the label the workbook shows.
TASK_COLOURS: dict[str, tuple[str, str]] = {
    "Complete": STATUS_COLOURS[Status.YES],
    "In progress": STATUS_COLOURS[Status.PARTIAL],
    "Pending": STATUS_COLOURS[Status.PLANNED],
}

_thin = Side(style="thin", color=RULE_COLOUR)
_grid = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_top_rule = Border(left=_thin, right=_thin, top=Side(style="medium", color="404040"), bottom=_thin)
_wrap_top = Alignment(wrap_text=True, vertical="top")
_centre_top = Alignment(horizontal="center", vertical="top", wrap_text=True)
_right_top = Alignment(horizontal="right", vertical="top")
_readonly = PatternFill("solid", start_color=READONLY_FILL, end_color=READONLY_FILL)


def _styles() -> list[NamedStyle]:
    header_font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    header_align = Alignment(wrap_text=True, vertical="center")
    bold = Font(name=FONT, size=11, bold=True)
    plain = Font(name=FONT, size=11)
    return [
        NamedStyle(TITLE, font=Font(name=FONT, size=15, bold=True, color=HEADER_FILL)),
        NamedStyle(
            SUBTITLE,
            font=Font(name=FONT, size=10, italic=True, color="595959"),
            alignment=Alignment(vertical="top"),
        ),
        NamedStyle(
            HEADER, font=header_font, fill=header_fill, border=_grid, alignment=header_align
        ),
        NamedStyle(TEXT, font=plain, border=_grid, alignment=_wrap_top),
        NamedStyle(READONLY, font=plain, border=_grid, alignment=_wrap_top, fill=_readonly),
        NamedStyle(
            READONLY_CENTRE, font=plain, border=_grid, alignment=_centre_top, fill=_readonly
        ),
        NamedStyle(STATUS, font=plain, border=_grid, alignment=_centre_top),
        NamedStyle(NUMBER, font=plain, border=_grid, alignment=_right_top),
        NamedStyle(PERCENT, font=plain, border=_grid, alignment=_right_top, number_format="0%"),
        NamedStyle(
            BAND,
            font=bold,
            fill=PatternFill("solid", start_color=BAND_FILL, end_color=BAND_FILL),
            border=_grid,
            alignment=Alignment(vertical="center"),
        ),
        NamedStyle(LABEL, font=bold, alignment=_wrap_top),
        NamedStyle(TOTAL, font=bold, border=_top_rule, alignment=_wrap_top),
        NamedStyle(TOTAL_NUMBER, font=bold, border=_top_rule, alignment=_right_top),
        NamedStyle(
            TOTAL_PERCENT, font=bold, border=_top_rule, alignment=_right_top, number_format="0%"
        ),
        NamedStyle(
            HEAT,
            border=_grid,
            font=Font(name=FONT, size=9),
            alignment=Alignment(horizontal="center", vertical="center", shrink_to_fit=True),
        ),
        NamedStyle(
            COUNTRY_HEAD,
            font=Font(name=FONT, size=9, bold=True, color="FFFFFF"),
            fill=header_fill,
            border=_grid,
            alignment=Alignment(horizontal="center", vertical="top", wrap_text=True),
        ),
        NamedStyle(
            MATRIX,
            border=_grid,
            font=Font(name=FONT, size=9),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
    ]


def register(wb: Workbook) -> None:
    """Add the named styles to a new workbook (once: openpyxl refuses a name twice)."""
    for style in _styles():
        wb.add_named_style(style)


def _look(fill: str, text: str) -> DifferentialStyle:
    """The format a rule applies: a solid fill and a text colour, made once per pair.

    A differential fill is drawn with its bgColor (end_color); both colours are set.
    """
    key = (fill, text)
    if key not in _LOOKS:
        _LOOKS[key] = DifferentialStyle(
            fill=PatternFill("solid", start_color=fill, end_color=fill), font=Font(color=text)
        )
    return _LOOKS[key]


_LOOKS: dict[tuple[str, str], DifferentialStyle] = {}


def status_legend_style(status: Status) -> tuple[PatternFill, Font]:
    """A fixed fill and font for a legend cell showing one status (no rule needed there)."""
    fill, text = STATUS_COLOURS[status]
    return PatternFill("solid", start_color=fill, end_color=fill), Font(
        name=FONT, color=text, bold=True
    )


def legend_style(colours: tuple[str, str]) -> tuple[PatternFill, Font]:
    """A fixed fill and bold font in a (fill, text) pair of colours: for a legend cell, or a
    cell of a read-only sheet whose value never changes (no rule needed there)."""
    fill, text = colours
    return PatternFill("solid", start_color=fill, end_color=fill), Font(
        name=FONT, color=text, bold=True
    )


def mra_state_style(state: str) -> tuple[PatternFill, Font] | None:
    """The look of a matrix cell (MATRIX) holding an MRA in `state`: its fill, and the text
    colour on the style's small font; None for a state without a colour."""
    if state not in MRA_COLOURS:
        return None
    fill, text = MRA_COLOURS[state]
    return PatternFill("solid", start_color=fill, end_color=fill), Font(
        name=FONT, size=9, color=text
    )


def colour_statuses(ws: Worksheet, ranges: str) -> None:
    """Colour each status value in `ranges` ("E4:E14", or several separated by spaces).

    Conditional formats, not fixed fills, so that a status edited in Excel or LibreOffice
    recolours itself. One rule per status over the whole block.
    """
    colour_values(ws, ranges, {s.value: colours for s, colours in STATUS_COLOURS.items()})


def colour_values(ws: Worksheet, ranges: str, colours: dict[str, tuple[str, str]]) -> None:
    """Colour each cell in `ranges` equal to one of the texts: its (fill, text) colours."""
    for value, (fill, text) in colours.items():
        quoted = value.replace('"', '""')
        rule = Rule(type="cellIs", operator="equal", formula=[f'"{quoted}"'])
        rule.dxf = _look(fill, text)
        ws.conditional_formatting.add(ranges, rule)


def colour_scores(ws: Worksheet, ranges: str, top_left: str) -> None:
    """Colour scores (fractions, 0 to 1) in three bands; text such as '—' stays plain."""
    for low, high, (fill, text) in SCORE_BANDS:
        tests = [f"ISNUMBER({top_left})"]
        if low is not None:
            tests.append(f"{top_left}>={low}")
        if high is not None:
            tests.append(f"{top_left}<{high}")
        rule = Rule(type="expression", formula=[f"AND({','.join(tests)})"])
        rule.dxf = _look(fill, text)
        ws.conditional_formatting.add(ranges, rule)
