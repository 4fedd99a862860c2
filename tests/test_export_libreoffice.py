"""The exported workbooks open in a real spreadsheet program: LibreOffice, headless.

LibreOffice converts each workbook to PDF (every visible sheet, as printed) and to CSV (the
first sheet, as displayed; and every sheet at once, to see the injection text as LibreOffice
shows it). Skipped, with the reason, where `soffice` is not installed; CI installs Debian's
libreoffice-calc-nogui.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safe_map.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "excel"
SOFFICE = shutil.which("soffice")
# CSV filter options: comma, double quote, UTF-8 (76; plain "csv" writes the system's 8-bit
# charset), from line 1; the first sheet as displayed. For all sheets, one file each, the 12th
# option is -1 (LibreOffice 7.2 and later).
CSV_FIRST_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1"
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui",
)


def _export(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(app, ["--data-dir", str(FIXTURES), "export", *args, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def _convert(tmp_path: Path, workbook: Path, to: str) -> None:
    """Run LibreOffice with a profile of its own, so that tests never share or lock one."""
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(tmp_path / "out"),
            str(workbook),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_country_workbook_opens_prints_and_reads(tmp_path):
    workbook = _export(tmp_path, "mongolia.xlsx", "mongolia")
    _convert(tmp_path, workbook, "pdf")
    pdf = tmp_path / "out" / "mongolia.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(
            next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:]
        )
        assert 8 <= pages <= 14  # a page or so per visible sheet, the hidden one not printed

    _convert(tmp_path, workbook, CSV_FIRST_SHEET)  # the first sheet: the Instructions
    rows = _csv(tmp_path / "out" / "mongolia.csv")
    assert rows[0][0] == "Questionnaire: Mongolia (MN), SAFE Framework of Standards (2021)"
    assert ["Administration", "", "Required: the customs administration answering."] == rows[4]
    _convert(tmp_path, workbook, CSV_ALL_SHEETS)
    rows = _csv(tmp_path / "out" / "mongolia-Summary.csv")
    assert rows[0][0] == "Mongolia (MN): SAFE Framework of Standards (2021)"
    summary = {r[0]: r for r in rows if r and r[0].startswith(("Pillar", "Overall"))}
    assert summary["Pillar 1"][8:10] == ["11 of 11", "100%"]
    assert summary["Pillar 2"][8:10] == ["6 of 6", "100%"]
    assert summary["Pillar 3"][8:10] == ["4 of 9", "44%"]
    assert summary["Overall"][8:10] == ["21 of 26", "81%"]


def test_formula_like_text_stays_text_in_libreoffice(tmp_path):
    workbook = _export(tmp_path, "t.xlsx", "tajikistan")
    _convert(tmp_path, workbook, CSV_ALL_SHEETS)
    citations = _csv(tmp_path / "out" / "t-Citations.csv")
    first = dict(zip(citations[2], citations[3], strict=True))
    assert first["Provision"] == '=HYPERLINK("http://example.org","click")'
    assert first["Heading"] == "+Heading that starts with a plus"
    pillar = {r[5]: r for r in _csv(tmp_path / "out" / "t-Pillar 1.csv")[3:]}
    assert pillar["p1-s2"][2] == "=1+2, Article 1"
    assert pillar["p1-s5"][4] == "=cmd|' /C calc'!A0"
    assert pillar["p1-s4"][4] == "@risk: a system is being procured"
    assert pillar["p1-s2"][3] == "partial"


def test_regional_workbook_opens_with_its_heat_map(tmp_path):
    workbook = _export(tmp_path, "region.xlsx", "--all")
    _convert(tmp_path, workbook, "pdf")
    pdf = tmp_path / "out" / "region.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    _convert(tmp_path, workbook, CSV_FIRST_SHEET)  # the first sheet: the Overview
    rows = _csv(tmp_path / "out" / "region.csv")
    assert rows[2][3:] == ["GE", "MN", "TJ"]
    assert rows[3][3:] == ["Georgia", "Mongolia", "Tajikistan"]
    by_id = {r[0]: r[3:] for r in rows if r and r[0]}
    assert by_id["p3-s3"] == ["not-assessed", "no", "not-assessed"]
    assert by_id["p1-s2"] == ["not-assessed", "yes", "partial"]
    overall = next(r for r in rows if len(r) > 2 and r[2] == "Overall")
    assert overall[3:] == ["50%", "81%", "38%"]
