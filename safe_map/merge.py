"""Merging a returned questionnaire into a country: a three-way comparison, never an overwrite.

For each standard (and each instrument) there are three versions: what the workbook was made
from (its fingerprint, recorded at export), what the workbook says now, and what the country
file says now. Changed only in the workbook: apply it. Changed only in the file: keep the file.
Changed on both sides, differently: a conflict, which stops the import unless the caller asks
to take the workbook's side. Pure: no files are read or written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from safe_map import workbook as wbc
from safe_map.answers import Answers, InstrumentAnswer, Problem
from safe_map.model import Country, Framework, Instrument, Source, Status
from safe_map.workbook import (
    BLANK_STANDARD,
    CitationState,
    InstrumentState,
    StandardState,
    fingerprint,
    instrument_state,
    label_key,
    standard_state,
)


@dataclass
class StandardChange:
    standard_id: str
    title: str
    before: StandardState
    after: StandardState
    ref: str  # the status cell in the workbook

    def describe(self, labels: dict[str, str]) -> list[str]:
        lines = []
        if self.before.status != self.after.status:
            lines.append(f"status {self.before.status} -> {self.after.status}")
        if wbc.clean(self.before.notes) != wbc.clean(self.after.notes):
            lines.append("notes changed" if self.after.notes else "notes removed")
        before = [c.key() for c in self.before.citations]
        after = [c.key() for c in self.after.citations]
        if before != after:
            added = [c for c in self.after.citations if c.key() not in before]
            removed = [c for c in self.before.citations if c.key() not in after]
            parts = [f"+ {_citation_text(c, labels)}" for c in added]
            parts += [f"- {_citation_text(c, labels)}" for c in removed]
            lines.append("citations: " + ("; ".join(parts) or "reordered"))
        return lines


@dataclass
class InstrumentChange:
    id: str
    before: InstrumentState | None  # None: a new instrument
    after: InstrumentState
    ref: str


@dataclass
class Conflict:
    what: str  # "p3-s3 Alignment of security programmes", "the instrument 'customs-law'"
    ref: str
    in_file: str
    in_workbook: str


@dataclass
class MergePlan:
    standards: list[StandardChange] = field(default_factory=list)
    instruments: list[InstrumentChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    source: Source | None = None
    labels: dict[str, str] = field(default_factory=dict)  # instrument id -> title, for messages

    @property
    def changed(self) -> bool:
        return bool(self.standards or self.instruments)

    @property
    def added_instruments(self) -> list[InstrumentChange]:
        return [c for c in self.instruments if c.before is None]


def merge(
    answers: Answers,
    current: Country | None,
    framework: Framework,
    workbook_name: str,
    today: date,
    prefer_workbook: bool = False,
) -> MergePlan:
    """What importing the answers into `current` (None: no file yet) changes, or why not."""
    plan = MergePlan(problems=list(answers.problems), notices=list(answers.notices))
    instruments = current.instruments if current is not None else {}
    resolve = _instruments(answers, instruments, plan, today, prefer_workbook)
    plan.labels = {i: s.title for i, s in instruments.items()}
    plan.labels |= {c.id: c.after.title for c in plan.instruments}
    known = set(instruments) | {c.id for c in plan.instruments}
    base = answers.items.get(wbc.BASE_STANDARD, {})
    for standard in framework.standards:
        answer = answers.standards.get(standard.id)
        if answer is None:
            if standard.id in base:
                plan.notices.append(
                    f"the row of {standard.id} was deleted from its Pillar sheet: "
                    "the standard is left as it is"
                )
            continue
        citations = []
        refs = []
        for c in answers.citations.get(standard.id, []):
            ref = wbc.cell_ref(c.sheet, c.row, c.instrument_col)
            instrument_id = _resolve(resolve, c.instrument, ref, plan)
            if instrument_id is not None:
                citations.append(CitationState(instrument_id, **c.fields))
                refs.append(ref)
        if answer.status not in wbc.STATUS_VALUES:
            continue  # already reported by the reader
        theirs = StandardState(answer.status, answer.notes, tuple(citations))
        if standard.id not in base:
            plan.problems.append(
                Problem(answer.status_ref, f"{standard.id} has no record in the hidden sheet")
            )
            continue
        if fingerprint(theirs) == base[standard.id]:
            continue  # not changed in the workbook
        mine = (
            standard_state(current.assessments.get(standard.id))
            if current is not None
            else BLANK_STANDARD
        )
        if mine.same_as(theirs):
            continue  # the file already says the same
        where = _changed_cell(answer, mine, theirs, answers.citations.get(standard.id, []))
        if fingerprint(mine) != base[standard.id] and not prefer_workbook:
            plan.conflicts.append(
                Conflict(
                    f"{standard.id} {standard.display_title}",
                    where,
                    _standard_text(mine, plan.labels),
                    _standard_text(theirs, plan.labels),
                )
            )
            continue
        if theirs.status in (Status.YES.value, Status.PARTIAL.value) and not theirs.citations:
            plan.problems.append(
                Problem(
                    answer.status_ref,
                    f"status {theirs.status} for {standard.id} needs at least one row on the "
                    "Citations sheet: add the law and the provision that implement it, or "
                    "choose another status",
                )
            )
            continue
        for citation, ref in zip(theirs.citations, refs, strict=True):
            if citation.instrument not in known:
                plan.problems.append(
                    Problem(
                        ref,
                        f"the instrument '{citation.instrument}' is no longer in the country "
                        "file (renamed or removed there since this workbook was made): export "
                        "a new questionnaire and copy these answers into it",
                    )
                )
        plan.standards.append(
            StandardChange(standard.id, standard.display_title, mine, theirs, where)
        )
    if plan.changed:
        plan.source = _response_source(answers, current, workbook_name, today, plan)
    return plan


def _changed_cell(answer, mine: StandardState, theirs: StandardState, cited) -> str:
    """The cell that shows what changed: the status, else the notes, else the citations."""
    if mine.status != theirs.status:
        return answer.status_ref
    if wbc.clean(mine.notes) != wbc.clean(theirs.notes) and answer.notes_col:
        return wbc.cell_ref(answer.sheet, answer.row, answer.notes_col)
    if cited:
        return wbc.cell_ref(cited[0].sheet, cited[0].row, 1)
    return answer.status_ref


def _resolve(resolve: dict[str, set[str]], label: str, ref: str, plan: MergePlan) -> str | None:
    """The instrument a citation chooses, or None with the problem recorded."""
    found = resolve.get(label_key(label), set())
    if len(found) == 1:
        return next(iter(found))
    if not found:
        plan.problems.append(
            Problem(
                ref,
                f"'{label}' is not an instrument of the Instruments sheet: choose one from the "
                "list, or add it there as a new row (title, kind, number, date, issuer)",
            )
        )
    else:
        plan.problems.append(
            Problem(
                ref,
                f"'{label}' is the title of more than one instrument ("
                + ", ".join(sorted(found))
                + "): give each instrument a title of its own on the Instruments sheet",
            )
        )
    return None


def _instruments(
    answers: Answers,
    current: dict[str, Instrument],
    plan: MergePlan,
    today: date,
    prefer_workbook: bool,
) -> dict[str, set[str]]:
    """Merge the Instruments sheet into the plan; returns label -> the instruments it names
    (more than one: an ambiguous label, refused where a citation uses it)."""
    base = answers.items.get(wbc.BASE_INSTRUMENT, {})
    labels = answers.items.get(wbc.LABEL, {})
    resolve: dict[str, set[str]] = {}
    # Titles as the workbook shows them now: a row's title names its instrument. A title the
    # respondent gave to a second row is refused; two titles alike in the file already are
    # ambiguous only where a citation chooses that title.
    titles: dict[str, InstrumentAnswer] = {}
    for row in answers.instruments:
        title = label_key(row.fields.get("title", ""))
        if not title:
            continue
        if row.id:
            resolve.setdefault(title, set()).add(row.id)
        other = titles.get(title)
        if other is None:
            titles[title] = row
            continue
        for culprit in (other, row):
            if culprit.id and not _row_changed(culprit, base):
                continue
            first = row if culprit is other else other
            plan.problems.append(
                Problem(
                    culprit.ref("Title"),
                    f"'{culprit.fields['title']}' is already the title of the instrument on row "
                    f"{first.row}: two instruments need two titles (or fill in that row "
                    "instead of adding one)",
                )
            )
        if not row.id:
            titles[title] = other  # the added row is refused; the first keeps the title
    for instrument_id, label in labels.items():  # what the Citations sheet was exported with
        resolve.setdefault(label_key(label), set()).add(instrument_id)
    taken = set(current)
    for row in answers.instruments:
        theirs = InstrumentState(**row.fields)
        if row.id:
            if fingerprint(theirs) == base.get(row.id):
                continue
            mine = current.get(row.id)
            if mine is not None and instrument_state(mine).same_as(theirs):
                continue
            if (mine is None or fingerprint(instrument_state(mine)) != base.get(row.id)) and (
                not prefer_workbook or mine is None
            ):
                plan.conflicts.append(
                    Conflict(
                        f"the instrument '{row.id}'",
                        row.ref("Title"),
                        _instrument_text(instrument_state(mine)) if mine else "(removed)",
                        _instrument_text(theirs),
                    )
                )
                continue
            if _instrument_ok(row, theirs, plan, today):
                before = instrument_state(mine) if mine is not None else None
                plan.instruments.append(InstrumentChange(row.id, before, theirs, row.ref("Title")))
            continue
        key = label_key(theirs.title)
        if titles.get(key) is not row:
            continue  # a duplicate title: reported above
        existing = next((i for i, v in current.items() if label_key(v.title) == key), None)
        if existing is not None:  # added to the file since the export, by another return
            mine = instrument_state(current[existing])
            differ = [
                f
                for f in wbc.INSTRUMENT_FIELDS[1:]
                if getattr(theirs, f)
                and wbc.clean(getattr(theirs, f)) != wbc.clean(getattr(mine, f))
            ]
            if differ:
                plan.problems.append(
                    Problem(
                        row.ref("Title"),
                        f"'{theirs.title}' is already an instrument of the country file, with "
                        f"another {' and '.join(differ)}: use the same facts, or a title of "
                        "its own",
                    )
                )
                continue
            resolve[key] = {existing}
            continue
        if not _instrument_ok(row, theirs, plan, today):
            continue
        new_id = new_instrument_id(theirs, taken)
        taken.add(new_id)
        resolve[key] = {new_id}
        plan.instruments.append(InstrumentChange(new_id, None, theirs, row.ref("Title")))
    for instrument_id, instrument in current.items():  # typed by id, or added since
        resolve.setdefault(label_key(instrument_id), {instrument_id})
        resolve.setdefault(label_key(instrument.title), {instrument_id})
    return resolve


def _row_changed(row: InstrumentAnswer, base: dict[str, str]) -> bool:
    return fingerprint(InstrumentState(**row.fields)) != base.get(row.id)


def _instrument_ok(row, state: InstrumentState, plan: MergePlan, today: date) -> bool:
    ok = True
    if not state.title:
        plan.problems.append(Problem(row.ref("Title"), "an instrument needs a title"))
        ok = False
    if state.kind and state.kind not in wbc.INSTRUMENT_KINDS:
        plan.problems.append(
            Problem(
                row.ref("Kind"),
                f"'{state.kind}' is not a kind of instrument: choose "
                + ", ".join(wbc.INSTRUMENT_KINDS)
                + " (or leave it empty)",
            )
        )
        ok = False
    problem = date_problem(state.date, today)
    if problem:
        plan.problems.append(Problem(row.ref("Date"), problem))
        ok = False
    return ok


_DATE_PART = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def date_problem(text: str, today: date) -> str | None:
    """What is wrong with a date typed in a workbook, in words; None when it is fine."""
    if not text:
        return None
    for part in text.split("/"):
        match = _DATE_PART.match(part)
        if match is None or text.count("/") > 1:
            return f"'{text}' is not a date: write it as YYYY-MM-DD (or YYYY-MM, YYYY)"
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            first = date(year, month or 1, day or 1)  # type: ignore[arg-type]
        except ValueError:
            return f"'{part}' is not a real calendar date: check the day and month"
        if first > today:
            return f"the date {part} lies in the future (today is {today.isoformat()})"
    return None


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch  y  e yu ya a g q n o u u h i".split(
            " "
        ),
        strict=True,
    )
)


def new_instrument_id(state: InstrumentState, taken: set[str]) -> str:
    """A stable id from the title ('Customs Code of the Republic of Kazakhstan' ->
    'customs-code-of-the-republic-of-kazakhstan'; Cyrillic is transliterated), unique in the
    file. A title in another script gives its kind and a digest of the title, so the same
    title always gets the same id."""
    import hashlib

    from safe_map.checks.country import slug

    title = "".join(_CYRILLIC.get(ch, ch) for ch in state.title.lower())
    base = slug(title)[:48].strip("-")
    if len(base) < 3:
        digest = hashlib.sha256(wbc.clean(state.title).encode("utf-8")).hexdigest()[:8]
        base = f"{state.kind or 'instrument'}-{digest}"
    found, n = base, 2
    while found in taken:
        found = f"{base}-{n}"
        n += 1
    return found


def _response_source(
    answers: Answers, current: Country | None, workbook_name: str, today: date, plan: MergePlan
) -> Source | None:
    """The response block as a source of the file: who answered, and when."""
    response, refs = answers.response, answers.response_refs
    administration = response.get("administration", "")
    when = response.get("date", "")
    if not administration:
        plan.problems.append(
            Problem(
                refs.get("administration", "Instructions"),
                "the response block names no administration: fill in who answers (it becomes "
                "the source of these answers)",
            )
        )
    if not when:
        plan.problems.append(
            Problem(
                refs.get("date", "Instructions"),
                "the response block has no date: fill in the date of the answers (YYYY-MM-DD)",
            )
        )
    elif (problem := _response_date_problem(when, today)) is not None:
        plan.problems.append(Problem(refs.get("date", "Instructions"), problem))
    if not administration or not when or _response_date_problem(when, today):
        return None
    contact = ", ".join(v for v in (response.get("contact"), response.get("email")) if v)
    document = f"Questionnaire workbook {workbook_name}"
    if contact:
        document += f", returned by {contact}"
    title = f"Answers to the safe-map questionnaire from {administration}"
    existing = current.sources if current is not None else []
    for source in existing:
        if (source.title, source.date, source.document) == (title, when, document):
            return source  # the same return imported again: one source
    taken = {s.id for s in existing}
    base = f"questionnaire-{when}"
    source_id, n = base, 2
    while source_id in taken:
        source_id = f"{base}-{n}"
        n += 1
    return Source(id=source_id, title=title, date=when, document=document)


def _response_date_problem(text: str, today: date) -> str | None:
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", text):
        return f"'{text}' is not a date: write the date of the answers as YYYY-MM-DD"
    return date_problem(text, today)


def _citation_text(c: CitationState, labels: dict[str, str]) -> str:
    text = labels.get(c.instrument, c.instrument)
    if c.provision:
        text += f", {c.provision}"
    return text


def _short(text: str, limit: int = 70) -> str:
    text = wbc.clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _standard_text(state: StandardState, labels: dict[str, str]) -> str:
    parts = [f"status {state.status}"]
    parts.append(f'notes "{_short(state.notes)}"' if state.notes else "no notes")
    if state.citations:
        parts.append(
            f"{len(state.citations)} citation(s): "
            + "; ".join(_citation_text(c, labels) for c in state.citations[:3])
            + ("; ..." if len(state.citations) > 3 else "")
        )
    else:
        parts.append("no citations")
    return ", ".join(parts)


def _instrument_text(state: InstrumentState) -> str:
    shown = [
        f"{f} '{_short(getattr(state, f), 40)}'" for f in wbc.INSTRUMENT_FIELDS if getattr(state, f)
    ]
    return ", ".join(shown) or "(empty)"
