"""`safe-map export`: the country and regional workbooks, read back as a user's program would.

Every workbook is written through the CLI and read back with two independent readers:
openpyxl (which also shows the styling, validation and print settings) and python-calamine
(a Rust reader that shares no code with the writer). The data is tests/fixtures/excel: the
shipped catalogue and Mongolia, and two invented test countries (Georgia, Tajikistan) whose
text begins with =, +, - and @ to prove that nothing is stored as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook, SheetVisibleEnum
from typer.testing import CliRunner

from safe_map import __version__
from safe_map.analysis import assess
from safe_map.cli import app
from safe_map.data import locate
from safe_map.render import excel
from safe_map.workspace import load_workspace

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "excel"
STATUSES = ["yes", "partial", "no", "planned", "not-assessed", "not-applicable"]
COUNTRY_SHEETS = [
    "Instructions",
    "Summary",
    "Pillar 1",
    "Pillar 2",
    "Pillar 3",
    "Recommendations",
    "Instruments",
    "Citations",
    "_safe_map",
]
HEADER = 3  # the header row of every table (1-based); data from row 4


def export(*args: str, data: Path = FIXTURES):
    result = CliRunner().invoke(app, ["--data-dir", str(data), "export", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


def calamine(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def table(rows: list[list[object]]) -> list[dict[str, object]]:
    """The rows below the header row as dicts keyed by the header (calamine's 0-based rows)."""
    header = [str(h) for h in rows[HEADER - 1]]
    return [dict(zip(header, r, strict=False)) for r in rows[HEADER:] if any(r)]


def meta(wb: openpyxl.Workbook) -> dict[str, object]:
    return {row[0]: row[1] for row in wb["_safe_map"].iter_rows(values_only=True) if row[0]}


@pytest.fixture(scope="module")
def mongolia(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "m.xlsx"
    result = export("mongolia", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    return out


@pytest.fixture(scope="module")
def tajikistan(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "t.xlsx"
    assert export("TJ", "-o", str(out)).exit_code == 0
    return out


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "region.xlsx"
    result = export("--all", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


# --- the country workbook ---------------------------------------------------------------------


def test_country_workbook_has_its_sheets_and_a_very_hidden_mark(mongolia):
    wb = openpyxl.load_workbook(mongolia)
    assert wb.sheetnames == COUNTRY_SHEETS
    assert wb.active.title == "Instructions"  # a questionnaire opens on how to fill it in
    assert wb["_safe_map"].sheet_state == "veryHidden"
    assert [ws.sheet_state for ws in wb.worksheets[:-1]] == ["visible"] * 8
    book = CalamineWorkbook.from_path(str(mongolia))
    assert book.sheet_names == COUNTRY_SHEETS
    hidden = {m.name: m.visible for m in book.sheets_metadata}
    assert hidden["_safe_map"] == SheetVisibleEnum.VeryHidden
    assert hidden["Summary"] == SheetVisibleEnum.Visible


def test_metadata_marks_the_workbook_for_import(mongolia):
    found = meta(openpyxl.load_workbook(mongolia))
    assert found["tool"] == "safe-map"
    assert found["version"] == __version__
    assert found["kind"] == "country"
    assert found["framework"] == "safe-2021"
    assert found["country"] == "Mongolia"
    assert found["iso"] == "MN"
    assert found["file"] == "mongolia"
    assert found["header_row"] == HEADER
    assert found["statuses"] == ",".join(STATUSES)
    assert found["sheet:pillar:3"] == "Pillar 3"
    assert found["sheet:citations"] == "Citations"
    rows = calamine(mongolia, "_safe_map")
    assert ["tool", "safe-map"] == rows[1][:2]
    standards = [r[7] for r in rows[1:] if len(r) > 7 and r[7]]
    assert standards[:2] == ["p1-s1", "p1-s2"] and len(standards) == 26


def test_pillar_sheets_hold_the_mapping(mongolia):
    p3 = table(calamine(mongolia, "Pillar 3"))
    assert len(p3) == 9
    assert [r["Status"] for r in p3].count("no") == 5
    assert [r["Id"] for r in p3][:2] == ["p3-s1", "p3-s2"]
    assert p3[2]["Notes"] == "The slide gives no legal basis."
    assert p3[2]["Legal basis"] == "—"

    p1 = table(calamine(mongolia, "Pillar 1"))
    assert len(p1) == 11
    first = p1[0]
    assert first["No."] == 1
    assert first["Standard"] == "Integrated Supply Chain Management"
    assert first["Legal basis"].split("\n") == [
        "Customs Law of Mongolia, Provision 33",
        "CGA Director General Directive No. 342 of 2022",
        "CGA Director General Directive No. 287 of 2019",
    ]
    assert first["Status"] == "yes"
    ws = openpyxl.load_workbook(mongolia)["Pillar 1"]
    assert ws["A1"].value == "Pillar 1: Customs-to-Customs"
    assert [c.value for c in ws[HEADER]] == [
        "No.",
        "Standard",
        "Legal basis",
        "Status",
        "Notes",
        "Id",
    ]
    assert "Customs Law of Mongolia, Provision 33" in ws["C4"].value


def test_citation_notes_go_with_the_legal_basis_not_into_the_editable_notes(mongolia):
    p2 = {r["Id"]: r for r in table(calamine(mongolia, "Pillar 2"))}
    assert p2["p2-s4"]["Notes"] == ""
    assert p2["p2-s4"]["Legal basis"].splitlines()[1:3] == [
        "Customs Law of Mongolia, Provision 232.7",
        'Note: The slide quotes "232.7." without naming the law; the Customs Law is inferred '
        "from provision 232 being cited as the Customs Law under Pillar 1 Standard 3.",
    ]


def test_summary_counts_and_scores(mongolia):
    rows = calamine(mongolia, "Summary")
    assert rows[0][0] == "Mongolia (MN): SAFE Framework of Standards (2021)"
    facts = {r[0]: r[1] for r in rows[3:11] if r[0]}
    assert facts["Country"] == "Mongolia (MN)"
    assert facts["Framework"].startswith("WCO SAFE Framework of Standards")
    assert "2021 edition" in facts["Framework"]
    assert facts["Source"].startswith("23rd Meeting of the CAREC Customs Cooperation Committee")
    assert facts["Date assessed"] == "2024-08-15 to 2024-08-16"
    assert facts["Generated"] == date.today().isoformat()
    assert facts["Made with"] == f"safe-map {__version__}"
    top = next(i for i, r in enumerate(rows) if r[0] == "Pillar")
    header = rows[top]
    assert header == [
        "Pillar",
        "Name",
        "Yes",
        "Partial",
        "No",
        "Planned",
        "Not assessed",
        "Not applicable",
        "Met",
        "Score",
    ]
    body = {r[0]: dict(zip(header, r, strict=True)) for r in rows[top + 1 : top + 5]}
    assert [body[p]["Met"] for p in ("Pillar 1", "Pillar 2", "Pillar 3", "Overall")] == [
        "11 of 11",
        "6 of 6",
        "4 of 9",
        "21 of 26",
    ]
    assert body["Pillar 3"]["Yes"] == 4 and body["Pillar 3"]["No"] == 5
    assert body["Pillar 3"]["Score"] == pytest.approx(0.44)
    assert body["Overall"]["Score"] == pytest.approx(0.81)
    ws = openpyxl.load_workbook(mongolia)["Summary"]
    assert ws.cell(row=top + 4, column=10).number_format == "0%"


def test_summary_has_a_bar_chart_of_the_pillar_scores(mongolia):
    with zipfile.ZipFile(mongolia) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts == ["xl/charts/chart1.xml"]
        xml = z.read(charts[0]).decode()
    assert "<barChart>" in xml
    assert "<f>'Summary'!$J$13:$J$15</f>" in xml  # the Score column, the three pillar rows
    assert "<f>'Summary'!$A$13:$A$15</f>" in xml  # "Pillar 1" ... "Pillar 3"


def test_recommendations_follow_assess(mongolia):
    rows = calamine(mongolia, "Recommendations")
    flat = [[c if isinstance(c, float) else str(c) for c in r] for r in rows]
    assert flat[HEADER - 1] == ["No.", "Standard", "Status", "Recommendation"]
    bands = [r[0] for r in flat[HEADER:] if r[0] and not r[1]]
    assert bands[0] == "Pillar 3: Customs-to-Other Government and Inter-Government Agencies"
    assert bands[1].startswith("From the source, for Mongolia")
    gaps = [r for r in flat if r[2] == "no"]
    assert [r[0] for r in gaps] == [3, 4, 5, 6, 9]
    assert gaps[0][3].startswith("Align the AEO programme with the security programmes")
    assert any(r[3] == "Technical support in completing the AEO Operations Manual" for r in flat)


def test_instruments_say_what_cites_them(mongolia):
    rows = {r["Id"]: r for r in table(calamine(mongolia, "Instruments"))}
    assert list(rows)[0] == "customs-law"
    law = rows["customs-law"]
    assert law["Title"] == "Customs Law of Mongolia"
    assert "p1-s1 Integrated Supply Chain Management: Provision 33" in law["Cited by"].split("\n")
    assert (
        "p3-s1 Mutual co-operation (between Customs and other government agencies within the "
        "country): Article 272 (Cooperation of Customs with Other Ministries and agencies)"
    ) in law["Cited by"].split("\n")
    assert len(rows["civil-service-law"]["Cited by"].split("\n")) == 2


def test_citations_one_row_each_with_drop_downs(mongolia):
    rows = table(calamine(mongolia, "Citations"))
    assert len(rows) == 32  # every citation of countries/mongolia.yaml
    assert rows[0] == {
        "Standard id": "p1-s1",
        "Standard": "Integrated Supply Chain Management",
        "Instrument": "Customs Law of Mongolia",  # chosen by title: no id to type
        "Provision": "Provision 33",
        "Heading": "",
        "Excerpt": "",
        "Note": "",
    }
    ws = openpyxl.load_workbook(mongolia)["Citations"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["A4:A235"] == "'_safe_map'!$H$2:$H$27"  # 200 rows to spare
    assert lists["C4:C235"] == "Instruments!$A$4:$A$38"  # with 30 rows for new laws
    assert ws["B4"].fill.fgColor.rgb.endswith("F2F2F2")  # read-only: grey
    assert ws["B3"].comment.text.startswith("Read-only")
    assert ws["C3"].comment.text.startswith("Editable")


# --- styling, validation, printing ------------------------------------------------------------


def test_status_cells_are_coloured_by_rules_and_validated(mongolia):
    ws = openpyxl.load_workbook(mongolia)["Pillar 3"]
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules[rule.formula[0]] = (str(cf.sqref), rule.type, rule.operator, rule.dxf)
    assert sorted(rules) == sorted(f'"{s}"' for s in STATUSES)
    for sqref, kind, operator, dxf in rules.values():
        assert (sqref, kind, operator) == ("D4:D12", "cellIs", "equal")
        assert dxf.fill is not None and dxf.font is not None
    assert rules['"no"'][3].fill.fgColor.rgb.endswith("FFC7CE")
    # Fixed fills would not follow an edit: the status cells have none of their own.
    assert ws["D6"].fill.fgColor.rgb in ("00000000", None)

    (dv,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert dv.formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(dv.sqref) == "D4:D12"
    assert dv.showErrorMessage and not dv.allow_blank
    assert len(dv.formula1) <= 255  # Excel's limit on a literal list


def test_frozen_header_filter_widths_and_wrapping(mongolia):
    wb = openpyxl.load_workbook(mongolia)
    ws = wb["Pillar 1"]
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "A3:F14"
    header = ws["C3"]
    assert header.font.b and header.fill.fgColor.rgb.endswith("1F3864")
    assert ws["C4"].alignment.wrap_text
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["A"] < 10 < widths["B"] <= 40 and widths["C"] <= 55
    assert ws.row_dimensions[4].height >= 45  # three citations, three lines
    for name in ("Recommendations", "Instruments", "Citations"):
        assert wb[name].freeze_panes is not None


def test_print_setup(mongolia):
    wb = openpyxl.load_workbook(mongolia)
    for name in COUNTRY_SHEETS[:-1]:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToWidth == 1, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert "Mongolia (MN)" in ws.oddHeader.left.text, name
        assert date.today().isoformat() in ws.oddHeader.right.text, name
        assert "&P" in ws.oddFooter.right.text
    ws = wb["Pillar 1"]
    assert ws.print_title_rows == "$3:$3"
    assert ws.print_area == "'Pillar 1'!$A$1:$E$14"  # the Id column is for import, not print


def test_document_properties(mongolia):
    props = openpyxl.load_workbook(mongolia).properties
    assert props.creator == f"safe-map {__version__}"
    assert props.title == "Mongolia: SAFE Framework of Standards (2021)"
    assert "Mongolia (MN)" in props.subject and "SAFE Framework" in props.subject


# --- safe to open -----------------------------------------------------------------------------

INJECTED = {
    ("Citations", "Provision"): '=HYPERLINK("http://example.org","click")',
    ("Citations", "Heading"): "+Heading that starts with a plus",
    ("Citations", "Note"): "-a note that starts with a minus",
    ("Pillar 1", "Notes"): "+ partial: the power covers imports only",
}


def test_text_that_looks_like_a_formula_stays_text(tajikistan):
    wb = openpyxl.load_workbook(tajikistan)
    expected = [
        ("Citations", "D4", '=HYPERLINK("http://example.org","click")'),
        ("Citations", "E4", "+Heading that starts with a plus"),
        ("Citations", "G4", "-a note that starts with a minus"),
        ("Pillar 1", "C5", "=1+2, Article 1"),
        ("Pillar 1", "E5", "+ partial: the power covers imports only"),
        ("Pillar 1", "E6", "- no equipment yet"),
        ("Pillar 1", "E7", "@risk: a system is being procured"),
        ("Pillar 1", "E8", "=cmd|' /C calc'!A0"),
        ("Instruments", "A5", "=1+2"),
        ("Instruments", "F5", "@SUM(A1:A3) is not a formula here"),
    ]
    for sheet, ref, text in expected:
        cell = wb[sheet][ref]
        assert cell.value == text, (sheet, ref)
        assert cell.data_type == "s", (sheet, ref)
        assert cell.quotePrefix, (sheet, ref)  # and stays text when edited in Excel
    recommendations = [r[3] for r in calamine(tajikistan, "Recommendations")]
    assert "=SUM(1,2) should stay text" in recommendations
    for sheet, ref, text in expected:
        rows = calamine(tajikistan, sheet)
        row, col = openpyxl.utils.cell.coordinate_to_tuple(ref)
        assert rows[row - 1][col - 1] == text, (sheet, ref)
    # No formula anywhere: not one <f> element in any sheet of the file.
    with zipfile.ZipFile(tajikistan) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode(), name


def test_tab_and_carriage_return_at_the_start_stay_text(tmp_path):
    """The loader strips text, so this is checked on a report changed in memory."""
    report = _reports("mongolia")[0]
    report.country.assessments["p1-s1"].notes = "\t=1+1"
    report.country.assessments["p1-s2"].notes = "\r@SUM(A1)"
    report.country.assessments["p1-s3"].notes = "bell\x07 and nul\x00 removed"
    path = tmp_path / "w.xlsx"
    path.write_bytes(excel.country_workbook(report, date(2025, 1, 2)))
    ws = openpyxl.load_workbook(path)["Pillar 1"]
    assert (ws["E4"].value, ws["E4"].data_type) == ("\t=1+1", "s")
    assert ws["E5"].value in ("\r@SUM(A1)", "\n@SUM(A1)")  # XML may normalise a lone CR
    assert ws["E6"].value == "bell and nul removed"
    assert calamine(path, "Pillar 1")[3][4] == "\t=1+1"


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    name = excel._sheet_name
    assert name("Summary", taken) == "Summary"
    assert name("summary", taken) == "summary (2)"  # Excel ignores case
    assert name("SUMMARY", taken) == "SUMMARY (3)"
    assert name("a[b]c:d*e?f/g\\h", taken) == "a_b_c_d_e_f_g_h"
    long = "Customs-to-Other Government and Inter-Government Agencies"
    first = name(long, taken)
    second = name(long, taken)
    assert first == long[:31] and len(second) <= 31 and second.endswith(" (2)")
    assert name("'quoted'", taken) == "quoted"
    assert name("", taken) == "Sheet"
    assert name("[]", taken) == "__"
    assert name("history", taken) == "History_"
    assert name("_safe_map", {"_safe_map"}) == "_safe_map (2)"
    for made in taken:
        assert len(made) <= 31 and not re.search(r"[\[\]:*?/\\]", made)
    assert len(taken) == 10


# --- the regional workbook --------------------------------------------------------------------


def test_regional_workbook_sheets(region):
    wb = openpyxl.load_workbook(region)
    assert wb.sheetnames == ["Overview", "GE", "MN", "TJ", "_safe_map"]
    found = meta(wb)
    assert found["kind"] == "regional"
    members = [r[1:6] for r in wb["_safe_map"].iter_rows(values_only=True) if r[0] == "member"]
    assert members == [
        ("GE", "Georgia", "georgia", "GE", "safe-2021"),
        ("MN", "Mongolia", "mongolia", "MN", "safe-2021"),
        ("TJ", "Tajikistan", "tajikistan", "TJ", "safe-2021"),
    ]
    assert wb.properties.creator == f"safe-map {__version__}"


def test_overview_heat_map(region):
    rows = calamine(region, "Overview")
    assert rows[HEADER - 1][3:] == ["GE", "MN", "TJ"]
    assert rows[HEADER][3:] == ["Georgia", "Mongolia", "Tajikistan"]
    by_id = {r[0]: r[3:] for r in rows if r[0]}
    assert by_id["p1-s1"] == ["yes", "yes", "yes"]
    assert by_id["p1-s2"] == ["not-assessed", "yes", "partial"]
    assert by_id["p1-s5"] == ["not-assessed", "yes", "not-applicable"]
    assert by_id["p3-s3"] == ["not-assessed", "no", "not-assessed"]
    assert len([k for k in by_id if re.match(r"p\d-s\d+$", str(k))]) == 26
    bands = [r[2] for r in rows if not r[0] and str(r[2]).startswith("Pillar") and r[3] == ""]
    assert bands[:3] == [
        "Pillar 1: Customs-to-Customs",
        "Pillar 2: Customs-to-Business",
        "Pillar 3: Customs-to-Other Government and Inter-Government Agencies",
    ]
    by_label = {r[2]: r[3:] for r in rows if not r[0] and r[2]}
    assert by_label["Overall"] == [pytest.approx(0.5), pytest.approx(0.81), pytest.approx(0.38)]
    assert by_label["Standards met"] == ["1 of 26", "21 of 26", "1 of 26"]
    assert by_label["Standards assessed"] == ["3 of 26", "26 of 26", "5 of 26"]
    ws = openpyxl.load_workbook(region)["Overview"]
    assert ws.freeze_panes == "D5"
    ranges = {str(cf.sqref) for cf in ws.conditional_formatting}
    assert "D5:F33" in ranges  # the heat map block, pillar rows and all
    formulas = {r.formula[0] for cf in ws.conditional_formatting for r in cf.rules}
    assert {f'"{s}"' for s in STATUSES} <= formulas
    assert ws.print_title_rows == "$3:$4" and ws.print_title_cols == "$A:$C"


def test_regional_country_sheet(region):
    rows = table(calamine(region, "MN"))
    standards = [r for r in rows if re.match(r"p\d-s\d+$", str(r["Id"]))]
    assert len(standards) == 26
    assert standards[0]["Pillar"] == 1 and standards[-1]["Pillar"] == 3
    assert [r["Status"] for r in standards].count("no") == 5
    flat = [str(c) for r in calamine(region, "MN") for c in r]
    for block in ("Summary", "Recommendations", "Instruments"):
        assert block in flat
    assert "Technical support in completing the AEO Operations Manual" in flat
    wb = openpyxl.load_workbook(region)
    for ws in wb.worksheets:  # for reading: protected, no drop-down inviting edits
        assert ws.data_validations.dataValidation == [], ws.title
        assert ws.protection.sheet, ws.title
        # filtering and sorting stay allowed ("0": not locked by the protection)
        assert ws.protection.autoFilter is False and ws.protection.sort is False, ws.title
    with zipfile.ZipFile(region) as z:
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
    protection = re.search(r"<sheetProtection [^>]*>", sheet).group(0)
    assert 'sheet="1"' in protection and 'autoFilter="0"' in protection


def test_progress_is_reported_per_country():
    seen: list[int] = []
    excel.regional_workbook(_reports(), date(2025, 1, 2), progress=seen.append)
    assert seen == [1, 2, 3]


def _reports(*stems: str):
    workspace = load_workspace(locate(FIXTURES))
    countries = [c for c in workspace.countries if not stems or c.slug in stems]
    return [assess(c, workspace.framework_for(c)) for c in countries]


# --- file names and errors --------------------------------------------------------------------


def test_default_file_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    today = date.today().isoformat()
    assert export("mongolia").exit_code == 0
    assert export("mongolia", "georgia").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"safe-map-mongolia-{today}.xlsx",
        f"safe-map-region-{today}.xlsx",
    ]
    wb = openpyxl.load_workbook(tmp_path / f"safe-map-region-{today}.xlsx")
    assert wb.sheetnames[1:3] == ["MN", "GE"]


def test_missing_folder_is_refused(tmp_path):
    target = tmp_path / "no-such-folder" / "m.xlsx"
    result = export("mongolia", "-o", str(target))
    assert result.exit_code == 2
    assert "no-such-folder" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "no-such-folder").exists()


def test_output_must_be_xlsx(tmp_path):
    result = export("mongolia", "-o", str(tmp_path / "m.xls"))
    assert result.exit_code == 2
    assert ".xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "m.xlsx"
    target.write_bytes(b"the workbook of last week")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("safe_map.files.os.replace", refuse)
    result = export("mongolia", "-o", str(target), "--force")  # not a workbook: replace it
    assert result.exit_code == 2
    assert "permission denied" in result.stderr and "is unchanged" in result.stderr
    assert target.read_bytes() == b"the workbook of last week"
    assert [p.name for p in tmp_path.iterdir()] == ["m.xlsx"]  # no temporary file left


def test_a_failing_renderer_leaves_the_old_file_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "m.xlsx"
    target.write_bytes(b"the workbook of last week")

    def broken(report, generated, **options):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(excel, "country_workbook", broken)
    result = export("mongolia", "-o", str(target))
    assert result.exit_code != 0
    assert target.read_bytes() == b"the workbook of last week"
    assert [p.name for p in tmp_path.iterdir()] == ["m.xlsx"]


def test_a_country_with_nothing_assessed_yet(tmp_path):
    """`safe-map init` makes such files: every table still has its header, nothing breaks."""
    from safe_map.model import Country

    framework = load_workspace(locate(FIXTURES)).frameworks["safe-2021"]
    bare = Country(name="Georgia", iso="GE", framework_id="safe-2021", path="georgia.yaml")
    path = tmp_path / "bare.xlsx"
    path.write_bytes(excel.country_workbook(assess(bare, framework), date(2025, 1, 2)))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == COUNTRY_SHEETS
    assert table(calamine(path, "Instruments")) == []
    assert table(calamine(path, "Citations")) == []
    assert [r["Status"] for r in table(calamine(path, "Pillar 2"))] == ["not-assessed"] * 6
    advice = [r[3] for r in calamine(path, "Recommendations")]
    assert any(
        str(a).startswith("Assess the 26 standards not yet assessed: p1-s1,") for a in advice
    )
    summary = calamine(path, "Summary")
    overall = next(r for r in summary if r[0] == "Overall")
    assert overall[8:] == ["0 of 26", "—"]
    facts = {r[0]: r[1] for r in summary[3:11] if r[0]}
    assert facts["Source"] == "—" and facts["Date assessed"] == "—"
    both = excel.regional_workbook([assess(bare, framework)] * 2, date(2025, 1, 2))
    assert openpyxl.load_workbook(io.BytesIO(both)).sheetnames == [
        "Overview",
        "GE",
        "GE (2)",
        "_safe_map",
    ]
