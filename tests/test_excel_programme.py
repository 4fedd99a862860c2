"""The AEO programme, mutual recognition, the group's facts and work plans in the workbooks.

Every workbook is written through the CLI (or, for a plan, by `plan_workbook` on the shipped
plan) and read back with openpyxl; what the cells should say is worked out from the YAML
files, read with ruamel.yaml on their own, not from safe-map's loaders.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from ruamel.yaml import YAML

from safe_map.plans import load_plan
from safe_map.render.excel_plan import plan_workbook

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "excel"
PLAN = ROOT / "plans" / "mx-aeo-ocs-2017.yaml"
FORMULA = '=HYPERLINK("http://example.org","x")'
UNCHECKED = "were not checked against the framework's own text"
SOFFICE = shutil.which("soffice")


# --- reading the YAML and the workbooks -------------------------------------------------------


def read_yaml(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def countries_by_iso(folder: Path) -> dict[str, dict]:
    found = {}
    for path in sorted((folder / "countries").glob("*.yaml")):
        data = read_yaml(path)
        found[data["country"]["iso"]] = data
    return found


def label(value: str) -> str:
    """A status or state as the workbooks write it: in-force -> 'In force'."""
    return value.replace("-", " ").capitalize()


def period(value: object) -> str:
    """A date as the workbooks write it: a period '2024-08-15/2024-08-16' with ' to '."""
    return str(value).replace("/", " to ")


# The date of each state, by the key that gives it in a country file.
STATE_DATE = {"in-force": "in_force", "signed": "signed", "reported": "reported"}


def mra_date(mra: dict) -> str:
    """An MRA's Date cell: the date of its own state, then the other dates named in brackets
    ('2025-01-16 (signed 2024-04-26)'); with no date of its own, the others named."""
    own = STATE_DATE.get(mra["state"], "")
    others = [
        f"{key.replace('_', ' ')} {mra[key]}"
        for key in ("in_force", "signed", "reported")
        if mra.get(key) and key != own
    ]
    if own and mra.get(own):
        return str(mra[own]) + (f" ({', '.join(others)})" if others else "")
    return ", ".join(others)


def mra_state(mra: dict) -> str:
    """A matrix cell: 'Reported 2025-01-16 (signed 2024-04-26)', 'Suspended (signed ...)'."""
    own = STATE_DATE.get(mra["state"], "")
    if own and mra.get(own):
        return f"{label(mra['state'])} {mra_date(mra)}"
    dates = mra_date(mra)
    return label(mra["state"]) + (f" ({dates})" if dates else "")


def rows_of(ws) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def blank(row: list[object]) -> bool:
    return all(v in (None, "") for v in row)


def table_after(rows: list[list[object]], start: int, heading: str, col: int = 0) -> list[dict]:
    """The rows of the first table below row index `start` whose header has `heading` in
    column `col`, as dicts by header (merged cells hold their value in their first column)."""
    top = next(i for i in range(start, len(rows)) if rows[i][col] == heading)
    header = rows[top]
    out = []
    for row in rows[top + 1 :]:
        if blank(row):
            break
        out.append({h: v for h, v in zip(header, row, strict=False) if h})
    return out


def summary_block(ws) -> tuple[list[list[object]], int, dict[str, object]]:
    """The Summary's rows, the index of its 'AEO programme' band, and the label rows under it."""
    rows = rows_of(ws)
    band = next(i for i, r in enumerate(rows) if r[0] == "AEO programme")
    labels = {}
    for row in rows[band + 1 :]:
        if blank(row):
            break
        labels[row[0]] = row[1]
    return rows, band, labels


def export(cli, data: Path, out: Path, *args: str) -> openpyxl.Workbook:
    run = cli("--data-dir", str(data), "export", *args, "-o", str(out))
    assert run.code == 0, run.err
    return openpyxl.load_workbook(out)


@pytest.fixture
def china_path(cli, full_repo, tmp_path) -> Path:
    export(cli, full_repo, tmp_path / "cn.xlsx", "china")
    return tmp_path / "cn.xlsx"


@pytest.fixture
def china(china_path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(china_path)


@pytest.fixture(scope="module")
def carec(tmp_path_factory) -> Path:
    """The regional workbook of CAREC, from the shipped data (read-only use)."""
    from typer.testing import CliRunner

    from safe_map.cli import app

    out = tmp_path_factory.mktemp("carec") / "carec.xlsx"
    result = CliRunner().invoke(
        app, ["--data-dir", str(ROOT), "export", "--group", "carec", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    return out


# --- the country workbook ---------------------------------------------------------------------


def test_chinas_summary_shows_its_programme(china):
    rows, _, block = summary_block(china["Summary"])
    assert block["Status"] == "Operational (as of 2024-08-15 to 2024-08-16)"
    # A value whose source is not the programme's (the survey's) names its own.
    assert block["Authority"] == "GACC (source: Invest in Beijing: thematic guide on Customs AEO)"
    basis = block["Legal basis"].splitlines()
    # Each instrument with what identifies it that its title does not say: Order 282's date
    # (251's number and issuer are in its title, and no source gives its date).
    assert [line.split(" (source: ")[0] for line in basis] == [
        "GACC Order No. 251",
        "GACC Order No. 282 (2026-01-13)",
    ]
    assert all(" (source: " in line for line in basis)
    assert block["Source"] == "23rd Meeting of the CAREC Customs Cooperation Committee"


def test_chinas_summary_lists_its_mras_with_their_sources(china, full_repo):
    rows, band, _ = summary_block(china["Summary"])
    mras = {r["Partner"]: r for r in table_after(rows, band, "Partner")}
    assert mras["Mongolia (MN)"]["State"] == "In force"
    assert mras["Mongolia (MN)"]["Date"] == "2025-06-01"
    assert "https://gmteight.com/latest/detail/326180" in mras["Mongolia (MN)"]["Source"]
    # Every MRA of the file, by partner code, with its state, date and source's title.
    data = countries_by_iso(full_repo)["CN"]
    titles = {s["id"]: s["title"] for s in data["sources"]}
    by_code = {re.search(r"\((\w+)\)$", k).group(1): v for k, v in mras.items()}
    assert set(by_code) == {m["partner"] for m in data["mras"]}
    for mra in data["mras"]:
        shown = by_code[mra["partner"]]
        assert (shown["State"], shown["Date"]) == (label(mra["state"]), mra_date(mra) or "—")
        assert shown["Source"].startswith(titles[mra["source"]])


def test_chinas_summary_lists_the_programme_facts_with_dates_and_sources(china, full_repo):
    rows, band, _ = summary_block(china["Summary"])
    facts = table_after(rows, band, "Date")
    data = countries_by_iso(full_repo)["CN"]
    titles = {s["id"]: s["title"] for s in data["sources"]}
    programme = data["programme"]
    expected = [
        (period(f.get("date", "")) or "—", f["text"], titles[f.get("source", programme["source"])])
        for f in programme["facts"]
    ]
    assert sorted((f["Date"], f["Fact"], f["Source"]) for f in facts) == sorted(expected)
    dated = [f["Date"] for f in facts if f["Date"] != "—"]
    assert dated == sorted(dated)  # in date order, undated last
    assert facts[-1]["Date"] == "—"


def test_afghanistans_summary_says_none_found(cli, full_repo, tmp_path):
    wb = export(cli, full_repo, tmp_path / "af.xlsx", "AF")
    rows, band, block = summary_block(wb["Summary"])
    assert block["Status"] == "None found (as of 2026)"
    assert any(r[1] == "None recorded in the file of Afghanistan." for r in rows[band:])
    (fact,) = table_after(rows, band, "Date")
    assert fact["Date"] == "2016-09-19 to 2016-09-29"
    assert fact["Fact"].startswith("A WCO Columbus Programme diagnostic workshop")
    assert fact["Fact"].endswith(
        "Note: A customs capacity-building event, not an AEO programme fact."
    )


def test_a_country_with_no_programme_gets_one_line(cli, tmp_path):
    wb = export(cli, FIXTURES, tmp_path / "ge.xlsx", "georgia")
    rows, band, block = summary_block(wb["Summary"])
    assert block == {
        "Programme": "No source in the data gives facts on the AEO programme of Georgia."
    }
    assert all(blank(r) for r in rows[band + 2 :])  # nothing else below


def test_the_summary_keeps_its_rows_and_the_block_is_below_the_chart(china, china_path):
    """The facts and the table stay where a questionnaire has always had them; the new block
    starts below the chart, which is anchored under the score rule."""
    import zipfile

    ws = china["Summary"]
    labels = [ws.cell(row=r, column=1).value for r in range(4, 11)]
    assert labels == ["Country", "Framework", "Source", "Date assessed", "Data file", "Generated",
                      "Made with"]  # fmt: skip
    assert ws["A12"].value == "Pillar" and ws["A13"].value == "Pillar 1"
    _, band, _ = summary_block(ws)
    with zipfile.ZipFile(china_path) as z:  # the file as written: openpyxl drops charts
        drawing = z.read("xl/drawings/drawing1.xml").decode()
    anchor = int(re.search(r"<from><col>\d+</col><colOff>\d+</colOff><row>(\d+)</row>",
                           drawing).group(1))  # fmt: skip
    height = int(re.search(r'<ext cx="\d+" cy="(\d+)"', drawing).group(1)) / 12700  # points
    # The rows from the chart's top to the band's are at least as high as the chart.
    rows_between = range(anchor + 1, band + 1)  # 1-based rows: the anchor is 0-based
    assert sum(ws.row_dimensions[r].height or 15 for r in rows_between) >= height


def test_the_block_is_ignored_by_import(cli, full_repo, tmp_path):
    """A questionnaire exported with the new block imports as before: nothing to change (here
    Mongolia's, whose Citations sheet also shows Pillar 3's titles with their level)."""
    for country in ("china", "mongolia"):
        path = tmp_path / f"{country}.xlsx"
        export(cli, full_repo, path, country)
        run = cli("--data-dir", str(full_repo), "import", str(path))
        assert run.code == 0, run.err
        assert "no changes for" in run.out


def test_pillar_3_standards_1_and_7_are_told_apart(china):
    rows = rows_of(china["Pillar 3"])
    titles = {r[5]: r[1] for r in rows[3:] if r[5]}
    assert titles["p3-s1"] == "Mutual co-operation (within one government; inferred)"
    assert titles["p3-s7"] == "Mutual co-operation (between governments; inferred)"


def test_the_notes_say_the_titles_were_not_checked(china, cli, tmp_path):
    framework = china["Summary"]["B5"].value
    assert framework.startswith("WCO SAFE Framework of Standards")
    assert f"The standards' titles {UNCHECKED}." in framework
    # The test catalogue says nothing about its titles: no such sentence.
    wb = export(cli, FIXTURES, tmp_path / "ge.xlsx", "georgia")
    assert UNCHECKED not in wb["Summary"]["B5"].value


# --- the regional workbook --------------------------------------------------------------------


def matrix_cells(ws) -> dict[tuple[str, str], str]:
    """(row ISO code, column code) -> the text of a non-empty cell of the matrix."""
    rows = rows_of(ws)
    header = rows[3]  # row 4: the parties' names, 'Mongolia (MN)'
    codes = {j: re.search(r"\((\w+)\)$", str(h)).group(1) for j, h in enumerate(header) if j >= 2}
    cells = {}
    for row in rows[4:]:
        if not row[0]:
            break
        for j, code in codes.items():
            if row[j] not in (None, "", "—"):
                cells[(row[0], code)] = row[j]
    return cells


def test_carec_has_a_mutual_recognition_sheet(carec):
    wb = openpyxl.load_workbook(carec)
    assert wb.sheetnames[:2] == ["Overview", "Mutual recognition"]
    cells = matrix_cells(wb["Mutual recognition"])
    assert cells[("CN", "MN")] == "In force 2025-06-01"
    assert cells[("MN", "CN")] == "In force 2025-06-01"


def test_the_matrix_holds_every_mra_of_every_member_file(carec):
    group = read_yaml(ROOT / "groups" / "carec.yaml")
    files = countries_by_iso(ROOT)
    expected = {}
    for iso in group["members"]:
        for mra in files[iso].get("mras", []):
            expected[(iso, mra["partner"])] = mra_state(mra)
    cells = matrix_cells(openpyxl.load_workbook(carec)["Mutual recognition"])
    assert expected  # the shipped data records some
    assert {k: v for k, v in cells.items() if k in expected} == expected
    for key, text in cells.items():  # any other cell is the other side's record, marked
        if key not in expected:
            assert "'s file only)" in text, key
    rows = rows_of(openpyxl.load_workbook(carec)["Mutual recognition"])
    members = [r[0] for r in rows[4:] if r[0] and len(r[0]) == 2]
    assert sorted(members) == sorted(group["members"])  # one row per member


def test_a_member_without_a_file_still_has_its_row(cli, full_repo, tmp_path):
    (full_repo / "countries" / "turkmenistan.yaml").unlink()
    wb = export(cli, full_repo, tmp_path / "carec.xlsx", "--group", "carec")
    rows = rows_of(wb["Mutual recognition"])
    names = {r[0]: r[1] for r in rows[4:] if r[0] and len(r[0]) == 2}
    assert names["TM"] == "Turkmenistan (no file)"
    assert names["CN"] == "People's Republic of China"


def test_the_arrangements_below_the_matrix_give_their_sources(carec):
    rows = rows_of(openpyxl.load_workbook(carec)["Mutual recognition"])
    band = next(i for i, r in enumerate(rows) if r[0] == "Arrangements")
    listed = table_after(rows, band, "Between")
    cn_mn = next(r for r in listed if "(CN)" in r["Between"] and "(MN)" in r["Between"])
    assert (cn_mn["State"], cn_mn["Date"]) == ("In force", "2025-06-01")
    assert cn_mn["Source"].splitlines() == [
        "News on the China-Mongolia AEO mutual recognition",
        "https://gmteight.com/latest/detail/326180",
    ]
    assert cn_mn["Recorded by"] in ("CN and MN", "MN and CN")  # both files record it
    cn_ru = next(r for r in listed if "(CN)" in r["Between"] and "(RU)" in r["Between"])
    assert (cn_ru["State"], cn_ru["Date"], cn_ru["Recorded by"]) == ("Signed", "2022-02-04", "CN")


def test_the_overview_shows_each_programme_and_its_mras_in_force(carec):
    rows = rows_of(openpyxl.load_workbook(carec)["Overview"])
    codes = rows[2][3:]
    by_label = {r[2]: dict(zip(codes, r[3:], strict=True)) for r in rows if not r[0] and r[2]}
    files = countries_by_iso(ROOT)
    for code in codes:
        data = files[code]
        status = data.get("programme", {}).get("status", "unknown")
        assert by_label["AEO programme"][code] == label(status), code
        in_force = [m for m in data.get("mras", []) if m["state"] == "in-force"]
        assert by_label["MRAs in force"][code] == len(in_force), code
    assert by_label["AEO programme"]["CN"] == "Operational"
    assert by_label["MRAs in force"]["MN"] == 1


def test_the_overview_shows_the_groups_facts_and_sources(carec):
    rows = rows_of(openpyxl.load_workbook(carec)["Overview"])
    group = read_yaml(ROOT / "groups" / "carec.yaml")
    band = next(i for i, r in enumerate(rows) if str(r[2]).endswith("facts from its sources"))
    facts = table_after(rows, band, "Date")
    titles = {s["id"]: s["title"] for s in group["sources"]}
    survey = next(f for f in facts if f["Fact"].startswith("Ten CAREC members answered"))
    assert survey["Date"] == "2024-08-15 to 2024-08-16"
    assert survey["Source"] == "23rd Meeting of the CAREC Customs Cooperation Committee"
    shown = {(f["Fact"].split("\nNote: ")[0], f["Date"], f["Source"]) for f in facts}
    expected = {
        (" ".join(f["text"].split()), period(f["date"]), titles[f.get("source", group["source"])])
        for f in group["facts"]
    }
    assert shown == expected
    sources = table_after(rows, band, "Id")
    found = {s["Id"]: s for s in sources}
    assert set(found) == set(titles)
    assert group["sources"][0]["url"] in found["adb-cita-2030"]["Where to find it"]


def test_the_regional_notes_say_the_titles_were_not_checked(carec):
    ws = openpyxl.load_workbook(carec)["Overview"]
    assert UNCHECKED in ws["A2"].value


def test_the_regional_workbook_stays_protected(carec):
    wb = openpyxl.load_workbook(carec)
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert ws.data_validations.dataValidation == [], ws.title


def test_all_countries_without_a_group_have_a_matrix_but_no_group_facts(cli, full_repo, tmp_path):
    wb = export(cli, full_repo, tmp_path / "all.xlsx", "--all")
    cells = matrix_cells(wb["Mutual recognition"])
    assert cells[("CN", "MN")] == "In force 2025-06-01"
    rows = rows_of(wb["Mutual recognition"])
    assert "MX" in [r[0] for r in rows[4:]]  # every exported country is a row
    overview = rows_of(wb["Overview"])
    assert not any(str(r[2]).endswith("facts from its sources") for r in overview)


# --- the work plan workbook -------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_book(tmp_path_factory) -> Path:
    plan, problems = load_plan(PLAN, "plans/mx-aeo-ocs-2017.yaml")
    assert plan is not None and not problems
    out = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    out.write_bytes(plan_workbook(plan, date(2026, 11, 2)))
    return out


def test_the_plan_workbook_has_its_sheets_protected(plan_book):
    wb = openpyxl.load_workbook(plan_book)
    assert wb.sheetnames == ["Plan", "Tasks", "_safe_map"]
    assert wb["_safe_map"].sheet_state == "veryHidden"
    meta = {r[0]: r[1] for r in wb["_safe_map"].iter_rows(values_only=True) if r[0]}
    assert meta["kind"] == "plan" and meta["plan"] == "mx-aeo-ocs-2017"
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title


def test_the_tasks_sheet_lists_every_task_with_its_status(plan_book):
    data = read_yaml(PLAN)
    tasks = table_after(rows_of(openpyxl.load_workbook(plan_book)["Tasks"]), 0, "No.")
    assert len(tasks) == len(data["tasks"]) == 8
    for shown, task in zip(tasks, data["tasks"], strict=True):
        assert shown["No."] == task["number"]
        assert shown["Task"] == task["title"]
        assert shown["Status"] == label(task["status"]), task["title"]
    visits = next(t for t in tasks if t["No."] == 5)
    assert visits["Events"].startswith("2017-08-10 to 2017-08-11: AEO participated")


def test_the_plan_sheet_gives_parties_objectives_points_and_progress(plan_book):
    data = read_yaml(PLAN)
    rows = rows_of(openpyxl.load_workbook(plan_book)["Plan"])
    assert rows[0][0] == data["title"]
    assert [r["Programme"] for r in table_after(rows, 0, "Country")] == [
        p["programme"] for p in data["parties"]
    ]
    band = next(i for i, r in enumerate(rows) if r[0] == "Objectives")
    assert len(table_after(rows, band, "No.")) == len(data["objectives"])
    band = next(i for i, r in enumerate(rows) if r[0] == "Points the parties compare")
    assert [r["Point"] for r in table_after(rows, band, "No.")] == [
        p["point"] for p in data["points"]
    ]
    counts = Counter(label(t["status"]) for t in data["tasks"])
    progress = {r["Status"]: r["Tasks"] for r in table_after(rows, 0, "Status")}
    assert progress == {"Complete": counts["Complete"], "In progress": counts["In progress"],
                        "Pending": counts["Pending"], "Total": 8}  # fmt: skip
    sources = table_after(rows, 0, "Id")
    assert [s["Id"] for s in sources] == [data["source"]]


def test_import_refuses_a_plan_workbook(cli, full_repo, plan_book):
    run = cli("--data-dir", str(full_repo), "import", str(plan_book))
    assert run.code == 2
    assert "plan workbook, for reading" in run.out + run.err


# --- dates of MRAs, instruments of the programme, the mapping's sources, an empty group ---

PROGRAMME_BASIS = "Legal basis of the AEO programme"


def belarus_signed(folder: Path) -> dict:
    """Uzbekistan's MRA with Belarus, reported on 2025-01-16, with the date of the agreement
    its source gives (2024-04-26) recorded as its signature; returns it as the file says."""
    path = folder / "countries" / "uzbekistan.yaml"
    by = next(m for m in read_yaml(path)["mras"] if m["partner"] == "BY")
    if "signed" not in by:
        text = path.read_text(encoding="utf-8")
        anchor = "  - partner: BY\n    state: reported\n"
        assert anchor in text
        path.write_text(text.replace(anchor, anchor + "    signed: 2024-04-26\n"), encoding="utf-8")
        by = next(m for m in read_yaml(path)["mras"] if m["partner"] == "BY")
    return by


def test_a_reported_mra_is_dated_by_its_report_not_its_signature(cli, full_repo, tmp_path):
    """Uzbekistan–Belarus was reported on 2025-01-16; the signature of 2024-04-26 is named
    after it, never shown as the report's date."""
    by = belarus_signed(full_repo)
    assert (str(by["reported"]), str(by["signed"])) == ("2025-01-16", "2024-04-26")
    wb = export(cli, full_repo, tmp_path / "uz.xlsx", "uzbekistan")
    rows, band, _ = summary_block(wb["Summary"])
    belarus = next(r for r in table_after(rows, band, "Partner") if r["Partner"].endswith("(BY)"))
    assert (belarus["State"], belarus["Date"]) == ("Reported", "2025-01-16 (signed 2024-04-26)")

    wb = export(cli, full_repo, tmp_path / "carec.xlsx", "--group", "carec")
    ws = wb["Mutual recognition"]
    assert matrix_cells(ws)[("UZ", "BY")] == "Reported 2025-01-16 (signed 2024-04-26)"
    rows = rows_of(ws)
    listed = table_after(rows, next(i for i, r in enumerate(rows) if r[0] == "Arrangements"),
                         "Between")  # fmt: skip
    uz_by = next(r for r in listed if "(UZ)" in r["Between"] and "(BY)" in r["Between"])
    assert (uz_by["State"], uz_by["Date"]) == ("Reported", "2025-01-16 (signed 2024-04-26)")


def test_an_mra_without_a_date_of_its_state_names_the_date_it_has(cli, full_repo, tmp_path):
    """A suspended arrangement whose file gives only the signature: the date is named as the
    signature's, not passed off as the suspension's."""
    china = full_repo / "countries" / "peoples-republic-of-china.yaml"
    text = china.read_text(encoding="utf-8")
    anchor = "  - partner: RU\n    state: signed\n"
    assert anchor in text
    china.write_text(
        text.replace(anchor, "  - partner: RU\n    state: suspended\n"), encoding="utf-8"
    )
    ru = next(m for m in read_yaml(china)["mras"] if m["partner"] == "RU")
    signed = str(ru["signed"])
    wb = export(cli, full_repo, tmp_path / "cn.xlsx", "china")
    rows, band, _ = summary_block(wb["Summary"])
    shown = next(r for r in table_after(rows, band, "Partner") if r["Partner"].endswith("(RU)"))
    assert (shown["State"], shown["Date"]) == ("Suspended", f"signed {signed}")
    wb = export(cli, full_repo, tmp_path / "carec.xlsx", "--group", "carec")
    assert matrix_cells(wb["Mutual recognition"])[("CN", "RU")] == f"Suspended (signed {signed})"


def instruments(ws) -> dict[str, dict]:
    """The Instruments sheet's rows with an Id, by Id."""
    return {r["Id"]: r for r in table_after(rows_of(ws), 0, "Title") if r.get("Id")}


def test_instruments_of_the_programmes_legal_basis_are_not_called_uncited(cli, full_repo, tmp_path):
    for slug in ("uzbekistan", "mongolia", "kazakhstan"):
        data = read_yaml(full_repo / "countries" / f"{slug}.yaml")
        wb = export(cli, full_repo, tmp_path / f"{slug}.xlsx", slug)
        shown = instruments(wb["Instruments"])
        for citation in data["programme"]["legal_basis"]:
            cited_by = shown[citation["instrument"]]["Cited by"].splitlines()
            where = citation.get("provision", "")
            assert cited_by[-1] == (f"{PROGRAMME_BASIS}: {where}" if where else PROGRAMME_BASIS)
            assert "not cited" not in cited_by
    # Uzbekistan's decree and regulation are cited by the programme only.
    uz = instruments(openpyxl.load_workbook(tmp_path / "uzbekistan.xlsx")["Instruments"])
    assert uz["presidential-decree-2018-11"]["Cited by"] == PROGRAMME_BASIS
    assert uz["cabinet-regulation-2019-04-29"]["Cited by"] == PROGRAMME_BASIS
    # Mongolia's AEO regulations are cited by standards too: both are listed.
    mn = instruments(openpyxl.load_workbook(tmp_path / "mongolia.xlsx")["Instruments"])
    lines = mn["aeo-regulations-2021"]["Cited by"].splitlines()
    assert len(lines) > 1 and re.match(r"p\d-s\d+ ", lines[0]) and lines[-1] == PROGRAMME_BASIS
    # The read-only column as written imports without a complaint.
    run = cli("--data-dir", str(full_repo), "import", str(tmp_path / "uzbekistan.xlsx"))
    assert run.code == 0, run.err
    assert "no changes for" in run.out


def test_the_regional_country_sheet_says_the_same_of_the_programmes_instruments(carec):
    rows = rows_of(openpyxl.load_workbook(carec)["UZ"])
    band = next(i for i, r in enumerate(rows) if r[0] == "Instruments")
    listed = {r["Instrument"]: r["Cited by"] for r in table_after(rows, band, "Instrument", col=2)}
    data = read_yaml(ROOT / "countries" / "uzbekistan.yaml")
    titles = {key: value["title"] for key, value in data["instruments"].items()}
    for citation in data["programme"]["legal_basis"]:
        assert listed[titles[citation["instrument"]]] == PROGRAMME_BASIS
    assert "not cited" not in listed.values()


def test_the_summary_names_the_mappings_sources_only(cli, full_repo, tmp_path):
    """Uzbekistan's file has sources for its programme and MRAs but none for the mapping: the
    Summary says so instead of passing news for the assessment and its date."""
    uz = read_yaml(full_repo / "countries" / "uzbekistan.yaml")
    wb = export(cli, full_repo, tmp_path / "uz.xlsx", "uzbekistan")
    facts = {r[0]: r[1] for r in rows_of(wb["Summary"])[3:11] if r[0]}
    assert facts["Source"].startswith("None: no source in the data maps the legal basis")
    assert facts["Date assessed"] == "—"
    assert not any(s["title"] in facts["Source"] for s in uz["sources"])
    # Mongolia's mapping comes from the CAREC meeting; the news of its MRA is not a source of it.
    mn = read_yaml(full_repo / "countries" / "mongolia.yaml")
    titles = {s["id"]: s["title"] for s in mn["sources"]}
    wb = export(cli, full_repo, tmp_path / "mn.xlsx", "mongolia")
    facts = {r[0]: r[1] for r in rows_of(wb["Summary"])[3:11] if r[0]}
    assert facts["Source"].startswith("23rd Meeting of the CAREC Customs Cooperation Committee")
    assert facts["Date assessed"] == "2024-08-15 to 2024-08-16"
    for mra in mn["mras"]:
        assert titles[mra["source"]] not in facts["Source"]


def test_the_regional_country_sheet_names_the_mappings_sources_only(carec):
    subtitle = openpyxl.load_workbook(carec)["UZ"]["A2"].value
    assert subtitle.startswith("Source: — ·")
    uz = read_yaml(ROOT / "countries" / "uzbekistan.yaml")
    assert not any(s["title"] in subtitle for s in uz["sources"])


def test_a_group_with_no_member_files_ends_with_one_plain_message(cli, full_repo, tmp_path):
    members = read_yaml(full_repo / "groups" / "carec.yaml")["members"]
    for path in (full_repo / "countries").glob("*.yaml"):
        if read_yaml(path)["country"]["iso"] in members:
            path.unlink()
    out = tmp_path / "carec.xlsx"
    run = cli("--data-dir", str(full_repo), "export", "--group", "carec", "-o", str(out))
    assert run.code == 2
    assert "internal error" not in run.err and "ValueError" not in run.err
    (message,) = run.err.strip().splitlines()  # one message, not a warning and then an error
    assert message.startswith("safe-map: no member of carec has a country file")
    assert "Afghanistan (AF)" in message and "Uzbekistan (UZ)" in message
    assert all(f"({code})" in message for code in members)
    assert "safe-map init" in message and "safe-map export COUNTRY" in message
    assert not out.exists()


def test_long_legal_basis_lines_wrap_in_their_cell(cli, full_repo, tmp_path):
    china = full_repo / "countries" / "peoples-republic-of-china.yaml"
    text = china.read_text(encoding="utf-8")
    anchor = "    - instrument: gacc-order-251\n"
    assert anchor in text
    heading = " ".join(["Measures for the credit management of customs enterprises"] * 6)
    china.write_text(text.replace(anchor, f"{anchor}      heading: {heading}\n"), encoding="utf-8")
    wb = export(cli, full_repo, tmp_path / "cn.xlsx", "china")
    ws = wb["Summary"]
    (cell,) = [r[1] for r in ws.iter_rows() if r[0].value == "Legal basis"]
    lines = cell.value.splitlines()
    assert lines[0].startswith("GACC Order No. 251") and heading in lines[0]
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    merged = next(m for m in ws.merged_cells.ranges if m.min_row == cell.row)
    assert (merged.min_col, merged.max_col) == (2, 10)  # across the Summary's width
    width = sum(ws.column_dimensions[chr(64 + j)].width for j in range(2, 11))
    # Even at 1.3 characters per unit of width the first line takes several lines.
    needed = sum(-(-len(line) // int(width * 1.3)) for line in lines)
    assert needed >= 3
    assert (ws.row_dimensions[cell.row].height or 15) >= 15 * needed


# --- hostile text -----------------------------------------------------------------------------


def _stored_as_text(cell, text: str) -> None:
    assert cell.value == text
    assert cell.data_type == "s"  # not "f": never a formula
    assert cell.quotePrefix  # and Excel keeps it text when the cell is edited


def test_formula_like_facts_and_notes_stay_text(cli, full_repo, tmp_path):
    china = full_repo / "countries" / "peoples-republic-of-china.yaml"
    text = china.read_text(encoding="utf-8")
    fact = "    - text: The AEO programme is run within GACC's enterprise credit management.\n"
    note = (
        "    notes: >-\n      Secondary source. It reports the signature; whether the arrangement"
        " is in force is not\n      said in the sources at hand.\n"
    )
    assert fact in text and note in text
    text = text.replace(fact, f"    - text: '{FORMULA}'\n").replace(note, "    notes: '+1+2'\n")
    china.write_text(text, encoding="utf-8")
    group = full_repo / "groups" / "carec.yaml"
    workshop = "  - text: Virtual Workshop on AEO Program.\n"  # a fact without a note
    assert workshop in group.read_text(encoding="utf-8")
    group.write_text(
        group.read_text(encoding="utf-8").replace(workshop, "  - text: '-2+3'\n"), encoding="utf-8"
    )

    wb = export(cli, full_repo, tmp_path / "cn.xlsx", "china")
    ws = wb["Summary"]
    found = {c.value: c for row in ws.iter_rows() for c in row if c.value in (FORMULA, "+1+2")}
    _stored_as_text(found[FORMULA], FORMULA)
    _stored_as_text(found["+1+2"], "+1+2")

    wb = export(cli, full_repo, tmp_path / "carec.xlsx", "--group", "carec")
    ws = wb["Overview"]
    (cell,) = [c for row in ws.iter_rows() for c in row if c.value == "-2+3"]
    _stored_as_text(cell, "-2+3")
    ws = wb["Mutual recognition"]
    (cell,) = [c for row in ws.iter_rows() for c in row if c.value == "+1+2"]
    _stored_as_text(cell, "+1+2")


def test_formula_like_plan_text_stays_text(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    title = "    title: Establish contacts\n"
    assert title in text
    path = tmp_path / "plan.yaml"
    path.write_text(
        text.replace(title, f"    title: '{FORMULA}'\n").replace(
            "title: Cooperation between the AEO & the OCS", "title: '@SUM(1)'", 1
        ),
        encoding="utf-8",
    )
    plan, _ = load_plan(path, "plan.yaml")
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan, date(2026, 11, 2))))
    _stored_as_text(wb["Plan"]["A1"], "@SUM(1)")
    (cell,) = [c for row in wb["Tasks"].iter_rows() for c in row if c.value == FORMULA]
    _stored_as_text(cell, FORMULA)


# --- in a real spreadsheet program ------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_new_sheets(carec, plan_book, tmp_path):
    """Every sheet as CSV, as LibreOffice displays it: the matrix and the plan's tasks read as
    written."""
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    for book in (carec, plan_book):
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                "--headless",
                "--convert-to",
                options,
                "--outdir",
                str(tmp_path / "out"),
                str(book),
            ],
            check=True,
            timeout=180,
            capture_output=True,
        )

    def read(name: str) -> list[list[str]]:
        with (tmp_path / "out" / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    matrix = read("carec-Mutual recognition.csv")
    columns = matrix[3]
    china = next(r for r in matrix if r and r[0] == "CN")
    assert china[columns.index("Mongolia (MN)")] == "In force 2025-06-01"
    tasks = read("plan-Tasks.csv")
    statuses = [r[2] for r in tasks[3:] if r and r[0]]
    assert statuses == [label(t["status"]) for t in read_yaml(PLAN)["tasks"]]
