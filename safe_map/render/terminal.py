"""Terminal rendering with rich: tables that read with or without colour, and fit 80 columns.

Text from the data never acts on the terminal (issue 10, item 2). rich passes ESC, C1 and the
other control characters through, even in a `Text` (it drops only BEL, BS, VT, FF and CR), and
reads a `str` as markup (`[link=...]` makes a hyperlink, `[/]` is an error). So every piece of
data text goes in as `Text` (`_data`, never markup), with each unsafe character written as an
escape (`\\x1b[2J`, as `check` writes it: render/neutralise.py), and the console itself
(`make_console`) escapes any that would still reach it, as a last resort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.constrain import Constrain
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from safe_map.analysis import (
    READINESS,
    READINESS_NOTE,
    Comparison,
    Report,
    Row,
    Tally,
    format_score,
)
from safe_map.model import Country, Framework, Standard, Status
from safe_map.programme import (
    FactView,
    MraView,
    ProgrammeView,
    between_text,
    group_fact_views,
    mapping_sources,
    programme_view,
)
from safe_map.render.neutralise import UNSAFE, visible

if TYPE_CHECKING:  # the loader's class, named in hints only: a renderer reads no YAML
    from safe_map.groups import Group as GroupOfCountries

# A wide terminal does not spread a report's tables across its whole width: the status stays
# next to the standard and its legal basis.
REPORT_WIDTH = 120

STATUS_STYLE = {
    Status.YES: "green",
    Status.PARTIAL: "yellow",
    Status.NO: "red",
    Status.PLANNED: "cyan",
    Status.NOT_ASSESSED: "magenta",
    Status.NOT_APPLICABLE: "dim",
}


def _data(text: str, style: str = "") -> Text:
    """Text from the data as a table cell or a line: never markup, unsafe characters escaped."""
    return Text(visible(text), style=style)


def status_text(status: Status) -> Text:
    return Text(f"{status.symbol} {status.label}", style=STATUS_STYLE[status])


def _status_cell(row: Row) -> Text:
    """The status, and under it the date planned work is due, when the file gives one."""
    if not row.target_date:
        return status_text(row.status)
    return Text.assemble(status_text(row.status), "\n", (f"by {visible(row.target_date)}", "dim"))


def _titled(title: str, expand: bool = True) -> Table:
    """The table style of every view: a bold title on the left, a rule under the header;
    `title` is shown as text, never markup (the caller escapes data in it)."""
    return Table(
        title=Text(title, style="bold"),
        title_style="bold",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=expand,
    )


def _score_text(t: Tally) -> Text:
    score = t.score
    style = (
        "dim" if score is None else "green" if score >= 0.8 else "yellow" if score >= 0.5 else "red"
    )
    return Text(format_score(score), style=f"bold {style}")


def report(report: Report) -> RenderableType:
    country, framework = report.country, report.framework
    parts: list[RenderableType] = [
        Text.assemble(
            (f"{visible(country.name)} ({visible(country.iso)})", "bold"),
            " against the ",
            (visible(framework.name), "bold"),
        )
    ]
    for source in mapping_sources(country):  # the programme's are listed with it
        parts.append(_data(f"Source: {source.display}", style="dim"))
    for p in report.pillars:
        title = f"Pillar {p.pillar.number}: {visible(p.pillar.name)}"
        if not p.rows:  # --gaps, and nothing to show: say so in a line of its own
            parts += [
                Text(""),
                Text(title, style="bold"),
                Text("Every standard of this pillar is met.", style="green"),
            ]
            continue
        table = _titled(title)
        table.add_column("Standard", ratio=2)
        table.add_column("Legal basis (and notes)", ratio=3)
        table.add_column("Status", no_wrap=True)
        for row in p.rows:
            basis = Text("\n").join(_data(f"• {c}") for c in row.citations)
            if not row.citations:
                basis = Text("—", style="dim")
            if row.notes:
                basis.append(f"\nNote: {visible(row.notes)}", style="dim italic")
            table.add_row(_standard(row.standard), basis, _status_cell(row))
        parts += [Text(""), Constrain(table, REPORT_WIDTH)]
    parts += [Text(""), summary(report)]
    # The programme before the recommendations: they close the report with what to do, and
    # the source's own (Mongolia's: "Optimize the uptake of the AEO program") read best after
    # the programme's facts.
    parts += [Text(""), programme(report.country)]
    parts += [Text(""), recommendations(report)]
    return Group(*parts)


def summary(report: Report) -> RenderableType:
    table = _titled("Summary", expand=False)
    table.add_column("Pillar")
    for status in Status:
        table.add_column(Text(status.symbol, style=STATUS_STYLE[status]), justify="right")
    table.add_column("Met", justify="right", no_wrap=True)
    table.add_column("Score", justify="right")
    rows = [(f"{p.pillar.number}. {visible(p.pillar.name)}", p.tally) for p in report.pillars]
    rows.append(("Overall", report.overall))
    for i, (name, t) in enumerate(rows):
        table.add_row(
            Text(name, style="bold" if i == len(rows) - 1 else ""),
            *[str(t.counts[s]) for s in Status],
            f"{t.met} of {t.total}",
            _score_text(t),
            end_section=i == len(rows) - 2,
        )
    legend = Text("  ").join(Text(f"{s.symbol} {s.label}", style=STATUS_STYLE[s]) for s in Status)
    rule = Text(
        "Score = (yes + ½ partial) / (yes + partial + no + planned); "
        "not assessed and not applicable are left out.",
        style="dim",
    )
    return Group(table, legend, rule)


def _bullets(lines: list[Text]) -> Table:
    """Bulleted lines whose wrapped continuation aligns with the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("•", line)
    return grid


def recommendations(report: Report) -> RenderableType:
    parts: list[RenderableType] = [Text("Recommendations", style="bold")]
    if not report.gaps and not report.not_assessed:
        parts.append(Text("Every assessed standard is met.", style="green"))
    for p in report.pillars:
        gaps = report.gaps_in(p.pillar.number)
        if not gaps:
            continue
        parts.append(Text(f"Pillar {p.pillar.number}: {visible(p.pillar.name)}", style="bold"))
        parts.append(
            _bullets(
                [
                    Text.assemble(
                        (
                            f"Standard {gap.standard.number}, {visible(gap.standard.display_title)}",
                            "bold",
                        ),
                        " (",
                        status_text(gap.status),
                        "): ",
                        visible(gap.standard.remedy),
                    )
                    for gap in gaps
                ]
            )
        )
    if report.not_assessed:
        ids = visible(", ".join(s.id for s in report.not_assessed))
        if report.gaps:  # a heading of its own, not under the last pillar's
            parts.append(Text("Not yet assessed", style="bold"))
        parts.append(
            _bullets(
                [Text(f"Assess the {len(report.not_assessed)} standards not yet assessed: {ids}")]
            )
        )
    if report.recommendations:
        parts.append(_data(f"From the source, for {report.country.name}", style="bold"))
        parts.append(_bullets([_data(r.text) for r in report.recommendations]))
    return Group(*parts)


NO_PROGRAMME_FACTS = "No source gives facts on this country's AEO programme."


class _Sources:
    """The sources a section cites, numbered in the order it first cites them: a fact ends
    with "[2]" and the list under the section names source 2, so that a fact keeps to a line
    or two at 80 columns however long its source's title."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.named: list[tuple[str, str]] = []  # (title, or the id when the file has none; url)

    def mark(self, source: str, title: str, url: str) -> str:
        """' [n]' for the source `source` (an id); '' when nothing names one."""
        if not source:
            return ""
        if source not in self.numbers:
            self.numbers[source] = len(self.numbers) + 1
            self.named.append((title or source, url))
        return f" [{self.numbers[source]}]"

    def listed(self) -> RenderableType:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, min_width=4)
        grid.add_column(ratio=1, overflow="fold")  # an address cut short leads nowhere
        for number, (title, url) in enumerate(self.named, start=1):
            grid.add_row(
                f"[{number}]",
                Text.assemble(visible(title), (f" {visible(url)}" if url else "", "dim")),
            )
        return Group(Text("Sources", style="bold"), grid)


def _when(date: str) -> str:
    """A date or an interval as people read it: '2024-08-15 to 2024-08-16'."""
    return date.replace("/", " to ")


def _fact_line(fact: FactView, cited: _Sources) -> Text:
    """'2021-11-01: text [2]', and the fact's note under it."""
    line = Text.assemble(
        f"{visible(_when(fact.date))}: " if fact.date else "",
        visible(fact.text),
        cited.mark(fact.source, fact.source_title, fact.url),
    )
    if fact.note:
        line.append(f"\nNote: {visible(fact.note)}", style="dim italic")
    return line


def _mra_state(mra: MraView) -> str:
    """'in force 2025-06-01'; 'suspended, in force 2020-01-01' when the date is of another
    state; 'under negotiation' when no date goes with it."""
    state = mra.state_label.lower()
    if not mra.when:
        return state
    return mra.when if mra.when.startswith(state) else f"{state}, {mra.when}"


def _mra_line(mra: MraView, cited: _Sources) -> Text:
    name = (
        mra.partner_name
        if mra.partner_name == mra.partner
        else f"{mra.partner_name} ({mra.partner})"
    )
    line = Text.assemble(
        (visible(name), "bold"),
        f": {visible(_mra_state(mra))}",
        cited.mark(mra.source, mra.source_title, mra.url),
    )
    if mra.notes:
        line.append(f"\nNote: {visible(mra.notes)}", style="dim italic")
    return line


def _programme_fields(view: ProgrammeView, cited: _Sources) -> Table:
    """Status, since, authority, legal basis, unit and staff: what the programme's source
    gives, each with its mark; then the file's notes on them."""

    def mark_of(key: str) -> str:
        ref = view.source_ref(key)
        return cited.mark(ref.id, ref.title, ref.url)

    mark = mark_of("")
    grid = Table.grid(padding=(0, 2), pad_edge=True)  # indented as the bullets are
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    if view.status == "unknown":  # a status no source gives is not cited (notes say why)
        grid.add_row("Status", Text("Unknown", style="dim"))
    elif view.status:
        as_of = f", as of {_when(view.as_of)}" if view.as_of else ""
        grid.add_row("Status", _data(f"{view.status_label}{as_of}{mark_of('status')}"))
    else:
        grid.add_row("Status", Text("Unknown (no source gives it)", style="dim"))
    basis = [
        f"• {c}{cited.mark(ref.id, ref.title, ref.url)}"
        for c, ref in zip(view.legal_basis, view.legal_basis_sources, strict=False)
    ]
    rows = [  # (label, the value with its mark, or '' when the file gives none)
        ("Since", view.since and _when(view.since) + mark_of("since")),
        ("Authority", view.authority and view.authority + mark_of("authority")),
        ("Legal basis", "\n".join(basis)),
        ("Responsible unit", view.responsible_unit and view.responsible_unit + mark),
        ("Staff", "" if view.staff is None else f"{view.staff}{mark}"),
        ("In practice", "\n".join(f"• {p}{mark}" for p in view.practices)),
        ("Paperless trade", "\n".join(f"• {m}{mark}" for m in view.paperless_trade_measures)),
    ]
    for label, value in rows:
        if value:
            grid.add_row(label, _data(value))
    if view.notes:
        grid.add_row("Notes", _data(view.notes, style="dim italic"))
    return grid


def programme(country: Country) -> RenderableType:
    """The country's AEO programme and its mutual recognition, every fact with its source;
    one line when no source gives any (nothing is inferred)."""
    heading = Text("AEO programme", style="bold")
    if country.programme is None and not country.mras:
        return Group(heading, Text(NO_PROGRAMME_FACTS, style="dim"))
    view = programme_view(country)
    cited = _Sources()
    parts: list[RenderableType] = [heading, _programme_fields(view, cited)]
    if view.mras:
        lines = [_mra_line(m, cited) for m in view.mras]
        parts += [Text(""), Text("Mutual recognition", style="bold"), _bullets(lines)]
    if view.facts:
        lines = [_fact_line(f, cited) for f in view.facts]
        parts += [Text(""), Text("Facts", style="bold"), _bullets(lines)]
    if cited.named:
        parts += [Text(""), cited.listed()]
    return Group(*parts)


def standards(framework: Framework, pillars: list[int] | None) -> RenderableType:
    parts: list[RenderableType] = [
        _data(f"{framework.title} ({framework.edition})", style="bold"),
        _data(
            f"{framework.publisher}; id {framework.id}"
            + (f"; {framework.status}" if framework.status else ""),
            style="dim",
        ),
    ]
    if framework.title_caveat:
        parts.append(_data(framework.title_caveat, style="dim italic"))
    for p in framework.pillars:
        if pillars and p.number not in pillars:
            continue
        table = _titled(f"Pillar {p.number}: {visible(p.name)}")
        table.add_column("Id", no_wrap=True)
        table.add_column("No.", justify="right")
        table.add_column("Title", ratio=1)
        for s in p.standards:
            table.add_row(_data(s.id), str(s.number), _data(s.display_title))
        parts += [Text(""), table]
    return Group(*parts)


class _WithoutTopEdge:
    """A table without the blank line its box draws above the header, so that output does
    not start with an empty line."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.table, options, pad=False)
        for line in lines[1:]:
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table)


def countries(rows: list[tuple[Country, Framework | None, Tally | None]]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD)
    # The file name is what one types: the other columns wrap before it is cut, and on a
    # narrow terminal fold rather than lose letters.
    table.add_column("Country", overflow="fold")
    table.add_column("ISO", overflow="fold")
    table.add_column("File", no_wrap=True, overflow="fold")
    table.add_column("Met", justify="right", overflow="fold")
    table.add_column("Assessed", justify="right", overflow="fold")
    table.add_column("Score", justify="right", overflow="fold")
    for country, _framework, t in rows:
        if t is None:
            table.add_row(
                _data(country.name),
                _data(country.iso),
                _data(country.slug),
                "—",
                "—",
                Text("—", style="dim"),
            )
            continue
        assessed = t.total - t.counts[Status.NOT_ASSESSED]
        table.add_row(
            _data(country.name),
            _data(country.iso),
            _data(country.slug),
            f"{t.met} of {t.total}",
            f"{assessed} of {t.total}",
            _score_text(t),
        )
    return _WithoutTopEdge(table)


class _EscapingConsole(Console):
    """A console that writes no unsafe character raw: the last line of defence, for text that
    reached a renderable without `_data` (it is escaped after layout, so its line may run a few
    columns long; what `_data` escapes is laid out as shown)."""

    _outermost = True

    def render(self, renderable, options=None):  # type: ignore[override]
        if not self._outermost:  # rich renders nested parts through here: scan them once
            yield from super().render(renderable, options)
            return
        self._outermost = False
        try:
            for segment in super().render(renderable, options):
                if segment.control is None and UNSAFE.search(segment.text):
                    segment = Segment(visible(segment.text), segment.style)
                yield segment
        finally:
            self._outermost = True


def make_console(file=None, width: int | None = None, color: bool | None = None) -> Console:
    kwargs: dict = {"file": file, "width": width, "highlight": False}
    if color is False:
        kwargs["no_color"] = True
        kwargs["force_terminal"] = False
    return _EscapingConsole(**kwargs)


def _standard(standard: Standard, indent: str = "") -> Text:
    """'4. Risk-Management', the way every table names a standard."""
    return Text(f"{indent}{standard.number}. {visible(standard.display_title)}")


def _basis(row) -> Text:
    if not row.citations:
        return Text("—", style="dim")
    return Text("\n").join(_data(f"• {c}") for c in row.citations)


READINESS_LABELS = {
    "both": "both meet",
    "only_a": "only {a}",
    "only_b": "only {b}",
    "neither": "neither meets",
    "unknown": "unknown",
}

_AGREE = {
    True: ("= same", "green"),
    False: ("≠ differ", "red"),
    None: ("? unknown", STATUS_STYLE[Status.NOT_ASSESSED]),
}


def _title_width(standards: Sequence[Standard], most: int = 24) -> int:
    """Room for '4. Risk-Management' on one line: the number with the first word, and every
    word whole, up to `most` characters."""
    titles = [(s.number, visible(s.display_title).split()) for s in standards]
    needed = [len(f"{number}. {words[0]}") for number, words in titles if words]
    needed += [len(word) for _number, words in titles for word in words]
    return min(max(needed, default=1), most)


def comparison(result: Comparison) -> RenderableType:
    a, b = result.a, result.b
    parts: list[RenderableType] = [
        Text.assemble(
            (visible(f"{a.name} ({a.iso})"), "bold"),
            " and ",
            (visible(f"{b.name} ({b.iso})"), "bold"),
            " against the ",
            (visible(result.framework.name), "bold"),
        )
    ]
    for pillar, pairs in result.pillars:
        table = _titled(f"Pillar {pillar.number}: {visible(pillar.name)}")
        # A width with a ratio is the least the column gets: titles keep whole words.
        table.add_column("Standard", ratio=2, width=_title_width(result.framework.standards))
        table.add_column(_data(a.iso), ratio=3)
        table.add_column(_data(b.iso), ratio=3)
        table.add_column("Agree", no_wrap=True)
        for pair in pairs:
            cell_a = Text.assemble(status_text(pair.a.status), "\n", _basis(pair.a))
            cell_b = Text.assemble(status_text(pair.b.status), "\n", _basis(pair.b))
            agree = Text(*_AGREE[pair.agree])
            table.add_row(_standard(pair.standard), cell_a, cell_b, agree)
        parts += [Text(""), table]
    parts += [Text(""), _readiness(result), Text(READINESS_NOTE, style="dim")]
    parts += [Text(""), _programmes(result)]
    return Group(*parts)


def _programmes(result: Comparison) -> RenderableType:
    """The two AEO programmes side by side, and the arrangement between the two, as their
    files record them (assess shows each value's source)."""
    a, b = result.a, result.b
    views = programme_view(a), programme_view(b)
    table = _titled("AEO programmes")
    table.add_column("")
    table.add_column(_data(f"{a.name} ({a.iso})"), ratio=1)
    table.add_column(_data(f"{b.name} ({b.iso})"), ratio=1)
    for label, values in (
        ("Status", [_status_as_of(v) for v in views]),
        ("Since", [_when(v.since) for v in views]),
        ("Authority", [v.authority for v in views]),
        ("Legal basis", ["\n".join(f"• {line}" for line in v.legal_basis) for v in views]),
        ("MRAs", [f"{len(v.mras)} recorded, {len(v.in_force)} in force" for v in views]),
    ):
        table.add_row(Text(label, style="bold"), *(_data(value or "—") for value in values))
    between = Text.assemble(
        ("Mutual recognition between them: ", "bold"), visible(between_text(a, b))
    )
    note = "Each value's source: `safe-map assess COUNTRY`; every arrangement: `safe-map mras`."
    return Group(table, between, Text(note, style="dim"))


def _status_as_of(view: ProgrammeView) -> str:
    if not view.status:
        return ""
    return view.status_label + (f", as of {_when(view.as_of)}" if view.as_of else "")


def _readiness(result: Comparison) -> Table:
    a, b = result.a, result.b
    ready = _titled("Readiness for mutual recognition", expand=False)
    ready.add_column("Pillar")
    # Narrow count columns, their heads on two lines, leave the pillar names room.
    ready.add_column("assessed by both", justify="right", max_width=8)
    for key in READINESS[:-1]:
        label = READINESS_LABELS[key].format(a=visible(a.iso), b=visible(b.iso))
        ready.add_column(Text(label), justify="right", max_width=max(7, len(label.split()[-1])))
    rows = [(f"{p.number}. {visible(p.name)}", p.number) for p, _ in result.pillars]
    rows.append(("Overall", None))
    for i, (name, number) in enumerate(rows):
        counts = result.readiness(number)
        ready.add_row(
            Text(name),
            f"{result.assessed(number)} of {sum(counts.values())}",
            *[str(counts[k]) for k in READINESS[:-1]],
            end_section=i == len(rows) - 2,
        )
    return ready


# The AEO programme row of the heat map: codes of at most three letters, so that eleven
# countries still fit 80 columns. "?" where no source gives a status, as for a standard.
PROGRAMME_CODES = {
    "operational": ("Op", "green"),
    "pilot": ("Pi", "cyan"),
    "in-development": ("Dev", "cyan"),
    "none-found": ("NF", "yellow"),
    "unknown": ("?", STATUS_STYLE[Status.NOT_ASSESSED]),
}
_NO_STATUS = PROGRAMME_CODES["unknown"]


def _programme_code(view: ProgrammeView) -> Text:
    return Text(*PROGRAMME_CODES.get(view.status, _NO_STATUS))


def _programme_legend() -> RenderableType:
    """The key to the programme row (on a line of its own: it fits 80 columns), and what the
    count of MRAs counts."""
    codes = Text("  ").join(
        Text(f"{code} {status.replace('-', ' ').capitalize()}", style=style)
        for status, (code, style) in PROGRAMME_CODES.items()
    )
    return Group(
        codes,
        Text(
            "MRAs: as each country's own file records them (in force, signed, reported...); "
            "`safe-map mras` shows them.",
            style="dim",
        ),
    )


def heat_map(
    framework: Framework,
    countries: list[Country],
    tallies: list[Tally],
    group: GroupOfCountries | None = None,
) -> RenderableType:
    """The heat map, its keys, and with a group the group's own facts under it."""
    legend = Text("  ").join(Text(f"{s.symbol} {s.label}", style=STATUS_STYLE[s]) for s in Status)
    names = _data("; ".join(f"{c.iso} {c.name}" for c in countries), style="dim")
    parts: list[RenderableType] = [
        _HeatMap(framework, list(zip(countries, tallies, strict=True))),
        legend,
        _programme_legend(),
        names,
    ]
    if group is not None:
        parts += [Text(""), group_facts(group)]
    return Group(*parts)


def group_facts(group: GroupOfCountries) -> RenderableType:
    """A group's own facts (surveys, workshops), by date, each with its source."""
    heading = _data(f"{group.name}: the group's facts", style="bold")
    if not group.facts:
        return Group(heading, Text("The group's file records no facts.", style="dim"))
    cited = _Sources()
    lines = [_fact_line(view, cited) for view in group_fact_views(group)]
    return Group(heading, _bullets(lines), Text(""), cited.listed())


class _HeatMap:
    """Standards by countries. When the countries do not fit the width, the map is split into
    several tables of countries that do, each with the Standard column: no country is lost."""

    def __init__(self, framework: Framework, columns: list[tuple[Country, Tally]]) -> None:
        self.framework = framework
        self.columns = columns
        self.views = {id(country): programme_view(country) for country, _tally in columns}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        title = f"{visible(self.framework.name)}: standards by country"
        whole = _heat_grid(self.framework, self.columns, title, self.views)
        if len(self.columns) <= 1 or whole.width <= options.max_width:
            yield whole
            return
        # Each country adds its column and a separator to the Standard column and the edges.
        base = _heat_grid(self.framework, [], "", self.views).width
        widths = [w + 1 for w in whole.widths[1:]]
        chunks = list(_balanced_chunks(widths, options.max_width - base))
        yield Text(f"{title}, in {len(chunks)} parts", style="bold")
        for i, chunk in enumerate(chunks, start=1):
            yield Text("")
            part = [self.columns[j] for j in chunk]
            first, last = visible(part[0][0].iso), visible(part[-1][0].iso)
            named = first if len(part) == 1 else f"{first} to {last}"
            yield _heat_grid(
                self.framework, part, f"Part {i} of {len(chunks)}: {named}", self.views
            )


class _Grid:
    """A heat-map table drawn line by line: the characters rich's Table draws with this box
    (SIMPLE_HEAD, no padding: a blank edge above and below, a rule under the header, a blank
    line between sections), without rich measuring and laying out every cell, which a map of
    200 countries in parts made the slowest part of `region`. Where the table does not fit the
    width (rich would shrink its columns), rich's Table draws it."""

    def __init__(
        self,
        title: str,
        head: list[Text],
        rows: list[tuple[Text, list[Text | str]]],
        sections: list[int],
        widths: list[int],
        table: Callable[[], Table],
    ) -> None:
        self.title, self.head, self.rows = title, head, rows
        self.sections, self.widths, self.table = sections, widths, table
        self.width = 2 + sum(widths) + len(widths) - 1  # the edges and the separators
        # A tab or a line break in a cell (allowed in data) makes rich expand or wrap it: only
        # a grid whose every cell is one plain line is drawn here.
        self.lines = not any(
            "\t" in text or "\n" in text
            for text in (
                *(h.plain for h in head),
                *(first.plain for first, _ in rows),
                *(c if isinstance(c, str) else c.plain for _, cells in rows for c in cells),
            )
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.width > options.max_width or not self.lines:
            yield self.table()
            return
        if self.title:
            yield from console.render(
                Text(self.title, style="bold"),
                options.update(width=self.width, justify="left", highlight=False, height=None),
            )
        # Each line as segments: fits the width by construction, so nothing to wrap.
        blank = [Segment(" " * self.width), Segment.line()]
        yield from blank
        yield from self._segments(self._line([_bold(h) for h in self.head]), console)
        yield from [Segment(" " + "─" * (self.width - 2) + " "), Segment.line()]
        for n, (first, cells) in enumerate(self.rows):
            if n in self.sections and n:
                yield from blank
            line = self._line([first, *(Text(c) if isinstance(c, str) else c for c in cells)])
            yield from self._segments(line, console)
        yield from blank

    @staticmethod
    def _segments(line: Text, console: Console) -> list[Segment]:
        return [*line.render(console), Segment.line()]

    def _line(self, cells: list[Text]) -> Text:
        line = Text(" ", no_wrap=True, end="\n")
        for i, (cell, width) in enumerate(zip(cells, self.widths, strict=True)):
            if i:
                line.append(" ")
            if i == 0:  # the Standard column: left, cut with an ellipsis, as rich's no_wrap
                shown = cell.copy()
                shown.truncate(width, overflow="ellipsis", pad=True)
                line.append_text(shown)
            else:  # a country's column: centred (the spare space on the right when odd)
                shown = cell.copy()
                shown.align("center", width)
                line.append_text(shown)
        line.append(" ")
        return line


def _balanced_chunks(widths: list[int], room: int) -> Iterator[range]:
    """Consecutive runs of columns, as few as fit `room`, of sizes as even as can be."""
    n = len(widths)
    for count in range(2, n + 1):
        size = -(-n // count)
        chunks = [range(i, min(i + size, n)) for i in range(0, n, size)]
        if all(sum(widths[j] for j in chunk) <= room for chunk in chunks):
            yield from chunks
            return
    yield from (range(i, i + 1) for i in range(n))


def _bold(text: Text) -> Text:
    """A header cell, bold across its width as rich's table.header style makes it (the
    header cells, an ISO code and "Standard", carry no style of their own)."""
    return Text(text.plain, style="bold")


def _heat_grid(
    framework: Framework,
    columns: list[tuple[Country, Tally]],
    title: str,
    views: dict[int, ProgrammeView],
) -> _Grid:
    """One table of the heat map; `views` holds each country's programme view by id(country),
    made once for all the tables of a map (one of 200 countries in parts builds many)."""
    rows: list[tuple[Text, list[Text | str]]] = []
    sections: list[int] = []  # the rows that start a section
    for pillar in framework.pillars:
        rows.append(
            (
                Text(f"Pillar {pillar.number}: {visible(pillar.name)}", style="bold"),
                ["" for _ in columns],
            )
        )
        for standard in pillar.standards:
            statuses = [country.status_of(standard.id) for country, _tally in columns]
            cells: list[Text | str] = [Text(s.symbol, style=STATUS_STYLE[s]) for s in statuses]
            rows.append((_standard(standard, indent=" "), cells))
    sections.append(len(rows))
    rows.append((Text("Met", style="bold"), [str(t.met) for _c, t in columns]))
    assessed = [str(t.total - t.counts[Status.NOT_ASSESSED]) for _c, t in columns]
    rows.append((Text("Assessed", style="bold"), assessed))
    rows.append((Text("Score", style="bold"), [_score_text(t) for _c, t in columns]))
    sections.append(len(rows))
    shown = [views[id(c)] for c, _t in columns]
    rows.append((Text("AEO programme", style="bold"), [_programme_code(v) for v in shown]))
    rows.append((Text("MRAs recorded", style="bold"), [str(len(v.mras)) for v in shown]))
    rows.append((Text("of them in force", style="bold"), [str(len(v.in_force)) for v in shown]))
    # Every column's width follows from its cells (one line each): the Standard column's
    # longest text up to 30 (longer ones are cut), a country's at least 3.
    head = [Text("Standard"), *(_data(country.iso) for country, _tally in columns)]
    widths = [min(max(cell_len("Standard"), *(h.cell_len for h, _ in rows)), 30)]
    for i, cell in enumerate(head[1:]):
        texts = [
            c if isinstance(c, str) else c.plain for _h, cells in rows for c in cells[i : i + 1]
        ]
        widths.append(max(3, cell.cell_len, *(cell_len(t) for t in texts)))

    def table() -> Table:
        return _heat_table(title, head, rows, sections, widths)

    return _Grid(title, head, rows, sections, widths, table)


def _heat_table(
    title: str,
    head: list[Text],
    rows: list[tuple[Text, list[Text | str]]],
    sections: list[int],
    widths: list[int],
) -> Table:
    """The same table as rich draws it, for a width it must shrink to fit."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=Text(title, style="bold") if title else None,
        title_style="bold",
        title_justify="left",
        pad_edge=False,
        padding=(0, 0),
    )
    # ISO codes as column heads keep eleven countries within 80 columns.
    table.add_column(head[0], no_wrap=True, max_width=30, overflow="ellipsis")
    for cell in head[1:]:
        table.add_column(cell, justify="center", no_wrap=True, min_width=3)
    for n, (first, cells) in enumerate(rows):
        if n in sections and n:
            table.add_section()
        table.add_row(first, *cells)
    return table


def changes(result) -> RenderableType:
    country = result.country
    head = Text.assemble(
        (visible(f"{country.name} ({country.iso})"), "bold"),
        f": changes since {visible(result.since)}",
    )
    parts: list[RenderableType] = [head]
    if not result.existed_before:
        parts.append(Text("The file did not exist then: everything below is new.", style="dim"))
    if not result.changes:
        parts.append(Text("No change in statuses or citations.", style="green"))
    for pillar in result.framework.pillars:  # standards named as assess names them
        changed = [c for c in result.changes if c.standard.pillar == pillar.number]
        if not changed:
            continue
        table = _titled(f"Pillar {pillar.number}: {visible(pillar.name)}")
        table.add_column("Standard", ratio=2)
        table.add_column("Status", no_wrap=True)
        table.add_column("Citations", ratio=3)
        for change in changed:
            status = (
                status_text(change.after)
                if change.before is change.after
                else Text.assemble(status_text(change.before), " → ", status_text(change.after))
            )
            cited = Text("\n").join(
                [_data(f"+ {c}", style="green") for c in change.added]
                + [_data(f"- {c}", style="red") for c in change.removed]
            )
            table.add_row(_standard(change.standard), status, cited)
        parts += [Text(""), table]
    scores = _titled("Scores", expand=False)
    scores.add_column("Pillar")
    scores.add_column("Met before", justify="right")
    scores.add_column("Met now", justify="right")
    scores.add_column("Score before", justify="right")
    scores.add_column("Score now", justify="right")
    for pillar, before, after in result.scores:
        name = f"{pillar.number}. {visible(pillar.name)}" if pillar else "Overall"
        scores.add_row(
            Text(name),
            f"{before.met} of {before.total}",
            f"{after.met} of {after.total}",
            _score_text(before),
            _score_text(after),
            end_section=pillar is not None and pillar is result.scores[-2][0],
        )
    parts += [Text(""), scores]
    return Group(*parts)


_OUTCOME_STYLE = {
    "imported": "green",
    "would import": "green",
    "no changes": "dim",
    "conflicts": "yellow",
    "refused": "red",
}


def import_summary(results) -> RenderableType:
    """One row per workbook of an import: what came in, and what was refused and why."""
    table = _titled("Import", expand=False)
    table.add_column("Workbook", overflow="fold")
    table.add_column("Country", overflow="fold")
    table.add_column("Standards changed", justify="right")
    table.add_column("Instruments added", justify="right")
    table.add_column("Conflicts", justify="right")
    table.add_column("Result", overflow="fold")
    for r in results:
        outcome = r.outcome + (f": {r.reason}" if r.reason else "")
        table.add_row(
            _data(PurePath(r.workbook).name),  # the messages above give the whole path
            _data(r.country or "—"),
            str(r.standards_changed),
            str(r.instruments_added),
            str(r.conflicts),
            _data(outcome, style=_OUTCOME_STYLE.get(r.outcome, "")),
        )
    return table
