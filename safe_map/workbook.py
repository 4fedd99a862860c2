"""The country workbook's contract, shared by `export` (which writes it) and `import` (which
reads the answers back): sheet keys, header row, column headers, row bounds, the hidden
metadata keys, and the fingerprints that let an import merge instead of overwrite.

A country workbook is a questionnaire: an administration fills in statuses, notes, citations,
the laws it cites and who answered, without knowing YAML. The workbook records what it was
exported from, as a fingerprint of each standard and each instrument, so an import can tell a
change made in the workbook from one made in the YAML since the export.

No openpyxl here: both sides import this module, and `check` must stay light.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from safe_map.model import Assessment, Country, Instrument, Status
from safe_map.schema import INSTRUMENT_KINDS as INSTRUMENT_KINDS  # the Kind drop-down's list
from safe_map.xlsxread import cell_ref as cell_ref  # cells are named one way, the reader's
from safe_map.xlsxread import column_letter as column_letter

FORMAT_VERSION = 2  # 2: editable instruments, response block, fingerprints
META_SHEET = "_safe_map"
HEADER_ROW = 3  # the header row of every table; the data begins on the row below
FIRST_ROW = HEADER_ROW + 1

# What an import reads, and no more: a form never needs more rows than these. The reader reads
# one row beyond each bound only to say that rows past it were left unread.
MAX_STANDARD_ROWS = 100  # per pillar sheet (the 2021 framework has at most 11 per pillar)
MAX_INSTRUMENT_ROWS = 500
MAX_CITATION_ROWS = 2000
MAX_META_ROWS = 4000
EXTRA_INSTRUMENT_ROWS = 30  # blank rows, with drop-downs, for the laws a respondent adds
EXTRA_CITATION_ROWS = 200

STATUS_VALUES = [s.value for s in Status]

# Column headers, in order. Import finds columns by header, so a respondent who moves a
# column loses nothing; a renamed or deleted header is reported.
PILLAR_COLUMNS = ("No.", "Standard", "Legal basis", "Status", "Notes", "Id")
PILLAR_READ_ONLY = ("No.", "Standard", "Legal basis")
INSTRUMENT_COLUMNS = ("Title", "Kind", "Number", "Date", "Issuer", "Notes", "Cited by", "Id")
INSTRUMENT_FIELDS = ("title", "kind", "number", "date", "issuer", "notes")  # the editable ones
CITATION_COLUMNS = ("Standard id", "Standard", "Instrument", "Provision", "Heading", "Excerpt")
CITATION_COLUMNS += ("Note",)
CITATION_FIELDS = ("provision", "heading", "excerpt", "note")  # besides the instrument

# The response block on the Instructions sheet: key, label, help shown beside the cell.
RESPONSE_FIELDS = (
    ("administration", "Administration", "Required: the customs administration answering."),
    ("contact", "Contact person", "Who answered: name and unit (optional)."),
    ("email", "E-mail", "How to reach them (optional)."),
    ("date", "Date of the answers", "Required: YYYY-MM-DD, the date these answers were given."),
)

# Characters a workbook cannot hold (XML 1.0 forbids them); openpyxl refuses the same set.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037\ufffe\uffff]")


def clean(text: str) -> str:
    """Text as a comparison sees it: no characters a cell cannot hold, whitespace collapsed.

    Export and import both compare through this, so a value that survived the trip through a
    spreadsheet unchanged (give or take line breaks and spaces) is not taken for an edit.
    """
    return " ".join(_ILLEGAL.sub("", text).split())


@dataclass(frozen=True)
class CitationState:
    instrument: str  # the instrument's id
    provision: str = ""
    heading: str = ""
    excerpt: str = ""
    note: str = ""

    def key(self) -> tuple[str, ...]:
        return (self.instrument, *(clean(getattr(self, f)) for f in CITATION_FIELDS))


@dataclass(frozen=True)
class StandardState:
    """One standard's answer: what a merge compares and writes."""

    status: str
    notes: str = ""
    citations: tuple[CitationState, ...] = ()

    def key(self) -> tuple:
        # Sorted: a respondent who sorts or filters the Citations sheet has not answered
        # anything; the order of the file's citations is kept on import.
        return (self.status, clean(self.notes), sorted(c.key() for c in self.citations))

    def same_as(self, other: StandardState) -> bool:
        return self.key() == other.key()


BLANK_STANDARD = StandardState(Status.NOT_ASSESSED.value)


@dataclass(frozen=True)
class InstrumentState:
    title: str
    kind: str = ""
    number: str = ""
    date: str = ""
    issuer: str = ""
    notes: str = ""

    def key(self) -> tuple[str, ...]:
        return tuple(clean(getattr(self, f)) for f in INSTRUMENT_FIELDS)

    def same_as(self, other: InstrumentState) -> bool:
        return self.key() == other.key()


def standard_state(assessment: Assessment | None) -> StandardState:
    if assessment is None:
        return BLANK_STANDARD
    return StandardState(
        assessment.status.value,
        assessment.notes,
        tuple(
            CitationState(c.instrument, c.provision, c.heading, c.excerpt, c.note)
            for c in assessment.citations
        ),
    )


def instrument_state(instrument: Instrument) -> InstrumentState:
    return InstrumentState(
        instrument.title,
        instrument.kind,
        instrument.number,
        instrument.date,
        instrument.issuer,
        instrument.notes,
    )


def fingerprint(state: StandardState | InstrumentState) -> str:
    """A short digest of what a standard or instrument held when the workbook was made."""
    text = json.dumps(state.key(), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def text_fingerprint(text: str) -> str:
    """A digest of a read-only cell's text, to notice text typed over it."""
    return hashlib.sha256(clean(text).encode("utf-8")).hexdigest()[:12]


def instrument_labels(instruments: dict[str, Instrument]) -> dict[str, str]:
    """Instrument id -> the name a respondent chooses on the Citations sheet: its title, or
    'title (id)' where two instruments share a title, so every label names one instrument."""
    counts: dict[str, int] = {}
    for instrument in instruments.values():
        counts[clean(instrument.title).casefold()] = (
            counts.get(clean(instrument.title).casefold(), 0) + 1
        )
    labels = {}
    for instrument_id, instrument in instruments.items():
        title = clean(instrument.title) or instrument_id
        labels[instrument_id] = (
            f"{title} ({instrument_id})" if counts.get(title.casefold(), 0) > 1 else title
        )
    return labels


def label_key(text: str) -> str:
    """How labels and titles are matched: case and spacing do not matter."""
    return clean(text).casefold()


# --- the hidden metadata ----------------------------------------------------------------------
# Key/value rows in columns A:B of the very hidden META_SHEET. Standards and instruments have
# one row per item: "base:standard" | id | fingerprint, and so on (value in B, more in C).

BASE_STANDARD = "base:standard"
BASE_INSTRUMENT = "base:instrument"
LABEL = "label"  # label | instrument id | label shown on the Citations sheet
READ_ONLY = "read-only"  # read-only | "<sheet key>|<row id>|<column>" | text fingerprint
RESPONSE_CELL = "response"  # response | field key | cell (e.g. B14)


def parse_cell(ref: str) -> tuple[int, int] | None:
    """'B14' -> (14, 2); None for anything else."""
    match = re.fullmatch(r"([A-Z]{1,3})([1-9][0-9]{0,6})", ref.strip().upper())
    if match is None:
        return None
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col


def joined(items: Iterable[str], limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def blank_country(name: str, iso: str, framework_id: str) -> Country:
    """A country with no file yet, every standard not assessed: what a blank form shows."""
    from safe_map.checks.country import slug

    return Country(name, iso, framework_id, f"countries/{slug(name) or iso.lower()}.yaml")
