"""A country's AEO programme and mutual recognition, as reports show them (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from safe_map.model import Citation, Country, Fact, Instrument, Mra, Source, mra_dated

if TYPE_CHECKING:
    from safe_map.groups import Group

# Partners that are not countries of ISO 3166-1 but that the code list reserves.
_RESERVED = {"EU": "European Union"}


def partner_name(code: str, given: str = "") -> str:
    """'China' for CN (ISO's short name), 'European Union' for EU, a group's given name."""
    from safe_map import iso3166

    if given:
        return given
    return _RESERVED.get(code) or iso3166.name_of(code) or code


class SourceRef(NamedTuple):
    """The source of one value: its id, title and address ('' when the file names none)."""

    id: str = ""
    title: str = ""
    url: str = ""


def _ref(source_id: str, sources: dict[str, Source]) -> SourceRef:
    found = sources.get(source_id)
    return SourceRef(source_id, found.title if found else "", found.url if found else "")


class FactView(NamedTuple):
    text: str
    date: str
    source: str  # the source's id
    source_title: str
    url: str
    note: str


class MraView(NamedTuple):
    partner: str  # ISO code, EU, or a group id
    partner_name: str
    state: str
    state_label: str
    signed: str
    in_force: str
    reported: str
    source: str
    source_title: str
    url: str
    notes: str

    @property
    def when(self) -> str:
        """'in force 2025-06-01'; 'reported 2025-01-16 (signed 2024-04-26)': the state's own
        date first, then the others; '' when none is given."""
        own, others = mra_dated(self)
        named = [f"{label} {value}" for label, value in others]
        if not own:
            return ", ".join(named)
        first = f"{self.state.replace('-', ' ')} {own}"
        return f"{first} ({', '.join(named)})" if named else first


@dataclass(frozen=True)
class ProgrammeView:
    status: str  # the file's value; "" when no source gives one
    status_label: str  # "Operational", "None found", "Unknown"
    as_of: str
    since: str
    authority: str
    legal_basis: list[str] = field(default_factory=list)  # citations as a reader wants them
    responsible_unit: str = ""
    staff: int | None = None
    self_assessment_questionnaire: bool | None = None
    validation_procedures: bool | None = None
    paperless_trade_measures: list[str] = field(default_factory=list)
    source: str = ""
    source_title: str = ""
    facts: list[FactView] = field(default_factory=list)
    mras: list[MraView] = field(default_factory=list)
    notes: str = ""
    # Where each value comes from: a field's own source, else the programme's; each item of
    # the legal basis from its instrument's source, else the programme's.
    cited: dict[str, SourceRef] = field(default_factory=dict)
    legal_basis_sources: list[SourceRef] = field(default_factory=list)

    def source_ref(self, key: str) -> SourceRef:
        """The source of a field (status, since, authority, responsible_unit ...)."""
        return self.cited.get(key) or self.cited.get("", SourceRef())

    @property
    def practices(self) -> list[str]:
        """What the source says is in use or in place, in words ('' when it says nothing)."""
        said = []
        if self.self_assessment_questionnaire is not None:
            said.append(
                "A self-assessment questionnaire is "
                + ("in use" if self.self_assessment_questionnaire else "not in use")
            )
        if self.validation_procedures is not None:
            said.append(
                "Evaluation and validation procedures are "
                + ("in place" if self.validation_procedures else "not in place")
            )
        return said

    @property
    def in_force(self) -> list[MraView]:
        return [m for m in self.mras if m.state == "in-force"]


def programme_view(country: Country) -> ProgrammeView:
    """What a report shows of the programme and the MRAs; every value as the file gives it,
    nothing inferred ('Unknown' where no source gives a status)."""
    programme = country.programme
    sources = {s.id: s for s in country.sources}
    mras = sorted(
        (_mra_view(m, sources) for m in country.mras), key=lambda m: m.partner_name.casefold()
    )
    if programme is None:
        return ProgrammeView("", "Unknown", "", "", "", mras=mras)
    main = sources.get(programme.source)
    return ProgrammeView(
        status=programme.status,
        status_label=programme.status_label,
        as_of=programme.as_of,
        since=programme.since,
        authority=programme.authority,
        legal_basis=[legal_basis_line(c, country.instruments) for c in programme.legal_basis],
        responsible_unit=programme.responsible_unit,
        staff=programme.staff,
        self_assessment_questionnaire=programme.self_assessment_questionnaire,
        validation_procedures=programme.validation_procedures,
        paperless_trade_measures=programme.paperless_trade_measures,
        source=programme.source,
        source_title=main.title if main else "",
        facts=sorted(
            (_fact_view(f, programme.source, sources) for f in programme.facts),
            key=lambda f: f.date.split("/")[0] or "9999",  # undated facts last, stable
        ),
        mras=mras,
        notes=programme.notes,
        cited={"": _ref(programme.source, sources)}
        | {key: _ref(ref, sources) for key, ref in programme.field_sources.items()},
        legal_basis_sources=[
            _ref(_instrument_source(country, c.instrument) or programme.source, sources)
            for c in programme.legal_basis
        ],
    )


def legal_basis_line(citation: Citation, instruments: dict[str, Instrument]) -> str:
    """'Code "On customs regulation ..." (No. 123-VI, 2017-12-26), Article 542': the citation
    with what identifies its instrument (number, date, issuer) that the title does not say."""
    found = instruments.get(citation.instrument)
    if found is None:
        return citation.display(instruments)
    title = found.title
    details = [
        text
        for text, value in (
            (f"No. {found.number}", found.number),
            # a title that gives the year ('... of 1 February 2018') gives the date
            (found.date.replace("/", " to "), "" if found.date[:4] in title else found.date),
            (found.issuer, found.issuer),
        )
        if value and value.casefold() not in title.casefold()
    ]
    line = f"{title} ({', '.join(details)})" if details else title
    if citation.provision:
        line += f", {citation.provision}"
    if citation.heading:
        line += f" ({citation.heading})"
    return line


def mapping_sources(country: Country) -> list[Source]:
    """The sources of the mapping itself: the file's sources but those named only by the
    programme (its values, facts and legal-basis instruments) or by the MRAs."""
    programme = country.programme
    only_facts: set[str] = {m.source for m in country.mras}
    if programme is not None:
        only_facts |= {programme.source, *programme.field_sources.values()}
        only_facts |= {f.source for f in programme.facts}
        basis = {c.instrument for c in programme.legal_basis}
        only_facts |= {i.source for i in country.instruments.values() if i.id in basis}
    mapping: set[str] = {a.source for a in country.assessments.values()}
    mapping |= {r.source for r in country.recommendations}
    cited = {c.instrument for a in country.assessments.values() for c in a.citations}
    mapping |= {i.source for i in country.instruments.values() if i.id in cited}
    return [s for s in country.sources if s.id in mapping or s.id not in only_facts]


def _instrument_source(country: Country, instrument_id: str) -> str:
    found = country.instruments.get(instrument_id)
    return found.source if found else ""


def _fact_view(fact: Fact, default: str, sources: dict[str, Source]) -> FactView:
    source_id = fact.source or default
    source = sources.get(source_id)
    return FactView(
        fact.text,
        fact.date,
        source_id,
        source.title if source else "",
        source.url if source else "",
        fact.note,
    )


def _mra_view(mra: Mra, sources: dict[str, Source]) -> MraView:
    source = sources.get(mra.source)
    return MraView(
        partner=mra.partner,
        partner_name=partner_name(mra.partner, mra.partner_name),
        state=mra.state,
        state_label=mra.state_label,
        signed=mra.signed,
        in_force=mra.in_force,
        reported=mra.reported,
        source=mra.source,
        source_title=source.title if source else "",
        url=source.url if source else "",
        notes=mra.notes,
    )


def group_fact_views(group: Group) -> list[FactView]:
    """A group's own facts with their sources, by date (undated last), as a programme's are:
    the one order every report of a group shows them in."""
    views = []
    for fact in group.facts:
        source = group.source_of(fact)
        views.append(
            FactView(
                fact.text,
                fact.date,
                fact.source or group.source,
                source.title if source else "",
                source.url if source else "",
                fact.note,
            )
        )
    return sorted(views, key=lambda f: f.date.split("/")[0] or "9999")


def recognition_between(a: Country, b: Country) -> tuple[MraView | None, MraView | None]:
    """The arrangement between two countries as each file records it: A's record of B, and
    B's record of A (None where a file records none)."""
    return _record_of(a, b.iso), _record_of(b, a.iso)


def _record_of(country: Country, partner: str) -> MraView | None:
    return next((m for m in programme_view(country).mras if m.partner == partner), None)


def between_text(a: Country, b: Country) -> str:
    """The arrangement between two countries in words, each side as its own file has it:
    'In force 2025-06-01 (both files)', or what each file says when they differ."""
    mine, theirs = recognition_between(a, b)

    def told(view: MraView) -> str:  # 'In force 2025-06-01', 'Suspended, signed 2019-03-01'
        if view.when.startswith(view.state.replace("-", " ")):
            return view.when[0].upper() + view.when[1:]
        return view.state_label + (f", {view.when}" if view.when else "")

    if mine is None and theirs is None:
        return "None recorded in either file."
    if mine is not None and theirs is not None and told(mine) == told(theirs):
        return f"{told(mine)} (both files)."
    parts = [
        f"{told(view)} as {country.name}'s file records it"
        if view is not None
        else f"none in {country.name}'s file"
        for country, view in ((a, mine), (b, theirs))
    ]
    return "; ".join(parts) + "."
