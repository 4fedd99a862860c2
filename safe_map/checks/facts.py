"""Rules for the facts around a mapping: sources that say when and where, programme facts and
mutual recognition arrangements that name a source, the two sides of an MRA, work plans."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from safe_map.diagnostics import Diagnostic, excerpt, listing
from safe_map.model import Country, Fact, Mra, Source
from safe_map.yamlsource import Mark


def _at(entry: object, key: str, fallback: Mark | None) -> Mark | None:
    marks: dict[str, Mark] = getattr(entry, "value_marks", {})
    return marks.get(key) or getattr(entry, "mark", None) or fallback


def check_sources(sources: list[Source], named: set[str], here: Mark) -> Iterator[Diagnostic]:
    """C016: a source says when (its date, or when a web page was read); a source that a
    programme fact, an MRA, a group's fact or a plan names also says where to find it."""
    for source in sources:
        mark = source.mark or here
        if not source.date and not source.accessed:
            yield mark.diagnostic(
                "C016",
                f"source '{excerpt(source.id)}' has no date: add 'date:' (the date the source "
                "gives) or, for a web page that gives none, 'accessed:' (when it was read)",
            )
        if source.id in named and not (
            source.publisher or source.url or source.document or source.event
        ):
            yield mark.diagnostic(
                "C016",
                f"source '{excerpt(source.id)}' does not say where to find it: add 'url:', "
                "'publisher:' or 'document:'",
            )


def _facts_sourced(
    facts: Iterable[Fact], default: str, known: set[str], what: str, block: str, here: Mark
) -> Iterator[Diagnostic]:
    """C012 and C015 for a list of facts; `what` names them ("the programme's"), `block` is
    where a source for all of them goes ("under 'programme:'")."""
    for n, fact in enumerate(facts, start=1):
        mark = fact.mark or here
        if fact.source:
            if fact.source not in known:
                yield (_at(fact, "source", mark) or mark).diagnostic(
                    "C012", _unknown_source(fact.source, known)
                )
        elif not default:
            yield mark.diagnostic(
                "C015",
                f"{what} fact {n} names no source: add 'source:' to it, or {block}, with the "
                "id of the source that says it",
            )


def _unknown_source(ref: str, known: set[str]) -> str:
    return (
        f"source '{excerpt(ref)}' is not defined under 'sources:': "
        f"use one of: {listing(sorted(known)) or 'none defined yet'}"
    )


def country_fact_rules(country: Country, here: Mark, today: date) -> Iterator[Diagnostic]:
    """C015 and the sources of the programme and the MRAs (C012 for the programme's own
    source is the country rules' business)."""
    known = {s.id for s in country.sources}
    named: set[str] = set()
    programme = country.programme
    if programme is not None:
        where = programme.mark or here
        default = programme.source if programme.source in known else ""
        named |= {programme.source, *programme.field_sources.values()}
        named |= {f.source for f in programme.facts}
        instrument_sources = {i.id: i.source for i in country.instruments.values()}
        # Every value the block states is a fact, and needs a source (its own, or the block's).
        stated = [
            key
            for key, value in (
                ("status", "" if programme.status == "unknown" else programme.status),
                ("as_of", programme.as_of),
                ("since", programme.since),
                ("authority", programme.authority),
                ("responsible_unit", programme.responsible_unit),
                ("staff", programme.staff),
                ("self_assessment_questionnaire", programme.self_assessment_questionnaire),
                ("validation_procedures", programme.validation_procedures),
                ("paperless_trade_measures", programme.paperless_trade_measures),
            )
            if value not in (None, "", []) and not programme.source_of(key)
        ]
        if not programme.source and any(
            not instrument_sources.get(c.instrument) for c in programme.legal_basis
        ):
            stated.append("legal_basis")
        for key in stated:
            alone = (
                "'source:' on each instrument it cites"
                if key == "legal_basis"
                else f"'{key}_source:' for this value alone"
                if key in ("status", "since", "authority")
                else ""
            )
            yield (_at(programme, key, where) or where).diagnostic(
                "C015",
                f"the programme's {key} names no source: add 'source:' under 'programme:'"
                + (f", or {alone}," if alone else "")
                + " with the id of the source that says it",
            )
        yield from _facts_sourced(
            programme.facts,
            default or programme.source,
            known,
            "the programme's",
            "under 'programme:'",
            where,
        )
    partners: set[str] = set()
    for mra in country.mras:
        mark = mra.mark or here
        if mra.partner in partners:
            yield mark.diagnostic(
                "C017",
                f"a second MRA with {excerpt(mra.partner)}: keep one entry per partner, with "
                "its state now, and tell its history in 'notes:'",
            )
        partners.add(mra.partner)
        named.add(mra.source)
        if not mra.source:
            yield mark.diagnostic(
                "C015",
                f"the MRA with {excerpt(mra.partner)} names no source: add 'source:' with the "
                "id of the source that says it",
            )
        elif mra.source not in known:
            yield (_at(mra, "source", mark) or mark).diagnostic(
                "C012", _unknown_source(mra.source, known)
            )
        yield from _partner(country, mra, mark)
        yield from _mra_dates(mra, mark, today)
    yield from check_sources(country.sources, named, here)


def _partner(country: Country, mra: Mra, mark: Mark) -> Iterator[Diagnostic]:
    from safe_map import iso3166

    where = _at(mra, "partner", mark) or mark
    if mra.partner == country.iso:
        yield where.diagnostic(
            "C018", f"the MRA's partner {mra.partner} is the country itself: name the other side"
        )
    elif mra.partner.isupper():
        if mra.partner != "EU" and iso3166.name_of(mra.partner) is None:
            yield where.diagnostic(
                "C018",
                f"'{excerpt(mra.partner)}' is not an ISO 3166-1 alpha-2 country code (nor EU): "
                "look the code up at https://www.iso.org/obp/ui/#search",
            )
    elif not mra.partner_name:
        yield where.diagnostic(
            "C018",
            f"partner '{excerpt(mra.partner)}' is not a country code: for a group of countries "
            "add 'partner_name:' (e.g. Eurasian Economic Union)",
        )


def _mra_dates(mra: Mra, mark: Mark, today: date) -> Iterator[Diagnostic]:
    """C017 within one entry: a state its dates contradict."""
    partner = excerpt(mra.partner)
    if mra.state == "under-negotiation" and (mra.signed or mra.in_force):
        yield (_at(mra, "state", mark) or mark).diagnostic(
            "C017",
            f"the MRA with {partner} is under negotiation but gives a date of "
            + ("signature" if mra.signed else "entry into force")
            + ": correct the state or the date",
        )
    if mra.state == "in-force" and mra.in_force and mra.in_force.split("/")[0] > today.isoformat():
        yield (_at(mra, "in_force", mark) or mark).diagnostic(
            "C017",
            f"the MRA with {partner} is in force, but from {mra.in_force}, which has not come "
            "yet: write state: signed until that day",
        )
    if mra.in_force and mra.signed and mra.signed.split("/")[0] > mra.in_force.split("/")[0]:
        yield (_at(mra, "in_force", mark) or mark).diagnostic(
            "C017",
            f"the MRA with {excerpt(mra.partner)} enters into force ({mra.in_force}) before it "
            f"is signed ({mra.signed}): check both dates",
        )


def mra_dates(country: Country) -> list[tuple[str, Mark | None, bool]]:
    """The dates of the programme and the MRAs, for the calendar rules: (date, where, may it
    lie in the future). An MRA may be signed now and enter into force later."""
    dated: list[tuple[str, Mark | None, bool]] = []
    programme = country.programme
    if programme is not None:
        dated += [(programme.as_of, _at(programme, "as_of", None), False)]
        dated += [(programme.since, _at(programme, "since", None), False)]
        dated += [(f.date, _at(f, "date", None), False) for f in programme.facts]
    for mra in country.mras:
        dated += [
            (mra.signed, _at(mra, "signed", None), False),
            (mra.in_force, _at(mra, "in_force", None), True),
            (mra.reported, _at(mra, "reported", None), False),
        ]
    return dated


# --- the two sides of an MRA -----------------------------------------------------------------


def _side(mra: Mra) -> tuple[str, str, str, str]:
    return (mra.state, mra.signed, mra.in_force, mra.reported)


def check_mra_pairs(checked: list[Country], others: list[Country]) -> list[Diagnostic]:
    """C017: each MRA of a checked file against its partner's file, when the data folder has
    one: a state or a date that differs, or an MRA one side records and the other does not.
    `others` are the data folder's other country files (those that may be the other side)."""
    every = [*others, *(c for c in checked if c not in others)]
    by_iso = {c.iso: c for c in every if c.iso}
    found: list[Diagnostic] = []
    for country in checked:
        here = country.mark or Mark(country.path, 1, 1)
        for mra in country.mras:
            partner = by_iso.get(mra.partner)
            if partner is None or partner is country:
                continue
            theirs = [m for m in partner.mras if m.partner == country.iso]
            mark = mra.mark or here
            if not theirs:
                found.append(
                    mark.diagnostic(
                        "C017",
                        f"this file records an MRA with {excerpt(partner.name)}, but "
                        f"{partner.path} records none with {excerpt(country.name)}: add it "
                        "there (with the same state, dates and source) or correct this one",
                    )
                )
            elif not any(_side(m) == _side(mra) for m in theirs):
                other = theirs[0]
                found.append(
                    mark.diagnostic(
                        "C017",
                        f"the two sides of the MRA with {excerpt(partner.name)} differ: "
                        f"{_told(mra)} here, {_told(other)} in {partner.path}: make the two "
                        "files agree",
                    )
                )
        for other in every:
            if other is country:
                continue
            for mra in other.mras:
                if mra.partner == country.iso and not any(
                    m.partner == other.iso for m in country.mras
                ):
                    found.append(
                        here.diagnostic(
                            "C017",
                            f"{other.path} records an MRA with {excerpt(country.name)} "
                            f"({_told(mra)}), but this file records none with "
                            f"{excerpt(other.name)}: add it under 'mras:' or correct that file",
                        )
                    )
    return found


def _told(mra: Mra) -> str:
    dates = [
        f"{label} {value}"
        for label, value in (
            ("signed", mra.signed),
            ("in force", mra.in_force),
            ("reported", mra.reported),
        )
        if value
    ]
    return f"state {excerpt(mra.state)}" + (f", {', '.join(dates)}" if dates else "")


# --- groups and plans --------------------------------------------------------------------------


def check_group(group) -> list[Diagnostic]:
    here = group.mark or Mark(group.path, 1, 1)
    known = {s.id for s in group.sources}
    default = group.source if group.source in known else ""
    found = list(
        _facts_sourced(group.facts, default, known, "the group's", "to the group's 'source:'", here)
    )
    named = {f.source or default for f in group.facts}
    found += check_sources(group.sources, named, here)
    return found


def check_plan(plan, today: date) -> list[Diagnostic]:
    from safe_map import iso3166
    from safe_map.checks.country import date_problems

    here = plan.mark or Mark(plan.path, 1, 1)
    known = {s.id for s in plan.sources}
    found: list[Diagnostic] = []
    if plan.source and plan.source not in known:
        found.append(
            (_at(plan, "source", here) or here).diagnostic(
                "C012", _unknown_source(plan.source, known)
            )
        )
    found += check_sources(plan.sources, {plan.source}, here)
    for n, party in enumerate(plan.parties, start=1):
        if party.country and iso3166.name_of(party.country) is None:
            found.append(
                (_at(plan, f"parties[{n}]", here) or here).diagnostic(
                    "C007",
                    f"'{excerpt(party.country)}' is not an ISO 3166-1 alpha-2 country code: "
                    "look the code up at https://www.iso.org/obp/ui/#search",
                )
            )
    from pathlib import Path

    stem = Path(plan.path).stem
    if Path(plan.path).parent.name == "plans" and stem != plan.id:
        found.append(
            (_at(plan, "id", here) or here).diagnostic(
                "C009",
                f"file name '{excerpt(stem)}' does not match the plan's id "
                f"'{excerpt(plan.id)}': rename the file to {excerpt(plan.id)}.yaml",
            )
        )
    for task in plan.tasks:
        mark = _at(task, "date", None)
        if task.date and mark is not None:
            # a task may be due on a day to come
            found += [mark.diagnostic(c, m) for c, m in date_problems(task.date, today, True)]
        for event in task.events:
            mark = _at(event, "date", None)
            if event.date and mark is not None:
                found += [mark.diagnostic(c, m) for c, m in date_problems(event.date, today)]
    return found
