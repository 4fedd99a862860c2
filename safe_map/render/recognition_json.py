"""The JSON of `mras`, `plans` and `plan` (docs/json.md; schemas in render/json_schema.py).

JSON is the exact interface: every value as the data gives it (states and statuses as the
files spell them, dates as written), "" for what a file leaves out. Matrix cells are listed
only where there is an arrangement.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from safe_map.data import data_relative
from safe_map.plans import Plan, TaskStatus
from safe_map.programme import partner_name
from safe_map.recognition import MraMatrix
from safe_map.render.recognition import arrangements, group_facts

if TYPE_CHECKING:
    from safe_map.groups import Group

MRAS_FORMAT_VERSION = 1
PLANS_FORMAT_VERSION = 1
PLAN_FORMAT_VERSION = 1


def mras_json(matrix: MraMatrix, group: Group | None, left_out: frozenset[str]) -> dict:
    return {
        "format_version": MRAS_FORMAT_VERSION,
        "group": {"id": group.id, "name": group.name} if group else None,
        "rows": [
            {
                "code": p.code,
                "name": p.name,
                "has_file": p.has_file,
                "left_out": p.code in left_out,
            }
            for p in matrix.rows
        ],
        "columns": [{"code": p.code, "name": p.name, "member": p.member} for p in matrix.columns],
        "cells": [
            {
                "row": row.code,
                "column": column.code,
                "state": cell.mra.state,
                "signed": cell.mra.signed,
                "in_force": cell.mra.in_force,
                "reported": cell.mra.reported,
                "one_sided": (row.code, column.code) in matrix.one_sided,
                "recorded_by": cell.recorded_by,
                "source": cell.mra.source,
                "source_title": cell.source_title,
                "url": cell.source_url,
                "notes": cell.mra.notes,
            }
            for row in matrix.rows
            for column in matrix.columns
            if (cell := matrix.cell(row.code, column.code)) is not None
        ],
        "arrangements": [
            {
                "a": {"code": item.a.code, "name": item.a.name},
                "b": {"code": item.b.code, "name": item.b.name},
                "state": item.cell.mra.state,
                "signed": item.cell.mra.signed,
                "in_force": item.cell.mra.in_force,
                "reported": item.cell.mra.reported,
                "recorded_by": item.recorded_by,
                "sides_differ": item.other is not None,
                "source": item.cell.mra.source,
                "source_title": item.cell.source_title,
                "url": item.cell.source_url,
                "notes": item.cell.mra.notes,
            }
            for item in arrangements(matrix)
        ],
        "group_facts": [
            {
                "text": f.text,
                "date": f.date,
                "source": f.source,
                "source_title": f.source_title,
                "url": f.url,
                "note": f.note,
            }
            for f in (group_facts(group) if group else [])
        ],
    }


def _progress(plan: Plan) -> dict:
    counts = plan.progress
    return {
        "complete": counts[TaskStatus.COMPLETE],
        "in_progress": counts[TaskStatus.IN_PROGRESS],
        "pending": counts[TaskStatus.PENDING],
        "total": len(plan.tasks),
    }


def _parties(plan: Plan) -> list[dict]:
    return [
        {
            "country": p.country,
            "country_name": partner_name(p.country),
            "programme": p.programme,
            "authority": p.authority,
            "notes": p.notes,
        }
        for p in plan.parties
    ]


def plans_json(plans: list[Plan], *, root: Path) -> dict:
    return {
        "format_version": PLANS_FORMAT_VERSION,
        "plans": [
            {
                "id": plan.id,
                "title": plan.title,
                "kind": plan.kind,
                "file": data_relative(plan.path, root),
                "parties": _parties(plan),
                "progress": _progress(plan),
            }
            for plan in plans
        ],
    }


def plan_json(plan: Plan, *, root: Path) -> dict:
    source = plan.main_source
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "id": plan.id,
        "title": plan.title,
        "kind": plan.kind,
        "file": data_relative(plan.path, root),
        "parties": _parties(plan),
        "objectives": plan.objectives,
        "points": [{"point": p.point, "status": p.status, "notes": p.notes} for p in plan.points],
        "tasks": [
            {
                "number": t.number,
                "title": t.title,
                "status": t.status,
                "description": t.description,
                "date": t.date,
                "events": [{"text": e.text, "date": e.date, "note": e.note} for e in t.events],
                "notes": t.notes,
            }
            for t in plan.tasks
        ],
        "next_steps": plan.next_steps,
        "progress": _progress(plan),
        "source": None
        if source is None
        else {
            "id": source.id,
            "title": source.title,
            "date": source.date,
            "publisher": source.publisher,
            "document": source.document,
            "url": source.url,
            "accessed": source.accessed,
            "notes": source.notes,
        },
        "notes": plan.notes,
    }
