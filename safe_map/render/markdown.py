"""Markdown of an assessment report, the catalogue and a comparison."""

from __future__ import annotations

from safe_map.analysis import READINESS, READINESS_NOTE, Comparison, Report, Row, format_score
from safe_map.model import Framework, Status


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_status(row: Row) -> str:
    """The status, with the date planned work is due when the file gives one."""
    shown = f"{row.status.symbol} {row.status.label}"
    return shown + (f" (by {_md(row.target_date)})" if row.target_date else "")


def report_markdown(report: Report) -> str:
    country, framework = report.country, report.framework
    lines = [f"# {country.name} ({country.iso}): {framework.name}", ""]
    if country.sources:
        lines += ["Source: " + "; ".join(s.display for s in country.sources), ""]
    for p in report.pillars:
        lines += [f"## Pillar {p.pillar.number}: {p.pillar.name}", ""]
        if not p.rows:  # --gaps, and nothing to show: say so rather than an empty table
            lines += ["Every standard of this pillar is met.", ""]
            continue
        lines += ["| No. | Standard | Legal basis | Status | Notes |", "|---|---|---|---|---|"]
        for row in p.rows:
            basis = "<br>".join(_md(c) for c in row.citations) or "—"
            lines.append(
                f"| {row.standard.number} | {_md(row.standard.title)} | {basis} | "
                f"{_md_status(row)} | {_md(row.notes)} |"
            )
        lines.append("")
    lines += [
        "## Summary",
        "",
        "| Pillar | " + " | ".join(s.label for s in Status) + " | Met | Score |",
    ]
    lines.append("|---" * (len(Status) + 3) + "|")
    for name, t in [(f"{p.pillar.number}. {p.pillar.name}", p.tally) for p in report.pillars] + [
        ("Overall", report.overall)
    ]:
        counts = " | ".join(str(t.counts[s]) for s in Status)
        lines.append(f"| {_md(name)} | {counts} | {t.met} of {t.total} | {format_score(t.score)} |")
    lines += ["", "## Recommendations", ""]
    for p in report.pillars:
        gaps = report.gaps_in(p.pillar.number)
        if gaps:
            lines += [f"### Pillar {p.pillar.number}: {p.pillar.name}", ""]
            for g in gaps:
                lines.append(
                    f"- **Standard {g.standard.number}, {_md(g.standard.title)}** "
                    f"({g.status.label}): {_md(g.standard.remedy)}"
                )
            lines.append("")
    if report.not_assessed:
        if report.gaps:  # a heading of its own, not under the last pillar's
            lines += ["### Not yet assessed", ""]
        lines += [f"- Assess the {len(report.not_assessed)} standards not yet assessed.", ""]
    if report.recommendations:
        lines += [f"### Recommendations for {country.name} from the source", ""]
        lines += [f"- {_md(r.text)}" for r in report.recommendations]
        lines.append("")
    return "\n".join(lines)


def standards_markdown(framework: Framework, pillars: list[int] | None) -> str:
    lines = [f"# {framework.title} ({framework.edition})", ""]
    for p in framework.pillars:
        if pillars and p.number not in pillars:
            continue
        lines += [f"## Pillar {p.number}: {p.name}", "", "| Id | No. | Title |", "|---|---|---|"]
        lines += [f"| {s.id} | {s.number} | {_md(s.title)} |" for s in p.standards]
        lines.append("")
    return "\n".join(lines)


_AGREE_MD = {True: "yes", False: "no", None: "unknown"}


def comparison_markdown(result: Comparison) -> str:
    a, b = result.a, result.b
    lines = [f"# {a.name} ({a.iso}) and {b.name} ({b.iso}): {result.framework.name}", ""]
    for pillar, pairs in result.pillars:
        lines += [f"## Pillar {pillar.number}: {pillar.name}", ""]
        lines += [
            f"| Standard | {a.iso} | {a.iso} legal basis | {b.iso} | {b.iso} legal basis | Agree |",
            "|---|---|---|---|---|---|",
        ]
        for pair in pairs:
            lines.append(
                f"| {pair.standard.number}. {_md(pair.standard.title)} | "
                f"{pair.a.status.symbol} {pair.a.status.label} | "
                f"{'<br>'.join(_md(c) for c in pair.a.citations) or '—'} | "
                f"{pair.b.status.symbol} {pair.b.status.label} | "
                f"{'<br>'.join(_md(c) for c in pair.b.citations) or '—'} | "
                f"{_AGREE_MD[pair.agree]} |"
            )
        lines.append("")
    counted = [k for k in READINESS if k != "unknown"]
    lines += [
        "## Readiness for mutual recognition",
        "",
        f"| Pillar | assessed by both | both meet | only {a.iso} | only {b.iso} | neither meets |",
        "|---|---|---|---|---|---|",
    ]
    rows = [(f"{p.number}. {_md(p.name)}", p.number) for p, _ in result.pillars]
    for name, number in [*rows, ("Overall", None)]:
        r = result.readiness(number)
        lines.append(
            f"| {name} | {result.assessed(number)} of {sum(r.values())} | "
            + " | ".join(str(r[k]) for k in counted)
            + " |"
        )
    lines += ["", READINESS_NOTE]
    return "\n".join(lines) + "\n"
