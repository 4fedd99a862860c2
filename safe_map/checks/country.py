"""Rules for country files: standards, citations, instruments, sources, dates, ISO codes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from safe_map.checks.facts import country_fact_rules, mra_dates
from safe_map.diagnostics import Diagnostic, excerpt, listing
from safe_map.limits import MAX_CELL_TEXT
from safe_map.model import Country, Framework, Status
from safe_map.yamlsource import Mark


def _at(entry: object, key: str, fallback: Mark | None) -> Mark | None:
    """Where the value `key` of a model object is in its file; else where its entry starts."""
    marks: dict[str, Mark] = getattr(entry, "value_marks", {})
    return marks.get(key) or getattr(entry, "mark", None) or fallback


def check_country(
    country: Country, frameworks: dict[str, Framework] | None, today: date
) -> list[Diagnostic]:
    """The rules on one country file; with `frameworks` None (a file in no data folder, so
    with no catalogue) without those on its framework and standards (C001, C002, C011)."""
    return list(_country_rules(country, frameworks, today))


def _country_rules(
    country: Country, frameworks: dict[str, Framework] | None, today: date
) -> Iterator[Diagnostic]:
    here = country.mark or Mark(country.path, 1, 1)
    framework = frameworks.get(country.framework_id) if frameworks is not None else None
    if country.framework_id and framework is None and frameworks is not None:
        known = listing(sorted(frameworks)) or "none"
        yield (country.framework_mark or here).diagnostic(
            "C011",
            f"framework '{excerpt(country.framework_id)}' has no catalogue in standards/: "
            f"use one of: {known}",
        )
    if framework is not None:
        yield from _standards(country, framework, here)
    yield from _citations(country)
    yield from _sources(country)
    yield from _unsourced(country, here)
    yield from _dates(country, today)
    yield from _identity(country, here)
    yield from _text_lengths(country, here)
    yield from country_fact_rules(country, here, today)


def _standards(country: Country, framework: Framework, here: Mark) -> Iterator[Diagnostic]:
    ids = [s.id for s in framework.standards]
    for assessment in country.assessments.values():
        if assessment.standard_id not in ids:
            close = difflib.get_close_matches(assessment.standard_id, ids, n=1, cutoff=0.5)
            hint = f"did you mean '{excerpt(close[0])}'?" if close else "see `safe-map standards`"
            yield (assessment.mark or here).diagnostic(
                "C001",
                f"'{excerpt(assessment.standard_id)}' is not a standard of "
                f"{excerpt(framework.id)}: {hint}",
            )
    missing = [s.id for s in framework.standards if s.id not in country.assessments]
    if missing:
        listed = ", ".join(map(excerpt, missing[:8])) + (", ..." if len(missing) > 8 else "")
        yield here.diagnostic(
            "C002",
            f"{len(missing)} of the {len(ids)} standards of {excerpt(framework.id)} are not "
            "listed under "
            f"'assessments:' ({listed}): add each, with status: not-assessed if nobody has "
            "assessed it yet",
        )


def _citations(country: Country) -> Iterator[Diagnostic]:
    cited: set[str] = set()
    for assessment in country.assessments.values():
        if assessment.status in (Status.YES, Status.PARTIAL) and not assessment.citations:
            yield (assessment.status_mark or assessment.mark).diagnostic(  # type: ignore[union-attr]
                "C003",
                f"{excerpt(assessment.standard_id)} is '{assessment.status.value}' but cites no "
                "legal "
                "basis: add 'citations:' with the law or regulation that implements it, "
                "or change the status",
            )
    every = [c for a in country.assessments.values() for c in a.citations]
    if country.programme is not None:  # the programme's legal basis cites instruments too
        every += country.programme.legal_basis
    known = listing(country.instruments) or "none defined yet"
    hints: dict[str, str] = {}  # one search per unknown id, and only so many searches
    for citation in every:
        cited.add(citation.instrument)
        if citation.instrument not in country.instruments:
            hint = hints.get(citation.instrument)
            if hint is None:
                hint = f"defined ones: {known}"
                # A close-match search costs (ids x instruments): bounded, so that a file
                # crafted with thousands of both cannot hold a CI run for hours.
                if len(hints) < _MAX_HINTS and len(country.instruments) <= _MAX_CANDIDATES:
                    close = difflib.get_close_matches(
                        citation.instrument, list(country.instruments), n=1, cutoff=0.5
                    )
                    if close:
                        hint = f"did you mean '{excerpt(close[0])}'?"
                hints[citation.instrument] = hint
            yield (citation.instrument_mark or citation.mark).diagnostic(  # type: ignore[union-attr]
                "C004",
                f"instrument '{excerpt(citation.instrument)}' is not defined under "
                f"'instruments:': {hint}",
            )
    for instrument in country.instruments.values():
        if instrument.id not in cited:
            yield instrument.mark.diagnostic(  # type: ignore[union-attr]
                "C005",
                f"instrument '{excerpt(instrument.id)}' is defined but never cited: "
                "cite it or remove it",
            )


_MAX_HINTS = 50
_MAX_CANDIDATES = 500


def _sources(country: Country) -> Iterator[Diagnostic]:
    known = {s.id for s in country.sources}
    refs: list[tuple[str, Mark | None]] = [
        (r.source, _at(r, "source", None)) for r in country.recommendations
    ]
    refs += [(a.source, _at(a, "source", None)) for a in country.assessments.values()]
    refs += [(i.source, _at(i, "source", None)) for i in country.instruments.values()]
    if country.programme is not None:
        refs.append((country.programme.source, _at(country.programme, "source", country.mark)))
        refs += [
            (ref, _at(country.programme, f"{key}_source", country.mark))
            for key, ref in country.programme.field_sources.items()
        ]
    for ref, mark in refs:
        if ref and ref not in known and mark is not None:
            yield mark.diagnostic(
                "C012",
                f"source '{excerpt(ref)}' is not defined under 'sources:': "
                f"use one of: {listing(sorted(known)) or 'none defined yet'}",
            )


def _unsourced(country: Country, here: Mark) -> Iterator[Diagnostic]:
    """C014: a file that states a fact (a status other than not-assessed, a citation, an
    instrument, a recommendation, programme facts) names at least one source. A file whose
    every standard is not-assessed states nothing, and needs none."""
    if country.sources:
        return
    facts: list[tuple[Mark, str]] = []
    for a in country.assessments.values():
        mark = a.status_mark or a.mark or here
        if a.status is not Status.NOT_ASSESSED:
            facts.append((mark, f"{excerpt(a.standard_id)} is '{a.status.value}'"))
        elif a.citations:
            facts.append(
                (a.citations[0].mark or mark, f"{excerpt(a.standard_id)} cites a legal basis")
            )
    facts += [
        (i.mark or here, f"instrument '{excerpt(i.id)}' is defined")
        for i in country.instruments.values()
    ]
    facts += [(r.mark or here, "a recommendation is given") for r in country.recommendations]
    if country.programme is not None:
        facts.append((country.programme.mark or here, "'programme:' gives facts"))
    facts += [(m.mark or here, "an MRA is recorded") for m in country.mras]
    if facts:
        mark, fact = min(facts, key=lambda f: (f[0].line, f[0].col))
        yield mark.diagnostic(
            "C014",
            f"{fact}, but the file names no source: add under 'sources:' the document the "
            "facts come from (id, title and date)",
        )


_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _dates(country: Country, today: date) -> Iterator[Diagnostic]:
    dated: list[tuple[str, Mark | None, bool]] = [
        (s.date, _at(s, "date", None), False) for s in country.sources
    ]
    dated += [(i.date, _at(i, "date", None), False) for i in country.instruments.values()]
    # A target date of planned work may lie in the future; a date of a source may not.
    dated += [
        (a.target_date, _at(a, "target_date", None), True) for a in country.assessments.values()
    ]
    dated += mra_dates(country)
    for text, mark, future_ok in dated:
        if not text or mark is None:
            continue
        for code, message in date_problems(text, today, future_ok):
            yield mark.diagnostic(code, message)


def date_problems(text: str, today: date, future_ok: bool = False) -> Iterator[tuple[str, str]]:
    """(code, message) for each day of a date (or period) that is not a real calendar day, or
    lies in the future when it may not. The format is the structural validator's business:
    a date it refuses (2024-13) has no problem here, so that it is reported once."""
    from safe_map.schema import DATE_PATTERN

    if not re.match(DATE_PATTERN, text):
        return
    for part in text.split("/"):
        match = _PART.match(part)
        if not match:
            continue
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            first = date(year, month or 1, day or 1)  # type: ignore[arg-type]
        except ValueError:
            yield "S005", f"'{excerpt(part)}' is not a real calendar date: check the day and month"
            continue
        if first > today and not future_ok:
            yield (
                "C006",
                f"date {part} lies in the future (today is {today.isoformat()}): check the year",
            )


def _identity(country: Country, here: Mark) -> Iterator[Diagnostic]:
    from safe_map import iso3166

    iso_mark = country.iso_mark or here
    if country.iso and re.match(r"^[A-Z]{2}$", country.iso):
        expected = iso3166.name_of(country.iso)
        if expected is None:
            yield iso_mark.diagnostic(
                "C007",
                f"'{country.iso}' is not an ISO 3166-1 alpha-2 country code: "
                "look the code up at https://www.iso.org/obp/ui/#search",
            )
        elif country.name:
            named = iso3166.code_for_name(country.name)
            if named is not None and named != country.iso:
                yield iso_mark.diagnostic(
                    "C008",
                    f"'{country.iso}' is the code of {expected}, but the country is "
                    f"{excerpt(country.name)} (code {named}): correct one of the two",
                )
    # Only files in a countries/ folder are named by convention (not test or scratch copies).
    if country.name and Path(country.path).parent.name == "countries":
        stem = Path(country.path).stem
        expected_stem = slug(country.name)
        if stem != expected_stem and stem != country.iso.lower():
            yield here.diagnostic(
                "C009",
                f"file name '{excerpt(stem)}' does not match the country "
                f"'{excerpt(country.name)}': "
                f"rename the file to {expected_stem}.yaml",
            )


def _text_lengths(country: Country, here: Mark) -> Iterator[Diagnostic]:
    """C013: every text must fit in one workbook cell, or export would cut it and import
    could not bring it back. A long value is reported where it is; the message also names its
    entry (the standard, citation, instrument...) and its field."""
    # (entry, how the message names it, with {} for its id, the id, where the entry is):
    # the name is made only for a text too long, so that the common case costs nothing.
    entries: list[tuple[object, str, str, Mark | None]] = [(country, "the country's", "", here)]
    entries += [(s, "source '{}':", s.id, s.mark) for s in country.sources]
    entries += [(i, "instrument '{}':", i.id, i.mark) for i in country.instruments.values()]
    for a in country.assessments.values():
        entries.append((a, "{}:", a.standard_id, a.mark))
        entries += [
            (c, "{}, citation " + str(n) + ":", a.standard_id, c.mark or a.mark)
            for n, c in enumerate(a.citations, start=1)
        ]
    entries += [
        (r, f"recommendation {n}:", "", r.mark) for n, r in enumerate(country.recommendations, 1)
    ]
    if country.programme is not None:
        entries.append((country.programme, "programme:", "", here))
        entries += [
            (f, f"programme fact {n}:", "", f.mark)
            for n, f in enumerate(country.programme.facts, start=1)
        ]
    entries += [(m, "MRA with {}:", m.partner, m.mark) for m in country.mras]
    for entry, label, ident, mark in entries:
        for name, key, text in _texts(entry):
            if len(text) > MAX_CELL_TEXT:
                owner = label.format(excerpt(ident))
                yield (_at(entry, key, None) or mark or here).diagnostic(
                    "C013",
                    f"{owner} {name} is {len(text):,} characters long, more than the "
                    f"{MAX_CELL_TEXT:,} a workbook cell can hold: shorten it or split it "
                    "(into two citations, or quote less and cite the provision)",
                )


# Model fields whose key in the file has another name.
_KEYS = {"framework_id": "framework"}


def _texts(entry: object) -> Iterator[tuple[str, str, str]]:
    """The text values of a model object: (field name, its key in the file, text); items of
    lists of texts numbered from 1."""
    # The instance's own attributes are its fields, in their order (dataclasses.fields would
    # give the same, at a cost every file of every check pays).
    for name, value in vars(entry).items():
        if isinstance(value, str):
            yield name, _KEYS.get(name, name), value
        elif isinstance(value, list):
            key = _KEYS.get(name, name)
            for n, item in enumerate(value, start=1):
                if isinstance(item, str):
                    yield f"{name} (item {n})", f"{key}[{n}]", item


def slug(name: str) -> str:
    """The file name a country's file should have: 'Kyrgyz Republic' -> 'kyrgyz-republic'."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"['\u2019]", "", plain)  # "People's" -> "peoples"
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def check_countries(countries: list[Country]) -> list[Diagnostic]:
    """Two files for one country (same ISO code or same name)."""
    found: list[Diagnostic] = []
    seen: dict[str, Country] = {}
    for country in sorted(countries, key=lambda c: c.path):
        for key in (f"iso:{country.iso}", f"name:{country.name.casefold()}"):  # fixed order
            if key.endswith(":") or key not in seen:
                seen.setdefault(key, country)
                continue
            first = seen[key]
            found.append(
                (country.mark or Mark(country.path, 1, 1)).diagnostic(
                    "C010",
                    f"{excerpt(country.name)} ({excerpt(country.iso)}) is already described in "
                    f"{first.path}: "
                    "keep one file per country",
                )
            )
            break
    return found
