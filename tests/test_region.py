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
    assert header.split()[1:] == ["AF", "AZ", "GE", "KZ", "KG", "MN", "PK", "CN", "TJ", "TM", "UZ"]
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
    assert names[:2] == ["Overview", "Mutual recognition"]
    assert [n for n in names[2:] if n != "_safe_map"] == [
        "AF",
        "AZ",
        "GE",
        "KZ",
        "KG",
        "MN",
        "PK",
        "CN",
        "TJ",
        "UZ",
    ]


# --- every country shows, whatever the width (issue 12, item 2) -----------------------------

MORE = {"turkey": ("Turkey", "TR"), "armenia": ("Armenia", "AM"), "iran": ("Iran", "IR")}
MORE |= {"korea": ("Korea", "KR")}


def with_more_countries(full_repo) -> list[str]:
    """Fifteen countries: the CAREC eleven and four more, none assessed."""
    template = (full_repo / "countries" / "afghanistan.yaml").read_text(encoding="utf-8")
    for slug, (name, iso) in MORE.items():
        text = template.replace('name: "Afghanistan"', f'name: "{name}"')
        text = text.replace("iso: AF", f"iso: {iso}")
        (full_repo / "countries" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return [p.stem for p in sorted((full_repo / "countries").glob("*.yaml"))]


def heads(out: str) -> list[str]:
    """The country columns of every table, in order."""
    return [
        iso
        for line in out.splitlines()
        if line.lstrip().startswith("Standard")
        for iso in line.split()[1:]
    ]


def test_fifteen_countries_at_80_columns_all_show(cli, full_repo):
    (full_repo / "countries" / "mexico.yaml").unlink()  # the eleven of CAREC, and four more
    with_more_countries(full_repo)
    run = cli("--data-dir", str(full_repo), "region")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    data = json.loads(cli("--data-dir", str(full_repo), "region", "-f", "json").out)
    every = [c["iso"] for c in data["countries"]]
    assert len(every) == 15
    assert heads(run.out) == every  # each country once, in order, none cut
    assert lines[0] == "SAFE Framework of Standards (2021): standards by country, in 2 parts"
    assert "Part 1 of 2: AF to KG" in lines and "Part 2 of 2: MN to UZ" in lines
    # Each part has the standards and the totals.
    assert run.out.count(" 4. Risk-Management Systems") == 2
    assert sum(line.lstrip().startswith("Score") for line in lines) == 2
    score = [line for line in lines if line.lstrip().startswith("Score")][1]
    assert score.split()[1] == "81%"  # Mongolia's, first of part 2


def test_carec_at_70_columns_keeps_uzbekistan(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "-g", "carec", env={"COLUMNS": "70"})
    assert run.code == 0, run.err
    assert max(cell_len(line) for line in run.out.splitlines()) <= 70
    assert sorted(heads(run.out)) == sorted(
        ["AF", "AZ", "GE", "KZ", "KG", "MN", "PK", "CN", "TJ", "TM", "UZ"]
    )


def test_a_narrow_terminal_shows_every_country_too(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", env={"COLUMNS": "40"})
    assert run.code == 0, run.err
    assert len(heads(run.out)) == 12  # CAREC's eleven and Mexico
    assert max(cell_len(line) for line in run.out.splitlines()) <= 40


def test_eleven_countries_at_80_columns_stay_one_table(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "-g", "carec")
    assert run.out.startswith("SAFE Framework of Standards (2021): standards by country\n")
    assert "Part " not in run.out and len(heads(run.out)) == 11
