"""Loading a data repository: every catalogue and country file, with their diagnostics."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from safe_map.catalogue import load_framework
from safe_map.countries import load_country
from safe_map.data import DataRepo
from safe_map.diagnostics import Diagnostic
from safe_map.model import Country, Framework


@dataclass
class Workspace:
    repo: DataRepo
    frameworks: dict[str, Framework] = field(default_factory=dict)
    countries: list[Country] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def framework_for(self, country: Country) -> Framework | None:
        return self.frameworks.get(country.framework_id)


def load_catalogues(repo: DataRepo) -> tuple[dict[str, Framework], list[Diagnostic]]:
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
                    f"framework id '{framework.id}' is already used by "
                    f"{frameworks[framework.id].path}: give this edition its own id "
                    "(e.g. safe-2025)",
                )
            )
            from safe_map.checks.catalogue import check_framework

            diagnostics += check_framework(framework)  # not in the workspace, still checked
            continue
        frameworks[framework.id] = framework
    return frameworks, diagnostics


def load_workspace(repo: DataRepo, country_paths: list[Path] | None = None) -> Workspace:
    """Every catalogue, and the country files given (all of them by default)."""
    frameworks, diagnostics = load_catalogues(repo)
    workspace = Workspace(repo, frameworks, [], diagnostics)
    paths = repo.country_files() if country_paths is None else country_paths
    for path in paths:
        country, found = load_country(path, repo.shown(path))
        workspace.diagnostics += found
        if country is not None:
            workspace.countries.append(country)
    return workspace


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def find_country_file(repo: DataRepo, query: str) -> tuple[Path | None, list[str]]:
    """The country file for a file name, country name or ISO code, in any case.

    Returns (path, []) when found, else (None, nearest known names).
    """
    wanted = _key(query)
    files = repo.country_files()
    for path in files:
        if _key(path.stem) == wanted:
            return path, []
    names: dict[str, Path] = {}
    for path in files:
        country, _ = load_country(path, repo.shown(path))
        if country is None:
            continue
        for alias in (country.name, country.iso, path.stem):
            if alias:
                names[_key(alias)] = path
        if wanted in (_key(country.name), _key(country.iso)):
            return path, []
    display = sorted({p.stem for p in files})
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)
    nearest = sorted({names[c].stem for c in close}) or display
    return None, nearest
