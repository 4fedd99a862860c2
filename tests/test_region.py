"""`safe-map region`: the heat map, standards by countries, within 80 columns."""

from __future__ import annotations

import json

from rich.cells import cell_len


def test_carec_heat_map_fits_80_columns(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "--group", "carec")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    header = next(line for line in lines if line.lstrip().startswith("Standard"))
    assert header.split()[1:] == ["AF", "AZ", "CN", "GE", "KZ", "KG", "MN", "PK", "TJ", "TM", "UZ"]
    score = next(line for line in lines if line.lstrip().startswith("Score"))
    assert "81%" in score


def test_heat_map_json_shows_what_is_assessed(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "-g", "carec", "-f", "json")
    data = json.loads(run.out)
    assert len(data["countries"]) == 11
    by_iso = {c["iso"]: c for c in data["countries"]}
    assert by_iso["MN"]["met"] == 21
    assert by_iso["KZ"]["counts"]["not-assessed"] == 26  # no source maps Kazakhstan yet
    p3s3 = next(s for s in data["standards"] if s["id"] == "p3-s3")
    assert p3s3["statuses"]["MN"] == "no" and p3s3["statuses"]["UZ"] == "not-assessed"


def test_named_countries_and_unknown_group(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "mn", "kz", "-f", "json")
    assert [c["iso"] for c in json.loads(run.out)["countries"]] == ["MN", "KZ"]
    bad = cli("--data-dir", str(full_repo), "region", "--group", "asean")
    assert bad.code == 2 and "no group 'asean': known groups: carec" in bad.err


def test_group_member_without_a_file_is_reported(cli, full_repo):
    (full_repo / "countries" / "turkmenistan.yaml").unlink()
    run = cli("--data-dir", str(full_repo), "region", "--group", "carec")
    assert run.code == 0
    assert "no country file for TM (members of carec)" in run.err


def test_export_a_group_writes_its_heat_map(cli, full_repo, tmp_path):
    from python_calamine import CalamineWorkbook

    (full_repo / "countries" / "turkmenistan.yaml").unlink()
    book = tmp_path / "carec.xlsx"
    run = cli("--data-dir", str(full_repo), "export", "--group", "carec", "-o", str(book))
    assert run.code == 0, run.err
    assert "no country file for TM (members of carec)" in run.err
    names = CalamineWorkbook.from_path(str(book)).sheet_names
    assert names[0] == "Overview"
    assert [n for n in names[1:] if n != "_safe_map"] == [
        "AF",
        "AZ",
        "CN",
        "GE",
        "KZ",
        "KG",
        "MN",
        "PK",
        "TJ",
        "UZ",
    ]
