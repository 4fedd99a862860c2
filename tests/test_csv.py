"""CSV in two forms (issue 14, item 3): for programs by default, for spreadsheets with --excel;
in both, no cell a spreadsheet would run as a formula (issue 10, item 3).

Both are read back with the csv module, and with LibreOffice, headless, where it is installed
(CI installs it; the test says why it skips without it).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from safe_map.cli import app
from safe_map.render.csv_format import for_spreadsheet, from_spreadsheet

CYRILLIC = "Таможенный кодекс"
# Notes a spreadsheet would run as formulas: both forms show them as text behind an apostrophe,
# which a program drops with from_spreadsheet (render/csv_format.py says why).
FORMULAS = {
    "p1-s1": '=HYPERLINK("http://example.org","click")',
    "p1-s2": "+1+2",
    "p1-s3": "-3",
    "p1-s4": "@SUM(1,2)",
}
MULTILINE = 'line one\nline two, with a comma and a "quote"'
SOFFICE = shutil.which("soffice")
# LibreOffice's CSV import told the file is UTF-8 (76), comma, double quote, from line 1. With
# no options at all, LibreOffice 7.4 headless reads every CSV in an 8-bit charset and ignores
# a byte-order mark, so the conversion must say the charset.
CSV_UTF8 = "Text - txt - csv (StarCalc):44,34,76,1"


@pytest.fixture
def cyrillic(repo: Path) -> Path:
    """Mongolia with a Cyrillic instrument title, notes that look like formulas, a note of
    two lines, and a country name with a comma (in a file named as check wants it)."""
    yaml = YAML()
    path = repo / "countries" / "mongolia.yaml"
    data = yaml.load(path)
    data["country"]["name"] = "Mongolia, State of"
    data["instruments"]["customs-law"]["title"] = CYRILLIC
    for standard, note in FORMULAS.items():
        data["assessments"][standard]["notes"] = note
    data["assessments"]["p1-s5"]["notes"] = MULTILINE
    path.unlink()
    yaml.dump(data, repo / "countries" / "mn.yaml")
    return repo


def csv_bytes(repo: Path, *args: str) -> bytes:
    """The exact bytes written to stdout (CliRunner's .stdout turns CRLF into LF)."""
    result = CliRunner().invoke(app, ["--data-dir", str(repo), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def by_id(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header = rows[0]
    return {row[2]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_the_program_form_is_plain_utf8_and_gives_the_data_back(cyrillic):
    data = csv_bytes(cyrillic, "assess", "mn", "-f", "csv")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    rows = by_id(rows_of(data.decode("utf-8")))
    for standard, note in FORMULAS.items():
        assert rows[standard]["notes"] == "'" + note  # never a formula, even double-clicked
        assert from_spreadsheet(rows[standard]["notes"]) == note  # a program gets the data
    assert rows["p1-s5"]["notes"] == MULTILINE
    assert rows["p1-s1"]["legal_basis"].startswith(f"{CYRILLIC}, Provision 33; ")


def test_the_excel_form_has_a_bom_crlf_and_no_formulas(cyrillic):
    data = csv_bytes(cyrillic, "assess", "mn", "-f", "csv", "--excel")
    assert data.startswith(b"\xef\xbb\xbfpillar,number,id,")
    text = data.decode("utf-8-sig")
    records = rows_of(text)
    # Every record ends CRLF; the line break inside the quoted note stays as in the data.
    assert text.count("\r\n") == len(records)
    rows = by_id(records)
    for standard, note in FORMULAS.items():
        assert rows[standard]["notes"] == "'" + note
    assert rows["p1-s5"]["notes"] == MULTILINE
    assert rows["p1-s1"]["legal_basis"].startswith(f"{CYRILLIC}, Provision 33; ")
    program = by_id(rows_of(csv_bytes(cyrillic, "assess", "mn", "-f", "csv").decode("utf-8")))
    # The cells are the same in both forms: only the encoding and the line ends differ.
    assert rows == program


def test_excel_to_a_file_writes_the_same_bytes(cyrillic, tmp_path):
    target = tmp_path / "mn.csv"
    result = CliRunner().invoke(
        app, ["--data-dir", str(cyrillic), "assess", "mn", "--excel", "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == csv_bytes(cyrillic, "assess", "mn", "-f", "csv", "--excel")


def test_standards_and_countries_offer_both_forms(cyrillic):
    for args in (["standards"], ["countries"]):
        program = csv_bytes(cyrillic, *args, "-f", "csv")
        excel = csv_bytes(cyrillic, *args, "-f", "csv", "--excel")
        assert excel == b"\xef\xbb\xbf" + program.replace(b"\n", b"\r\n"), args
    # A name with a comma is quoted, so the columns stay in place.
    rows = rows_of(csv_bytes(cyrillic, "countries", "-f", "csv").decode("utf-8"))
    assert rows[0] == ["name", "iso", "file", "framework", "met", "total", "score"]
    assert rows[1][:2] == ["Mongolia, State of", "MN"]


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "mongolia", "--excel"],
        ["assess", "mongolia", "-f", "markdown", "--excel"],
        ["standards", "-f", "json", "--excel"],
        ["countries", "--excel"],
    ],
)
def test_excel_without_csv_is_refused(cli, args):
    run = cli(*args)
    assert run.code == 2
    assert "--excel applies to CSV" in run.err


def test_compare_writes_no_csv_so_has_no_excel(cli):
    run = cli("compare", "mn", "kz", "--excel")
    assert run.code == 2
    assert "--excel" not in cli("compare", "--help").out


def test_help_says_what_each_form_is_for(cli):
    help_text = " ".join(cli("assess", "--help").out.split())
    assert "byte-order mark" in help_text and "CRLF line ends" in help_text
    assert "never runs as a formula" in help_text
    assert "Without --excel, CSV is for programs" in help_text


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        # A carriage return is a control character: replaced, it starts no formula.
        ("\r=1", "\ufffd=1"),
        ("\x1b[2J\x07", "\ufffd[2J\ufffd"),
        # Apostrophes before a formula get one more, so that from_spreadsheet is exact.
        ("'=1", "''=1"),
        ("''-1", "'''-1"),
        ("'quoted'", "'quoted'"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        (3, 3),
        (CYRILLIC, CYRILLIC),
    ],
)
def test_for_spreadsheet(cell, shown):
    assert for_spreadsheet(cell) == shown
    if isinstance(cell, str) and "\ufffd" not in shown:
        assert from_spreadsheet(shown) == cell


# --- LibreOffice ------------------------------------------------------------------------------


def _libreoffice(tmp_path: Path, source: Path, to: str) -> Path:
    """Convert with a LibreOffice profile of the test's own, so that runs never share one."""
    out = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            f"--infilter={CSV_UTF8}",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return out / f"{source.stem}.{to.split(':')[0]}"


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_opens_both_forms_and_runs_no_formula_from_either(cyrillic, tmp_path):
    from openpyxl import load_workbook

    sheets = {}
    for form, extra in (("program", []), ("excel", ["--excel"])):
        source = tmp_path / f"{form}.csv"
        source.write_bytes(csv_bytes(cyrillic, "assess", "mn", "-f", "csv", *extra))
        workbook = load_workbook(_libreoffice(tmp_path, source, "xlsx"))
        sheets[form] = [list(row) for row in workbook.active.iter_rows()]
    for form, cells in sheets.items():
        header = [c.value for c in cells[0]]
        assert header[0] == "pillar", form  # the byte-order mark is not read as text
        rows = {row[2].value: [c.value for c in row] for row in cells[1:]}
        basis, notes = header.index("legal_basis"), header.index("notes")
        assert rows["p1-s1"][basis].startswith(f"{CYRILLIC}, Provision 33; "), form
        assert rows["p1-s5"][notes] == MULTILINE, form  # a line break, and no stray CR
    # A file is opened by double-clicking it, whichever form it is: neither runs a formula.
    for form, cells in sheets.items():
        rows = {row[2].value: row for row in cells[1:]}
        notes = [c.value for c in cells[0]].index("notes")
        for standard, note in FORMULAS.items():
            cell = rows[standard][notes]
            assert cell.data_type == "s" and cell.value == "'" + note, (form, standard)
