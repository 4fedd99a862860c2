"""Mutual recognition and work plans as people read them: `mras`, `plans` and `plan`, in the
terminal (rich) and in Markdown; the JSON is in render/recognition_json.py.

The helpers at the top say once how an arrangement, a date or a plan's progress is put in
words, so that the three formats agree. rich is imported inside the terminal renderers only:
`-f json` and `-f markdown` do not pay for it.

Data text is untrusted, as everywhere: in the terminal it goes in as rich `Text` (never
markup) with unsafe characters made visible (render/neutralise.py); in Markdown it goes
through render/markdown.py's `escape`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from safe_map.model import Mra, mra_dated
from safe_map.plans import Party as PlanParty
from safe_map.plans import Plan, Task, TaskStatus
from safe_map.programme import FactView, group_fact_views, partner_name
from safe_map.recognition import Cell, MraMatrix, Party
from safe_map.render.markdown import escape
from safe_map.render.neutralise import visible

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from safe_map.groups import Group

# --- how things are put in words, in every format --------------------------------------------

# The states, short enough for a matrix cell.
SHORT_STATE = {
    "under-negotiation": "Negotiating",
    "signed": "Signed",
    "in-force": "In force",
    "suspended": "Suspended",
    "reported": "Reported",
}
ONE_SIDED = "*"  # after the state, in a cell only the partner's file records
ONE_SIDED_NOTE = (
    f"{ONE_SIDED} recorded only in the column's file: the row's own file does not record it."
)
NO_FILE = "no file"
LEFT_OUT = "file has errors, left out"


def short_state(state: str) -> str:
    return SHORT_STATE.get(state, state)


def state_date(mra: Mra) -> str:
    """The date that goes with the state ('2025-06-01' for in force); when the file gives no
    such date, another date it gives, named ('in force 2019-03-01' for a suspended one)."""
    own, others = mra_dated(mra)
    if own:
        return own
    return f"{others[0][0]} {others[0][1]}" if others else ""


def mra_when(mra: Mra) -> str:
    """The state and every date: 'Reported 2025-01-16 (signed 2024-04-26)'."""
    own, others = mra_dated(mra)
    head = f"{mra.state_label} {own}".strip()
    named = [f"{label} {value}" for label, value in others]
    return head + (f" ({', '.join(named)})" if named else "")


def cell_text(cell: Cell, one_sided: bool) -> tuple[str, str]:
    """A cell as two lines: the short state (with the one-sided mark) and its date."""
    return short_state(cell.mra.state) + (ONE_SIDED if one_sided else ""), state_date(cell.mra)


@dataclass(frozen=True)
class Arrangement:
    """One arrangement of the matrix, once, with the files that record it."""

    a: Party
    b: Party
    cell: Cell  # the record shown: a's own, or b's when only b records it
    recorded_by: list[str]  # ISO codes of the files that record it, in row order
    other: Cell | None  # the other side's record, when it says something else


def _said(mra: Mra) -> tuple[str, str, str, str]:
    return (mra.state, mra.signed, mra.in_force, mra.reported)


def arrangements(matrix: MraMatrix) -> list[Arrangement]:
    out = []
    for a, b, cell in matrix.arrangements:
        back = matrix.cell(b.code, a.code)
        recorded_by = list(dict.fromkeys(c.recorded_by for c in (cell, back) if c is not None))
        other = None
        if back is not None and back.recorded_by != cell.recorded_by:
            other = back if _said(back.mra) != _said(cell.mra) else None
        out.append(Arrangement(a, b, cell, recorded_by, other))
    return out


def shown_columns(matrix: MraMatrix) -> list[Party]:
    """The columns a reader needs: the members with at least one arrangement, then the
    partners outside. A member with none would add an empty column; its row says as much."""
    busy = {code for row, column in matrix.cells for code in (row, column)}
    return [p for p in matrix.columns if not p.member or p.code in busy]


def group_facts(group: Group) -> list[FactView]:
    """The group's facts with their sources, by date (undated last)."""
    return group_fact_views(group)


def _source_line(fact: FactView) -> str:
    return fact.source_title or fact.source or "no source named"


def progress_text(plan: Plan) -> str:
    """'1 complete, 4 in progress, 3 pending'."""
    counts = plan.progress
    return ", ".join(f"{counts[s]} {s.label.lower()}" for s in TaskStatus)


def progress_fraction(plan: Plan) -> str:
    done = plan.progress[TaskStatus.COMPLETE]
    return f"{done} of {len(plan.tasks)} task{'s' if len(plan.tasks) != 1 else ''} complete"


TASK_SYMBOL = {"complete": "✔", "in-progress": "◐", "pending": "○"}


def party_text(party: PlanParty) -> str:
    """'Safe Cargo Operator (OCS), Civil Aviation, Mexico'."""
    return ", ".join(
        p for p in (party.programme, party.authority, partner_name(party.country)) if p
    )


def plan_parties(plan: Plan) -> str:
    return "; ".join(party_text(p) for p in plan.parties)


def _task_head(task: Task) -> str:
    return f"{task.number}. {task.title}" if task.number is not None else task.title


def _plan_source_lines(plan: Plan) -> list[str]:
    """The plan's source: its display line, then where to find it, then its notes."""
    source = plan.main_source
    if source is None:
        return [f"{plan.source} (not among the plan's sources)"] if plan.source else []
    where = [w for w in (source.publisher, source.document, source.url) if w]
    if source.accessed:
        where.append(f"read {source.accessed}")
    return [source.display, *where, *([source.notes] if source.notes else [])]


def _row_label(party: Party, left_out: frozenset[str]) -> tuple[str, str]:
    """The row's name and, for a member without a file to read, why its row is empty."""
    why = "" if party.has_file else (LEFT_OUT if party.code in left_out else NO_FILE)
    return f"{party.code} {party.name}", why


def _legend(columns: list[Party]) -> str:
    return "Columns: " + "; ".join(f"{p.code} {p.name}" for p in columns)


def _columns_dropped(matrix: MraMatrix, columns: list[Party]) -> bool:
    return len(columns) < len(matrix.columns)


EMPTY_COLUMNS_NOTE = "Members with no arrangement recorded have no column."
NONE_RECORDED_NOTE = (
    "· none recorded in the files (which does not mean none exists); — the country itself."
)


# --- Markdown ----------------------------------------------------------------------------------


def mras_markdown(matrix: MraMatrix, group: Group | None, left_out: frozenset[str]) -> str:
    title = f"Mutual recognition: {group.name}" if group else "Mutual recognition"
    lines = [f"# {escape(title)}", ""]
    if not matrix.cells:
        lines += ["No arrangement is recorded in these countries' files.", ""]
    else:
        lines += _matrix_markdown(matrix, left_out)
        lines += ["## Arrangements", "", *_arrangements_markdown(matrix), ""]
    if group is not None:
        lines += _group_facts_markdown(group)
    return "\n".join(lines)


def _matrix_markdown(matrix: MraMatrix, left_out: frozenset[str]) -> list[str]:
    columns = shown_columns(matrix)
    lines = [
        "| Country | " + " | ".join(escape(p.code) for p in columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for row in matrix.rows:
        name, why = _row_label(row, left_out)
        cells = []
        for column in columns:
            found = matrix.cell(row.code, column.code)
            if found is None:
                cells.append("—" if column.code == row.code else "")
                continue
            state, date = cell_text(found, (row.code, column.code) in matrix.one_sided)
            cells.append(escape(f"{state} {date}".strip()))
        label = escape(name) + (f" ({escape(why)})" if why else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    legend = [
        _legend(columns),
        "An empty cell: none recorded in the files (which does not mean none exists).",
    ]
    legend += [ONE_SIDED_NOTE] if matrix.one_sided else []
    legend += [EMPTY_COLUMNS_NOTE] if _columns_dropped(matrix, columns) else []
    return [*lines, "", "  \n".join(escape(n) for n in legend), ""]  # a line each


def _arrangements_markdown(matrix: MraMatrix) -> list[str]:
    lines = [
        "| Parties | State and dates | Recorded by | Source | URL | Notes |",
        "|---|---|---|---|---|---|",
    ]
    for item in arrangements(matrix):
        notes = item.cell.mra.notes
        if item.other is not None:
            notes = f"{item.other.recorded_by}'s file: {mra_when(item.other.mra)}. {notes}"
        parties = f"{item.a.name} ({item.a.code}) and {item.b.name} ({item.b.code})"
        lines.append(
            f"| {escape(parties)} | {escape(mra_when(item.cell.mra))} | "
            f"{escape(', '.join(item.recorded_by))} | {escape(item.cell.source_title)} | "
            f"{escape(item.cell.source_url)} | {escape(notes)} |"
        )
    return lines


def _group_facts_markdown(group: Group) -> list[str]:
    facts = group_facts(group)
    lines = [f"## Facts of {escape(group.name)}", ""]
    if not facts:
        return [*lines, "The group's file records no facts.", ""]
    lines += ["| Date | Fact | Source | Note |", "|---|---|---|---|"]
    for f in facts:
        source = _source_line(f) + (f", {f.url}" if f.url else "")
        lines.append(
            f"| {escape(f.date) or '—'} | {escape(f.text)} | {escape(source)} | {escape(f.note)} |"
        )
    return [*lines, ""]


def plans_markdown(plans: list[Plan]) -> str:
    lines = [
        "# Work plans",
        "",
        "| Id | Title | Kind | Parties | Progress |",
        "|---|---|---|---|---|",
    ]
    for plan in plans:
        lines.append(
            f"| {escape(plan.id)} | {escape(plan.title)} | {escape(plan.kind)} | "
            f"{escape(plan_parties(plan))} | {escape(progress_text(plan))} |"
        )
    return "\n".join(lines) + "\n"


def plan_markdown(plan: Plan) -> str:
    lines = [f"# {escape(plan.title)}", "", f"Plan {escape(plan.id)}, {escape(plan.kind)}.", ""]
    lines += [
        f"Progress: {escape(progress_text(plan))} ({escape(progress_fraction(plan))}).",
        "",
        "## Parties",
        "",
    ]
    lines += [f"- {escape(party_text(p))}" for p in plan.parties] + [""]
    if plan.objectives:
        lines += ["## Objectives", "", *[f"- {escape(o)}" for o in plan.objectives], ""]
    if plan.points:
        lines += ["## Points compared", ""]
        for point in plan.points:
            status = f" ({escape(_status_label(point.status))})" if point.status else ""
            note = f": {escape(point.notes)}" if point.notes else ""
            lines.append(f"- {escape(point.point)}{status}{note}")
        lines.append("")
    lines += ["## Tasks", "", "| No. | Task | Status | Date |", "|---|---|---|---|"]
    for task in plan.tasks:
        number = "" if task.number is None else str(task.number)
        lines.append(
            f"| {number} | {escape(task.title)} | {TASK_SYMBOL.get(task.status, '')} "
            f"{escape(task.status_label)} | {escape(task.date) or '—'} |"
        )
    lines.append("")
    for task in plan.tasks:
        if not (task.description or task.events or task.notes):
            continue
        lines += [f"### {escape(_task_head(task))}", ""]
        if task.description:
            lines += [escape(task.description), ""]
        for event in task.events:
            when = escape(event.date) if event.date else "undated"
            note = f" (note: {escape(event.note)})" if event.note else ""
            lines.append(f"- **{when}**: {escape(event.text)}{note}")
        if task.events:
            lines.append("")
        if task.notes:
            lines += [f"Notes: {escape(task.notes)}", ""]
    if plan.next_steps:
        lines += ["## Next steps", "", *[f"- {escape(s)}" for s in plan.next_steps], ""]
    source = _plan_source_lines(plan)
    if source:
        lines += ["## Source", "", *[f"- {escape(s)}" for s in source], ""]
    if plan.notes:
        lines += ["## Notes", "", escape(plan.notes), ""]
    return "\n".join(lines)


def _status_label(status: str) -> str:
    try:
        return TaskStatus(status).label
    except ValueError:
        return status


# --- terminal ----------------------------------------------------------------------------------

STATE_STYLE = {
    "in-force": "green",
    "signed": "cyan",
    "under-negotiation": "yellow",
    "suspended": "red",
    "reported": "magenta",
}
TASK_STYLE = {"complete": "green", "in-progress": "yellow", "pending": "dim"}


def _data(text: str, style: str = "") -> Text:
    """Data text for rich: never markup, unsafe characters made visible."""
    from rich.text import Text

    return Text(visible(text), style=style)


def _bullets(lines: Iterable[Text]) -> RenderableType:
    """Bulleted lines whose continuation aligns with the text, not the bullet."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("•", line)
    return grid


def mras_terminal(
    matrix: MraMatrix, group: Group | None, left_out: frozenset[str]
) -> RenderableType:
    from rich.console import Group as Stack
    from rich.text import Text

    title = f"Mutual recognition: {group.name}" if group else "Mutual recognition"
    parts: list[RenderableType] = [_data(title, "bold")]
    columns = shown_columns(matrix)
    if not matrix.cells:
        parts.append(Text("No arrangement is recorded in these countries' files.", style="dim"))
    else:
        parts.append(_Matrix(matrix, columns, left_out))  # its top edge is a blank line
        parts.append(_data(_legend(columns), "dim"))
        parts.append(Text(NONE_RECORDED_NOTE, style="dim"))
        if matrix.one_sided:
            parts.append(Text(ONE_SIDED_NOTE, style="dim"))
        if _columns_dropped(matrix, columns):
            parts.append(Text(EMPTY_COLUMNS_NOTE, style="dim"))
        parts += [Text(""), Text("Arrangements", style="bold"), _arrangements_terminal(matrix)]
    if group is not None:
        parts += [Text(""), *_group_facts_terminal(group)]
    return Stack(*parts)


class _Matrix:
    """Members by partners. When the columns do not fit the width, the matrix is split into
    parts that do, each with the row names: no partner is lost (as region's heat map)."""

    def __init__(self, matrix: MraMatrix, columns: list[Party], left_out: frozenset[str]):
        self.matrix, self.columns, self.left_out = matrix, columns, left_out

    def __rich_console__(self, console, options):
        from rich.measure import Measurement
        from rich.text import Text

        from safe_map.render.terminal import _balanced_chunks

        unbounded = options.update_width(10**6)

        def width(columns: list[Party]) -> int:
            table = _matrix_table(self.matrix, columns, self.left_out)
            return Measurement.get(console, unbounded, table).maximum

        if len(self.columns) <= 1 or width(self.columns) <= options.max_width:
            yield _matrix_table(self.matrix, self.columns, self.left_out)
            return
        base = width([])
        widths = [width([column]) - base for column in self.columns]
        chunks = list(_balanced_chunks(widths, options.max_width - base))
        for i, chunk in enumerate(chunks, start=1):
            part = [self.columns[j] for j in chunk]
            named = visible(part[0].code) + (
                f" to {visible(part[-1].code)}" if len(part) > 1 else ""
            )
            yield Text(f"Part {i} of {len(chunks)}: {named}", style="bold")
            yield _matrix_table(self.matrix, part, self.left_out)
            if i < len(chunks):
                yield Text("")

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        table = _matrix_table(self.matrix, self.columns, self.left_out)
        return Measurement.get(console, options, table)


def _matrix_table(matrix: MraMatrix, columns: list[Party], left_out: frozenset[str]):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # ISO codes as column heads and two-line cells (state, then date) keep CAREC's members
    # and their partners outside within 80 columns; the legend names the codes.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0))
    # A long name wraps within its row (cells are two lines high anyway).
    table.add_column("Country", min_width=12, max_width=22)
    for column in columns:
        table.add_column(_data(column.code), no_wrap=True, min_width=3)
    for row in matrix.rows:
        name, why = _row_label(row, left_out)
        label = _data(name)
        if why:
            label.append(f" ({why})", style="dim")
        cells: list[Text] = []
        for column in columns:
            found = matrix.cell(row.code, column.code)
            if found is None:
                cells.append(Text("—" if column.code == row.code else "·", style="dim"))
                continue
            state, date = cell_text(found, (row.code, column.code) in matrix.one_sided)
            cell = _data(state, STATE_STYLE.get(found.mra.state, ""))
            if date:
                cell.append("\n")
                cell.append(visible(date))
            cells.append(cell)
        table.add_row(label, *cells)
    return table


def _arrangements_terminal(matrix: MraMatrix) -> RenderableType:
    from rich.text import Text

    lines = []
    for item in arrangements(matrix):
        line = Text.assemble(
            (visible(f"{item.a.name} ({item.a.code}) and {item.b.name} ({item.b.code})"), "bold"),
            ": ",
            (visible(mra_when(item.cell.mra)), STATE_STYLE.get(item.cell.mra.state, "")),
        )
        line.append(visible(f"\nRecorded by {' and '.join(item.recorded_by)}"), style="dim")
        if item.other is not None:
            line.append(
                visible(f"; {item.other.recorded_by}'s file says {mra_when(item.other.mra)}"),
                style="yellow",
            )
        line.append(visible(f". Source: {item.cell.source_title or item.cell.mra.source}"), "dim")
        if item.cell.mra.notes:
            line.append(visible(f"\n{item.cell.mra.notes}"), style="dim italic")
        lines.append(line)
    return _bullets(lines)


def _group_facts_terminal(group: Group) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [_data(f"Facts of {group.name}", "bold")]
    facts = group_facts(group)
    if not facts:
        return [*parts, Text("The group's file records no facts.", style="dim")]
    # Facts grouped by their source, named once above them: the survey's eleven facts would
    # otherwise repeat one long title eleven times.
    by_source: dict[str, list[FactView]] = {}
    for fact in facts:
        by_source.setdefault(fact.source, []).append(fact)
    for source_id, listed in by_source.items():
        source = next((s for s in group.sources if s.id == source_id), None)
        parts.append(_data(f"From: {source.display if source else _source_line(listed[0])}", "dim"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=13)  # an interval breaks after its "to"
        grid.add_column(ratio=1)
        for fact in listed:
            text = _data(fact.text)
            if fact.note:
                text.append(visible(f"\nNote: {fact.note}"), style="dim italic")
            when = fact.date.replace("/", " to ") if fact.date else "undated"
            grid.add_row(_data(when, "dim"), text)
        parts.append(grid)
    return parts


def plans_terminal(plans: list[Plan]) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, title=Text("Work plans", style="bold"), title_justify="left")
    table.add_column("Plan", ratio=3)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Parties", ratio=3)
    table.add_column("Progress", no_wrap=True)
    for plan in plans:
        head = _data(plan.id, "bold")
        head.append(visible(f"\n{plan.title}"))
        parties = Text("\n").join(_data(party_text(p)) for p in plan.parties)
        # One count a line: the column stays narrow and each count reads whole.
        progress = Text("\n").join(Text(part) for part in progress_text(plan).split(", "))
        table.add_row(head, _data(plan.kind), parties, progress)
    return table


def plan_terminal(plan: Plan) -> RenderableType:
    from rich.console import Group as Stack
    from rich.text import Text

    parts: list[RenderableType] = [
        _data(plan.title, "bold"),
        _data(f"Plan {plan.id}, {plan.kind}", "dim"),
        Text(""),
        Text.assemble(("Progress: ", "bold"), _progress_bar(plan)),
        _data(f"{progress_text(plan)} ({progress_fraction(plan)})"),
        Text(""),
        Text("Parties", style="bold"),
        _bullets(_data(party_text(p)) for p in plan.parties),
    ]
    if plan.objectives:
        parts += [Text(""), Text("Objectives", style="bold")]
        parts.append(_bullets(_data(o) for o in plan.objectives))
    if plan.points:
        parts += [Text(""), Text("Points compared", style="bold")]
        points = []
        for point in plan.points:
            line = _data(point.point)
            if point.status:
                line.append(
                    visible(f" ({_status_label(point.status)})"), TASK_STYLE.get(point.status, "")
                )
            if point.notes:
                line.append(visible(f"\n{point.notes}"), style="dim italic")
            points.append(line)
        parts.append(_bullets(points))
    parts += [Text(""), _tasks_table(plan)]
    if plan.next_steps:
        parts += [Text("Next steps", style="bold"), _bullets(_data(s) for s in plan.next_steps)]
    source = _plan_source_lines(plan)
    if source:
        parts += [Text(""), Text("Source", style="bold"), _bullets(_data(s) for s in source)]
    if plan.notes:
        parts += [Text(""), Text("Notes", style="bold"), _data(plan.notes, "dim")]
    return Stack(*parts)


def _progress_bar(plan: Plan) -> Text:
    """One symbol per task, in the plan's order: ✔ complete, ◐ in progress, ○ pending."""
    from rich.text import Text

    return Text(" ").join(
        Text(TASK_SYMBOL.get(t.status, "?"), style=TASK_STYLE.get(t.status, "")) for t in plan.tasks
    )


def _tasks_table(plan: Plan):
    from rich import box
    from rich.console import Group as Stack
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.SIMPLE_HEAD, title=Text("Tasks", style="bold"), title_justify="left", expand=True
    )
    table.add_column("No.", justify="right", no_wrap=True)
    table.add_column("Task", ratio=1)
    table.add_column("Status", no_wrap=True)
    for task in plan.tasks:
        head = _data(task.title, "bold")
        if task.date:
            head.append(visible(f" ({task.date})"))
        cell: list[RenderableType] = [head]
        if task.description:
            cell.append(_data(task.description))
        if task.events:
            cell.append(_bullets(_event(event) for event in task.events))
        if task.notes:
            cell.append(_data(f"Notes: {task.notes}", "dim italic"))
        status = Text(
            f"{TASK_SYMBOL.get(task.status, '?')} {visible(task.status_label)}",
            style=TASK_STYLE.get(task.status, ""),
        )
        table.add_row("" if task.number is None else str(task.number), Stack(*cell), status)
    return table


def _event(event) -> Text:
    """'2017-08-10 to 2017-08-11: AEO participated ...', then its note."""
    when = event.date.replace("/", " to ") if event.date else "undated"
    line = _data(f"{when}: ", "bold")
    line.append(visible(event.text))
    if event.note:
        line.append(visible(f"\nNote: {event.note}"), style="dim italic")
    return line
