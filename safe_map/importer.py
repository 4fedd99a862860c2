"""`safe-map import`: a workbook that `export` made and a person edited, back into the YAML.

Reading the workbook gives the edits (statuses, notes, citations); they are applied to the
country file with ruamel.yaml's round trip, so comments, key order, quoting and every line
not edited stay exactly as they were. Nothing is written unless the result passes the checks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from safe_map.diagnostics import Diagnostic
from safe_map.model import Country, Framework, Status

CITATION_FIELDS = ("instrument", "provision", "heading", "excerpt", "note")
_STATUSES = {s.value for s in Status}


class ImportRefused(Exception):
    """The workbook cannot be imported; the message says why and what to do."""


@dataclass
class EditedStandard:
    """What the workbook says of one standard, and where it says it."""

    status: str | None = None
    status_at: str = ""
    notes: str | None = None
    citations: list[dict[str, str]] = field(default_factory=list)


@dataclass
class WorkbookContent:
    meta: dict[str, str]
    standards: dict[str, EditedStandard]
    problems: list[Diagnostic]


@dataclass
class StandardChange:
    standard_id: str
    title: str
    status: tuple[str, str] | None = None
    notes: tuple[str, str] | None = None
    citations_before: list[dict[str, str]] = field(default_factory=list)
    citations_after: list[dict[str, str]] | None = None

    def describe(self) -> list[str]:
        lines = []
        if self.status:
            lines.append(f"status {self.status[0]} -> {self.status[1]}")
        if self.notes:
            lines.append("notes changed" if self.notes[1] else "notes removed")
        if self.citations_after is not None:
            before = {_citation_key(c) for c in self.citations_before}
            after = {_citation_key(c) for c in self.citations_after}
            added, removed = len(after - before), len(before - after)
            changed = "citations: "
            parts = []
            if added:
                parts.append(f"{added} added")
            if removed:
                parts.append(f"{removed} removed")
            if not parts:
                parts.append("edited or reordered")
            lines.append(changed + ", ".join(parts))
        return lines


def _citation_key(c: dict[str, str]) -> tuple[str, ...]:
    return tuple(c.get(k, "") for k in CITATION_FIELDS)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(path: Path) -> WorkbookContent:
    """The edits a workbook holds. Raises ImportRefused if safe-map did not make it."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=False)
    except (BadZipFile, KeyError, OSError, ValueError) as err:
        raise ImportRefused(
            f"{path}: not an Excel workbook (.xlsx) that can be read ({err}): give the workbook "
            "that `safe-map export` wrote, saved as .xlsx"
        ) from None
    if "_safe_map" not in wb.sheetnames:
        raise ImportRefused(
            f"{path}: this workbook was not made by safe-map (it has no '_safe_map' sheet): "
            "import only workbooks written by `safe-map export COUNTRY`"
        )
    meta: dict[str, str] = {}
    for key, value, *_ in wb["_safe_map"].iter_rows(min_row=2, max_col=2, values_only=True):
        if key is not None:
            meta.setdefault(str(key), _cell_text(value))
    if meta.get("tool") != "safe-map":
        raise ImportRefused(f"{path}: this workbook was not made by safe-map")
    if meta.get("kind") != "country":
        raise ImportRefused(
            f"{path}: this is a {meta.get('kind', 'unknown')} workbook: import a country "
            "workbook (`safe-map export COUNTRY` with one country), whose sheets can be edited"
        )
    header = int(meta.get("header_row") or 3)
    standards: dict[str, EditedStandard] = {}
    problems: list[Diagnostic] = []
    for key, sheet in meta.items():
        if key.startswith("sheet:pillar:") and sheet in wb.sheetnames:
            _read_pillar(wb[sheet], path, header, standards, problems)
    citations_sheet = meta.get("sheet:citations")
    if citations_sheet in wb.sheetnames:
        _read_citations(wb[citations_sheet], path, header, standards, problems)
    else:
        raise ImportRefused(f"{path}: the Citations sheet is missing: export the workbook again")
    return WorkbookContent(meta, standards, problems)


def _columns(ws, header: int) -> dict[str, int]:
    names = {}
    for cell in ws[header]:
        if cell.value is not None:
            names.setdefault(str(cell.value).strip().lower(), cell.column)
    return names


def _where(path: Path, ws) -> str:
    return f"{path}[{ws.title}]"


def _read_pillar(ws, path, header, standards, problems) -> None:
    cols = _columns(ws, header)
    if not {"id", "status"} <= set(cols):
        problems.append(
            Diagnostic(
                _where(path, ws),
                header,
                1,
                "S002",
                "the header row lacks the Id or Status column: do not "
                "rename or delete the header cells",
            )
        )
        return
    for row in ws.iter_rows(min_row=header + 1):
        standard_id = _cell_text(row[cols["id"] - 1].value)
        if not standard_id:
            continue
        edit = standards.setdefault(standard_id, EditedStandard())
        status = _cell_text(row[cols["status"] - 1].value).lower()
        edit.status = status
        edit.status_at = f"{_where(path, ws)}:{row[0].row}:{cols['status']}"
        if status not in _STATUSES:
            problems.append(
                Diagnostic(
                    _where(path, ws),
                    row[0].row,
                    cols["status"],
                    "S004",
                    f"'{status or '(empty)'}' is not a status for {standard_id}: choose one of "
                    + ", ".join(s.value for s in Status),
                )
            )
        if "notes" in cols:
            edit.notes = _cell_text(row[cols["notes"] - 1].value)


def _read_citations(ws, path, header, standards, problems) -> None:
    cols = _columns(ws, header)
    wanted = {
        "standard id": "standard",
        "instrument": "instrument",
        "provision": "provision",
        "heading": "heading",
        "excerpt": "excerpt",
        "note": "note",
    }
    if "standard id" not in cols or "instrument" not in cols:
        problems.append(
            Diagnostic(
                _where(path, ws),
                header,
                1,
                "S002",
                "the Citations sheet lacks the Standard id or Instrument "
                "column: do not rename or delete the header cells",
            )
        )
        return
    for row in ws.iter_rows(min_row=header + 1):
        values = {
            name: _cell_text(row[cols[h] - 1].value) if h in cols else ""
            for h, name in wanted.items()
        }
        if not any(values.values()):
            continue
        number = row[0].row
        if not values["standard"] or not values["instrument"]:
            missing = "Standard id" if not values["standard"] else "Instrument"
            problems.append(
                Diagnostic(
                    _where(path, ws),
                    number,
                    cols[missing.lower()],
                    "S002",
                    f"this citation has no {missing}: fill it in from the list, or clear the row",
                )
            )
            continue
        citation = {k: values[k] for k in CITATION_FIELDS if values[k]}
        standards.setdefault(values["standard"], EditedStandard()).citations.append(citation)


def plan(
    content: WorkbookContent, country: Country, framework: Framework, workbook: Path
) -> tuple[list[StandardChange], list[Diagnostic]]:
    """The changes the workbook makes to the country, or the reasons it cannot be imported."""
    meta = content.meta
    problems = list(content.problems)
    if meta.get("framework") != framework.id:
        raise ImportRefused(
            f"{workbook}: made for the framework '{meta.get('framework')}', but "
            f"{country.path} maps against '{framework.id}': import it into a matching file"
        )
    if meta.get("iso") != country.iso:
        raise ImportRefused(
            f"{workbook}: made for {meta.get('country')} ({meta.get('iso')}), not for "
            f"{country.name} ({country.iso}) in {country.path}"
        )
    known = {s.id: s for s in framework.standards}
    changes: list[StandardChange] = []
    for standard_id, edit in content.standards.items():
        if standard_id not in known:
            problems.append(
                Diagnostic(
                    str(workbook),
                    1,
                    1,
                    "C001",
                    f"'{standard_id}' is not a standard of {framework.id}: "
                    "choose a standard id from the list",
                )
            )
            continue
        for citation in edit.citations:
            if citation["instrument"] not in country.instruments:
                problems.append(
                    Diagnostic(
                        str(workbook),
                        1,
                        1,
                        "C004",
                        f"{standard_id} cites the instrument '{citation['instrument']}', which "
                        f"{country.path} does not define: choose one of "
                        + (", ".join(country.instruments) or "(none: define instruments first)"),
                    )
                )
    for standard in framework.standards:
        edit = content.standards.get(standard.id)
        if edit is None:
            continue
        current = country.assessments.get(standard.id)
        change = StandardChange(standard.id, standard.title)
        old_status = current.status.value if current else Status.NOT_ASSESSED.value
        if edit.status is not None and edit.status in _STATUSES and edit.status != old_status:
            change.status = (old_status, edit.status)
        old_notes = " ".join((current.notes if current else "").split())
        if edit.notes is not None and " ".join(edit.notes.split()) != old_notes:
            change.notes = (old_notes, edit.notes)
        before = [
            {k: getattr(c, k) for k in CITATION_FIELDS if getattr(c, k)}
            for c in (current.citations if current else [])
        ]
        change.citations_before = before
        if [_citation_key(c) for c in edit.citations] != [_citation_key(c) for c in before]:
            change.citations_after = edit.citations
        if change.status or change.notes or change.citations_after is not None:
            changes.append(change)
    return changes, problems


def apply(text: str, changes: list[StandardChange]) -> str:
    """The country file's text with the changes made, everything else kept as it was."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)

    def scalar(value: str):
        return LiteralScalarString(value) if "\n" in value else value

    assessments = data.setdefault("assessments", CommentedMap())
    for change in changes:
        entry = assessments.get(change.standard_id)
        if entry is None:
            entry = CommentedMap()
            entry["status"] = Status.NOT_ASSESSED.value
            assessments[change.standard_id] = entry
        if change.status:
            entry["status"] = change.status[1]
        if change.notes:
            if change.notes[1]:
                entry["notes"] = scalar(change.notes[1])
            elif "notes" in entry:
                del entry["notes"]
        if change.citations_after is not None:
            _apply_citations(entry, change.citations_after, CommentedMap, CommentedSeq, scalar)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _apply_citations(entry, wanted, CommentedMap, CommentedSeq, scalar) -> None:
    """Edit the citations list in place, so untouched citations keep their formatting."""
    if not wanted:
        if "citations" in entry:
            del entry["citations"]
        return
    seq = entry.get("citations")
    if seq is None:
        seq = CommentedSeq()
        entry["citations"] = seq
    for i, citation in enumerate(wanted):
        if i < len(seq):
            item = seq[i]
            for key in CITATION_FIELDS:
                new = citation.get(key, "")
                old = " ".join(str(item.get(key, "")).split())
                if new and " ".join(new.split()) != old:
                    item[key] = scalar(new)
                elif not new and key in item:
                    del item[key]
        else:
            item = CommentedMap()
            for key in CITATION_FIELDS:
                if citation.get(key):
                    item[key] = scalar(citation[key])
            seq.append(item)
    while len(seq) > len(wanted):
        del seq[len(wanted)]
