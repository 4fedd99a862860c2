"""Reading a workbook that someone else sent: bounded in time and memory, strict about values.

Workbooks come by mail from other administrations and may be hostile, or just odd: an old .xls,
an .ods, a CSV renamed .xlsx, a zip bomb, a sheet that claims a cell at XFD1048576, XML with
entity tricks. Everything here is refused with one plain sentence (`WorkbookRefused`) before it
can cost much, and everything accepted comes back as text with the problems of each cell named.

The order of defence:
1. `inspect` looks at the file before any XML is parsed: what kind of file it is (from its first
   bytes, not its name), and the zip container's size, member count, compression ratios,
   amount of markup and any DTD. Reading every member once also makes zipfile check each CRC,
   so a container whose headers lie about sizes is refused here.
2. openpyxl then loads the workbook in read-only mode; its eager parts (styles, content types,
   workbook, relationships) are bounded by the markup limits below.
3. `Workbook.table` reads only the rows and columns the caller asks for (and one row more),
   through openpyxl's streaming row parser, and never asks for the sheet's claimed dimension.
   That parser holds a whole row in memory, so it is bounded by the markup limits, not by
   the columns asked for: they only bound what is kept.

No printing, no CLI knowledge; openpyxl is imported inside the functions that need it.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from safe_map.limits import MAX_CELL_TEXT  # re-exported: callers name it from here

EXCEL_MAX_ROW = 1_048_576

# The limits. A country workbook as `export` writes it is ~30-50 KB on disk, 35 zip members,
# ~120 KB of XML and ~9,000 tags. A stress case of 2,000 citations with 50-word excerpts is
# 300 KB on disk, 2.6 MB of XML and ~100,000 tags (openpyxl's or LibreOffice's writing alike).
# Each limit leaves a wide margin over that stress case, and keeps the worst file that passes
# within ~2 s and ~200 MB on a slow machine (bench/hostile.py measures it).
MAX_FILE_BYTES = 10 * 1024 * 1024  # on disk: 30x the 2,000-citation workbook
MAX_MEMBERS = 1_000  # zip members: a workbook has ~35; each sheet adds ~4
MAX_UNCOMPRESSED = 16 * 1024 * 1024  # sum of the members' sizes: 6x the 2,000-citation case
# Real members compress 2-10x; deflate can reach ~1,000x, which only padding or a bomb needs.
# Small members are exempt: their ratio says nothing, and the total bounds them anyway.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
# Markup bounds the number of XML elements and attributes openpyxl builds, which is what costs
# time and memory: a row of a million empty cells is 4 MB, yet costs openpyxl 2.8 s and 330 MB;
# one element with 1.3 million attributes is 13 MB and costs 26 s and 720 MB. Tags are counted
# as '<' bytes (every tag, comment or declaration has one), attributes as '=' bytes (every
# attribute has one; the few in text only make the count cautious). The 2,000-citation
# workbook has ~100,000 tags and ~70,000 attributes. Sheets and shared strings are streamed
# (~8 us per tag at worst, a whole row held at once); the other parts (styles, content types,
# workbook, relationships) become Python objects at up to ~40 us per tag, so they get a budget
# of their own: the export's are ~3,000 tags and attributes.
MAX_TAGS = 200_000
MAX_ATTRIBUTES = 200_000
MAX_EAGER_MARKUP = 20_000  # tags and attributes of the parts that are not streamed
_STREAMED = re.compile(r"^xl/(worksheets/sheet\d+\.xml|sharedStrings\.xml)$")
_CHUNK = 1024 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_SAVE_AS = "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx), then import that"
_AGAIN = "ask the sender to open it in Excel, save it again as .xlsx, and send that file"
# OOXML never needs a DTD, and without one there are no entities to expand (billion laughs) or
# to fetch (XXE): refusing any DTD makes the XML parser's own defences a second line, whichever
# parser openpyxl picks (defusedxml, a dependency: see open_workbook; lxml where installed).
# UTF-16 spellings are looked for too.
_DTD = tuple(
    marker.encode(codec)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
# Encodings that an ASCII byte search reads correctly; others (EBCDIC) could hide a DTD.
_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii"}
# XML 1.0 characters, less the control characters other than tab, newline and carriage return.
_BAD_CHAR = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Excel writes a control character in a cell as _xHHHH_; openpyxl leaves the code as it is.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PLAIN_SHEET = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook. str() is one sentence: what is wrong, what to do.

    `detail` keeps the technical cause (exception type and text) for a --debug output; it is
    never part of the sentence, so nothing a hostile file says reaches the user unasked.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value cannot be taken as an answer, and why."""

    sheet: str
    row: int
    col: int
    message: str

    @property
    def ref(self) -> str:
        """The cell as Excel names it: Citations!C4, 'Pillar 1'!D5."""
        return cell_ref(self.sheet, self.row, self.col)

    def __str__(self) -> str:
        return f"{self.ref}: {self.message}"


@dataclass
class Table:
    """The text of a block of cells; empty cells are absent."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    rows_beyond: int | None = None  # last_row + 1 if that row holds a value: the form is full


def column_letter(col: int) -> str:
    """1 -> A, 28 -> AB (openpyxl's get_column_letter, without importing openpyxl)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(sheet: str, row: int, col: int) -> str:
    """A cell as a spreadsheet user writes it: Citations!C4, 'Pillar 1'!D5, 'O''Brien'!A1."""
    if not _PLAIN_SHEET.match(sheet):
        sheet = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{column_letter(col)}{row}"


# --- before parsing -----------------------------------------------------------------------


def inspect(path: Path) -> None:
    """Raise WorkbookRefused unless `path` is an .xlsx within the limits. Parses no XML."""
    with _open_regular(path) as handle:
        _inspect_handle(handle)


def _open_regular(path: Path) -> IO[bytes]:
    """The file opened for reading, refused unless it is a regular file.

    The type is checked with stat before opening, so a FIFO cannot block the open, and again on
    the open descriptor, so the path cannot be swapped for a device in between.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise WorkbookRefused(
            "there is no file at this path: check the path and its spelling"
        ) from None
    except OSError as err:
        raise WorkbookRefused(
            "the path cannot be read (a symbolic link that loops or leads nowhere, or a "
            "folder you may not open): give the path of the .xlsx file itself",
            f"{type(err).__name__}: {err}",
        ) from None
    _refuse_unless_regular(info.st_mode)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise WorkbookRefused(
            "the file cannot be opened (you may not have permission to read it): "
            "copy it somewhere you can read it and import the copy",
            f"{type(err).__name__}: {err}",
        ) from None
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode)
    except WorkbookRefused:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _refuse_unless_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise WorkbookRefused(
            "this is a folder, not a workbook: give the path of the .xlsx file inside it"
        )
    if not stat.S_ISREG(mode):
        raise WorkbookRefused(
            "this is a device, a pipe or a socket, not a file: give the path of an .xlsx file"
        )


def _inspect_handle(handle: IO[bytes]) -> None:
    """inspect() on an open file; leaves it at offset 0 for openpyxl."""
    size = os.fstat(handle.fileno()).st_size
    if size == 0:
        raise WorkbookRefused(
            "the file is empty (0 bytes), perhaps cut off while saving or mailing: "
            "ask the sender for the workbook again"
        )
    if size > MAX_FILE_BYTES:
        raise WorkbookRefused(
            f"the file is {size / 2**20:.1f} MB, more than the {MAX_FILE_BYTES // 2**20} MB "
            "a country workbook can be (one is usually about 50 KB): check that it is the "
            "right file; remove pictures or other large content it may hold"
        )
    head = handle.read(4096)
    handle.seek(0)
    if not head.startswith(_ZIP):
        raise WorkbookRefused(_not_a_zip(head))
    try:
        with zipfile.ZipFile(handle) as archive:
            _check_members(archive)
            _scan_members(archive)
    except WorkbookRefused:
        raise
    except Exception as err:  # a broken container, whatever zipfile or zlib make of it
        raise _refusal(err) from None
    finally:
        handle.seek(0)


def _not_a_zip(head: bytes) -> str:
    """What a file that is not a zip container is, and what to do with it."""
    if head.startswith(_OLE2):
        return (
            "this is an old-style Excel 97-2003 workbook (.xls), or an .xlsx protected by a "
            f"password to open: {_SAVE_AS} (without a password) file"
        )
    text = _as_text(head)
    if text is None:
        return (
            "this is not an Excel workbook (.xlsx) nor any kind of file safe-map recognises: "
            "check that it is the right file; ask the sender for the .xlsx workbook"
        )
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<html", "<!doctype html", "<table")):
        return (
            "this is a web page (HTML) saved under a spreadsheet name, not an Excel workbook: "
            f"{_SAVE_AS} file"
        )
    if start.startswith("<?xml") or start.startswith("<"):
        return (
            "this is an XML text file (perhaps an Excel 2003 XML spreadsheet), not an .xlsx "
            f"workbook: {_SAVE_AS} file"
        )
    if _looks_like_yaml(text):
        return (
            "this is a YAML text file, not an Excel workbook: a YAML data file needs no "
            "import; give the .xlsx workbook to import"
        )
    if _looks_like_csv(text):
        return (
            "this is a CSV text file (values separated by commas, semicolons or tabs), not an "
            f"Excel workbook: {_SAVE_AS} file"
        )
    return "this is a plain text file, not an Excel workbook: give the .xlsx workbook to import"


def _as_text(head: bytes) -> str | None:
    """The start of the file as text, or None if it is binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head.decode("utf-16")
        except UnicodeError:
            return None
    else:
        text = head.decode("utf-8", errors="ignore")  # a character cut at the 4 KB edge
        if len(text.encode("utf-8")) < len(head) - 3:
            return None  # more than a cut character was not UTF-8: binary, or Latin-1 text
    if any(c in text for c in "\x00\x1b") or _BAD_CHAR.search(text.replace("\ufeff", "")):
        return None
    return text


def _looks_like_yaml(text: str) -> bool:
    lines = [
        line
        for line in text.lstrip("\ufeff").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if text.lstrip("\ufeff").startswith(("---", "%YAML")):
        return True
    return bool(lines) and re.match(r"^[\w-]+:(\s|$)", lines[0]) is not None


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    return bool(lines) and any(all(sep in line for line in lines) for sep in ",;\t")


def _check_members(archive: zipfile.ZipFile) -> None:
    """Refuse by the zip directory alone: kind of package, member count, sizes, ratios."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise WorkbookRefused(
            f"the workbook holds {len(members):,} parts, more than the {MAX_MEMBERS:,} a "
            f"country workbook can have (one has about 35): {_AGAIN}"
        )
    names = {m.filename for m in members}
    _check_package_kind(archive, names)
    if any(m.flag_bits & 0x1 for m in members):
        raise WorkbookRefused(
            "parts of this file are encrypted: remove the password (in Excel: File, Info, "
            "Protect Workbook), save it as .xlsx, then import that file"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise WorkbookRefused(
            f"the workbook unpacks to {total / 2**20:,.0f} MB, more than the "
            f"{MAX_UNCOMPRESSED // 2**20} MB a country workbook can hold (one holds about "
            f"0.2 MB): check that it is the right file; {_AGAIN}"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise WorkbookRefused(
                f"a part of the workbook ({member.filename[:60]!r}) unpacks to {ratio:,.0f} "
                f"times its packed size, as only padding or a zip bomb does: {_AGAIN}"
            )


def _check_package_kind(archive: zipfile.ZipFile, names: set[str]) -> None:
    if "mimetype" in names or "META-INF/manifest.xml" in names:
        mimetype = b""
        info = archive.getinfo("mimetype") if "mimetype" in names else None
        if info is not None and info.file_size <= 200:
            mimetype = archive.read(info)
        if b"spreadsheet" in mimetype or "mimetype" not in names:
            raise WorkbookRefused(
                "this is an OpenDocument spreadsheet (.ods): open it in LibreOffice and save "
                "it as Excel 2007-365 (.xlsx), then import that file"
            )
        raise WorkbookRefused(
            "this is an OpenDocument file (a text or presentation, not a spreadsheet): give "
            "the Excel workbook (.xlsx) to import"
        )
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise WorkbookRefused(f"this is an Excel binary workbook (.xlsb): {_SAVE_AS} file")
    if "word/document.xml" in names:
        raise WorkbookRefused("this is a Word document, not a workbook: give the .xlsx file")
    if "ppt/presentation.xml" in names:
        raise WorkbookRefused("this is a PowerPoint file, not a workbook: give the .xlsx file")
    raise WorkbookRefused(
        "this is a zip archive, not an Excel workbook: if the workbook is inside it, unzip it "
        "and import the .xlsx file"
    )


def _scan_members(archive: zipfile.ZipFile) -> None:
    """Read every member once, streaming: DTDs, odd encodings and the amount of markup.

    zipfile stops each member at its declared size and checks its CRC at the end, so a member
    that lies about its size is refused here (as a damaged container), not in openpyxl.
    """
    tags = attributes = eager = unpacked = 0
    for member in archive.infolist():
        streamed = _STREAMED.match(member.filename) is not None
        tail = b""
        with archive.open(member) as stream:
            first = True
            while chunk := stream.read(_CHUNK):
                unpacked += len(chunk)
                if unpacked > MAX_UNCOMPRESSED:
                    raise WorkbookRefused(
                        f"the workbook unpacks to more than {MAX_UNCOMPRESSED // 2**20} MB, "
                        f"more than a country workbook can hold: {_AGAIN}"
                    )
                if first:
                    _check_encoding(chunk, member.filename)
                    first = False
                window = tail + chunk
                if any(marker in window for marker in _DTD):
                    raise WorkbookRefused(
                        "the workbook's XML declares a document type (DTD), which Excel never "
                        "writes and which can hide entity tricks: the file was made or "
                        f"altered by another program; {_AGAIN}"
                    )
                tail = window[-20:]
                more_tags, more_attributes = chunk.count(b"<"), chunk.count(b"=")
                tags += more_tags
                attributes += more_attributes
                eager += 0 if streamed else more_tags + more_attributes
                if tags > MAX_TAGS or attributes > MAX_ATTRIBUTES or eager > MAX_EAGER_MARKUP:
                    raise WorkbookRefused(_too_much_markup(eager > MAX_EAGER_MARKUP))


def _too_much_markup(in_settings: bool) -> str:
    where = "in its styles and settings" if in_settings else "in its sheets"
    return (
        f"the workbook holds far more XML markup {where} than a country workbook needs "
        "(a copy of many sheets, or styles multiplied by copying between workbooks): "
        "copy the answers into a freshly exported workbook, save it, and import that file"
    )


def _check_encoding(first: bytes, name: str) -> None:
    declared = _DECLARED.match(first[:400])
    if declared and declared.group(1).decode("ascii").lower() not in _ENCODINGS:
        raise WorkbookRefused(
            f"a part of the workbook ({name[:60]!r}) is written in the text encoding "
            f"{declared.group(1).decode('ascii')[:20]!r}, which Excel never uses: {_AGAIN}"
        )


# --- loading and reading ------------------------------------------------------------------


def _refusal(err: BaseException) -> WorkbookRefused:
    """A plain sentence for whatever zipfile, zlib, the XML parser or openpyxl raised."""
    import zlib
    from xml.etree.ElementTree import ParseError

    detail = f"{type(err).__name__}: {str(err)[:300]}"
    if isinstance(err, (zipfile.BadZipFile, zlib.error, EOFError)):
        return WorkbookRefused(
            "the workbook is damaged (its zip container is broken, perhaps cut short in the "
            "mail): ask the sender for the file again",
            detail,
        )
    if isinstance(err, NotImplementedError):
        return WorkbookRefused(
            f"the workbook is packed with a compression method Excel does not use: {_AGAIN}",
            detail,
        )
    defused = _defusedxml_refusal(err)
    if defused is not None:
        return WorkbookRefused(
            "the workbook's contents are not laid out as Excel lays them out: its XML declares "
            "entities or a document type, which Excel never writes (a way to exhaust memory or "
            f"to read other files): {_AGAIN}",
            f"{type(defused).__name__}: {str(defused)[:300]}",
        )
    if isinstance(err, (ParseError, SyntaxError, UnicodeError)) or "XML" in type(err).__name__:
        return WorkbookRefused(
            "the workbook is damaged: part of it is not well-formed XML or not valid text "
            f"(cut short, or altered by another program): {_AGAIN}",
            detail,
        )
    return WorkbookRefused(
        f"the workbook's contents are not laid out as Excel lays them out: {_AGAIN}", detail
    )


def _defusedxml_refusal(err: BaseException) -> BaseException | None:
    """defusedxml's refusal (EntitiesForbidden, DTDForbidden, ...) behind `err`, if any:
    openpyxl raises its own ValueError from it."""
    seen: BaseException | None = err
    for _ in range(5):
        if seen is None:
            return None
        if type(seen).__module__.startswith("defusedxml"):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


@contextlib.contextmanager
def _refusing() -> Iterator[None]:
    """Whatever escapes becomes WorkbookRefused; openpyxl's warnings are not printed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except WorkbookRefused:
        raise
    except Exception as err:  # noqa: BLE001  hostile input can make any library raise anything
        raise _refusal(err) from None


class Workbook:
    """A workbook opened read-only. Use as a context manager, or call close()."""

    def __init__(self, book: Any, handle: IO[bytes]) -> None:
        self._book = book
        self._handle = handle
        self.sheetnames: list[str] = list(book.sheetnames)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._book.close()
        self._handle.close()

    def table(self, sheet: str, first_row: int, last_row: int, last_col: int) -> Table:
        """The text of rows first_row..last_row, columns 1..last_col, and what is wrong there.

        Row last_row + 1 is read too, only to fill rows_beyond, so the caller can say the form
        is full; nothing below it is parsed. The sheet's claimed dimension is never read (it
        can claim a million rows): the cost is bounded by the rows and columns asked for and
        by the markup limits, whatever the sheet says of itself.
        """
        if not (1 <= first_row <= last_row <= EXCEL_MAX_ROW and 1 <= last_col <= 16384):
            raise ValueError(f"bad bounds: rows {first_row}..{last_row}, columns 1..{last_col}")
        if sheet not in self.sheetnames:
            raise WorkbookRefused(
                f"the workbook has no sheet named '{_shown(sheet)}': do not rename or delete "
                "the sheets of an exported workbook"
            )
        table = Table()
        stripped: dict[str, str] = {}  # one copy per distinct text, however many cells share it
        with _refusing():
            worksheet = self._book[sheet]
            if not hasattr(worksheet, "iter_rows"):
                raise WorkbookRefused(
                    f"the sheet '{_shown(sheet)}' is a chart, not a sheet of cells: "
                    "do not replace the sheets of an exported workbook"
                )
            rows = worksheet.iter_rows(
                min_row=first_row, max_row=last_row + 1, min_col=1, max_col=last_col
            )
            for number, row in enumerate(rows, start=first_row):
                if number > last_row:
                    if any(cell.value is not None for cell in row):
                        table.rows_beyond = number
                    break
                for col, cell in enumerate(row, start=1):
                    text, problem = cell_text(cell.value, cell.data_type, stripped)
                    if problem:
                        table.problems.append(CellProblem(sheet, number, col, problem))
                    elif text:
                        table.cells[(number, col)] = text
        return table


def open_workbook(path: Path) -> Workbook:
    """Inspect the file, then load it read-only. Raises WorkbookRefused, never anything else."""
    handle = _open_regular(path)
    try:
        _inspect_handle(handle)
        # openpyxl parses through defusedxml whenever it can import it (openpyxl.xml.DEFUSEDXML):
        # importing it first makes a broken install fail loudly instead of falling back quietly.
        import defusedxml  # noqa: F401

        with _refusing():
            from openpyxl import load_workbook

            # A file object, not the path: openpyxl then skips its check of the file name's
            # extension (we looked at the content) and reads the file we inspected.
            book = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except BaseException:
        handle.close()
        raise
    return Workbook(book, handle)


# --- one cell -----------------------------------------------------------------------------

_TYPE_THE_VALUE = "type the value itself (copy the cell, then paste it as values only)"


def cell_text(
    value: object, data_type: str, stripped: dict[str, str] | None = None
) -> tuple[str, str]:
    """A cell's value as text, or a problem: (text, "") or ("", problem).

    Numbers lose a trailing ".0" when integral, dates read YYYY-MM-DD; formulas, errors,
    true/false values, non-finite numbers, times and text a cell cannot hold are problems.
    """
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if value is None:
        return "", ""
    if isinstance(value, (ArrayFormula, DataTableFormula)) or data_type == "f":
        formula = getattr(value, "text", None) or value
        return "", f"holds a formula ({_shown(str(formula))}): {_TYPE_THE_VALUE}"
    if data_type == "e":
        return "", f"holds the error value {_shown(str(value))}: {_TYPE_THE_VALUE}"
    if isinstance(value, bool):
        return "", (
            f"holds the true/false value {str(value).upper()}, not text: type the answer "
            "as words, and format the cell as Text if Excel turns it into TRUE or FALSE"
        )
    if isinstance(value, int):
        return str(value), ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return "", "holds a number that is not finite (infinity or NaN): type a real number"
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value)), ""
        return repr(value), ""
    if isinstance(value, datetime):
        if value.time() != time(0, 0):  # a date and a time: keep both, the time is an answer too
            return value.isoformat(sep=" ", timespec="minutes"), ""
        return value.date().isoformat(), ""
    if isinstance(value, date):
        return value.isoformat(), ""
    if isinstance(value, (time, timedelta)):
        return "", "holds a time of day or a duration: type it as text, or type a date"
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            return "", problem
        if stripped is None:
            return value.strip(), ""
        return stripped.setdefault(value, value.strip()), ""
    return "", f"holds a value of a kind safe-map cannot read ({type(value).__name__})"


def text_problem(text: str) -> str:
    """Why a text cannot be a cell's value, or "" if it can."""
    if len(text) > MAX_CELL_TEXT:
        return (
            f"holds {len(text):,} characters, more than the {MAX_CELL_TEXT:,} a cell can "
            "hold: shorten the text"
        )
    bad = _BAD_CHAR.search(text)
    if bad:
        return (
            f"holds the character U+{ord(bad.group()):04X} at position {bad.start() + 1}, a "
            "control character that a workbook cannot carry: retype the text without it"
        )
    escaped = next(
        (m for m in _ESCAPED.finditer(text) if _BAD_CHAR.match(chr(int(m.group(1), 16)))), None
    )
    if escaped:
        return (
            f"holds the control character U+{escaped.group(1).upper()} (written as "
            f"{escaped.group()} in the file) at position {escaped.start() + 1}, often a line "
            "break pasted from Word: retype the text without it"
        )
    return ""


def _shown(text: str, limit: int = 40) -> str:
    """Text from the file, safe to show: printable characters only, and short."""
    plain = "".join(c if c.isprintable() else "?" for c in text[: limit + 1])
    return plain if len(plain) <= limit else plain[: limit - 3] + "..."
