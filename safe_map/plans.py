"""Work plans between two programmes (plans/*.yaml): who, what is compared, the tasks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from safe_map.countries import build_facts, build_sources
from safe_map.diagnostics import Diagnostic
from safe_map.model import Fact, Source
from safe_map.schema import PLAN, validate
from safe_map.yamlsource import (
    Mark,
    Node,
    get_date,
    get_int,
    get_list,
    get_text,
    get_texts,
    load,
    value_marks,
)


class TaskStatus(str, Enum):
    COMPLETE = "complete"
    IN_PROGRESS = "in-progress"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


@dataclass
class Party:
    country: str  # ISO code
    programme: str
    authority: str = ""
    notes: str = ""


@dataclass
class Point:
    point: str
    status: str = ""
    notes: str = ""


@dataclass
class Task:
    title: str
    status: str
    number: int | None = None
    description: str = ""
    date: str = ""
    events: list[Fact] = field(default_factory=list)
    notes: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def status_label(self) -> str:
        try:
            return TaskStatus(self.status).label
        except ValueError:
            return self.status


@dataclass
class Plan:
    id: str
    title: str
    kind: str
    path: str
    parties: list[Party] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    source: str = ""
    sources: list[Source] = field(default_factory=list)
    notes: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def progress(self) -> dict[TaskStatus, int]:
        """How many tasks are complete, in progress and pending (each status, even at 0)."""
        counts = Counter(t.status for t in self.tasks)
        return {status: counts.get(status.value, 0) for status in TaskStatus}

    @property
    def countries(self) -> list[str]:
        """The parties' countries, each once, in the plan's order."""
        return list(dict.fromkeys(p.country for p in self.parties))

    @property
    def main_source(self) -> Source | None:
        return next((s for s in self.sources if s.id == self.source), None)


def load_plan(path: Path, shown: str) -> tuple[Plan | None, list[Diagnostic]]:
    root, found = load(path, shown)
    if root is None:
        return None, found
    found += validate(root, PLAN)
    return build_plan(root, shown), found


def build_plan(root: Node, shown: str) -> Plan | None:
    plan_id = get_text(root, "id")
    if not plan_id:
        return None
    return Plan(
        id=plan_id,
        title=get_text(root, "title"),
        kind=get_text(root, "kind"),
        path=shown,
        parties=[
            Party(
                country=get_text(n, "country"),
                programme=get_text(n, "programme"),
                authority=get_text(n, "authority"),
                notes=get_text(n, "notes"),
            )
            for n in get_list(root, "parties")
        ],
        objectives=get_texts(root, "objectives"),
        points=[
            Point(get_text(n, "point"), get_text(n, "status"), get_text(n, "notes"))
            for n in get_list(root, "points")
            if get_text(n, "point")
        ],
        tasks=[
            Task(
                title=get_text(n, "title"),
                status=get_text(n, "status"),
                number=get_int(n, "number"),
                description=get_text(n, "description"),
                date=get_date(n, "date"),
                events=build_facts(get_list(n, "events")),
                notes=get_text(n, "notes"),
                mark=n.mark,
                value_marks=value_marks(n),
            )
            for n in get_list(root, "tasks")
            if get_text(n, "title")
        ],
        next_steps=get_texts(root, "next_steps"),
        source=get_text(root, "source"),
        sources=build_sources(get_list(root, "sources")),
        notes=get_text(root, "notes"),
        mark=root.mark,
        value_marks=value_marks(root),
    )


def load_plans(folder: Path, shown) -> tuple[list[Plan], list[Diagnostic]]:
    """Every plan of a data folder, by id, with the diagnostics of their files."""
    plans: list[Plan] = []
    diagnostics: list[Diagnostic] = []
    if not folder.is_dir():
        return plans, diagnostics
    for path in sorted(folder.glob("*.y*ml")):
        plan, found = load_plan(path, shown(path))
        diagnostics += found
        if plan is not None:
            plans.append(plan)
    return sorted(plans, key=lambda p: p.id), diagnostics
