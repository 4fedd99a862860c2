"""The work plan workbook (`safe-map plan ID -o FILE.xlsx`): a plan between two programmes,
for the people who carry it out and report on it.

Sheets: Plan (what the plan is: kind, parties, objectives, the points the parties compare,
progress by task status, next steps, sources), Tasks (one row per task: number, title, status,
description, date, its dated events, notes), and the very hidden `_safe_map` sheet with kind
"plan", which `safe-map import` refuses: nothing here is editable, and every sheet is
protected without a password, as in the regional workbook.

Built from the country exporter's pieces (safe_map.render.excel): the same styles, styled
table, safe text writer (text from the data is never stored as a formula) and print setup.
"""

from __future__ import annotations

from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from safe_map import __version__
from safe_map.plans import Plan, Task, TaskStatus
from safe_map.programme import partner_name
from safe_map.render import excel_styles as st
from safe_map.render.excel import (
    FIRST_ROW,
    _band,
    _Col,
    _label_row,
    _meta_sheet,
    _new_workbook,
    _print_setup,
    _properties,
    _put,
    _save,
    _sheet_name,
    _span_row,
    _table,
    _titles,
    _when,
    _where_to_find,
    _wrap_subtitle,
)

_KINDS = {
    "domestic": "Domestic: between programmes of one country",
    "international": "International: towards a mutual recognition arrangement",
}
# The Plan sheet's four columns, and how its tables lie over them.
_WIDTHS = [22.0, 46.0, 16.0, 50.0]
_WIDE = [(1, 1), (2, 4)]  # No. or label, then the text across the rest


def plan_workbook(plan: Plan, generated: date) -> bytes:
    """The workbook of one plan, protected for reading."""
    wb, taken = _new_workbook()
    summary = wb.create_sheet(_sheet_name("Plan", taken))
    _plan_sheet(summary, plan, generated)
    tasks = wb.create_sheet(_sheet_name("Tasks", taken))
    _tasks_sheet(tasks, plan, generated)
    _meta_sheet(
        wb,
        "plan",
        generated,
        [],
        [("plan", plan.id), ("sheet:plan", summary.title), ("sheet:tasks", tasks.title)],
        [],
    )
    _properties(
        wb,
        f"Work plan: {plan.title}",
        f"{_kind(plan)}; {_parties(plan)}",
        f"work plan; AEO; {plan.id}",
    )
    wb.properties.description = (
        "Made by safe-map from the YAML data; read-only: `safe-map import` refuses a plan."
    )
    return _save(wb, read_only=True)


def _kind(plan: Plan) -> str:
    return _KINDS.get(plan.kind, plan.kind)


def _parties(plan: Plan) -> str:
    """'Authorized Economic Operator (AEO) (Customs, MX) and Safe Cargo Operator (OCS) ...'."""
    named = []
    for party in plan.parties:
        who = ", ".join(x for x in (party.authority, party.country) if x)
        named.append(f"{party.programme} ({who})" if who else party.programme)
    return " and ".join(named) or "no parties named"


def _progress(plan: Plan) -> str:
    """'1 complete, 4 in progress, 3 pending (8 tasks)'."""
    counts = plan.progress
    shown = ", ".join(f"{counts[s]} {s.label.lower()}" for s in TaskStatus)
    n = len(plan.tasks)
    return f"{shown} ({n} task{'s' if n != 1 else ''})"


def _plan_sheet(ws: Worksheet, plan: Plan, generated: date) -> None:
    _titles(
        ws,
        plan.title,
        f"Work plan {plan.id} · {_progress(plan)} · made by safe-map {__version__} on "
        f"{generated.isoformat()} · read-only: the Tasks sheet lists each task",
    )
    for j, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    last_col = len(_WIDTHS)
    source = plan.main_source
    facts = [
        ("Plan", plan.id),
        ("Kind", _kind(plan)),
        ("Countries", ", ".join(f"{partner_name(c)} ({c})" for c in plan.countries)),
        ("Progress", _progress(plan)),
        ("Source", source.display if source else plan.source),
        ("Notes", plan.notes),
    ]
    row = 3
    for label, value in facts:
        if value:
            row += 1
            _label_row(ws, row, label, value, _WIDTHS, last_col)

    row = _section(
        ws,
        row + 2,
        "Parties",
        ["Country", "Programme", "Authority", "Notes"],
        [
            [f"{partner_name(p.country)} ({p.country})", p.programme, p.authority, p.notes]
            for p in plan.parties
        ],
    )
    row = _section(
        ws,
        row + 2,
        "Objectives",
        ["No.", "Objective"],
        [[n, text] for n, text in enumerate(plan.objectives, start=1)],
        _WIDE,
    )
    row = _section(
        ws,
        row + 2,
        "Points the parties compare",
        ["No.", "Point", "Status", "Notes"],
        [[n, p.point, p.status, p.notes] for n, p in enumerate(plan.points, start=1)],
    )
    progress = [[s.label, plan.progress[s]] for s in TaskStatus]
    row = _section(
        ws,
        row + 2,
        "Progress",
        ["Status", "Tasks"],
        [*progress, ["Total", len(plan.tasks)]],
        [(1, 1), (2, 2)],
    )
    for r in range(row - len(TaskStatus), row):  # the status rows, above the total
        cell = ws.cell(row=r, column=1)
        cell.fill, cell.font = st.legend_style(st.TASK_COLOURS[str(cell.value)])
    row = _section(
        ws,
        row + 2,
        "Next steps",
        ["No.", "Step"],
        [[n, text] for n, text in enumerate(plan.next_steps, start=1)],
        _WIDE,
    )
    row = _section(
        ws,
        row + 2,
        "Sources",
        ["Id", "Source", "Where to find it"],
        [[s.id, s.display, _where_to_find(s)] for s in plan.sources],
        [(1, 1), (2, 2), (3, 4)],
    )
    _wrap_subtitle(ws, last_col)
    _print_setup(
        ws, f"Work plan: {plan.title}", generated, last_col="D", last_row=row, title_rows="1:2"
    )


def _section(
    ws: Worksheet,
    top: int,
    title: str,
    headings: list[str],
    rows: list[list[object]],
    spans: list[tuple[int, int]] | None = None,
) -> int:
    """A band, a header and the rows of one part of the Plan sheet (a line saying "None
    recorded" when it has none). Returns the last row written."""
    spans = spans or [(j, j) for j in range(1, len(headings) + 1)]
    _band(ws, top, title, 1, len(_WIDTHS))
    if not rows:
        _put(ws, top + 1, 1, "None recorded in the plan.", st.SUBTITLE)
        return top + 1
    row = top + 1
    _span_row(ws, row, headings, spans, st.HEADER, _WIDTHS)
    styles = [st.TEXT] * len(headings)
    if headings[0] == "No.":
        styles[0] = st.STATUS  # centred
    for values in rows:
        row += 1
        _span_row(ws, row, values, spans, styles, _WIDTHS)
    return row


def _events(task: Task) -> str:
    """A task's dated steps, a paragraph each: '2017-08-10 to 2017-08-11: AEO observed ...'."""
    lines = []
    for event in task.events:
        line = f"{_when(event.date) or 'Undated'}: {event.text}"
        lines.append(f"{line}\nNote: {event.note}" if event.note else line)
    return "\n".join(lines)


def _tasks_sheet(ws: Worksheet, plan: Plan, generated: date) -> None:
    _titles(
        ws,
        "Tasks",
        f"{plan.title} · {_progress(plan)} · read-only",
    )
    cols = [
        _Col("No.", st.STATUS, 5, 6),
        _Col("Task", st.TEXT, 20, 32),
        _Col("Status", st.STATUS, 13, 14),
        _Col("Description", st.TEXT, 30, 50),
        _Col("Date", st.STATUS, 11, 24),
        _Col("Events", st.TEXT, 30, 60),
        _Col("Notes", st.TEXT, 24, 50),
    ]
    rows = [
        [
            "" if t.number is None else t.number,
            t.title,
            t.status_label,
            t.description,
            _when(t.date),
            _events(t),
            t.notes,
        ]
        for t in plan.tasks
    ]
    last = _table(ws, cols, rows, notes=False, freeze="C", autofilter=True)
    if last >= FIRST_ROW:
        st.colour_values(ws, f"C{FIRST_ROW}:C{last}", st.TASK_COLOURS)
    _print_setup(ws, f"Work plan: {plan.title}", generated, last_col="G", last_row=last)
