"""JSON of every command that offers it (CSV: render/csv_format.py; Markdown: render/markdown.py).

JSON is the exact interface: every value is written as it is in the data. Characters unsafe
to write raw (render/neutralise.py: ESC, BEL and the other controls, U+FFFE, U+FFFF) are
written as JSON escapes (`\\u001b`), which a parser reads back as the same character: json.dumps
escapes U+0000-U+001F itself; DEL, C1, surrogates and the two noncharacters are escaped after
it. U+FFFE and U+FFFF are kept (escaped), not replaced: JSON can hold them, and a program that
reads the output gets the value the file holds, which `check` reports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from safe_map import __version__
from safe_map.analysis import Comparison, Report, Tally, readiness_of
from safe_map.data import data_relative
from safe_map.model import Country, Framework, Standard, Status
from safe_map.programme import (
    FactView,
    MraView,
    ProgrammeView,
    group_fact_views,
    mapping_sources,
    programme_view,
    recognition_between,
)
from safe_map.render.neutralise import json_escaped

if TYPE_CHECKING:  # the loader's class, named in hints only: a renderer reads no YAML
    from safe_map.groups import Group

# Each JSON output carries its format_version; its schema (render/json_schema.py) says which.
# A new field keeps the version; a field removed, renamed, or changed in type or meaning
# takes the next one (docs/json.md, "Versions").
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


def _title_json(standard: Standard) -> dict:
    """The bare title, and the title as reports show it (with the level where two standards
    of a pillar share a title)."""
    return {"title": standard.title, "display_title": standard.display_title}


def _mra_json(m: MraView) -> dict:
    return {
        "partner": m.partner,
        "partner_name": m.partner_name,
        "state": m.state,
        "signed": m.signed,
        "in_force": m.in_force,
        "reported": m.reported,
        "source": m.source,
        "source_title": m.source_title,
        "url": m.url,
        "notes": m.notes,
    }


def _fact_json(fact: FactView) -> dict:
    return {
        "text": fact.text,
        "date": fact.date,
        "source": fact.source,
        "source_title": fact.source_title,
        "url": fact.url,
        "note": fact.note,
    }


def programme_json(view: ProgrammeView) -> dict:
    """A country's AEO programme and its MRAs, every value as the file gives it ('' where it
    gives none; status '' when no source gives one)."""
    return {
        "status": view.status,
        "status_label": view.status_label,
        "as_of": view.as_of,
        "since": view.since,
        "authority": view.authority,
        "legal_basis": view.legal_basis,
        "responsible_unit": view.responsible_unit,
        "staff": view.staff,
        "self_assessment_questionnaire": view.self_assessment_questionnaire,
        "validation_procedures": view.validation_procedures,
        "paperless_trade_measures": view.paperless_trade_measures,
        "source": view.source,
        "source_title": view.source_title,
        "status_source": view.source_ref("status").id,
        "since_source": view.source_ref("since").id,
        "authority_source": view.source_ref("authority").id,
        "legal_basis_sources": [ref.id for ref in view.legal_basis_sources],
        "facts": [_fact_json(f) for f in view.facts],
        "mras": [_mra_json(m) for m in view.mras],
        "notes": view.notes,
    }


def report_json(report: Report, *, root: Path) -> dict:
    """The documented JSON interface of `safe-map assess` (docs/json.md); paths are given
    relative to `root`, the data folder."""
    country, framework = report.country, report.framework
    mapped = {s.id for s in mapping_sources(country)}
    return {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "safe-map", "version": __version__},
        "country": {
            "name": country.name,
            "iso": country.iso,
            "file": data_relative(country.path, root),
        },
        "framework": {
            "id": framework.id,
            "title": framework.title,
            "edition": framework.edition,
        },
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "date": s.date,
                "place": s.place,
                "publisher": s.publisher,
                "accessed": s.accessed,
                "url": s.url,
                "document": s.document,
                "notes": s.notes,
                "of_mapping": s.id in mapped,
            }
            for s in country.sources
        ],
        "standards": [
            {
                "pillar": row.standard.pillar,
                "number": row.standard.number,
                "id": row.standard.id,
                **_title_json(row.standard),
                "level": row.standard.level,
                "level_inferred": row.standard.level_inferred,
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
        "programme": programme_json(programme_view(country)),
        "recommendations": {
            "gaps": [
                {
                    "pillar": g.standard.pillar,
                    "number": g.standard.number,
                    "id": g.standard.id,
                    **_title_json(g.standard),
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
    """JSON text as every command writes it: indented, UTF-8 as is, unsafe characters escaped."""
    return json_escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def standards_json(framework: Framework, pillars: list[int] | None) -> dict:
    """The JSON of `safe-map standards` (docs/json.md)."""
    return {
        "format_version": JSON_FORMAT_VERSION,
        "framework": {
            "id": framework.id,
            "title": framework.title,
            "publisher": framework.publisher,
            "edition": framework.edition,
            "date": framework.date,
            "status": framework.status,
            "titles_checked": framework.titles_checked,
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "publisher": s.publisher,
                    "date": s.date,
                    "accessed": s.accessed,
                    "url": s.url,
                    "document": s.document,
                    "notes": s.notes,
                }
                for s in framework.sources
            ],
            "notes": framework.notes,
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
                        "display_title": s.display_title,
                        "title_checked": framework.title_checked(s),
                        "level": s.level,
                        "level_inferred": s.level_inferred,
                        "summary": s.summary,
                        "remedy": s.remedy,
                        "notes": s.notes,
                    }
                    for s in p.standards
                ],
            }
            for p in framework.pillars
            if not pillars or p.number in pillars
        ],
    }


def countries_json(
    rows: list[tuple[Country, Framework | None, Tally | None]], *, root: Path
) -> dict:
    """The JSON of `safe-map countries` (docs/json.md): each country with its overall tally,
    None where its framework is unknown; paths relative to `root`, the data folder."""
    return {
        "format_version": JSON_FORMAT_VERSION,
        "countries": [
            {
                "name": c.name,
                "iso": c.iso,
                "file": data_relative(c.path, root),
                "framework": c.framework_id,
                "met": t.met if t else None,
                "total": t.total if t else None,
                "score": None if t is None or t.score is None else round(t.score, 4),
            }
            for c, _framework, t in rows
        ],
    }


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
        "programmes": {
            "a": programme_json(programme_view(result.a)),
            "b": programme_json(programme_view(result.b)),
            "between": [
                None if view is None else _mra_json(view)
                for view in recognition_between(result.a, result.b)
            ],
        },
    }


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


def _programme_summary(country: Country) -> dict:
    view = programme_view(country)
    return {
        "status": view.status,
        "mras_recorded": len(view.mras),
        "mras_in_force": len(view.in_force),
    }


def group_json(group: Group) -> dict:
    """A group and its own facts, by date (undated last), each with its source."""
    facts = [_fact_json(view) for view in group_fact_views(group)]
    return {"id": group.id, "name": group.name, "facts": facts}


def heat_map_json(framework: Framework, countries, tallies, group: Group | None = None) -> dict:
    return {
        "format_version": JSON_FORMAT_VERSION,
        "framework": {"id": framework.id, "edition": framework.edition},
        "countries": [
            {
                "name": c.name,
                "iso": c.iso,
                **_tally_json(t),
                "programme": _programme_summary(c),
            }
            for c, t in zip(countries, tallies, strict=True)
        ],
        "standards": [
            {
                "id": s.id,
                "pillar": s.pillar,
                "number": s.number,
                **_title_json(s),
                "statuses": {c.iso: c.status_of(s.id).value for c in countries},
            }
            for s in framework.standards
        ],
        "group": None if group is None else group_json(group),
    }
