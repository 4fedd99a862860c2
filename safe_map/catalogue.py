"""Building Framework objects from standards/*.yaml."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from safe_map.countries import build_sources
from safe_map.data import DataRepo
from safe_map.diagnostics import Diagnostic, excerpt
from safe_map.model import Framework, Pillar, Standard
from safe_map.schema import CATALOGUE, validate
from safe_map.yamlsource import (
    Mapping,
    Node,
    get_bool,
    get_date,
    get_int,
    get_list,
    get_text,
    get_texts,
    load,
    value_marks,
)


def load_framework(path: Path, shown: str) -> tuple[Framework | None, list[Diagnostic]]:
    root, diagnostics = load(path, shown)
    if root is None:
        return None, diagnostics
    diagnostics += validate(root, CATALOGUE)
    return build_framework(root, shown), diagnostics


def build_framework(root: Node, shown: str) -> Framework | None:
    if not isinstance(root, Mapping):
        return None
    head = root.get("framework")
    framework = Framework(
        id=get_text(head, "id"),
        title=get_text(head, "title"),
        publisher=get_text(head, "publisher"),
        edition=get_text(head, "edition"),
        date=get_date(head, "date"),
        status=get_text(head, "status"),
        short_title=get_text(head, "short_title"),
        notes=get_text(head, "notes"),
        titles_checked=get_bool(head, "titles_checked"),
        sources=build_sources(get_list(head, "sources")),
        path=shown,
        mark=head.mark if head is not None else root.mark,
    )
    for pillar_node in get_list(root, "pillars"):
        number = get_int(pillar_node, "number")
        if number is None:
            continue
        pillar = Pillar(
            number=number,
            name=get_text(pillar_node, "name"),
            summary=get_text(pillar_node, "summary"),
            mark=pillar_node.mark,
            value_marks=value_marks(pillar_node),
        )
        for node in get_list(pillar_node, "standards"):
            standard_number = get_int(node, "number")
            standard_id = get_text(node, "id")
            if standard_number is None or not standard_id:
                continue
            pillar.standards.append(
                Standard(
                    id=standard_id,
                    pillar=number,
                    number=standard_number,
                    title=get_text(node, "title"),
                    summary=get_text(node, "summary"),
                    remedy=get_text(node, "remedy"),
                    specifications=get_texts(node, "specifications"),
                    notes=get_text(node, "notes"),
                    title_checked=get_bool(node, "title_checked"),
                    level=get_text(node, "level"),
                    level_inferred=get_bool(node, "level_inferred") is True,
                    mark=node.mark,
                    value_marks=value_marks(node),
                )
            )
        titles = Counter(s.title.casefold() for s in pillar.standards)
        for standard in pillar.standards:
            standard.shares_title = titles[standard.title.casefold()] > 1
        framework.pillars.append(pillar)
    return framework


def load_catalogues(repo: DataRepo) -> tuple[dict[str, Framework], list[Diagnostic]]:
    """Every catalogue of the data folder, by framework id, with their diagnostics."""
    frameworks: dict[str, Framework] = {}
    diagnostics: list[Diagnostic] = []
    for path in repo.catalogue_files():
        framework, found = load_framework(path, repo.shown(path))
        diagnostics += found
        if framework is None or not framework.id:
            continue
        if framework.id in frameworks:
            diagnostics.append(
                Diagnostic(
                    framework.path,
                    framework.mark.line if framework.mark else 1,
                    framework.mark.col if framework.mark else 1,
                    "F004",
                    f"framework id '{excerpt(framework.id)}' is already used by "
                    f"{frameworks[framework.id].path}: give this edition its own id "
                    "(e.g. safe-2025)",
                )
            )
            from safe_map.checks.catalogue import check_framework

            diagnostics += check_framework(framework)  # not in the workspace, still checked
            continue
        frameworks[framework.id] = framework
    return frameworks, diagnostics
