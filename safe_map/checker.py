"""`safe-map check`: which files to read, which rules to apply, what the verdict is.

The whole data folder and the files given on the command line go through one streaming path:
country files are checked one at a time and only their identity is kept for the cross-file
rules, so memory and the cost per file stay flat however many files there are.

A file given is checked against the data folder that holds it (countries/mongolia.yaml of
that folder), whatever the current folder; --data-dir names the folder for every file given.
A file in no data folder is checked alone, without the rules that need other files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from safe_map.countries import peek_iso
from safe_map.data import HOLDS_THE_FILE, DataRepo, holding
from safe_map.diagnostics import RULES, Diagnostic, Severity, excerpt
from safe_map.yamlsource import Mark, read_data_file

if TYPE_CHECKING:
    from safe_map.model import Country


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: int
    notes: list[str] = field(default_factory=list)  # about the run, not the files: for stderr

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
    """Check the whole data folder (paths None), or the files given, each against the data
    folder that holds it (against `repo` for every file when --data-dir named it)."""
    today = today or date.today()
    if paths is None:
        targets = _whole_folder(repo)
        found = _check(repo, targets, today)
        return CheckResult([d for d in found if wanted(d.code)], targets.files)
    found, files = [], 0
    # The same file named twice (or as ./x and x) is one file: never C010 against itself.
    unique: dict[Path, Path] = {}
    for path in paths:
        unique.setdefault(Path(os.path.abspath(path)), path)
    paths = list(unique.values())
    folders, alone = _by_folder(repo, paths)
    for folder, given in folders:
        targets = _given(folder, given)
        files += targets.files
        found += _check(folder, targets, today)
    notes: list[str] = []
    if alone:
        targets = _given(None, alone)
        files += targets.files
        read: list[tuple[str, Path]] = []
        found += _check(None, targets, today, read)
        notes += _alone_note(read, wanted)
    return CheckResult(sorted({d for d in found if wanted(d.code)}), files, notes)


def _by_folder(
    repo: DataRepo, paths: list[Path]
) -> tuple[list[tuple[DataRepo, list[Path]]], list[Path]]:
    """The files given, by the data folder each is checked against; then those in none."""
    if repo.named_on_command_line:
        return [(repo, paths)], []
    folders: dict[Path, tuple[DataRepo, list[Path]]] = {}
    alone: list[Path] = []
    for path in paths:
        root = holding(path)
        if root is None:
            alone.append(path)
            continue
        if root not in folders:
            folder = repo if root == _resolved(repo.root) else DataRepo(root, HOLDS_THE_FILE)
            folders[root] = (folder, [])
        folders[root][1].append(path)
    return list(folders.values()), alone


# The rules a file checked alone goes without, by the kind of file.
_CROSS_FILE = {
    "country": ("C001", "C002", "C010", "C011", "C017"),  # the catalogue, the other country files
    "catalogue": ("F004",),  # the other catalogues
}


def _alone_note(kinds: list[tuple[str, Path]], wanted: Callable[[str], bool]) -> list[str]:
    """The note for the files checked alone (in no data folder), by kind, when it matters:
    they could be read, and a rule they went without was wanted."""
    skipped = sorted({c for kind, _ in kinds for c in _CROSS_FILE[kind] if wanted(c)})
    if not skipped:
        return []
    shown = [str(path) for _, path in kinds]
    if len(shown) == 1:
        which, its, it = f"{shown[0]} is", "its folder", "it"
    else:
        listed = ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
        which, its, it = f"{len(shown)} files ({listed}) are", "their folders", "them"
    return [
        f"safe-map: note: {which} in no data folder (standards/ and countries/ are not beside "
        f"{its}): checked alone, without the rules that need other files "
        f"({', '.join(skipped)}); give --data-dir FOLDER to check {it} against a data folder"
    ]


@dataclass
class _Targets:
    """What one run reads, each file with its path as messages show it."""

    files: int  # how many files the summary says were checked
    countries: list[tuple[Path, str]] = field(default_factory=list)
    groups: list[tuple[Path, str]] = field(default_factory=list)
    plans: list[tuple[Path, str]] = field(default_factory=list)
    catalogues: set[str] | None = None  # the repository's catalogues reported on; None: all
    foreign_catalogues: list[tuple[Path, str]] = field(default_factory=list)  # outside the repo
    given: bool = False  # files were named: the repository's other files are only peeked at


def _whole_folder(repo: DataRepo) -> _Targets:
    groups = sorted(repo.groups_dir.glob("*.y*ml")) if repo.groups_dir.is_dir() else []
    countries = repo.country_files()
    plans = repo.plan_files()
    return _Targets(
        files=len(repo.catalogue_files()) + len(countries) + len(groups) + len(plans),
        countries=[(path, repo.shown(path)) for path in countries],
        groups=[(path, repo.shown(path)) for path in groups],
        plans=[(path, repo.shown(path)) for path in plans],
    )


def _given(repo: DataRepo | None, paths: list[Path]) -> _Targets:
    """The files named, sorted by kind from where they lie; shown as they were given. With no
    data folder (repo None), every catalogue is a foreign one."""
    in_repo = {_placed(path) for path in repo.catalogue_files()} if repo is not None else set()
    targets = _Targets(files=len(paths), catalogues=set(), given=True)
    for path in paths:
        where = _placed(path)
        if repo is not None and where in in_repo:
            targets.catalogues.add(repo.shown(path))
        elif where.parent.name == "groups":
            targets.groups.append((path, str(path)))
        elif where.parent.name == "plans":
            targets.plans.append((path, str(path)))
        elif where.parent.name == "standards":
            targets.foreign_catalogues.append((path, str(path)))
        else:
            targets.countries.append((path, str(path)))
    return targets


def _placed(path: Path) -> Path:
    """Where a file lies, its folder resolved: a symbolic link is where the link is, not where
    it leads (the loader decides whether it may be followed)."""
    return _resolved(path.parent) / path.name


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the loader reports it
        return path.absolute()


def _check(
    repo: DataRepo | None,
    targets: _Targets,
    today: date,
    read: list[tuple[str, Path]] | None = None,
) -> list[Diagnostic]:
    """The diagnostics of the targets, against the repository's catalogues and other country
    files; with no repository (files in no data folder), of each file alone. `read` collects
    the catalogues and country files that could be read, by kind."""
    read = [] if read is None else read
    from safe_map.catalogue import load_catalogues, load_framework
    from safe_map.checks import check_countries, check_country, check_framework
    from safe_map.checks.facts import check_mra_pairs
    from safe_map.countries import load_country
    from safe_map.model import Country

    frameworks, problems = load_catalogues(repo) if repo is not None else ({}, [])
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
            read.append(("catalogue", path))
            found += check_framework(framework)
    # What later rules need of each file (C010, C017), so that the file itself can be freed:
    # only the file being checked is held in full.
    identities: list[Country] = []
    for path, shown in targets.countries:
        country, diagnostics = load_country(path, shown)
        found += diagnostics
        if country is None:
            continue
        read.append(("country", path))
        found += check_country(country, frameworks if repo is not None else None, today)
        if repo is None:
            continue
        identities.append(
            Country(
                country.name,
                country.iso,
                country.framework_id,
                country.path,
                mark=country.mark,
                mras=country.mras,
            )
        )
    found += check_countries(identities)
    if targets.groups:  # imported only when there are some: start-up is a hook's cost
        from safe_map.groups import load_groups_file

    for path, shown in targets.groups:
        found += load_groups_file(path, shown)
    if targets.plans:
        from safe_map.checks.facts import check_plan
        from safe_map.plans import load_plan

    for path, shown in targets.plans:
        plan, diagnostics = load_plan(path, shown)
        found += diagnostics
        if plan is not None:
            found += check_plan(plan, today)
    peeked = _peek_others(repo, identities) if targets.given and repo is not None else []
    if repo is not None:
        others = _mra_partners(repo, identities, peeked) if targets.given else identities
        found += check_mra_pairs(identities, others)
    if targets.given and repo is not None:
        found += _duplicates_elsewhere(repo, identities, peeked)
        if not frameworks and not repo.catalogue_files():
            found.append(
                Mark(str(repo.standards_dir), 1, 1).diagnostic(
                    "C011", "no catalogue found: the data folder needs standards/*.yaml"
                )
            )
    return sorted(set(found))


class _Peeked(NamedTuple):
    """Another country file of the folder, peeked at without parsing its YAML."""

    path: Path
    iso: str
    partners: frozenset[str]  # the ISO codes its MRAs name


_MRA_PARTNER = re.compile(r"^\s*-?\s*partner:\s*[\"']?([A-Z]{2})[\"']?\s*(?:#.*)?$", re.MULTILINE)


def _peek_others(repo: DataRepo, checked: list[Country]) -> list[_Peeked]:
    """The repository's other country files, which pre-commit does not pass: their ISO code
    and their MRA partners, read with a pattern (no YAML parsing), to stay fast."""
    mine = {_placed(Path(c.path)) for c in checked}
    found = []
    for path in repo.country_files():
        if _placed(path) in mine:
            continue
        # The same guarded read as the loader's: a link out of the folder, a pipe or a device
        # among the other files is neither opened nor waited for (the loader reports it when
        # that file is checked).
        data, _ = read_data_file(path, str(path))
        if data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        found.append(_Peeked(path, peek_iso(text), frozenset(_MRA_PARTNER.findall(text))))
    return found


def _duplicates_elsewhere(
    repo: DataRepo, checked: list[Country], others: list[_Peeked]
) -> list[Diagnostic]:
    """C010 against the repository's other country files."""
    codes: dict[str, Path] = {}
    for other in others:
        if other.iso:
            codes.setdefault(other.iso, other.path)
    found = []
    for country in checked:
        other = codes.get(country.iso)
        if other is not None:
            mark = country.mark or Mark(country.path, 1, 1)
            found.append(
                mark.diagnostic(
                    "C010",
                    f"{excerpt(country.name)} ({excerpt(country.iso)}) is already described in "
                    f"{repo.shown(other)}: keep one file per country",
                )
            )
    return found


def _mra_partners(repo: DataRepo, checked: list[Country], others: list[_Peeked]) -> list[Country]:
    """The other country files that may hold the other side of a checked file's MRA: its
    partners' files, and the files that name a checked country as a partner. Only those are
    parsed."""
    from safe_map.countries import load_country

    isos = {c.iso for c in checked}
    wanted = {m.partner for c in checked for m in c.mras}
    loaded: list[Country] = []
    for other in others:
        if other.iso in wanted or other.partners & isos:
            country, _ = load_country(other.path, repo.shown(other.path))
            if country is not None:
                loaded.append(country)
    return loaded
