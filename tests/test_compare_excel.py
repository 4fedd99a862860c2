"""`safe-map compare A B -o FILE.xlsx`: the comparison workbook, read back with openpyxl and
python-calamine (a reader that shares no code with the writer).

The data: the shipped catalogue, Mongolia (21 standards met) and Kazakhstan with two standards
met: p1-s1 (met by both; its legal basis begins with "=" to prove it is stored as text) and
p3-s3 (met by Kazakhstan only); the other 24 Kazakhstan has not assessed, so they are unknown:
neither agreeing nor differing, and left out of the readiness counts.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook, SheetVisibleEnum
from typer.testing import CliRunner

from safe_map.cli import app

ROOT = Path(__file__).resolve().parent.parent
HEADER = 3  # the header row (1-based); the data begins below it
FORMULA = '=HYPERLINK("http://example.org","x")'
# Kazakhstan's legal basis for p1-s1: an instrument and a provision that look like formulas.
KZ_P1_S1 = f"{FORMULA}, {FORMULA}\nCustoms Code, Article 542"
SHEETS = ["Comparison", "Readiness", "_safe_map"]
COLUMNS = [
    "No.",
    "Standard",
    "MN status",
    "MN legal basis",
    "KZ status",
    "KZ legal basis",
    "Agree",
    "Readiness",
    "Id",
]


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _cite(instrument: str, provision: str) -> str:
    return f"\n      - instrument: {instrument}\n        provision: '{provision}'"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("compare") / "data"
    shutil.copytree(ROOT / "standards", root / "standards")
    (root / "countries").mkdir()
    shutil.copy(ROOT / "countries" / "mongolia.yaml", root / "countries")
    text = (ROOT / "countries" / "kazakhstan.yaml").read_text(encoding="utf-8")
    formula = FORMULA.replace("'", "''")
    text = text.replace(
        "\ninstruments:\n",
        f"\ninstruments:\n  code:\n    title: Customs Code\n  formula:\n    title: '{formula}'\n",
        1,
    )
    citations = {
        "p1-s1": _cite("formula", formula) + _cite("code", "Article 542"),
        "p3-s3": _cite("code", "Article 542"),
    }
    for standard, cited in citations.items():
        old = f"  {standard}:  "
        start = text.index(old)
        end = text.index("    status: not-assessed", start)
        size = len("    status: not-assessed")
        text = text[:end] + "    status: yes\n    citations:" + cited + text[end + size :]
    (root / "countries" / "kazakhstan.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def workbook(data: Path) -> Path:
    out = data.parent / "out" / "x.xlsx"
    out.parent.mkdir()
    result = run("--data-dir", str(data), "compare", "mongolia", "kazakhstan", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    return out


def calamine(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def standard_rows(rows: list[list[object]]) -> dict[str, dict[str, object]]:
    """The standards' rows (not the pillar bands) by id, as dicts keyed by the header."""
    header = [str(h) for h in rows[HEADER - 1]]
    found = [dict(zip(header, r, strict=False)) for r in rows[HEADER:]]
    return {str(r["Id"]): r for r in found if re.fullmatch(r"p\d+-s\d+", str(r.get("Id", "")))}


def test_sheets_and_a_very_hidden_comparison_mark(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == SHEETS
    assert wb.active.title == "Comparison"
    assert wb["_safe_map"].sheet_state == "veryHidden"
    meta = {r[0]: r[1] for r in wb["_safe_map"].iter_rows(values_only=True) if r[0]}
    assert meta["tool"] == "safe-map" and meta["kind"] == "comparison"
    assert (meta["a_iso"], meta["b_iso"]) == ("MN", "KZ")
    book = CalamineWorkbook.from_path(str(workbook))
    assert book.sheet_names == SHEETS
    visible = {m.name: m.visible for m in book.sheets_metadata}
    assert visible["_safe_map"] == SheetVisibleEnum.VeryHidden
    assert visible["Comparison"] == SheetVisibleEnum.Visible
    props = wb.properties
    assert "Mongolia (MN)" in props.title and "Kazakhstan (KZ)" in props.title
    assert props.creator.startswith("safe-map")
    for ws in wb.worksheets:  # for reading: protected, filters allowed, no drop-downs
        assert ws.protection.sheet and ws.protection.autoFilter is False, ws.title
        assert ws.data_validations.dataValidation == [], ws.title


def test_one_row_per_standard_grouped_by_pillar(workbook):
    rows = calamine(workbook, "Comparison")
    assert rows[HEADER - 1][: len(COLUMNS)] == COLUMNS
    by_id = standard_rows(rows)
    assert len(by_id) == 26
    assert list(by_id)[:2] == ["p1-s1", "p1-s2"]
    bands = [r[1] for r in rows[HEADER:] if str(r[1]).startswith("Pillar ")]
    assert [b.split(":")[0] for b in bands] == ["Pillar 1", "Pillar 2", "Pillar 3"]
    both = by_id["p1-s1"]
    assert (both["MN status"], both["KZ status"], both["Agree"]) == ("yes", "yes", "yes")
    assert both["Readiness"] == "both meet"
    only_kz = by_id["p3-s3"]
    assert (only_kz["MN status"], only_kz["KZ status"]) == ("no", "yes")
    assert only_kz["Agree"] == "no" and only_kz["Readiness"] == "only KZ"
    assert only_kz["KZ legal basis"] == "Customs Code, Article 542"
    unknown = by_id["p1-s2"]  # met by Mongolia, not assessed by Kazakhstan
    assert (unknown["MN status"], unknown["KZ status"]) == ("yes", "not-assessed")
    assert unknown["Agree"] == "unknown" and unknown["Readiness"] == "unknown"
    assert unknown["KZ legal basis"] == "—"
    readiness = [r["Readiness"] for r in by_id.values()]
    assert readiness.count("unknown") == 24 and "neither meets" not in readiness
    subtitle = rows[1][0]
    assert "26 standards point by point" in subtitle
    assert "2 assessed by both, 1 of them differ" in subtitle


def test_formula_like_legal_basis_is_stored_as_text(workbook):
    ws = openpyxl.load_workbook(workbook)["Comparison"]
    [cell] = [c for c in ws["F"] if isinstance(c.value, str) and c.value.startswith("=")]
    assert cell.value == KZ_P1_S1
    assert cell.data_type == "s" and cell.quotePrefix
    with_formulas = [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert with_formulas == []
    assert standard_rows(calamine(workbook, "Comparison"))["p1-s1"]["KZ legal basis"] == KZ_P1_S1
    # calamine reads a formula cell as its cached value (none here): the text proves it is text.
    values = [v for r in calamine(workbook, "Comparison") for v in r]
    assert [v for v in values if isinstance(v, str) and v.startswith("=")] == [KZ_P1_S1]


def test_readiness_counts_equal_the_json_output(data, workbook):
    result = run("--data-dir", str(data), "compare", "mongolia", "kazakhstan", "-f", "json")
    assert result.exit_code == 0, result.stderr
    readiness = json.loads(result.stdout)["readiness"]
    assert readiness["overall"] == {
        "both": 1,
        "only_a": 0,
        "only_b": 1,
        "neither": 0,
        "unknown": 24,
        "assessed_by_both": 2,
    }
    rows = calamine(workbook, "Readiness")
    header = rows[HEADER - 1]
    assert header == [
        "Pillar",
        "Name",
        "Assessed by both",
        "both meet",
        "only MN",
        "only KZ",
        "neither meets",
        "Standards",
    ]
    by_label = {r[0]: r for r in rows[HEADER:] if r and r[0]}
    keys = ["assessed_by_both", "both", "only_a", "only_b", "neither"]
    overall = by_label["Overall"]
    assert overall[2:7] == [float(readiness["overall"][k]) for k in keys]
    assert overall[7] == 26
    for pillar in readiness["pillars"]:
        found = by_label[f"Pillar {pillar['pillar']}"]
        assert found[1] == pillar["name"]
        assert found[2:7] == [float(pillar[k]) for k in keys]
        assert found[7] == sum(
            pillar[k] for k in ["both", "only_a", "only_b", "neither", "unknown"]
        )
    explained = [str(r[0]) for r in rows if r and str(r[0]).startswith("“Meets” means")]
    assert explained and "status is yes" in explained[0]
    assert "not assessed on one side is unknown" in explained[0]
    ws = openpyxl.load_workbook(workbook)["Readiness"]
    overall_row = next(r for r in ws.iter_rows(min_row=HEADER + 1) if r[0].value == "Overall")
    assert [c.value for c in overall_row[2:7]] == [readiness["overall"][k] for k in keys]


def test_look_and_print_setup(workbook):
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Comparison"]
    ranges = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    statuses = next(rules for ref, rules in ranges.items() if "C4:C" in ref and "E4:E" in ref)
    assert {r.formula[0] for r in statuses} >= {'"yes"', '"no"', '"not-assessed"'}
    assert all(r.dxf.fill is not None for r in statuses)
    readiness = next(rules for ref, rules in ranges.items() if ref.startswith("H4:H"))
    assert {r.formula[0] for r in readiness} == {
        '"both meet"',
        '"only MN"',
        '"only KZ"',
        '"neither meets"',
        '"unknown"',
    }
    assert ws.freeze_panes == "C4"
    assert ws.auto_filter.ref.startswith("A3:I")
    header = ws.cell(row=HEADER, column=1)
    assert header.font.bold and header.fill.fgColor.rgb.endswith("1F3864")
    assert ws.cell(row=HEADER + 2, column=4).alignment.wrap_text
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert "Mongolia (MN) and Kazakhstan (KZ)" in ws.oddHeader.left.text
    assert re.search(r"\d{4}-\d{2}-\d{2}", ws.oddHeader.right.text)
    other = wb["Readiness"]
    assert other.page_setup.orientation == "landscape" and other.freeze_panes == "A4"


def test_missing_folder_exits_2_and_writes_nothing(data, tmp_path):
    out = tmp_path / "missing" / "x.xlsx"
    result = run("--data-dir", str(data), "compare", "mongolia", "kazakhstan", "-o", str(out))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not out.exists() and not out.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_import_refuses_the_comparison_workbook(data, workbook):
    before = (data / "countries" / "kazakhstan.yaml").read_bytes()
    result = run("--data-dir", str(data), "import", str(workbook))
    assert result.exit_code == 2
    assert "comparison workbook" in result.stderr and "nothing written" in result.stderr
    assert (data / "countries" / "kazakhstan.yaml").read_bytes() == before
