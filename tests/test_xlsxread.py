"""safe_map.xlsxread: workbooks that others send, read within bounds or refused in one sentence.

Every hostile file is built here, in the test's own folder. `HOSTILE` is the catalogue of files
that must be refused; bench/hostile.py times the same catalogue (speed is measured there, not
asserted here).
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from safe_map import xlsxread
from safe_map.xlsxread import (
    MAX_CELL_TEXT,
    MAX_MEMBERS,
    CellProblem,
    WorkbookRefused,
    cell_text,
    inspect,
    open_workbook,
)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SECRET = "TOP-SECRET-42-do-not-leak"

# --- builders -----------------------------------------------------------------------------


def sane(folder: Path) -> Path:
    """A small workbook written by openpyxl: two sheets, text, numbers and dates."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Citations"
    sheet.append(["Standard id", "Instrument", "Provision", "Note"])
    sheet.append(["p1-s1", "  customs-law  ", 33, 2.5])
    sheet.append(["p1-s2", "customs-law", 35.0, datetime(2024, 8, 15, 9, 30)])
    sheet["E3"] = date(2021, 3, 17)
    sheet["A4"] = "=not a formula"
    sheet["A4"].data_type = "s"  # openpyxl takes a leading '=' for a formula unless told
    book.create_sheet("Pillar 1")["D5"] = "partial"
    path = folder / "sane.xlsx"
    book.save(path)
    return path


def repack(
    folder: Path,
    name: str,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """The sane workbook with some members replaced or added."""
    source = sane(folder)
    target = folder / name
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for member, data in add.items():
            z.writestr(member, data)
    return target


def sheet(rows: str, dimension: str = "A1") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def with_sheet(folder: Path, name: str, xml: bytes) -> Path:
    """The sane workbook whose first sheet (Citations) is `xml`."""
    return repack(folder, name, {"xl/worksheets/sheet1.xml": xml})


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def cells_sheet(folder: Path) -> Path:
    """One sheet of every kind of cell the reader must refuse, and a few it must accept."""
    rows = (
        '<row r="1">' + inline("A1", "Standard id") + "</row>"
        '<row r="2"><c r="B2"><f>SUM(1,2)</f><v>3</v></c></row>'
        '<row r="3"><c r="B3"><f t="array" ref="B3">SUM(A1:A2*2)</f><v>1</v></c></row>'
        '<row r="4"><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="e"><v>#REF!</v></c></row>'
        '<row r="5"><c r="B5"><v>1E999</v></c><c r="C5"><v>-1E999</v></c></row>'
        '<row r="6"><c r="B6" t="b"><v>1</v></c></row>'
        '<row r="7">' + inline("B7", "x" * (MAX_CELL_TEXT + 1)) + "</row>"
        '<row r="8">' + inline("B8", "=1+1 typed as text") + "</row>"
        '<row r="9">' + inline("B9", "before\u0085after") + "</row>"
        '<row r="10">' + inline("B10", "line_x000B_break") + "</row>"
        '<row r="11">' + inline("B11", "y" * MAX_CELL_TEXT) + "</row>"
        '<row r="12"><c r="B12" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
        '<row r="13"><c r="B13"><v>12</v></c><c r="C13"><v>0.1</v></c></row>'
    )
    return with_sheet(folder, "cells.xlsx", sheet(rows, "A1:C13"))


def zip_of(folder: Path, name: str, members: dict[str, bytes], stored: bool = False) -> Path:
    path = folder / name
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as z:
        for member, data in members.items():
            z.writestr(member, data)
    return path


def lying_sizes(folder: Path) -> Path:
    """A member whose central directory claims 1 KB but which unpacks to 8 MB."""
    big = sheet('<row r="1">' + inline("A1", "z" * 1000) + "</row>") + b" " * 8_000_000
    path = repack(folder, "lying.xlsx", {"xl/worksheets/sheet1.xml": big})
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02")  # the central directory's entries
    while entry != -1:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == name:
            struct.pack_into("<I", data, entry + 24, 1024)
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


def padded_styles(folder: Path) -> Path:
    """styles.xml padded with 300 MB of whitespace: ~300 KB on disk."""
    source = sane(folder)
    path = folder / "padded.xlsx"
    fast = {"compression": zipfile.ZIP_DEFLATED, "compresslevel": 1}  # 300 MB in about 1 s
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", **fast) as z:
        for info in src.infolist():
            if info.filename != "xl/styles.xml":
                z.writestr(info.filename, src.read(info))
                continue
            with z.open("xl/styles.xml", "w", force_zip64=True) as out:
                out.write(src.read(info))
                block = b" " * 2**20
                for _ in range(300):
                    out.write(block)
    return path


def ods(folder: Path) -> Path:
    path = folder / "answers.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
    return path


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def fifo(folder: Path) -> Path:
    path = folder / "pipe.xlsx"
    os.mkfifo(path)
    return path


def symlink_to_zero(folder: Path) -> Path:
    path = folder / "zero.xlsx"
    path.symlink_to("/dev/zero")
    return path


def folder_named_xlsx(folder: Path) -> Path:
    path = folder / "folder.xlsx"
    path.mkdir()
    return path


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + f"]><sst {NS}><si><t>&i;</t></si></sst>"
).encode()


def xxe(folder: Path) -> Path:
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is>'
        "</c></row></sheetData></worksheet>"
    ).encode()
    return with_sheet(folder, "xxe.xlsx", xml)


def truncated_file(folder: Path) -> Path:
    path = folder / "cut.xlsx"
    data = sane(folder).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_workbook_xml(folder: Path) -> Path:
    with zipfile.ZipFile(sane(folder)) as src:
        whole = src.read("xl/workbook.xml")
    return repack(folder, "cut-workbook.xlsx", {"xl/workbook.xml": whole[: len(whole) // 2]})


def with_shared_strings(folder: Path, name: str, xml: bytes) -> Path:
    """The sane workbook with a shared-strings part, declared as Excel declares it."""
    with zipfile.ZipFile(sane(folder)) as src:
        types = src.read("[Content_Types].xml")
    types = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return repack(folder, name, {"[Content_Types].xml": types}, add={"xl/sharedStrings.xml": xml})


# name -> (builder, words the message must hold)
HOSTILE: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "missing file": (lambda d: d / "nowhere.xlsx", ["no file at this path"]),
    "folder": (folder_named_xlsx, ["folder, not a workbook"]),
    "FIFO": (fifo, ["pipe", "not a file"]),
    "symlink to /dev/zero": (symlink_to_zero, ["device", "not a file"]),
    "empty file": (write("empty.xlsx", b""), ["empty (0 bytes)"]),
    "old .xls (OLE2)": (
        write("old.xls", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4000),
        ["Excel 97-2003 workbook (.xls)", "save it as Excel Workbook (.xlsx)"],
    ),
    ".ods": (ods, ["OpenDocument spreadsheet (.ods)", "save it as Excel 2007-365 (.xlsx)"]),
    "zip, not a workbook": (
        lambda d: zip_of(d, "photos.xlsx", {"a.jpg": b"\xff\xd8" * 10}),
        ["zip archive, not an Excel workbook"],
    ),
    "Word document": (
        lambda d: zip_of(
            d, "memo.xlsx", {"[Content_Types].xml": b"<x/>", "word/document.xml": b""}
        ),
        ["Word document"],
    ),
    "CSV": (
        write("answers.csv", b"standard,status\np1-s1,yes\np1-s2,no\n"),
        ["CSV text file", "save it as Excel Workbook (.xlsx)"],
    ),
    "YAML": (
        write("mongolia.xlsx", b"# comment\ncountry:\n  name: Mongolia\n  iso: MN\n"),
        ["YAML text file", "not an Excel workbook"],
    ),
    "HTML saved as .xls": (
        write("report.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
        ["web page (HTML)"],
    ),
    "random bytes": (
        write("noise.xlsx", bytes(range(256)) * 64),
        ["not an Excel workbook (.xlsx) nor any kind of file"],
    ),
    "too large on disk": (
        write("huge.xlsx", b"PK\x03\x04" + b"\0" * (xlsxread.MAX_FILE_BYTES + 1)),
        ["MB, more than the 10 MB"],
    ),
    "truncated zip": (truncated_file, ["damaged", "ask the sender for the file again"]),
    "too many members": (
        lambda d: repack(d, "many.xlsx", add={f"x/{i}.xml": b"<a/>" for i in range(MAX_MEMBERS)}),
        [f"more than the {MAX_MEMBERS:,} a country workbook can have"],
    ),
    "styles.xml padded to 300 MB": (
        padded_styles,
        ["unpacks to 300 MB, more than the 16 MB"],
    ),
    "zip bomb member (15 MB of zeros)": (
        lambda d: repack(d, "bomb.xlsx", add={"xl/media/bomb.bin": b"\0" * 15_000_000}),
        ["times its packed size", "zip bomb"],
    ),
    "member lying about its size": (lying_sizes, ["damaged"]),
    "billion laughs in sharedStrings": (
        lambda d: with_shared_strings(d, "laughs.xlsx", BILLION_LAUGHS),
        ["document type (DTD)"],
    ),
    "billion laughs in UTF-16": (
        lambda d: with_shared_strings(d, "laughs16.xlsx", BILLION_LAUGHS.decode().encode("utf-16")),
        ["document type (DTD)"],
    ),
    "XXE to a local file": (xxe, ["document type (DTD)"]),
    "EBCDIC declaration": (
        lambda d: with_sheet(d, "ebcdic.xlsx", b'<?xml version="1.0" encoding="cp037"?><a/>'),
        ["text encoding 'cp037'"],
    ),
    "a row of 300,000 empty cells": (
        lambda d: with_sheet(
            d,
            "row.xlsx",
            sheet('<row r="1">' + "".join(f'<c s="{i}"/>' for i in range(300_000)) + "</row>"),
        ),
        ["far more XML markup in its sheets"],
    ),
    "300,000 attributes on one cell": (
        lambda d: with_sheet(
            d,
            "attrs.xlsx",
            sheet('<row r="1"><c ' + " ".join(f'a{i:x}=""' for i in range(300_000)) + "/></row>"),
        ),
        ["far more XML markup in its sheets"],
    ),
    "styles with 60,000 formats": (
        lambda d: repack(
            d,
            "styles.xlsx",
            {
                "xl/styles.xml": f"<styleSheet {NS}><cellXfs>{'<xf/>' * 60_000}</cellXfs>"
                "</styleSheet>".encode()
            },
        ),
        ["far more XML markup in its styles and settings"],
    ),
    "truncated workbook.xml": (truncated_workbook_xml, ["not well-formed XML"]),
    "truncated sheet XML": (
        lambda d: with_sheet(d, "cut-sheet.xlsx", sheet(inline("A1", "x"))[:60]),
        ["not well-formed XML"],
    ),
    "lone surrogate in a sheet (UTF-8 bytes)": (
        lambda d: with_sheet(
            d,
            "surrogate.xlsx",
            sheet('<row r="1">' + inline("A1", "@") + "</row>").replace(b"@", b"\xed\xa0\x80"),
        ),
        ["not well-formed XML or not valid text"],
    ),
    "lone surrogate as a character reference": (
        lambda d: with_sheet(
            d, "surrogate-ref.xlsx", sheet('<row r="1">' + inline("A1", "&#xD800;") + "</row>")
        ),
        ["not well-formed XML"],
    ),
    "invalid UTF-8 in sharedStrings": (
        lambda d: with_shared_strings(
            d,
            "latin1.xlsx",
            f"<sst {NS}><si><t>caf@</t></si></sst>".encode().replace(b"@", b"\xe9"),
        ),
        ["not valid text"],
    ),
    "NaN in a number cell": (
        lambda d: with_sheet(d, "nan.xlsx", sheet('<row r="1"><c r="A1"><v>NaN</v></c></row>')),
        ["not laid out as Excel lays them out"],
    ),
    "shared string index out of range": (
        lambda d: with_sheet(
            d, "index.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>99</v></c></row>')
        ),
        ["not laid out as Excel lays them out"],
    ),
}


def refusal(path: Path) -> WorkbookRefused:
    """The refusal of opening `path` and reading every sheet, which must come."""
    with pytest.raises(WorkbookRefused) as caught:
        with open_workbook(path) as book:
            for name in book.sheetnames:
                book.table(name, 1, 100, 10)
    return caught.value


# --- what is refused ----------------------------------------------------------------------


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_files_are_refused_in_one_plain_sentence(case, tmp_path):
    build, words = HOSTILE[case]
    err = refusal(build(tmp_path))
    message = str(err)
    for word in words:
        assert word in message, (case, message)
    assert "\n" not in message and "Traceback" not in message
    assert ": " in message  # what is wrong: what to do


@pytest.mark.parametrize(
    "case",
    [
        "missing file",
        "folder",
        "FIFO",
        "symlink to /dev/zero",
        "empty file",
        "old .xls (OLE2)",
        ".ods",
        "CSV",
        "YAML",
        "random bytes",
        "too many members",
        "styles.xml padded to 300 MB",
        "zip bomb member (15 MB of zeros)",
        "member lying about its size",
        "billion laughs in sharedStrings",
        "XXE to a local file",
        "a row of 300,000 empty cells",
    ],
)
def test_refused_before_any_xml_is_parsed(case, tmp_path, monkeypatch):
    import openpyxl

    def no_loading(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load a file inspect() should refuse")

    monkeypatch.setattr(openpyxl, "load_workbook", no_loading)
    with pytest.raises(WorkbookRefused):
        inspect(HOSTILE[case][0](tmp_path))


def test_xxe_never_reads_the_file(tmp_path, monkeypatch):
    err = refusal(xxe(tmp_path))
    assert SECRET not in str(err) + err.detail
    # Second line of defence: with the DTD scan switched off, the XML parser still does not
    # fetch the external entity.
    monkeypatch.setattr(xlsxread, "_DTD", ())
    try:
        with open_workbook(tmp_path / "xxe.xlsx") as book:
            table = book.table("Citations", 1, 10, 5)
        assert SECRET not in repr(table)
    except WorkbookRefused as again:
        assert SECRET not in str(again) + again.detail


def test_billion_laughs_is_refused_by_the_parser_too(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsxread, "_DTD", ())
    err = refusal(with_shared_strings(tmp_path, "laughs.xlsx", BILLION_LAUGHS))
    assert "not well-formed XML" in str(err) or "not laid out" in str(err)


def test_a_fifo_does_not_hang(tmp_path):
    # os.stat sees the FIFO before anything opens it: opening would block forever.
    with pytest.raises(WorkbookRefused, match="pipe"):
        open_workbook(fifo(tmp_path))


# --- what is read -------------------------------------------------------------------------


def test_a_sane_workbook_reads_as_text(tmp_path):
    with open_workbook(sane(tmp_path)) as book:
        assert book.sheetnames == ["Citations", "Pillar 1"]
        table = book.table("Citations", 2, 4, 5)
        pillar = book.table("Pillar 1", 5, 5, 4)
    assert table.problems == []
    assert table.rows_beyond is None
    assert table.cells == {
        (2, 1): "p1-s1",
        (2, 2): "customs-law",  # surrounding spaces stripped
        (2, 3): "33",
        (2, 4): "2.5",
        (3, 1): "p1-s2",
        (3, 2): "customs-law",
        (3, 3): "35",  # 35.0 without ".0"
        (3, 4): "2024-08-15 09:30",  # a date and a time: the time is kept
        (3, 5): "2021-03-17",
        (4, 1): "=not a formula",  # text that begins with '=' is text
    }
    assert pillar.cells == {(5, 4): "partial"}


def test_only_the_rows_and_columns_asked_for_are_read(tmp_path):
    with open_workbook(sane(tmp_path)) as book:
        table = book.table("Citations", 2, 2, 2)
    assert table.cells == {(2, 1): "p1-s1", (2, 2): "customs-law"}
    assert table.rows_beyond == 3


def test_rows_beyond_is_the_row_after_the_bound_if_it_holds_a_value(tmp_path):
    rows = "".join(
        f'<row r="{r}">' + inline(f"{c}{r}", "x") + "</row>" for r, c in [(2, "A"), (6, "B")]
    )
    with open_workbook(with_sheet(tmp_path, "beyond.xlsx", sheet(rows))) as book:
        assert book.table("Citations", 1, 5, 3).rows_beyond == 6
        assert book.table("Citations", 1, 5, 1).rows_beyond is None  # B6 is past column 1
        # Only the one row after the bound is read: a form is filled from the top.
        assert book.table("Citations", 1, 4, 3).rows_beyond is None
        assert book.table("Citations", 1, 6, 3).rows_beyond is None


def test_a_cell_claimed_at_xfd1048576_costs_nothing(tmp_path):
    rows = (
        '<row r="1">' + inline("A1", "Standard id") + "</row>"
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    xml = sheet(rows, dimension="A1:XFD1048576")
    with open_workbook(with_sheet(tmp_path, "xfd.xlsx", xml)) as book:
        table = book.table("Citations", 1, 2000, 12)
        last = book.table("Citations", 1048575, 1048575, 16384)
    assert table.cells == {(1, 1): "Standard id"}
    assert table.rows_beyond is None
    assert last.cells == {} and last.rows_beyond == 1048576


def test_every_cell_problem_names_its_cell(tmp_path):
    with open_workbook(cells_sheet(tmp_path)) as book:
        table = book.table("Citations", 1, 20, 3)
    found = {p.ref: p.message for p in table.problems}
    assert sorted(found) == sorted(
        [
            "Citations!B2",
            "Citations!B3",
            "Citations!B4",
            "Citations!C4",
            "Citations!B5",
            "Citations!C5",
            "Citations!B6",
            "Citations!B7",
            "Citations!B9",
            "Citations!B10",
            "Citations!B12",
        ]
    )
    assert found["Citations!B2"].startswith("holds a formula (=SUM(1,2)): type the value itself")
    assert found["Citations!B3"].startswith("holds a formula (=SUM(A1:A2*2))")
    assert "paste it as values only" in found["Citations!B3"]
    assert found["Citations!B4"].startswith("holds the error value #N/A")
    assert found["Citations!C4"].startswith("holds the error value #REF!")
    assert "not finite" in found["Citations!B5"] and "not finite" in found["Citations!C5"]
    assert found["Citations!B6"].startswith("holds the true/false value TRUE, not text")
    assert found["Citations!B7"].startswith("holds 32,768 characters, more than the 32,767")
    assert "U+0085 at position 7" in found["Citations!B9"]
    assert "U+000B (written as _x000B_ in the file) at position 5" in found["Citations!B10"]
    assert found["Citations!B12"].startswith('holds a formula (="a"&"b")')
    assert table.cells[(8, 2)] == "=1+1 typed as text"
    assert table.cells[(11, 2)] == "y" * MAX_CELL_TEXT
    assert table.cells[(13, 2)] == "12" and table.cells[(13, 3)] == "0.1"
    assert (2, 2) not in table.cells  # no formula, nor its cached value, is taken as data


def test_refs_quote_sheet_names_as_excel_does():
    assert CellProblem("Citations", 4, 3, "").ref == "Citations!C4"
    assert CellProblem("Pillar 1", 5, 4, "").ref == "'Pillar 1'!D5"
    assert CellProblem("O'Brien's", 1, 28, "").ref == "'O''Brien''s'!AB1"
    assert str(CellProblem("Citations", 4, 3, "holds X")) == "Citations!C4: holds X"


@pytest.mark.parametrize(
    ("value", "kind", "text", "problem"),
    [
        (None, "n", "", ""),
        (3, "n", "3", ""),
        (3.0, "n", "3", ""),
        (1e300, "n", "1e+300", ""),
        (float("nan"), "n", "", "not finite"),
        (float("inf"), "n", "", "not finite"),
        (False, "b", "", "true/false value FALSE"),
        (date(2024, 1, 2), "d", "2024-01-02", ""),
        ("  padded \n", "s", "padded", ""),
        ("\u2028 is fine, \ud800 is not", "s", "", "U+D800 at position 12"),
        ("\ufffe", "s", "", "U+FFFE"),
        ("tab\tnewline\ncr\r", "s", "tab\tnewline\ncr", ""),
        ("=SUM(A1)", "f", "", "holds a formula (=SUM(A1))"),
        ("\x1b[2J" * 30, "f", "", "holds a formula (?[2J?[2J"),
    ],
)
def test_cell_text(value, kind, text, problem):
    got_text, got_problem = cell_text(value, kind)
    assert got_text == text
    assert problem in got_problem and bool(got_problem) == bool(problem)


def test_one_shared_text_is_stripped_once(tmp_path):
    # 2,000 cells share one long string with surrounding spaces: the table holds one copy.
    shared = f'<sst {NS}><si><t xml:space="preserve"> {"w" * 30000} </t></si></sst>'.encode()
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCD") + "</row>"
        for r in range(1, 501)
    )
    path = with_shared_strings(tmp_path, "shared.xlsx", shared)
    path = _replace_member(path, "xl/worksheets/sheet1.xml", sheet(rows))
    with open_workbook(path) as book:
        table = book.table("Citations", 1, 500, 4)
    assert len(table.cells) == 2000
    assert len({id(text) for text in table.cells.values()}) == 1


def _replace_member(path: Path, member: str, data: bytes) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, data if info.filename == member else src.read(info))
    path.write_bytes(buffer.getvalue())
    return path


def test_unknown_sheet_and_bad_bounds(tmp_path):
    with open_workbook(sane(tmp_path)) as book:
        with pytest.raises(WorkbookRefused, match="no sheet named 'Summary'"):
            book.table("Summary", 1, 10, 5)
        with pytest.raises(ValueError):
            book.table("Citations", 5, 4, 5)


def test_the_exported_workbook_is_within_every_limit(tmp_path, cli):
    out = tmp_path / "mongolia.xlsx"
    run = cli("export", "mongolia", "-o", str(out))
    assert run.code == 0, run.out + run.err
    with open_workbook(out) as book:
        assert "Citations" in book.sheetnames
        table = book.table("Citations", 1, 2000, 10)
    assert table.cells and not table.problems
