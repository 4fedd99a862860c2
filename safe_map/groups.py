"""Groups of countries (CAREC, ...), defined in the data folder's groups/*.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safe_map.diagnostics import Diagnostic
from safe_map.schema import GROUP, validate
from safe_map.yamlsource import Mark, Scalar, get_list, get_text, load


@dataclass
class Group:
    id: str
    name: str
    members: list[str] = field(default_factory=list)  # ISO codes
    source: str = ""
    notes: str = ""
    path: str = ""
    mark: Mark | None = None


def load_groups_file(path: Path, shown: str) -> list[Diagnostic]:
    """The diagnostics of one group file."""
    root, found = load(path, shown)
    return found if root is None else found + validate(root, GROUP)


def load_groups(folder: Path, shown) -> tuple[dict[str, Group], list[Diagnostic]]:
    groups: dict[str, Group] = {}
    diagnostics: list[Diagnostic] = []
    if not folder.is_dir():
        return groups, diagnostics
    for path in sorted(folder.glob("*.y*ml")):
        root, found = load(path, shown(path))
        diagnostics += found
        if root is None:
            continue
        diagnostics += validate(root, GROUP)
        group_id = get_text(root, "id")
        if not group_id:
            continue
        groups[group_id] = Group(
            id=group_id,
            name=get_text(root, "name"),
            members=[m.text for m in get_list(root, "members") if isinstance(m, Scalar)],
            source=get_text(root, "source"),
            notes=get_text(root, "notes"),
            path=shown(path),
            mark=root.mark,
        )
    return groups, diagnostics
