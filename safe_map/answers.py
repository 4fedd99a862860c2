"""What a returned questionnaire says: the answers read from a country workbook, each with the
cell it came from, and the problems found in the cells, in the respondent's terms.

Only the rows and columns a form can hold are read (safe_map.xlsxread bounds every read), and
columns are found by their header, so a respondent who moves a column loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safe_map import workbook as wbc
from safe_map.xlsxread import Table, Workbook, WorkbookRefused, open_workbook


@dataclass(frozen=True)
class Problem:
    """Something in the workbook that stops its import; `ref` names the cell (Citations!C4)."""

    ref: str
    message: str

    def shown(self, workbook: str) -> str:
        return (
            f"{workbook}: {self.ref}: {self.message}" if self.ref else f"{workbook}: {self.message}"
        )


@dataclass
class CitationAnswer:
    standard_id: str
    instrument: str  # the label chosen (an instrument's title), as typed
    fields: dict[str, str]  # provision, heading, excerpt, note
    sheet: str
    row: int
    instrument_col: int = 3


@dataclass
class StandardAnswer:
    standard_id: str
    status: str
    notes: str
    sheet: str
    row: int
    status_col: int
    notes_col: int = 0

    @property
    def status_ref(self) -> str:
        return wbc.cell_ref(self.sheet, self.row, self.status_col)


@dataclass
class InstrumentAnswer:
    id: str  # empty for a row the respondent added
    fields: dict[str, str]  # title, kind, number, date, issuer, notes
    sheet: str
    row: int
    cols: dict[str, int]

    def ref(self, column: str) -> str:
        return wbc.cell_ref(self.sheet, self.row, self.cols.get(column, 1))


@dataclass
class Answers:
    meta: dict[str, str]
    items: dict[str, dict[str, str]]  # e.g. items["base:standard"]["p1-s1"] = fingerprint
    titles: dict[str, str]  # standard id -> title, as the workbook was made
    standards: dict[str, StandardAnswer] = field(default_factory=dict)
    citations: dict[str, list[CitationAnswer]] = field(default_factory=dict)  # by standard id
    instruments: list[InstrumentAnswer] = field(default_factory=list)
    response: dict[str, str] = field(default_factory=dict)
    response_refs: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class NotAQuestionnaire(WorkbookRefused):
    """An .xlsx that is not a country workbook safe-map can import; `kind` is the kind of
    safe-map workbook it is (regional, comparison), or None for a foreign one."""

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind


def read_answers(path: Path) -> Answers:
    """The answers a country workbook holds. Raises WorkbookRefused (and NotAQuestionnaire)
    with a plain message when the file cannot be imported at all."""
    with open_workbook(path) as book:
        answers = _meta(book)
        sheets = {k[len("sheet:") :]: v for k, v in answers.meta.items() if k.startswith("sheet:")}
        for key, sheet in sorted(sheets.items()):
            if key.startswith("pillar:"):
                _pillar(book, key, sheet, answers)
        _instruments(book, sheets.get("instruments", ""), answers)
        _citations(book, sheets.get("citations", ""), answers)
        _response(book, sheets.get("instructions", ""), answers)
    return answers


def _meta(book: Workbook) -> Answers:
    if wbc.META_SHEET not in book.sheetnames:
        raise NotAQuestionnaire(
            "this workbook was not made by safe-map (it has no hidden '_safe_map' sheet): "
            "import only questionnaires written by `safe-map export COUNTRY`"
        )
    table = book.table(wbc.META_SHEET, 1, wbc.MAX_META_ROWS, 9)
    if table.problems:
        raise NotAQuestionnaire(
            "the hidden '_safe_map' sheet has been changed (" + table.problems[0].message + "): "
            "export a new questionnaire"
        )
    meta: dict[str, str] = {}
    items: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    for row in range(2, wbc.MAX_META_ROWS + 1):
        key = table.cells.get((row, 1), "")
        if key in (wbc.BASE_STANDARD, wbc.BASE_INSTRUMENT, wbc.LABEL, wbc.READ_ONLY):
            items.setdefault(key, {})[table.cells.get((row, 2), "")] = table.cells.get((row, 3), "")
        elif key == wbc.RESPONSE_CELL:
            items.setdefault(key, {})[table.cells.get((row, 2), "")] = table.cells.get((row, 3), "")
        elif key:
            meta.setdefault(key, table.cells.get((row, 2), ""))
        standard = table.cells.get((row, 8), "")
        if standard:
            titles[standard] = table.cells.get((row, 9), "")
    if meta.get("tool") != "safe-map":
        raise NotAQuestionnaire("this workbook was not made by safe-map")
    if meta.get("kind") != "country":
        raise NotAQuestionnaire(
            f"this is a {meta.get('kind', 'unknown')} workbook, for reading: import a country "
            "questionnaire (`safe-map export COUNTRY` with one country)",
            meta.get("kind"),
        )
    if meta.get("format") != str(wbc.FORMAT_VERSION):
        raise NotAQuestionnaire(
            f"this questionnaire was made by an older safe-map (format {meta.get('format')}), "
            "which did not record what it was exported from, so its answers cannot be merged "
            "safely: export a new questionnaire and copy the answers into it",
            "country",
        )
    if not meta.get("iso"):
        raise NotAQuestionnaire("the workbook does not say which country it is for")
    return Answers(meta, items, titles)


def _columns(table: Table, sheet: str, wanted: tuple[str, ...], answers: Answers) -> dict[str, int]:
    """Header -> column, from the header row; a missing header is a problem."""
    found: dict[str, int] = {}
    for (row, col), text in table.cells.items():
        if row == wbc.HEADER_ROW and text in wanted:
            found.setdefault(text, col)
    for name in wanted:
        if name not in found:
            answers.problems.append(
                Problem(
                    wbc.cell_ref(sheet, wbc.HEADER_ROW, 1),
                    f"the column '{name}' is missing from the header row {wbc.HEADER_ROW}: do "
                    "not rename or delete header cells (put the header back, or copy your "
                    "answers into a newly exported questionnaire)",
                )
            )
    return found


def _read(book: Workbook, sheet: str, rows: int, answers: Answers, what: str) -> Table | None:
    if not sheet or sheet not in book.sheetnames:
        answers.problems.append(
            Problem("", f"the sheet '{sheet or what}' is missing: do not delete or rename sheets")
        )
        return None
    last = wbc.FIRST_ROW + rows - 1
    table = book.table(sheet, wbc.HEADER_ROW, last, 12)
    answers.problems += [Problem(p.ref, p.message) for p in table.problems]
    if table.rows_beyond is not None:
        answers.problems.append(
            Problem(
                wbc.cell_ref(sheet, table.rows_beyond, 1),
                f"the {what} sheet holds at most {rows} rows below its header, and row "
                f"{table.rows_beyond} is past them: move those answers up into empty rows",
            )
        )
    return table


def _read_only_changed(answers: Answers, key: str, text: str) -> bool:
    expected = answers.items.get(wbc.READ_ONLY, {}).get(key)
    return expected is not None and expected != wbc.text_fingerprint(text)


def _pillar(book: Workbook, key: str, sheet: str, answers: Answers) -> None:
    table = _read(book, sheet, wbc.MAX_STANDARD_ROWS, answers, sheet)
    if table is None:
        return
    cols = _columns(table, sheet, wbc.PILLAR_COLUMNS, answers)
    if "Id" not in cols or "Status" not in cols:
        return
    for row in range(wbc.FIRST_ROW, wbc.FIRST_ROW + wbc.MAX_STANDARD_ROWS):
        standard_id = table.cells.get((row, cols["Id"]), "")
        status = table.cells.get((row, cols["Status"]), "").lower()
        notes = table.cells.get((row, cols["Notes"]), "") if "Notes" in cols else ""
        if not standard_id:
            if status or notes:
                answers.problems.append(
                    Problem(
                        wbc.cell_ref(sheet, row, cols["Id"]),
                        "this row has a status or notes but no Id: put the standard's id back "
                        "(the import matches rows to standards by it)",
                    )
                )
            continue
        if standard_id not in answers.titles:
            answers.problems.append(
                Problem(
                    wbc.cell_ref(sheet, row, cols["Id"]),
                    f"'{standard_id}' is not a standard of this questionnaire: put the Id back "
                    "as it was",
                )
            )
            continue
        if standard_id in answers.standards:
            answers.problems.append(
                Problem(
                    wbc.cell_ref(sheet, row, cols["Id"]),
                    f"{standard_id} appears twice: keep one row per standard",
                )
            )
            continue
        if status not in wbc.STATUS_VALUES:
            answers.problems.append(
                Problem(
                    wbc.cell_ref(sheet, row, cols["Status"]),
                    f"'{status or '(empty)'}' is not a status, for {standard_id}: choose one of "
                    + ", ".join(wbc.STATUS_VALUES)
                    + " from the list",
                )
            )
        for column in wbc.PILLAR_READ_ONLY:
            if column in cols:
                text = table.cells.get((row, cols[column]), "")
                if _read_only_changed(answers, f"{key}|{standard_id}|{column}", text):
                    answers.problems.append(
                        Problem(
                            wbc.cell_ref(sheet, row, cols[column]),
                            f"the {column} column is read-only, and its text for {standard_id} "
                            "was changed, which the import would drop: "
                            + (
                                "to change the legal basis, edit the Citations sheet; "
                                if column == "Legal basis"
                                else ""
                            )
                            + "put your text in Notes, or undo the change",
                        )
                    )
        answers.standards[standard_id] = StandardAnswer(
            standard_id, status, notes, sheet, row, cols["Status"], cols.get("Notes", 0)
        )


def _instruments(book: Workbook, sheet: str, answers: Answers) -> None:
    table = _read(book, sheet, wbc.MAX_INSTRUMENT_ROWS, answers, "Instruments")
    if table is None:
        return
    cols = _columns(table, sheet, wbc.INSTRUMENT_COLUMNS, answers)
    if "Title" not in cols or "Id" not in cols:
        return
    known = answers.items.get(wbc.BASE_INSTRUMENT, {})
    seen: set[str] = set()
    for row in range(wbc.FIRST_ROW, wbc.FIRST_ROW + wbc.MAX_INSTRUMENT_ROWS):
        values = {
            name: table.cells.get((row, cols[header]), "") if header in cols else ""
            for header, name in zip(wbc.INSTRUMENT_COLUMNS, wbc.INSTRUMENT_FIELDS, strict=False)
        }
        instrument_id = table.cells.get((row, cols["Id"]), "")
        cited = table.cells.get((row, cols["Cited by"]), "") if "Cited by" in cols else ""
        answer = InstrumentAnswer(instrument_id, values, sheet, row, cols)
        if not instrument_id:
            if not any(values.values()):
                if cited:
                    answers.problems.append(Problem(answer.ref("Cited by"), _READ_ONLY_CITED_BY))
                continue
            if cited:
                answers.problems.append(Problem(answer.ref("Cited by"), _READ_ONLY_CITED_BY))
            if not values["title"]:
                answers.problems.append(
                    Problem(
                        answer.ref("Title"),
                        "this new instrument has no title: give its name (the Citations sheet "
                        "chooses instruments by title), or clear the row",
                    )
                )
                continue
        else:
            if instrument_id not in known:
                answers.problems.append(
                    Problem(
                        answer.ref("Id"),
                        f"'{instrument_id}' is not the id of an instrument of this "
                        "questionnaire: the Id column is read-only; leave it empty on a row "
                        "you add",
                    )
                )
                continue
            if instrument_id in seen:
                answers.problems.append(
                    Problem(answer.ref("Id"), f"the instrument '{instrument_id}' appears twice")
                )
                continue
            seen.add(instrument_id)
            if _read_only_changed(answers, f"instruments|{instrument_id}|Cited by", cited):
                answers.problems.append(Problem(answer.ref("Cited by"), _READ_ONLY_CITED_BY))
        answers.instruments.append(answer)
    for instrument_id in known:
        if instrument_id not in seen:
            answers.notices.append(
                f"the row of the instrument '{instrument_id}' was deleted from the Instruments "
                "sheet: instruments are not deleted by an import (remove it in the country "
                "file if it should go)"
            )


_READ_ONLY_CITED_BY = (
    "the Cited by column is read-only (safe-map fills it from the Citations sheet): clear the "
    "text typed there"
)


def _citations(book: Workbook, sheet: str, answers: Answers) -> None:
    table = _read(book, sheet, wbc.MAX_CITATION_ROWS, answers, "Citations")
    if table is None:
        return
    cols = _columns(table, sheet, wbc.CITATION_COLUMNS, answers)
    if "Standard id" not in cols or "Instrument" not in cols:
        return
    titles = {wbc.clean(t) for t in answers.titles.values()}
    for row in range(wbc.FIRST_ROW, wbc.FIRST_ROW + wbc.MAX_CITATION_ROWS):

        def value(header: str, row: int = row) -> str:
            return table.cells.get((row, cols[header]), "") if header in cols else ""

        standard_id = value("Standard id")
        instrument = value("Instrument")
        fields = {f: value(f.capitalize()) for f in wbc.CITATION_FIELDS}
        shown_title = value("Standard")
        if not (standard_id or instrument or any(fields.values())):
            if shown_title and wbc.clean(shown_title) not in titles:
                answers.problems.append(
                    Problem(wbc.cell_ref(sheet, row, cols["Standard"]), _READ_ONLY_STANDARD)
                )
            continue
        if shown_title and wbc.clean(shown_title) not in titles:
            answers.problems.append(
                Problem(wbc.cell_ref(sheet, row, cols["Standard"]), _READ_ONLY_STANDARD)
            )
        if not standard_id:
            answers.problems.append(
                Problem(
                    wbc.cell_ref(sheet, row, cols["Standard id"]),
                    "this citation names no standard: choose the Standard id from the list, or "
                    "clear the row",
                )
            )
            continue
        if standard_id not in answers.titles:
            answers.problems.append(
                Problem(
                    wbc.cell_ref(sheet, row, cols["Standard id"]),
                    f"'{standard_id}' is not a standard id: choose one from the list "
                    "(p1-s1 ... as on the Pillar sheets)",
                )
            )
            continue
        if not instrument:
            answers.problems.append(
                Problem(
                    wbc.cell_ref(sheet, row, cols["Instrument"]),
                    f"this citation of {standard_id} names no instrument: choose one from the "
                    "list (add a new law on the Instruments sheet first)",
                )
            )
            continue
        answers.citations.setdefault(standard_id, []).append(
            CitationAnswer(standard_id, instrument, fields, sheet, row, cols["Instrument"])
        )


_READ_ONLY_STANDARD = (
    "the Standard column is read-only (safe-map fills it from the Standard id): clear the text "
    "typed there, and choose the Standard id instead"
)


def _response(book: Workbook, sheet: str, answers: Answers) -> None:
    refs = answers.items.get(wbc.RESPONSE_CELL, {})
    if not sheet or sheet not in book.sheetnames or not refs:
        answers.problems.append(
            Problem("", "the Instructions sheet with the response block is missing")
        )
        return
    table = book.table(sheet, 1, 60, 4)
    answers.problems += [Problem(p.ref, p.message) for p in table.problems]
    for key, ref in refs.items():
        where = wbc.parse_cell(ref)
        if where is None:
            continue
        answers.response[key] = table.cells.get(where, "")
        answers.response_refs[key] = wbc.cell_ref(sheet, *where)
