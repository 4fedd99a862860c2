"""`safe-map check`: which files to read, which rules to apply, what the verdict is.

The whole data folder and the files given on the command line go through one streaming path:
country files are checked one at a time and only their identity is kept for the cross-file
rules, so memory and the cost per file stay flat however many files there are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safe_map.data import DataRepo
from safe_map.diagnostics import RULES, Diagnostic, Severity
from safe_map.yamlsource import Mark

if TYPE_CHECKING:
    from safe_map.model import Country


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
    """Check the whole data folder (paths None) or the files given, against its catalogues."""
    targets = _whole_folder(repo) if paths is None else _given(repo, paths)
    found = _check(repo, targets, today or date.today())
    return CheckResult([d for d in found if wanted(d.code)], targets.files)


@dataclass
class _Targets:
    """What one run reads, each file with its path as messages show it."""

    files: int  # how many files the summary says were checked
    countries: list[tuple[Path, str]] = field(default_factory=list)
    groups: list[tuple[Path, str]] = field(default_factory=list)
    catalogues: set[str] | None = None  # the repository's catalogues reported on; None: all
    foreign_catalogues: list[tuple[Path, str]] = field(default_factory=list)  # outside the repo
    given: bool = False  # files were named: the repository's other files are only peeked at


def _whole_folder(repo: DataRepo) -> _Targets:
    groups = sorted(repo.groups_dir.glob("*.y*ml")) if repo.groups_dir.is_dir() else []
    countries = repo.country_files()
    return _Targets(
        files=len(repo.catalogue_files()) + len(countries) + len(groups),
        countries=[(path, repo.shown(path)) for path in countries],
        groups=[(path, repo.shown(path)) for path in groups],
    )


def _given(repo: DataRepo, paths: list[Path]) -> _Targets:
    """The files named, sorted by kind from where they lie; shown as they were given."""
    in_repo = {_resolved(path) for path in repo.catalogue_files()}
    targets = _Targets(files=len(paths), catalogues=set(), given=True)
    for path in paths:
        where = _resolved(path)
        if where in in_repo:
            targets.catalogues.add(repo.shown(path))
        elif where.parent.name == "groups":
            targets.groups.append((path, str(path)))
        elif where.parent.name == "standards":
            targets.foreign_catalogues.append((path, str(path)))
        else:
            targets.countries.append((path, str(path)))
    return targets


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the loader reports it
        return path.absolute()


def _check(repo: DataRepo, targets: _Targets, today: date) -> list[Diagnostic]:
    from safe_map.catalogue import load_framework
    from safe_map.checks import check_countries, check_country, check_framework
    from safe_map.countries import load_country
    from safe_map.groups import load_groups_file
    from safe_map.model import Country
    from safe_map.workspace import load_catalogues

    frameworks, problems = load_catalogues(repo)
    if targets.catalogues is None:
        found = problems
    else:
        found = [d for d in problems if d.path in targets.catalogues]
    for framework in frameworks.values():  # what every file is checked against
        found += check_framework(framework)
    for path, shown in targets.foreign_catalogues:
        framework, diagnostics = load_framework(path, shown)
        found += diagnostics
        if framework is not None:
            found += check_framework(framework)
    identities: list[Country] = []
    for path, shown in targets.countries:
        country, diagnostics = load_country(path, shown)
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
    for path, shown in targets.groups:
        found += load_groups_file(path, shown)
    if targets.given:
        found += _duplicates_elsewhere(repo, identities)
        if not frameworks and not repo.catalogue_files():
            found.append(
                Mark(str(repo.standards_dir), 1, 1).diagnostic(
                    "C011", "no catalogue found: the data folder needs standards/*.yaml"
                )
            )
    return sorted(set(found))


_ISO_LINE = re.compile(r"^\s+iso:\s*[\"']?([A-Z]{2})[\"']?\s*(#.*)?$", re.MULTILINE)


def _duplicates_elsewhere(repo: DataRepo, checked: list[Country]) -> list[Diagnostic]:
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
