"""Loading a data repository: every catalogue and country file, with their diagnostics."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from safe_map.catalogue import load_catalogues
from safe_map.countries import load_country, peek_file_iso
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


@dataclass(frozen=True)
class CountryLookup:
    """What a country query found: its file, or why there is none and what comes close."""

    query: str
    path: Path | None = None
    iso: str = ""  # the ISO 3166 code the query names (a code, a name or an alias), if any
    name: str = ""  # that country's ISO short name
    close: tuple[str, ...] = ()  # file names (stems) really close to the query
    files: int = 0  # how many country files there are

    def problem(self, folder: str) -> str:
        """Why nothing was found, and what to do, for a query with no file in `folder`."""
        if self.iso:
            name = self.name if _PLAIN.match(self.name) else f'"{self.name}"'
            return (
                f"no file for {self.name} ({self.iso}) in {folder}/: "
                f"`safe-map init {name} --iso {self.iso}` creates one, "
                f"or `safe-map export {name}` writes a blank questionnaire"
            )
        lines = [f"no country '{self.query}' in {folder}"]
        if self.close or not self.files:
            lines.append(f"  known countries nearest to it: {', '.join(self.close) or 'none yet'}")
        lines.append(
            "  give a file name, country name or ISO code; `safe-map countries` lists them all"
        )
        return "\n".join(lines)


_PLAIN = re.compile(r"^[A-Za-z0-9-]+$")  # a name the shell takes as one word without quotes


def find_country(repo: DataRepo, query: str) -> CountryLookup:
    """The country file for a file name, country name (or another name of it) or ISO code, in
    any case; else the country the query names, if any, and the file names close to it."""
    from safe_map import iso3166

    wanted = _key(query)
    files = repo.country_files()
    for path in files:
        if _key(path.stem) == wanted:
            return CountryLookup(query, path)
    text = query.strip()
    iso = text.upper() if len(text) == 2 and iso3166.name_of(text) else ""
    iso = iso or iso3166.code_for_name(text) or ""
    if iso:  # a code or a known name: the files whose iso line gives it are parsed first
        for path in files:
            if peek_file_iso(path) == iso:
                # A pattern can be fooled (an `iso:` line in a folded text): the parsed file
                # has the last word; if it says otherwise, every file is read below.
                country, _ = load_country(path, repo.shown(path))
                if country is not None and country.iso.upper() == iso:
                    return CountryLookup(query, path)
    names: dict[str, Path] = {}
    by_iso: dict[str, Path] = {}
    for path in files:
        country, _ = load_country(path, repo.shown(path))
        if country is None:
            continue
        if wanted in (_key(country.name), _key(country.iso)):
            return CountryLookup(query, path)
        by_iso.setdefault(country.iso.upper(), path)
        for alias in (country.name, path.stem):
            if alias:
                names[_key(alias)] = path
    if iso in by_iso:  # another name of the country, or its code
        return CountryLookup(query, by_iso[iso])
    if iso:
        return CountryLookup(query, None, iso, iso3166.name_of(iso) or text, files=len(files))
    close = {names[k].stem for k in _close(wanted, list(names))}
    return CountryLookup(query, None, close=tuple(sorted(close)), files=len(files))


def _close(wanted: str, keys: list[str]) -> list[str]:
    """The keys really close to `wanted`: a slip of the keyboard away, or starting with it."""
    if len(wanted) < 3:
        return []
    close = difflib.get_close_matches(wanted, keys, n=3, cutoff=0.75)
    close += [k for k in keys if any(w.startswith(wanted) for w in [k, *k.split()])]
    return close


def find_country_file(repo: DataRepo, query: str) -> tuple[Path | None, list[str]]:
    """The country file for a file name, country name or ISO code, in any case.

    Returns (path, []) when found, else (None, the file names really close to the query).
    """
    found = find_country(repo, query)
    return found.path, list(found.close)
