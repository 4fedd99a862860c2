"""Rules beyond the file format: one module per family, each yielding Diagnostic values."""

from __future__ import annotations

from datetime import date

from safe_map.checks.catalogue import check_framework
from safe_map.checks.country import check_countries, check_country
from safe_map.diagnostics import Diagnostic
from safe_map.workspace import Workspace


def check_workspace(workspace: Workspace, today: date | None = None) -> list[Diagnostic]:
    """All diagnostics of a loaded workspace: loading, structure, and the rules, sorted."""
    today = today or date.today()
    found = list(workspace.diagnostics)
    for framework in workspace.frameworks.values():
        found += check_framework(framework)
    for country in workspace.countries:
        found += check_country(country, workspace.frameworks, today)
    found += check_countries(workspace.countries)
    return sorted(set(found))


__all__ = ["check_workspace", "check_country", "check_framework"]
