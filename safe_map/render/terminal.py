"""Terminal rendering with rich: tables that read with or without colour, and fit 80 columns."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from safe_map.analysis import Report, Tally, format_score
from safe_map.model import Country, Framework, Status

STATUS_STYLE = {
    Status.YES: "green",
    Status.PARTIAL: "yellow",
    Status.NO: "red",
    Status.PLANNED: "cyan",
    Status.NOT_ASSESSED: "magenta",
    Status.NOT_APPLICABLE: "dim",
}


def status_text(status: Status) -> Text:
    return Text(f"{status.symbol} {status.label}", style=STATUS_STYLE[status])


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
            (f"{country.name} ({country.iso})", "bold"), " against the ", (framework.name, "bold")
        )
    ]
    for source in country.sources:
        parts.append(Text(f"Source: {source.display}", style="dim"))
    for p in report.pillars:
        table = Table(
            title=f"Pillar {p.pillar.number}: {p.pillar.name}",
            title_style="bold",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=True,
            show_lines=False,
        )
        table.add_column("Standard", ratio=2)
        table.add_column("Legal basis (and notes)", ratio=3)
        table.add_column("Status", no_wrap=True)
        for row in p.rows:
            basis = Text("\n").join(Text(f"• {c}") for c in row.citations)
            if not row.citations:
                basis = Text("—", style="dim")
            if row.notes:
                basis.append(f"\nNote: {row.notes}", style="dim italic")
            table.add_row(
                f"{row.standard.number}. {row.standard.title}", basis, status_text(row.status)
            )
        if not p.rows:
            table.add_row(Text("every standard of this pillar is met", style="dim"), "", "")
        parts += [Text(""), table]
    parts += [Text(""), summary(report)]
    parts += [Text(""), recommendations(report)]
    return Group(*parts)


def summary(report: Report) -> RenderableType:
    table = Table(title="Summary", title_style="bold", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Pillar")
    for status in Status:
        table.add_column(Text(status.symbol, style=STATUS_STYLE[status]), justify="right")
    table.add_column("Met", justify="right", no_wrap=True)
    table.add_column("Score", justify="right")
    rows = [(f"{p.pillar.number}. {p.pillar.name}", p.tally) for p in report.pillars]
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
        parts.append(Text(f"Pillar {p.pillar.number}: {p.pillar.name}", style="bold"))
        parts.append(
            _bullets(
                [
                    Text.assemble(
                        (f"Standard {gap.standard.number}, {gap.standard.title}", "bold"),
                        " (",
                        status_text(gap.status),
                        "): ",
                        gap.standard.remedy,
                    )
                    for gap in gaps
                ]
            )
        )
    if report.not_assessed:
        ids = ", ".join(s.id for s in report.not_assessed)
        parts.append(
            _bullets(
                [Text(f"Assess the {len(report.not_assessed)} standards not yet assessed: {ids}")]
            )
        )
    if report.recommendations:
        parts.append(Text(f"From the source, for {report.country.name}", style="bold"))
        parts.append(_bullets([Text(r.text) for r in report.recommendations]))
    return Group(*parts)


def standards(framework: Framework, pillars: list[int] | None) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{framework.title} ({framework.edition})", style="bold"),
        Text(
            f"{framework.publisher}; id {framework.id}"
            + (f"; {framework.status}" if framework.status else ""),
            style="dim",
        ),
    ]
    for p in framework.pillars:
        if pillars and p.number not in pillars:
            continue
        table = Table(
            title=f"Pillar {p.number}: {p.name}",
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            expand=True,
        )
        table.add_column("Id", no_wrap=True)
        table.add_column("No.", justify="right")
        table.add_column("Title", ratio=1)
        for s in p.standards:
            table.add_row(s.id, str(s.number), s.title)
        parts += [Text(""), table]
    return Group(*parts)


def countries(rows: list[tuple[Country, Framework | None, Tally | None]]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Country")
    table.add_column("ISO")
    table.add_column("File")
    table.add_column("Framework")
    table.add_column("Met", justify="right")
    table.add_column("Assessed", justify="right")
    table.add_column("Score", justify="right")
    for country, _framework, t in rows:
        if t is None:
            table.add_row(
                country.name,
                country.iso,
                country.slug,
                country.framework_id,
                "—",
                "—",
                Text("—", style="dim"),
            )
            continue
        assessed = t.total - t.counts[Status.NOT_ASSESSED]
        table.add_row(
            country.name,
            country.iso,
            country.slug,
            country.framework_id,
            f"{t.met} of {t.total}",
            f"{assessed} of {t.total}",
            _score_text(t),
        )
    return table


def make_console(file=None, width: int | None = None, color: bool | None = None) -> Console:
    kwargs: dict = {"file": file, "width": width, "highlight": False}
    if color is False:
        kwargs["no_color"] = True
        kwargs["force_terminal"] = False
    return Console(**kwargs)
