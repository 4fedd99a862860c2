"""The domain: frameworks of standards, countries, and how a country's law meets each standard.

An object read from a file keeps `mark`, where its entry starts, and `value_marks`, where each
of its values is, by the key it has in the file (an item of a list as `key[n]`, from 1), so
that a rule about one value points at that value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from safe_map.yamlsource import Mark

# The model's objects are compared by identity (eq=False): a class without a generated __eq__
# is cheaper to make, and this module is imported on every run of the pre-commit hook.


class Status(str, Enum):
    """How far a country's legal basis implements a standard. See docs/data-format.md."""

    YES = "yes"
    PARTIAL = "partial"
    NO = "no"
    PLANNED = "planned"
    NOT_ASSESSED = "not-assessed"
    NOT_APPLICABLE = "not-applicable"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def weight(self) -> float | None:
        """The score a status earns: None means it is left out of the score."""
        return _WEIGHTS[self]

    @property
    def is_met(self) -> bool:
        return self is Status.YES

    @property
    def is_gap(self) -> bool:
        """Not met: the standard needs action (partial, no, planned)."""
        return self in (Status.PARTIAL, Status.NO, Status.PLANNED)


_SYMBOLS = {
    Status.YES: "✔",
    Status.PARTIAL: "◐",
    Status.NO: "✘",
    Status.PLANNED: "…",
    Status.NOT_ASSESSED: "?",
    Status.NOT_APPLICABLE: "–",
}
_LABELS = {
    Status.YES: "Yes",
    Status.PARTIAL: "Partial",
    Status.NO: "No",
    Status.PLANNED: "Planned",
    Status.NOT_ASSESSED: "Not assessed",
    Status.NOT_APPLICABLE: "Not applicable",
}
# The one scoring rule: yes = 1, partial = 0.5, no and planned = 0; not-assessed and
# not-applicable are left out of both the numerator and the denominator.
_WEIGHTS = {
    Status.YES: 1.0,
    Status.PARTIAL: 0.5,
    Status.NO: 0.0,
    Status.PLANNED: 0.0,
    Status.NOT_ASSESSED: None,
    Status.NOT_APPLICABLE: None,
}


@dataclass(eq=False)
class Standard:
    id: str
    pillar: int
    number: int
    title: str
    summary: str = ""
    remedy: str = ""
    specifications: list[str] = field(default_factory=list)
    notes: str = ""
    title_checked: bool | None = None  # None: the framework does not say
    level: str = ""  # within-government | between-governments
    level_inferred: bool = False
    shares_title: bool = False  # another standard of its pillar has the same title
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def display_title(self) -> str:
        """The title as reports show it: with the level when the title alone does not tell
        this standard from another of its pillar, marked when the level is our reading."""
        if not (self.shares_title and self.level):
            return self.title
        level = LEVEL_LABELS.get(self.level, self.level)
        return (
            f"{self.title} ({level}; inferred)"
            if self.level_inferred
            else f"{self.title} ({level})"
        )


LEVEL_LABELS = {
    "within-government": "within one government",
    "between-governments": "between governments",
}


@dataclass(eq=False)
class Pillar:
    number: int
    name: str
    summary: str = ""
    standards: list[Standard] = field(default_factory=list)
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(eq=False)
class Framework:
    id: str
    title: str
    publisher: str = ""
    edition: str = ""
    date: str = ""
    status: str = ""
    short_title: str = ""
    notes: str = ""
    titles_checked: bool | None = None  # None: the catalogue does not say
    sources: list[Source] = field(default_factory=list)
    pillars: list[Pillar] = field(default_factory=list)
    path: str = ""
    mark: Mark | None = None

    @property
    def standards(self) -> list[Standard]:
        return [s for p in self.pillars for s in p.standards]

    def standard(self, standard_id: str) -> Standard | None:
        return next((s for s in self.standards if s.id == standard_id), None)

    def pillar(self, number: int) -> Pillar | None:
        return next((p for p in self.pillars if p.number == number), None)

    @property
    def name(self) -> str:
        return f"{self.short_title or self.title} ({self.edition})"

    def title_checked(self, standard: Standard) -> bool | None:
        """Whether a standard's title was checked against the framework's own text: its own
        answer, else the catalogue's; None when neither says."""
        return standard.title_checked if standard.title_checked is not None else self.titles_checked

    @property
    def unchecked_titles(self) -> list[Standard]:
        """The standards whose titles were not checked against the framework's own text."""
        return [s for s in self.standards if self.title_checked(s) is False]

    @property
    def title_caveat(self) -> str:
        """What reports say of the titles' certainty: '' when the catalogue claims nothing
        unchecked."""
        unchecked = self.unchecked_titles
        if not unchecked:
            return ""
        which = (
            "The titles have"
            if len(unchecked) == len(self.standards)
            else f"{len(unchecked)} of the {len(self.standards)} titles have"
        )
        return f"{which} not been checked against the framework's own text."


@dataclass(eq=False)
class Source:
    id: str
    title: str
    date: str = ""
    event: str = ""
    place: str = ""
    document: str = ""
    url: str = ""
    publisher: str = ""
    accessed: str = ""
    notes: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def display(self) -> str:
        parts = [self.title]
        if self.place:
            parts.append(self.place)
        if self.date:
            parts.append(self.date.replace("/", " to "))
        return ", ".join(parts)


@dataclass(eq=False)
class Instrument:
    id: str
    title: str
    kind: str = ""
    number: str = ""
    date: str = ""
    issuer: str = ""
    notes: str = ""
    source: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(eq=False)
class Citation:
    instrument: str
    provision: str = ""
    heading: str = ""
    excerpt: str = ""
    note: str = ""
    mark: Mark | None = None
    instrument_mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    def display(self, instruments: dict[str, Instrument]) -> str:
        """The legal basis as a reader wants it: 'Customs Law of Mongolia, Provision 33'."""
        known = instruments.get(self.instrument)
        text = known.title if known else self.instrument
        if self.provision:
            text += f", {self.provision}"
        if self.heading:
            text += f" ({self.heading})"
        return text


@dataclass(eq=False)
class Assessment:
    standard_id: str
    status: Status
    citations: list[Citation] = field(default_factory=list)
    notes: str = ""
    source_title: str = ""
    target_date: str = ""
    source: str = ""
    mark: Mark | None = None
    status_mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(eq=False)
class Recommendation:
    text: str
    source: str = ""
    pillar: int | None = None
    note: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(eq=False)
class Fact:
    """A dated fact with its source: of a programme, a group."""

    text: str
    date: str = ""
    source: str = ""  # empty: the source of the block that holds it
    note: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)


class ProgrammeStatus(str, Enum):
    OPERATIONAL = "operational"
    PILOT = "pilot"
    IN_DEVELOPMENT = "in-development"
    NONE_FOUND = "none-found"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


@dataclass(eq=False)
class Programme:
    source: str = ""
    status: str = ""
    as_of: str = ""
    since: str = ""
    authority: str = ""
    legal_basis: list[Citation] = field(default_factory=list)
    # The source of one field (status, since, authority) where it is not `source`.
    field_sources: dict[str, str] = field(default_factory=dict)
    responsible_unit: str = ""
    staff: int | None = None
    self_assessment_questionnaire: bool | None = None
    validation_procedures: bool | None = None
    paperless_trade_measures: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    notes: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    def source_of(self, key: str) -> str:
        """The id of the source of a field: its own, else the programme's."""
        return self.field_sources.get(key) or self.source

    @property
    def status_label(self) -> str:
        """'Operational', 'None found' ...; 'Unknown' when no source gives a status."""
        try:
            return ProgrammeStatus(self.status).label
        except ValueError:
            return ProgrammeStatus.UNKNOWN.label


class MraState(str, Enum):
    UNDER_NEGOTIATION = "under-negotiation"
    SIGNED = "signed"
    IN_FORCE = "in-force"
    SUSPENDED = "suspended"
    REPORTED = "reported"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


_MRA_DATES = (
    ("in-force", "in force", "in_force"),
    ("signed", "signed", "signed"),
    ("reported", "reported", "reported"),
)


def mra_dated(entry: object) -> tuple[str, list[tuple[str, str]]]:
    """The date that goes with an arrangement's state ('' when none is given) and its other
    dates as (label, date): the one rule every report dates an MRA by. A reported arrangement
    is dated by its report, never by a signature a source mentions in passing. `entry` is an
    Mra or anything with its state and dates (the views of it)."""
    own, others = "", []
    for state, label, key in _MRA_DATES:
        value = getattr(entry, key)
        if value and state == entry.state:
            own = value
        elif value:
            others.append((label, value))
    return own, others


@dataclass(eq=False)
class Mra:
    """A mutual recognition arrangement of a country's AEO programme, as its file records it."""

    partner: str  # an ISO code, EU, or a group id
    state: str
    partner_name: str = ""
    signed: str = ""
    in_force: str = ""
    reported: str = ""
    source: str = ""
    notes: str = ""
    mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def state_label(self) -> str:
        try:
            return MraState(self.state).label
        except ValueError:
            return self.state

    @property
    def dates(self) -> list[tuple[str, str]]:
        """(label, date) of each date given, the state's own first."""
        own, others = mra_dated(self)
        return ([(self.state.replace("-", " "), own)] if own else []) + others

    @property
    def date(self) -> str:
        """The date that goes with the state (else the first given); '' when none."""
        return self.dates[0][1] if self.dates else ""


@dataclass(eq=False)
class Country:
    name: str
    iso: str
    framework_id: str
    path: str
    sources: list[Source] = field(default_factory=list)
    instruments: dict[str, Instrument] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    recommendations: list[Recommendation] = field(default_factory=list)
    programme: Programme | None = None
    mras: list[Mra] = field(default_factory=list)
    notes: str = ""
    mark: Mark | None = None
    iso_mark: Mark | None = None
    framework_mark: Mark | None = None
    value_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def slug(self) -> str:
        from pathlib import Path

        return Path(self.path).stem

    def status_of(self, standard_id: str) -> Status:
        found = self.assessments.get(standard_id)
        return found.status if found else Status.NOT_ASSESSED
