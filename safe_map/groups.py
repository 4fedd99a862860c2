"""Groups of countries (CAREC, ...), defined in the data folder's groups/*.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safe_map.countries import build_facts, build_sources
from safe_map.diagnostics import Diagnostic
from safe_map.model import Fact, Source
from safe_map.schema import GROUP, validate
from safe_map.yamlsource import Mark, Node, Scalar, get_list, get_text, load, value_marks


@dataclass
class Group:
    id: str
    name: str
    members: list[str] = field(default_factory=list)  # ISO codes
    source: str = ""  # the membership's source: a source id, or (older files) a text
    sources: list[Source] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    notes: str = ""
    path: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    def source_of(self, fact: Fact) -> Source | None:
        """The source a fact names, or the group's when it names none."""
        wanted = fact.source or self.source
        return next((s for s in self.sources if s.id == wanted), None)


def load_groups_file(path: Path, shown: str) -> list[Diagnostic]:
    """The diagnostics of one group file: its format and its rules."""
    group, found = load_group(path, shown)
    if group is not None:
        from safe_map.checks.facts import check_group

        found += check_group(group)
    return found


def load_group(path: Path, shown: str) -> tuple[Group | None, list[Diagnostic]]:
    root, found = load(path, shown)
    if root is None:
        return None, found
    found += validate(root, GROUP)
    return build_group(root, shown), found


def build_group(root: Node, shown: str) -> Group | None:
    group_id = get_text(root, "id")
    if not group_id:
        return None
    return Group(
        id=group_id,
        name=get_text(root, "name"),
        members=[m.text for m in get_list(root, "members") if isinstance(m, Scalar)],
        source=get_text(root, "source"),
        sources=build_sources(get_list(root, "sources")),
        facts=build_facts(get_list(root, "facts")),
        notes=get_text(root, "notes"),
        path=shown,
        mark=root.mark,
        value_marks=value_marks(root),
    )


def load_groups(folder: Path, shown) -> tuple[dict[str, Group], list[Diagnostic]]:
    groups: dict[str, Group] = {}
    diagnostics: list[Diagnostic] = []
    if not folder.is_dir():
        return groups, diagnostics
    for path in sorted(folder.glob("*.y*ml")):
        group, found = load_group(path, shown(path))
        diagnostics += found
        if group is not None:
            groups[group.id] = group
    return groups, diagnostics
