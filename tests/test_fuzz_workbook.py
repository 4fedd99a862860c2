"""Property: whatever a respondent types into a questionnaire's cells, the import either brings
it in as typed (and the file still passes check) or refuses it naming the cell; it never ends
in an internal error and never writes a file that check rejects.

`make fuzz` runs these (and the other property tests) with many more examples.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from safe_map.checker import run_check
from safe_map.countries import load_country
from safe_map.data import DataRepo
from safe_map.importer import import_workbook
from safe_map.workbook import clean
from safe_map.workspace import load_catalogues

from .conftest import ROOT, SCALE

# Text as people type it and as mailed-in files carry it: letters of several scripts, markup,
# formula triggers, control characters, XML-forbidden characters, long runs.
CELL_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(
        alphabet=st.sampled_from(
            list("=+-@\t\r\n'\"<>&|*_`#[](){}\\/:;., ")
            + ["\x00", "\x1b", "\x07", "\ufffe", "\uffff", "\u2028", "é", "Ж", "中", "😀"]
        ),
        max_size=60,
    ),
    st.integers(-(10**12), 10**12).map(str),
)


_MADE: dict[str, Path] = {}


def _workbook(tmp: Path) -> tuple[DataRepo, Path]:
    """A fresh data folder and questionnaire; the questionnaire is exported once and copied."""
    data = tmp / "data"
    shutil.copytree(ROOT / "standards", data / "standards")
    (data / "countries").mkdir()
    shutil.copy(ROOT / "countries" / "mongolia.yaml", data / "countries")
    book = tmp / "mn.xlsx"
    if "book" not in _MADE:
        from typer.testing import CliRunner

        from safe_map.cli import app

        result = CliRunner().invoke(
            app, ["--data-dir", str(data), "export", "mongolia", "-o", str(book)]
        )
        assert result.exit_code == 0, result.stderr
        _MADE["book"] = tmp.parent / "questionnaire.xlsx"
        shutil.copy(book, _MADE["book"])
    else:
        shutil.copy(_MADE["book"], book)
    return DataRepo(data, "tests"), book


@settings(
    max_examples=25 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(notes=CELL_TEXT, provision=CELL_TEXT, title=CELL_TEXT)
def test_any_cell_text_is_imported_as_typed_or_refused_by_cell(
    tmp_path_factory, notes, provision, title
):
    from openpyxl.utils.exceptions import IllegalCharacterError

    tmp = tmp_path_factory.mktemp("fuzz")
    repo, book = _workbook(tmp)
    wb = load_workbook(book)
    ws = wb["Instructions"]
    for row in ws.iter_rows(min_row=1, max_row=20):
        if row[0].value == "Administration":
            ws.cell(row[0].row, 2).value = "Customs"
        if row[0].value == "Date of the answers":
            ws.cell(row[0].row, 2).value = "2026-01-02"
    try:
        wb["Pillar 3"]["E6"] = notes  # p3-s3's notes
        wb["Instruments"]["A12"] = title
        citations = wb["Citations"]
        citations["A40"], citations["C40"] = "p3-s3", "Customs Law of Mongolia"
        citations["D40"] = provision
        wb.save(book)
    except IllegalCharacterError:  # a spreadsheet cannot hold it: nothing to import then
        return
    target = repo.countries_dir / "mongolia.yaml"
    before = target.read_bytes()
    frameworks, _ = load_catalogues(repo)
    result = import_workbook(repo, book, frameworks, date(2026, 11, 27))
    assert result.outcome in ("imported", "refused", "no changes"), result.messages
    if result.outcome == "refused":
        assert target.read_bytes() == before  # all or nothing
        assert result.reason and result.messages  # says why: a cell, or the file as a whole
        assert all(m.startswith(str(book)) or m.startswith("countries/") for m in result.messages)
    if result.outcome == "imported" and clean(notes):
        country, _ = load_country(target, "countries/mongolia.yaml")
        assert clean(country.assessments["p3-s3"].notes) == clean(notes)  # as typed
    after = run_check(repo, None)
    assert not after.failed(strict=False), [str(d) for d in after.diagnostics]
