"""Plain-text formats of an assessment report and of the catalogue: JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json

from safe_map import __version__
from safe_map.analysis import (
    READINESS,
    READINESS_NOTE,
    Comparison,
    Report,
    Row,
    Tally,
    format_score,
    readiness_of,
)
from safe_map.model import Framework, Status

JSON_FORMAT_VERSION = 1
# compare's JSON changed meaning in 2: `agree` may be null (a side not assessed), and
# `only_a`/`only_b`/`neither` count only standards both sides assessed.
COMPARISON_FORMAT_VERSION = 2


def _tally_json(t: Tally) -> dict:
    return {
        "counts": {s.value: t.counts[s] for s in Status},
        "met": t.met,
        "total": t.total,
        "score": None if t.score is None else round(t.score, 4),
    }


def report_json(report: Report) -> dict:
    """The documented JSON interface of `safe-map assess` (docs/json.md)."""
    country, framework = report.country, report.framework
    return {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "safe-map", "version": __version__},
        "country": {"name": country.name, "iso": country.iso, "file": country.path},
        "framework": {
            "id": framework.id,
            "title": framework.title,
            "edition": framework.edition,
        },
        "sources": [
            {"id": s.id, "title": s.title, "date": s.date, "place": s.place}
            for s in country.sources
        ],
        "standards": [
            {
                "pillar": row.standard.pillar,
                "number": row.standard.number,
                "id": row.standard.id,
                "title": row.standard.title,
                "status": row.status.value,
                "target_date": row.target_date or None,
                "citations": row.citations,
                "notes": row.notes,
            }
            for p in report.pillars
            for row in p.rows
        ],
        "summary": {
            "pillars": [
                {"pillar": p.pillar.number, "name": p.pillar.name, **_tally_json(p.tally)}
                for p in report.pillars
            ],
            "overall": _tally_json(report.overall),
        },
        "recommendations": {
            "gaps": [
                {
                    "pillar": g.standard.pillar,
                    "number": g.standard.number,
                    "id": g.standard.id,
                    "title": g.standard.title,
                    "status": g.status.value,
                    "remedy": g.standard.remedy,
                }
                for g in report.gaps
            ],
            "not_assessed": [s.id for s in report.not_assessed],
            "country": [{"text": r.text, "source": r.source} for r in report.recommendations],
        },
    }


def dumps(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_HEADER = ["pillar", "number", "id", "title", "status", "legal_basis", "notes", "target_date"]


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for p in report.pillars:
        for row in p.rows:
            writer.writerow(
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
            )
    return out.getvalue()


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


def standards_json(framework: Framework, pillars: list[int] | None) -> dict:
    return {
        "framework": {
            "id": framework.id,
            "title": framework.title,
            "publisher": framework.publisher,
            "edition": framework.edition,
            "date": framework.date,
            "status": framework.status,
        },
        "pillars": [
            {
                "number": p.number,
                "name": p.name,
                "standards": [
                    {
                        "id": s.id,
                        "number": s.number,
                        "title": s.title,
                        "summary": s.summary,
                        "remedy": s.remedy,
                    }
                    for s in p.standards
                ],
            }
            for p in framework.pillars
            if not pillars or p.number in pillars
        ],
    }


def standards_csv(framework: Framework, pillars: list[int] | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["pillar", "number", "id", "title", "summary"])
    for p in framework.pillars:
        if pillars and p.number not in pillars:
            continue
        for s in p.standards:
            writer.writerow([p.number, s.number, s.id, s.title, s.summary])
    return out.getvalue()


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


def comparison_json(result: Comparison) -> dict:
    def side(row) -> dict:
        return {"status": row.status.value, "citations": row.citations}

    def readiness(pillar: int | None) -> dict:
        return {**result.readiness(pillar), "assessed_by_both": result.assessed(pillar)}

    return {
        "format_version": COMPARISON_FORMAT_VERSION,
        "framework": {"id": result.framework.id, "edition": result.framework.edition},
        "a": {"name": result.a.name, "iso": result.a.iso},
        "b": {"name": result.b.name, "iso": result.b.iso},
        "standards": [
            {
                "pillar": pair.standard.pillar,
                "number": pair.standard.number,
                "id": pair.standard.id,
                "title": pair.standard.title,
                "a": side(pair.a),
                "b": side(pair.b),
                "agree": pair.agree,
                "readiness": readiness_of(pair),
            }
            for _, pairs in result.pillars
            for pair in pairs
        ],
        "readiness": {
            "pillars": [
                {"pillar": p.number, "name": p.name, **readiness(p.number)}
                for p, _ in result.pillars
            ],
            "overall": readiness(None),
        },
    }


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


def changes_json(result) -> dict:
    return {
        "format_version": JSON_FORMAT_VERSION,
        "country": {"name": result.country.name, "iso": result.country.iso},
        "since": result.since,
        "existed_before": result.existed_before,
        "changes": [
            {
                "id": c.standard.id,
                "pillar": c.standard.pillar,
                "number": c.standard.number,
                "title": c.standard.title,
                "before": c.before.value,
                "after": c.after.value,
                "citations_added": c.added,
                "citations_removed": c.removed,
            }
            for c in result.changes
        ],
        "scores": [
            {
                "pillar": p.number if p else None,
                "before": _tally_json(before),
                "after": _tally_json(after),
            }
            for p, before, after in result.scores
        ],
    }


def heat_map_json(framework: Framework, countries, tallies) -> dict:
    return {
        "format_version": JSON_FORMAT_VERSION,
        "framework": {"id": framework.id, "edition": framework.edition},
        "countries": [
            {"name": c.name, "iso": c.iso, **_tally_json(t)}
            for c, t in zip(countries, tallies, strict=True)
        ],
        "standards": [
            {
                "id": s.id,
                "pillar": s.pillar,
                "number": s.number,
                "title": s.title,
                "statuses": {c.iso: c.status_of(s.id).value for c in countries},
            }
            for s in framework.standards
        ],
    }
