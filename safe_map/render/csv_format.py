"""CSV of an assessment report and of the catalogue."""

from __future__ import annotations

import csv
import io

from safe_map.analysis import Report
from safe_map.model import Framework

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
