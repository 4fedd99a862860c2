"""`safe-map import`: a questionnaire goes out, a respondent fills it in, the answers come back
merged into the country file; nothing is overwritten, nothing is lost."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from tests.conftest import ROOT

EXTRA_COMMENT = "  # Reviewed by the AEO unit, March 2025.\n"
RESPONSE = {
    "Administration": "Customs General Administration of Mongolia",
    "Contact person": "AEO unit",
    "E-mail": "aeo@customs.example",
    "Date of the answers": "2026-11-02",
}


def diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def export(cli, repo: Path, country: str, book: Path) -> None:
    run = cli("--data-dir", str(repo), "export", country, "-o", str(book))
    assert run.code == 0, run.err


def fill(
    book: Path,
    *,
    response: dict[str, str] | None = RESPONSE,
    statuses: dict[str, tuple[str, str | None]] | None = None,
    instruments: list[dict[str, str]] = (),
    citations: list[tuple[str, str, str]] = (),
) -> None:
    """Fill in the questionnaire as a respondent would, by the labels and headers they see."""
    wb = load_workbook(book)
    ws = wb["Instructions"]
    for row in ws.iter_rows(min_row=1, max_row=40):
        label = row[0].value
        if response and label in response:
            ws.cell(row[0].row, 2).value = response[label]
    for name in wb.sheetnames:
        if not name.startswith("Pillar"):
            continue
        ws = wb[name]
        cols = {c.value: c.column for c in ws[3]}
        for row in ws.iter_rows(min_row=4):
            standard = row[cols["Id"] - 1].value
            if statuses and standard in statuses:
                status, notes = statuses[standard]
                row[cols["Status"] - 1].value = status
                if notes is not None:
                    row[cols["Notes"] - 1].value = notes
    ws = wb["Instruments"]
    row = 4
    for instrument in instruments:
        while ws.cell(row, 1).value:
            row += 1
        for col, key in enumerate(("title", "kind", "number", "date", "issuer"), start=1):
            ws.cell(row, col).value = instrument.get(key)
    ws = wb["Citations"]
    row = 4
    for standard, instrument, provision in citations:
        while ws.cell(row, 1).value:
            row += 1
        ws.cell(row, 1).value = standard
        ws.cell(row, 3).value = instrument
        ws.cell(row, 4).value = provision
    wb.save(book)


@pytest.fixture
def mongolia(cli, repo, tmp_path) -> tuple[Path, Path]:
    """The data folder's Mongolia file (with an extra comment) and its questionnaire."""
    yaml_path = repo / "countries" / "mongolia.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("  p3-s3:\n", EXTRA_COMMENT + "  p3-s3:\n"), "utf-8")
    book = tmp_path / "mongolia.xlsx"
    export(cli, repo, "mongolia", book)
    return yaml_path, book


def refused(cli, repo, book: Path, yaml_path: Path, words: str, code: int = 2):
    before = yaml_path.read_bytes() if yaml_path.exists() else None
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == code, (run.out, run.err)
    assert words in run.err, run.err
    assert "nothing written" in run.err
    assert "internal error" not in run.err
    after = yaml_path.read_bytes() if yaml_path.exists() else None
    assert after == before
    return run


def test_round_trip_changes_exactly_the_answers(cli, repo, mongolia):
    yaml_path, book = mongolia
    before = yaml_path.read_text(encoding="utf-8")
    fill(
        book,
        statuses={"p3-s3": ("partial", "Draft MoU with the civil aviation authority.")},
        citations=[("p3-s3", "Customs Law of Mongolia", "Article 272")],
    )
    dry = cli("--data-dir", str(repo), "import", str(book), "--dry-run")
    assert dry.code == 0, dry.err
    assert "p3-s3 Alignment of security programmes: status no -> partial" in dry.out
    assert "+ Customs Law of Mongolia, Article 272" in dry.out
    assert yaml_path.read_text(encoding="utf-8") == before  # a dry run writes nothing

    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0, run.err
    assert "wrote countries/mongolia.yaml: 1 standard(s) changed" in run.out
    after = yaml_path.read_text(encoding="utf-8")
    assert diff(before, after) == [
        "+  - id: questionnaire-2026-11-02",
        "+    title: Answers to the safe-map questionnaire from Customs General Administration "
        "of Mongolia",
        "+    document: Questionnaire workbook mongolia.xlsx, returned by AEO unit, "
        "aeo@customs.example",
        "+    date: '2026-11-02'",
        "-    status: no",
        "+    status: partial",
        "+    citations:",
        "+      - instrument: customs-law",
        "+        provision: Article 272",
        "-    notes: The slide gives no legal basis.",
        "+    notes: Draft MoU with the civil aviation authority.",
        "+    source: questionnaire-2026-11-02",
    ]
    assert EXTRA_COMMENT in after  # comments survive
    assert cli("--data-dir", str(repo), "check").code == 0
    again = cli("--data-dir", str(repo), "import", str(book))
    assert again.code == 0 and "no changes" in again.out


def test_untouched_questionnaire_changes_nothing(cli, repo, mongolia):
    yaml_path, book = mongolia
    before = yaml_path.read_bytes()
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0 and "no changes for Mongolia" in run.out
    assert yaml_path.read_bytes() == before


def test_respondent_adds_its_own_law(cli, full_repo, tmp_path):
    """Kazakhstan has no instrument yet: the respondent adds its Customs Code and cites it."""
    book = tmp_path / "kz.xlsx"
    export(cli, full_repo, "kazakhstan", book)
    fill(
        book,
        response={"Administration": "State Revenue Committee", "Date of the answers": "2026-10-01"},
        statuses={"p2-s1": ("yes", "AEO status is granted under the Code.")},
        instruments=[
            {
                "title": "Customs Code of the Republic of Kazakhstan",
                "kind": "code",
                "number": "123-VI",
                "date": "2017-12-26",
                "issuer": "Parliament",
            }
        ],
        citations=[("p2-s1", "Customs Code of the Republic of Kazakhstan", "Article 542")],
    )
    run = cli("--data-dir", str(full_repo), "import", str(book))
    assert run.code == 0, run.err
    assert "1 standard(s) changed, 1 instrument(s) added" in run.out
    text = (full_repo / "countries" / "kazakhstan.yaml").read_text(encoding="utf-8")
    assert "  customs-code-of-the-republic-of-kazakhstan:\n" in text
    assert "    number: 123-VI\n" in text
    assert "      - instrument: customs-code-of-the-republic-of-kazakhstan\n" in text
    assert cli("--data-dir", str(full_repo), "check").code == 0
    shown = cli("--data-dir", str(full_repo), "assess", "kz", "-f", "json")
    assert '"status": "yes"' in shown.out


def test_two_returns_of_one_country_both_land(cli, repo, mongolia, tmp_path):
    """Two exports A and B; A answers p3-s3, B p3-s4; importing A then B keeps both."""
    yaml_path, a = mongolia
    b = tmp_path / "b.xlsx"
    export(cli, repo, "mongolia", b)
    fill(a, statuses={"p3-s3": ("no", "Answered in A.")})
    fill(b, statuses={"p3-s4": ("no", "Answered in B.")})
    assert cli("--data-dir", str(repo), "import", str(a)).code == 0
    run = cli("--data-dir", str(repo), "import", str(b))
    assert run.code == 0, run.err
    text = yaml_path.read_text(encoding="utf-8")
    assert "notes: Answered in A." in text and "notes: Answered in B." in text


def test_a_standard_changed_on_both_sides_is_a_conflict(cli, repo, mongolia, tmp_path):
    yaml_path, a = mongolia
    b = tmp_path / "b.xlsx"
    export(cli, repo, "mongolia", b)
    fill(a, statuses={"p3-s3": ("planned", "A's answer.")})
    fill(b, statuses={"p3-s3": ("no", "B's answer.")})
    assert cli("--data-dir", str(repo), "import", str(a)).code == 0
    run = refused(cli, repo, b, yaml_path, "conflict on p3-s3 Alignment of security", code=1)
    assert "'Pillar 3'!D6" in run.err  # the status cell of p3-s3
    assert 'in countries/mongolia.yaml: status planned, notes "A\'s answer."' in run.err
    assert 'in the workbook: status no, notes "B\'s answer."' in run.err
    forced = cli("--data-dir", str(repo), "import", str(b), "--prefer-workbook")
    assert forced.code == 0, forced.err
    assert "notes: B's answer." in yaml_path.read_text(encoding="utf-8")


def test_same_answer_on_both_sides_is_no_conflict(cli, repo, mongolia, tmp_path):
    yaml_path, a = mongolia
    b = tmp_path / "b.xlsx"
    export(cli, repo, "mongolia", b)
    fill(a, statuses={"p3-s3": ("planned", "Same.")})
    fill(b, statuses={"p3-s3": ("planned", "Same.")})
    assert cli("--data-dir", str(repo), "import", str(a)).code == 0
    run = cli("--data-dir", str(repo), "import", str(b))
    assert run.code == 0 and "no changes" in run.out


def test_concurrent_imports_wait_for_each_other(cli, repo, mongolia, tmp_path):
    """Two real processes import two returns of one country at once: both edits land."""
    yaml_path, a = mongolia
    b = tmp_path / "b.xlsx"
    export(cli, repo, "mongolia", b)
    fill(a, statuses={"p3-s3": ("no", "Answer from process A.")})
    fill(b, statuses={"p3-s4": ("no", "Answer from process B.")})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SAFE_MAP_DATA", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "safe_map", "--data-dir", str(repo), "import", str(book)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for book in (a, b)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    text = yaml_path.read_text(encoding="utf-8")
    assert "Answer from process A." in text and "Answer from process B." in text


def test_the_file_is_found_by_iso_code_never_by_a_stored_path(cli, repo, mongolia, tmp_path):
    yaml_path, book = mongolia
    outside = tmp_path / "other" / "countries"
    outside.mkdir(parents=True)
    wb = load_workbook(book)
    for row in wb["_safe_map"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "file":
            row[1].value = "../../other/countries/mn"
    wb.save(book)
    fill(book, statuses={"p3-s3": ("no", "Still found by ISO code.")})
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0, run.err
    assert "Still found by ISO code." in yaml_path.read_text(encoding="utf-8")
    assert list(outside.iterdir()) == []


def test_a_forged_country_does_not_rewrite_another_file(cli, full_repo, tmp_path):
    """Mongolia's questionnaire relabelled as Kazakhstan's brings none of Mongolia's answers."""
    book = tmp_path / "mn.xlsx"
    export(cli, full_repo, "mongolia", book)
    kz = full_repo / "countries" / "kazakhstan.yaml"
    before = kz.read_bytes()
    wb = load_workbook(book)
    for row in wb["_safe_map"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "iso":
            row[1].value = "KZ"
        if row[0].value == "country":
            row[1].value = "Kazakhstan"
    wb.save(book)
    run = cli("--data-dir", str(full_repo), "import", str(book))
    assert kz.read_bytes() == before
    assert run.code in (0, 1)
    # and a name that does not match the file of that ISO code is refused
    for row in wb["_safe_map"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "country":
            row[1].value = "Mongolia"
    wb.save(book)
    refused(cli, full_repo, book, kz, "made for Mongolia (KZ), but countries/kazakhstan.yaml")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("answers.ods", None, "OpenDocument"),
        ("answers.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        ("answers.csv", b"standard,status\np1-s1,yes\n", "xlsx"),
        ("mongolia.yaml", b"country:\n  name: Mongolia\n", "xlsx"),
        ("noise.xlsx", os.urandom(2048), "xlsx"),
    ],
)
def test_files_that_are_not_xlsx_get_one_plain_line(
    cli, repo, mongolia, tmp_path, name, content, words
):
    yaml_path, _ = mongolia
    path = tmp_path / name
    if content is None:
        import zipfile

        with zipfile.ZipFile(path, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", "<office:document-content/>")
    else:
        path.write_bytes(content)
    run = refused(cli, repo, path, yaml_path, words)
    assert len([line for line in run.err.splitlines() if line.strip()]) <= 3


def test_formulas_and_read_only_text_are_named_by_cell(cli, repo, mongolia):
    yaml_path, book = mongolia
    fill(book, statuses={"p3-s3": ("no", None)})
    wb = load_workbook(book)
    ws = wb["Pillar 3"]
    ws["E6"] = ArrayFormula("E6", "=SUM(A1:A2)")
    ws["C7"] = "I typed the law here"
    wb.save(book)
    run = refused(cli, repo, book, yaml_path, "'Pillar 3'!E6")
    assert "formula" in run.err
    assert "'Pillar 3'!C7: the Legal basis column is read-only" in run.err
    assert "ArrayFormula object" not in yaml_path.read_text(encoding="utf-8")


def test_yes_without_citation_in_workbook_words(cli, repo, mongolia):
    yaml_path, book = mongolia
    fill(book, statuses={"p3-s9": ("yes", None)})
    refused(
        cli,
        repo,
        book,
        yaml_path,
        "'Pillar 3'!D12: status yes for p3-s9 needs at least one row on the Citations sheet",
    )


def test_unknown_status_instrument_and_missing_response(cli, repo, mongolia):
    yaml_path, book = mongolia
    fill(
        book,
        response=None,
        statuses={"p3-s4": ("done", None), "p3-s5": ("no", "x")},
        citations=[("p3-s5", "Customs Cod", "Article 1")],
    )
    run = refused(cli, repo, book, yaml_path, "'done' is not a status, for p3-s4")
    assert "'Customs Cod' is not an instrument of the Instruments sheet" in run.err
    assert "Citations!C" in run.err
    assert "Instructions!B5: the response block names no administration" in run.err


def test_answers_too_long_for_a_data_file_are_refused(cli, repo, mongolia):
    yaml_path, book = mongolia
    import random

    rng = random.Random(9)  # varied text: a run of one letter would look like a zip bomb
    long = "".join(rng.choice("abcdefghij klmnop") for _ in range(32000))
    fill(
        book,
        citations=[("p3-s3", "Customs Law of Mongolia", f"Article {i} {long}") for i in range(70)],
    )
    refused(cli, repo, book, yaml_path, "more than the 2 MB a data file may be")


def test_old_questionnaire_and_regional_workbook_are_refused(cli, full_repo, tmp_path):
    book = tmp_path / "region.xlsx"
    assert cli("--data-dir", str(full_repo), "export", "mn", "kz", "-o", str(book)).code == 0
    mn = full_repo / "countries" / "mongolia.yaml"
    refused(cli, full_repo, book, mn, "this is a regional workbook")
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    refused(cli, full_repo, other, mn, "this workbook was not made by safe-map")


def test_blank_form_for_a_country_without_a_file(cli, full_repo, tmp_path):
    book = tmp_path / "am.xlsx"
    run = cli("--data-dir", str(full_repo), "export", "Armenia", "-o", str(book))
    assert run.code == 0, run.err
    assert "Armenia (AM) has no file yet" in run.err
    fill(
        book,
        response={
            "Administration": "State Revenue Committee of Armenia",
            "Date of the answers": "2026-09-30",
        },
        statuses={"p1-s4": ("partial", "Risk profiles exist for imports only.")},
        instruments=[{"title": "Customs Code of the EAEU", "kind": "code"}],
        citations=[("p1-s4", "Customs Code of the EAEU", "Article 376")],
    )
    run = cli("--data-dir", str(full_repo), "import", str(book))
    assert run.code == 0, run.err
    assert "created countries/armenia.yaml" in run.out
    assert cli("--data-dir", str(full_repo), "check").code == 0
    assess = cli("--data-dir", str(full_repo), "assess", "am", "-f", "json")
    assert '"status": "partial"' in assess.out


def test_export_does_not_destroy_answers_not_yet_imported(cli, repo, mongolia):
    yaml_path, book = mongolia
    fill(book, statuses={"p3-s3": ("planned", "Not imported yet.")})
    saved = book.read_bytes()
    run = cli("--data-dir", str(repo), "export", "mongolia", "-o", str(book))
    assert run.code == 2
    assert "holds answers not yet imported (p3-s3)" in run.err
    assert book.read_bytes() == saved
    assert cli("--data-dir", str(repo), "import", str(book)).code == 0
    # once imported, a fresh export may replace it
    assert cli("--data-dir", str(repo), "export", "mongolia", "-o", str(book)).code == 0


def test_export_over_a_foreign_file_needs_force(cli, repo, tmp_path):
    other = tmp_path / "budget.xlsx"
    Workbook().save(other)
    run = cli("--data-dir", str(repo), "export", "mongolia", "-o", str(other))
    assert run.code == 2 and "is not a workbook safe-map wrote" in run.err
    forced = cli("--data-dir", str(repo), "export", "mongolia", "-o", str(other), "--force")
    assert forced.code == 0, forced.err


def test_many_returns_at_once_each_all_or_nothing(cli, full_repo, tmp_path):
    kz, tj, bad = tmp_path / "kz.xlsx", tmp_path / "tj.xlsx", tmp_path / "bad.csv"
    export(cli, full_repo, "kazakhstan", kz)
    export(cli, full_repo, "tajikistan", tj)
    fill(kz, statuses={"p1-s1": ("no", "Not yet.")})
    fill(tj, statuses={"p1-s2": ("yes", None)})  # yes with no citation: refused
    bad.write_text("a,b\n")
    before = (full_repo / "countries" / "tajikistan.yaml").read_bytes()
    run = cli("--data-dir", str(full_repo), "import", str(kz), str(tj), str(bad))
    assert run.code == 2
    assert "wrote countries/kazakhstan.yaml: 1 standard(s) changed" in run.out
    assert "Import" in run.out and "Kazakhstan" in run.out and "Tajikistan" in run.out
    assert "refused" in run.out
    assert (full_repo / "countries" / "tajikistan.yaml").read_bytes() == before


def test_import_refuses_the_bundled_data(cli, mongolia, tmp_path, monkeypatch):
    _, book = mongolia
    monkeypatch.chdir(tmp_path)
    run = cli("import", str(book))
    assert run.code == 2
    assert "safe-map new DIR" in run.err


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui",
)
def test_questionnaire_saved_by_libreoffice_with_a_new_law(cli, full_repo, tmp_path):
    """Filled in, then opened and saved again by LibreOffice (as a respondent using it would
    send it), with a law added and its date typed as a date: everything comes in."""
    import datetime

    book = tmp_path / "kz.xlsx"
    export(cli, full_repo, "kazakhstan", book)
    fill(
        book,
        response={"Administration": "State Revenue Committee", "Date of the answers": "2026-10-01"},
        statuses={"p2-s1": ("partial", "Pilot only.")},
        instruments=[{"title": "Order No. 108 of the Minister of Finance", "kind": "order"}],
        citations=[("p2-s1", "Order No. 108 of the Minister of Finance", "Paragraph 3")],
    )
    wb = load_workbook(book)
    wb["Instruments"]["D4"] = datetime.datetime(2020, 2, 5)  # typed as a date, not as text
    wb.save(book)
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
    run = cli("--data-dir", str(full_repo), "import", str(out / "kz.xlsx"))
    assert run.code == 0, run.err
    text = (full_repo / "countries" / "kazakhstan.yaml").read_text(encoding="utf-8")
    assert "  order-no-108-of-the-minister-of-finance:\n" in text
    assert "    date: '2020-02-05'\n" in text
    assert "    status: partial\n" in text
    assert cli("--data-dir", str(full_repo), "check").code == 0


def test_forms_for_every_member_of_a_group(cli, full_repo, tmp_path):
    """One questionnaire per CAREC member, a blank one for a member with no file yet."""
    (full_repo / "countries" / "turkmenistan.yaml").unlink()
    forms = tmp_path / "forms"
    forms.mkdir()
    run = cli(
        "--data-dir", str(full_repo), "export", "--group", "carec", "--forms", "-o", str(forms)
    )
    assert run.code == 0, run.err
    written = sorted(p.name.rsplit("-", 3)[0] for p in forms.iterdir())
    assert len(written) == 11 and "safe-map-turkmenistan" in written
    assert "Turkmenistan (TM) has no file yet" in run.err
    tm = next(forms.glob("safe-map-turkmenistan-*.xlsx"))
    fill(
        tm,
        response={"Administration": "State Customs Service", "Date of the answers": "2026-10-10"},
        statuses={"p1-s1": ("no", "Not in law yet.")},
    )
    back = cli("--data-dir", str(full_repo), "import", *map(str, sorted(forms.iterdir())))
    assert back.code == 0, back.err
    assert "created countries/turkmenistan.yaml: 1 standard(s) changed" in back.out
    assert back.out.count(": no changes for ") == 10
    assert cli("--data-dir", str(full_repo), "check").code == 0


def test_comments_and_blank_lines_stay_where_they_were(cli, full_repo, tmp_path):
    """The next pillar's comment and the blank line before `programme:` stay after the entries
    an import extends; new instruments go before the blank line that closes their section."""
    yaml_path = full_repo / "countries" / "kazakhstan.yaml"
    before = yaml_path.read_text(encoding="utf-8")
    book = tmp_path / "kz.xlsx"
    export(cli, full_repo, "kazakhstan", book)
    fill(
        book,
        statuses={
            "p1-s11": ("no", "No outbound inspections."),
            "p2-s6": ("yes", None),
            "p3-s9": ("no", "Nothing yet."),
        },
        instruments=[{"title": "Customs Code of the Republic of Kazakhstan", "kind": "code"}],
        citations=[("p2-s6", "Customs Code of the Republic of Kazakhstan", "Article 1")],
    )
    run = cli("--data-dir", str(full_repo), "import", str(book))
    assert run.code == 0, run.err
    after = yaml_path.read_text(encoding="utf-8")
    assert (
        "    notes: No outbound inspections.\n    source: questionnaire-2026-11-02\n"
        "  # Pillar 2: Customs-to-Business\n"
    ) in after
    assert "    notes: Nothing yet.\n    source: questionnaire-2026-11-02\n\nprogramme:" in after
    assert "    source: questionnaire-2026-11-02\n\nassessments:\n" in after
    removed = [line for line in diff(before, after) if line.startswith("-")]
    assert removed == ["-    status: not-assessed"] * 3  # the instruments are only added to


def test_an_instrument_renamed_to_another_ones_title_is_refused(cli, repo, mongolia):
    """Giving Civil Service Law the title of the Customs Law would move citations silently."""
    yaml_path, book = mongolia
    fill(book)
    wb = load_workbook(book)
    ws = wb["Instruments"]
    rows = {ws.cell(r, 8).value: r for r in range(4, 12)}
    ws.cell(rows["civil-service-law"], 1).value = "Customs Law of Mongolia"
    wb.save(book)
    run = refused(cli, repo, book, yaml_path, "is already the title of the instrument on row")
    assert f"Instruments!A{rows['civil-service-law']}" in run.err


def test_a_title_shared_by_two_instruments_cannot_be_chosen(cli, repo, tmp_path):
    yaml_path = repo / "countries" / "mongolia.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("    title: Civil Service Law\n", "    title: Customs Law of Mongolia\n")
    yaml_path.write_text(text, encoding="utf-8")
    book = tmp_path / "mn.xlsx"
    export(cli, repo, "mongolia", book)
    assert fill(book, citations=[("p3-s3", "Customs Law of Mongolia", "Article 1")]) is None
    run = refused(cli, repo, book, yaml_path, "is the title of more than one instrument")
    assert "civil-service-law, customs-law" in run.err
    # the citations exported before still name one instrument each: untouched, no problem
    fresh = tmp_path / "fresh.xlsx"
    export(cli, repo, "mongolia", fresh)
    fill(fresh, statuses={"p3-s3": ("planned", "MoU in 2027.")})
    assert cli("--data-dir", str(repo), "import", str(fresh)).code == 0


def test_sorting_the_citations_sheet_is_no_answer(cli, repo, mongolia):
    yaml_path, book = mongolia
    before = yaml_path.read_bytes()
    wb = load_workbook(book)
    ws = wb["Citations"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=35)]
    for offset, values in enumerate(reversed(rows)):
        for col, value in enumerate(values, start=1):
            ws.cell(4 + offset, col).value = value
    wb.save(book)
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0 and "no changes for Mongolia" in run.out
    assert yaml_path.read_bytes() == before


def test_ids_for_titles_in_other_scripts(cli, full_repo, tmp_path):
    book = tmp_path / "kz.xlsx"
    export(cli, full_repo, "kazakhstan", book)
    fill(
        book,
        statuses={"p2-s1": ("partial", None)},
        instruments=[
            {"title": "Таможенный кодекс ЕАЭС", "kind": "code"},
            {"title": "中华人民共和国海关法", "kind": "law"},
        ],
        citations=[
            ("p2-s1", "Таможенный кодекс ЕАЭС", "Статья 433"),
            ("p2-s1", "中华人民共和国海关法", "第一条"),
        ],
    )
    run = cli("--data-dir", str(full_repo), "import", str(book))
    assert run.code == 0, run.err
    text = (full_repo / "countries" / "kazakhstan.yaml").read_text(encoding="utf-8")
    assert "  tamozhennyi-kodeks-eaes:\n    title: Таможенный кодекс ЕАЭС\n" in text
    assert re.search(r"\n  law-[0-9a-f]{8}:\n    title: 中华人民共和国海关法\n", text)
    assert cli("--data-dir", str(full_repo), "check").code == 0


def test_a_forged_country_name_is_refused_not_written(cli, repo, tmp_path):
    book = tmp_path / "tr.xlsx"
    export(cli, repo, "TR", book)
    fill(book, statuses={"p1-s8": ("no", None)})
    wb = load_workbook(book)
    for row in wb["_safe_map"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "country":
            row[1].value = 'Turkey"\n  iso: TR\n#'
    wb.save(book)
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 2 and "country name" in run.err and "internal error" not in run.err
    for row in wb["_safe_map"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "country":
            row[1].value = "Freedonia"
    wb.save(book)
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 2 and "which is not the country of the ISO code TR" in run.err
    assert sorted(p.name for p in (repo / "countries").iterdir()) == ["mongolia.yaml"]


def test_a_response_date_must_be_one_date(cli, repo, mongolia):
    yaml_path, book = mongolia
    fill(
        book,
        response={"Administration": "GCA", "Date of the answers": "2024-01-01/2025-01-01"},
        statuses={"p3-s3": ("no", "x")},
    )
    refused(cli, repo, book, yaml_path, "Instructions!B8: '2024-01-01/2025-01-01' is not a date")


def test_a_conflict_on_notes_names_the_notes_cell_and_counts_nothing(cli, full_repo, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export(cli, full_repo, "mongolia", a)
    export(cli, full_repo, "mongolia", b)
    fill(a, statuses={"p3-s3": ("no", "From A.")})
    fill(b, statuses={"p3-s3": ("no", "From B.")})
    assert cli("--data-dir", str(full_repo), "import", str(a)).code == 0
    kz = tmp_path / "kz.xlsx"
    export(cli, full_repo, "kazakhstan", kz)
    run = cli("--data-dir", str(full_repo), "import", str(b), str(kz))
    assert run.code == 1
    assert "'Pillar 3'!E6: conflict on p3-s3" in run.err
    row = next(line for line in run.out.splitlines() if line.strip().startswith("b.xlsx"))
    assert row.split()[2:6] == ["0", "0", "1", "conflicts:"]


def test_export_refuses_text_a_cell_cannot_hold(cli, repo, tmp_path):
    """A note longer than a cell holds is refused (C013), never cut and imported back cut."""
    yaml_path = repo / "countries" / "mongolia.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    long = "word " * 6600  # 33,000 characters
    yaml_path.write_text(
        text.replace("    notes: The slide gives no legal basis.", f"    notes: {long.strip()}", 1),
        encoding="utf-8",
    )
    book = tmp_path / "mn.xlsx"
    run = cli("--data-dir", str(repo), "export", "mongolia", "-o", str(book))
    assert run.code == 2
    assert "C013" in run.err and "32,767" in run.err
    assert not book.exists()
