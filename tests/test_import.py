"""`safe-map import`: export, edit as a person would, import; the YAML changes by the edit only."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

EXTRA_COMMENT = "  # Reviewed by the AEO unit, March 2025.\n"


@pytest.fixture
def exported(cli, repo, tmp_path) -> tuple[Path, Path]:
    """The data folder's Mongolia file (with an extra comment) and its exported workbook."""
    yaml_path = repo / "countries" / "mongolia.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("  p3-s3:\n", EXTRA_COMMENT + "  p3-s3:\n"), "utf-8")
    book = tmp_path / "mongolia.xlsx"
    run = cli("--data-dir", str(repo), "export", "mongolia", "-o", str(book))
    assert run.code == 0, run.err
    return yaml_path, book


def edit_status(book: Path, standard: str, status: str, notes: str | None = None) -> None:
    wb = load_workbook(book)
    for name in wb.sheetnames:
        if not name.startswith("Pillar"):
            continue
        ws = wb[name]
        cols = {c.value: c.column for c in ws[3]}
        for row in ws.iter_rows(min_row=4):
            if row[cols["Id"] - 1].value == standard:
                row[cols["Status"] - 1].value = status
                if notes is not None:
                    row[cols["Notes"] - 1].value = notes
    wb.save(book)


def citation_rows(book: Path) -> tuple:
    wb = load_workbook(book)
    return wb, wb["Citations"]


def diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_round_trip_changes_exactly_the_edit(cli, repo, exported):
    yaml_path, book = exported
    before = yaml_path.read_text(encoding="utf-8")
    edit_status(book, "p3-s3", "partial", "Draft MoU with the civil aviation authority.")
    wb, ws = citation_rows(book)
    row = 4
    while ws.cell(row, 1).value:
        row += 1
    ws.cell(row, 1).value = "p3-s3"
    ws.cell(row, 3).value = "customs-law"
    ws.cell(row, 4).value = "Article 272"
    # and change one provision of an existing citation (Pillar 1 Standard 2)
    for r in range(4, row):
        if ws.cell(r, 1).value == "p1-s2":
            ws.cell(r, 4).value = "Provision 35.1"
    wb.save(book)

    dry = cli("--data-dir", str(repo), "import", str(book), "--dry-run")
    assert dry.code == 0, dry.err
    assert "p3-s3 Alignment of security programmes: status no -> partial" in dry.out
    assert yaml_path.read_text(encoding="utf-8") == before  # a dry run writes nothing

    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0, run.err
    after = yaml_path.read_text(encoding="utf-8")
    assert diff(before, after) == [
        "-        provision: Provision 35",
        "+        provision: Provision 35.1",
        "-    status: no",
        "+    status: partial",
        "-    notes: The slide gives no legal basis.",
        "+    notes: Draft MoU with the civil aviation authority.",
        "+    citations:",
        "+      - instrument: customs-law",
        "+        provision: Article 272",
    ]
    assert EXTRA_COMMENT in after  # comments survive
    assert cli("--data-dir", str(repo), "check").code == 0
    again = cli("--data-dir", str(repo), "import", str(book))
    assert "no changes" in again.out


def test_removing_citations_and_untouched_workbook(cli, repo, exported):
    yaml_path, book = exported
    before = yaml_path.read_text(encoding="utf-8")
    assert "no changes" in cli("--data-dir", str(repo), "import", str(book)).out
    assert yaml_path.read_text(encoding="utf-8") == before
    edit_status(book, "p1-s10", "no")
    wb, ws = citation_rows(book)
    for r in range(ws.max_row, 3, -1):
        if ws.cell(r, 1).value == "p1-s10":
            ws.delete_rows(r)
    wb.save(book)
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0, run.err
    removed = [line for line in diff(before, yaml_path.read_text("utf-8")) if line[0] == "-"]
    assert "-    status: yes" in removed
    assert "-      - instrument: civil-service-law" in removed


def refused(cli, repo, book: Path, yaml_path: Path, words: str) -> None:
    before = yaml_path.read_bytes()
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 2, run.out
    assert words in run.err
    assert "nothing written" in run.err
    assert yaml_path.read_bytes() == before


def test_unknown_status_is_refused_listing_the_allowed(cli, repo, exported):
    yaml_path, book = exported
    edit_status(book, "p3-s4", "done")
    refused(
        cli,
        repo,
        book,
        yaml_path,
        "'done' is not a status for p3-s4: choose one of yes, partial, no, planned",
    )


def test_unknown_instrument_and_standard_are_refused(cli, repo, exported):
    yaml_path, book = exported
    wb, ws = citation_rows(book)
    ws.cell(4, 3).value = "customs-code"
    ws.cell(5, 1).value = "p9-s9"
    wb.save(book)
    refused(cli, repo, book, yaml_path, "cites the instrument 'customs-code'")
    refused(cli, repo, book, yaml_path, "'p9-s9' is not a standard of safe-2021")


def test_result_that_check_rejects_is_refused(cli, repo, exported):
    yaml_path, book = exported
    edit_status(book, "p3-s9", "yes")  # yes with no legal basis: C003
    refused(cli, repo, book, yaml_path, "C003 p3-s9 is 'yes' but cites no legal basis")


def test_workbook_not_made_by_safe_map(cli, repo, exported, tmp_path):
    yaml_path, _ = exported
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    refused(cli, repo, other, yaml_path, "this workbook was not made by safe-map")
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    refused(cli, repo, text, yaml_path, "not an Excel workbook")


def test_workbook_for_another_country_or_framework(cli, repo, exported):
    yaml_path, book = exported
    wb = load_workbook(book)
    meta = wb["_safe_map"]
    for row in meta.iter_rows(min_row=2, max_col=2):
        if row[0].value == "iso":
            row[1].value = "KZ"
    wb.save(book)
    refused(cli, repo, book, yaml_path, "made for Mongolia (KZ), not for Mongolia (MN)")
    for row in meta.iter_rows(min_row=2, max_col=2):
        if row[0].value == "iso":
            row[1].value = "MN"
        if row[0].value == "framework":
            row[1].value = "safe-2018"
    wb.save(book)
    refused(cli, repo, book, yaml_path, "made for the framework 'safe-2018'")


def test_regional_workbook_is_refused(cli, full_repo, tmp_path):
    book = tmp_path / "region.xlsx"
    assert cli("--data-dir", str(full_repo), "export", "mn", "kz", "-o", str(book)).code == 0
    refused(
        cli,
        full_repo,
        book,
        full_repo / "countries" / "mongolia.yaml",
        "this is a regional workbook",
    )


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui",
)
def test_workbook_saved_by_libreoffice_imports(cli, repo, exported, tmp_path):
    yaml_path, book = exported
    before = yaml_path.read_text(encoding="utf-8")
    edit_status(book, "p3-s5", "planned", "Business continuity plan due in 2026.")
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / "mongolia.xlsx"
    assert saved.is_file()
    run = cli("--data-dir", str(repo), "import", str(saved))
    assert run.code == 0, run.err
    assert diff(before, yaml_path.read_text(encoding="utf-8")) == [
        "-    status: no",
        "+    status: planned",
        "-    notes: The slide gives no legal basis.",
        "+    notes: Business continuity plan due in 2026.",
    ]
