"""Pure functions over the model: scores, gaps, recommendations. No I/O here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from safe_map.model import Assessment, Country, Framework, Pillar, Recommendation, Standard, Status


@dataclass(frozen=True)
class Tally:
    """Counts per status and the score, for one pillar or overall."""

    counts: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def met(self) -> int:
        return self.counts[Status.YES]

    @property
    def scored(self) -> int:
        """Standards that count towards the score (assessed and applicable)."""
        return sum(n for s, n in self.counts.items() if s.weight is not None)

    @property
    def score(self) -> float | None:
        """(yes + 0.5 x partial) / (yes + partial + no + planned); None if nothing is scored."""
        if not self.scored:
            return None
        earned = sum(n * s.weight for s, n in self.counts.items() if s.weight is not None)
        return earned / self.scored


def tally(statuses: Iterable[Status]) -> Tally:
    counts = {s: 0 for s in Status}
    for status in statuses:
        counts[status] += 1
    return Tally(counts)


def format_score(score: float | None) -> str:
    return "—" if score is None else f"{round(score * 100)}%"


@dataclass
class Row:
    standard: Standard
    status: Status
    citations: list[str]
    assessment: Assessment | None

    @property
    def target_date(self) -> str:
        """When planned work is due, as the file gives it ('' when it gives none)."""
        return self.assessment.target_date if self.assessment else ""

    @property
    def notes(self) -> str:
        """The assessment's notes, then each citation's note (an inference, a doubt)."""
        if self.assessment is None:
            return ""
        parts = [self.assessment.notes] if self.assessment.notes else []
        for citation in self.assessment.citations:
            if citation.note:
                where = citation.provision or "citation"
                parts.append(f"{where}: {citation.note}")
        return " ".join(parts)


@dataclass
class PillarReport:
    pillar: Pillar
    rows: list[Row]
    tally: Tally


@dataclass
class Gap:
    standard: Standard
    status: Status


@dataclass
class Report:
    country: Country
    framework: Framework
    pillars: list[PillarReport]
    overall: Tally
    gaps: list[Gap] = field(default_factory=list)
    not_assessed: list[Standard] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)

    def gaps_in(self, pillar: int) -> list[Gap]:
        return [g for g in self.gaps if g.standard.pillar == pillar]


def rows_for(country: Country, standards: Iterable[Standard]) -> list[Row]:
    rows = []
    for standard in standards:
        assessment = country.assessments.get(standard.id)
        status = assessment.status if assessment else Status.NOT_ASSESSED
        cited = [c.display(country.instruments) for c in assessment.citations] if assessment else []
        rows.append(Row(standard, status, cited, assessment))
    return rows


def assess(
    country: Country,
    framework: Framework,
    pillars: Iterable[int] | None = None,
    only_gaps: bool = False,
) -> Report:
    """The compliance matrix of one country against one framework.

    `pillars` limits the report to those pillars; `only_gaps` keeps in the tables the
    standards that are not met (the summary and the recommendations still cover every
    standard of the chosen pillars).
    """
    chosen = [p for p in framework.pillars if pillars is None or p.number in set(pillars)]
    reports: list[PillarReport] = []
    all_rows: list[Row] = []
    for pillar in chosen:
        rows = rows_for(country, pillar.standards)
        all_rows += rows
        shown = [r for r in rows if r.status is not Status.YES] if only_gaps else rows
        reports.append(PillarReport(pillar, shown, tally(r.status for r in rows)))
    chosen_numbers = {p.number for p in chosen}
    return Report(
        country=country,
        framework=framework,
        pillars=reports,
        overall=tally(r.status for r in all_rows),
        gaps=[Gap(r.standard, r.status) for r in all_rows if r.status.is_gap],
        not_assessed=[r.standard for r in all_rows if r.status is Status.NOT_ASSESSED],
        recommendations=[
            r for r in country.recommendations if _concerns(pillars_of(r), chosen_numbers)
        ],
    )


# "Pillar 3", "pillars 1 and 2", "Pillar 1, 2 or 3"
_NAMED_PILLAR = re.compile(r"\bpillars?\s+\d+(?:\s*(?:,|and|or|&)\s*\d+)*", re.IGNORECASE)


def _concerns(named: set[int], chosen: set[int]) -> bool:
    """A recommendation naming no pillar concerns every report; one naming some, their own."""
    return not named or bool(named & chosen)


def pillars_of(recommendation: Recommendation) -> set[int]:
    """The pillars a recommendation is about: its `pillar`, else those its text names
    ("... to comply with the SAFE Framework Pillar 3 standards ..."); empty when it names none,
    and then it concerns the whole framework."""
    if recommendation.pillar is not None:
        return {recommendation.pillar}
    named = set()
    for match in _NAMED_PILLAR.finditer(recommendation.text):
        named |= {int(n) for n in re.findall(r"\d+", match.group(0))}
    return named


def overall_score(country: Country, framework: Framework) -> Tally:
    return tally(country.status_of(s.id) for s in framework.standards)


# --- comparing two administrations (mutual recognition readiness) ---------------------------


@dataclass
class Pair:
    standard: Standard
    a: Row
    b: Row

    @property
    def assessed(self) -> bool:
        """Both sides have assessed the standard: only then can they agree or differ."""
        return Status.NOT_ASSESSED not in (self.a.status, self.b.status)

    @property
    def agree(self) -> bool | None:
        """Same status on both sides; None (unknown) when one side has not assessed it."""
        return self.a.status is self.b.status if self.assessed else None

    @property
    def both_met(self) -> bool:
        return self.a.status.is_met and self.b.status.is_met


# How ready a pair is for mutual recognition, standard by standard. "unknown": one side (or
# both) has not assessed the standard, so neither a match nor a difference is known.
READINESS = ("both", "only_a", "only_b", "neither", "unknown")
# What the readiness counts cover, in the words every format prints under them.
READINESS_NOTE = (
    "Counted over the standards both have assessed; a standard not assessed on one side is "
    "unknown, neither the same nor different."
)


def readiness_of(pair: Pair) -> str:
    if not pair.assessed:
        return "unknown"
    a, b = pair.a.status.is_met, pair.b.status.is_met
    return "both" if a and b else "only_a" if a else "only_b" if b else "neither"


@dataclass
class Comparison:
    a: Country
    b: Country
    framework: Framework
    pillars: list[tuple[Pillar, list[Pair]]]

    def readiness(self, pillar: int | None = None) -> dict[str, int]:
        """Standards per readiness (READINESS); the counts add up to the standards compared."""
        counts = {k: 0 for k in READINESS}
        for p, pairs in self.pillars:
            if pillar is not None and p.number != pillar:
                continue
            for pair in pairs:
                counts[readiness_of(pair)] += 1
        return counts

    def assessed(self, pillar: int | None = None) -> int:
        """How many standards both sides assessed: the readiness counts other than unknown."""
        return sum(n for k, n in self.readiness(pillar).items() if k != "unknown")


def compare(
    a: Country, b: Country, framework: Framework, pillars: Iterable[int] | None = None
) -> Comparison:
    """Two administrations standard by standard. Both must map against `framework`."""
    chosen = [p for p in framework.pillars if pillars is None or p.number in set(pillars)]
    result = []
    for pillar in chosen:
        rows_a = rows_for(a, pillar.standards)
        rows_b = rows_for(b, pillar.standards)
        result.append(
            (pillar, [Pair(ra.standard, ra, rb) for ra, rb in zip(rows_a, rows_b, strict=True)])
        )
    return Comparison(a, b, framework, result)


# --- progress over time ----------------------------------------------------------------------


@dataclass
class Change:
    standard: Standard
    before: Status
    after: Status
    added: list[str]
    removed: list[str]


@dataclass
class Progress:
    country: Country
    framework: Framework
    since: str
    existed_before: bool
    changes: list[Change]
    scores: list[tuple[Pillar | None, Tally, Tally]]  # per pillar, then overall (None)


def progress(old: Country | None, new: Country, framework: Framework, since: str) -> Progress:
    """What changed in a country's mapping between an old version of its file and now."""
    empty = Country(name=new.name, iso=new.iso, framework_id=new.framework_id, path=new.path)
    before = old or empty
    changes = []
    for standard in framework.standards:
        [old_row] = rows_for(before, [standard])
        [new_row] = rows_for(new, [standard])
        added = [c for c in new_row.citations if c not in old_row.citations]
        removed = [c for c in old_row.citations if c not in new_row.citations]
        if old_row.status is not new_row.status or added or removed:
            changes.append(Change(standard, old_row.status, new_row.status, added, removed))
    scores: list[tuple[Pillar | None, Tally, Tally]] = [
        (
            p,
            tally(before.status_of(s.id) for s in p.standards),
            tally(new.status_of(s.id) for s in p.standards),
        )
        for p in framework.pillars
    ]
    scores.append((None, overall_score(before, framework), overall_score(new, framework)))
    return Progress(new, framework, since, old is not None, changes, scores)
