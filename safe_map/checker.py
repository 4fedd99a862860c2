"""`safe-map check`: which files to read, which rules to apply, what the verdict is."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from safe_map.checks import check_workspace
from safe_map.data import DataRepo
from safe_map.diagnostics import RULES, Diagnostic, Severity
from safe_map.yamlsource import Mark


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: int

    def failed(self, strict: bool) -> bool:
        if strict:
            return bool(self.diagnostics)
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip().upper() for raw in values or [] for v in raw.split(",") if v.strip()]


def select_codes(select: list[str] | None, ignore: list[str] | None) -> Callable[[str], bool]:
    """A predicate on codes, as ruff's --select/--ignore: prefixes match ('C' selects C001...)."""
    chosen, skipped = _split(select), _split(ignore)
    for prefix in chosen + skipped:
        if not any(code.startswith(prefix) for code in RULES):
            raise ValueError(
                f"'{prefix}' matches no rule code: codes are listed in docs/checks.md "
                "(Y for YAML, S for structure, C for country files, F for catalogues)"
            )

    def wanted(code: str) -> bool:
        if chosen and not any(code.startswith(p) for p in chosen):
            return False
        return not any(code.startswith(p) for p in skipped)

    return wanted


def run_check(
    repo: DataRepo,
    paths: list[Path] | None,
    wanted: Callable[[str], bool] = lambda code: True,
    today: date | None = None,
) -> CheckResult:

    if paths is None:
        found, files = _check_repository(repo, today or date.today())
    else:
        found, files = _check_paths(repo, paths, today)
    return CheckResult([d for d in found if wanted(d.code)], files)


def _check_repository(repo: DataRepo, today: date) -> tuple[list[Diagnostic], int]:
    """Every file of the data folder. Country files are checked one at a time and only their
    identity is kept for the cross-file rules, so memory and the cost per file stay flat."""
    from safe_map.checks import check_country, check_framework
    from safe_map.checks.country import check_countries
    from safe_map.countries import load_country
    from safe_map.groups import load_groups
    from safe_map.model import Country
    from safe_map.workspace import load_catalogues

    frameworks, found = load_catalogues(repo)
    for framework in frameworks.values():
        found += check_framework(framework)
    identities: list[Country] = []
    country_files = repo.country_files()
    for path in country_files:
        country, diagnostics = load_country(path, repo.shown(path))
        found += diagnostics
        if country is None:
            continue
        found += check_country(country, frameworks, today)
        identities.append(
            Country(
                country.name, country.iso, country.framework_id, country.path, mark=country.mark
            )
        )
    found += check_countries(identities)
    _, group_problems = load_groups(repo.groups_dir, repo.shown)
    found += group_problems
    group_files = list(repo.groups_dir.glob("*.y*ml")) if repo.groups_dir.is_dir() else []
    files = len(repo.catalogue_files()) + len(country_files) + len(group_files)
    return sorted(set(found)), files


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the loader reports it
        return path.absolute()


def _is_catalogue(path: Path) -> bool:
    return _resolved(path).parent.name == "standards"


def _check_paths(
    repo: DataRepo, paths: list[Path], today: date | None
) -> tuple[list[Diagnostic], int]:
    """The files given, checked against the repository's catalogues."""
    from safe_map.catalogue import load_framework
    from safe_map.checks import check_framework
    from safe_map.workspace import Workspace, load_catalogues

    frameworks, problems = load_catalogues(repo)
    catalogue_paths = {p.resolve() for p in repo.catalogue_files()}
    workspace = Workspace(repo, frameworks, [], [])
    found: list[Diagnostic] = []
    for path in paths:
        shown = str(path)
        if _resolved(path) in catalogue_paths:
            found += [d for d in problems if d.path == repo.shown(path)]
            framework = next((f for f in frameworks.values() if f.path == repo.shown(path)), None)
            if framework is not None:
                found += check_framework(framework)
        elif _resolved(path).parent.name == "groups":
            from safe_map.groups import load_groups_file

            found += load_groups_file(path, shown)
        elif _is_catalogue(path):
            framework, diagnostics = load_framework(path, shown)
            found += diagnostics
            if framework is not None:
                found += check_framework(framework)
        else:
            from safe_map.countries import load_country

            country, diagnostics = load_country(path, shown)
            found += diagnostics
            if country is not None:
                workspace.countries.append(country)
    workspace.diagnostics = []
    found += check_workspace(workspace, today)
    found += _duplicates_elsewhere(repo, workspace.countries)
    if not frameworks and not catalogue_paths:
        found.append(
            Mark(str(repo.standards_dir), 1, 1).diagnostic(
                "C011", "no catalogue found: the data folder needs standards/*.yaml"
            )
        )
    return sorted(set(found)), len(paths)


_ISO_LINE = re.compile(r"^\s+iso:\s*[\"']?([A-Z]{2})[\"']?\s*(#.*)?$", re.MULTILINE)


def _duplicates_elsewhere(repo: DataRepo, checked: list) -> list[Diagnostic]:
    """C010 against the repository's other country files, which pre-commit does not pass.

    Those files are only peeked at for their ISO code (no YAML parsing), to stay fast.
    """
    mine = {_resolved(Path(c.path)) for c in checked}
    codes: dict[str, Path] = {}
    for path in repo.country_files():
        if _resolved(path) in mine:
            continue
        try:
            match = _ISO_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if match:
            codes.setdefault(match.group(1), path)
    found = []
    for country in checked:
        other = codes.get(country.iso)
        if other is not None:
            mark = country.mark or Mark(country.path, 1, 1)
            found.append(
                mark.diagnostic(
                    "C010",
                    f"{country.name} ({country.iso}) is already described in "
                    f"{repo.shown(other)}: keep one file per country",
                )
            )
    return found
