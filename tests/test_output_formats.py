"""What -f and -o write: each command's own formats, and the output file's ending choosing one."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date

import pytest

from .conftest import ROOT

# The -f choices each command declares; its --help offers exactly these (issue 12, item 4).
DECLARED = {
    "assess": ["table", "json", "csv", "markdown"],
    "standards": ["table", "json", "csv", "markdown"],
    "countries": ["table", "json", "csv", "markdown"],
    "compare": ["table", "json", "markdown"],
    "region": ["table", "json"],
}
ARGS = {"assess": ["mn"], "compare": ["mn", "kz"], "region": ["mn"], "changes": ["mn"]}


def offered(cli, command: str) -> list[str]:
    found = re.search(r"--format <([a-z|]+)>", cli(command, "--help").out)
    assert found, f"{command} --help shows no --format"
    return found.group(1).split("|")


@pytest.mark.parametrize("command", sorted(DECLARED))
def test_help_offers_exactly_the_formats_the_command_writes(cli, command, monkeypatch):
    monkeypatch.chdir(ROOT)  # changes reads the git history of the shipped data
    assert offered(cli, command) == DECLARED[command]
    for fmt in DECLARED[command]:
        run = cli(command, *ARGS.get(command, []), "-f", fmt)
        assert run.code == 0, (command, fmt, run.err)
    if "csv" not in DECLARED[command]:
        run = cli(command, *ARGS.get(command, []), "-f", "csv")
        assert run.code == 2
        listed = ", ".join(f"'{f}'" for f in DECLARED[command])
        assert f"'csv' is not one of {listed}" in run.err


@pytest.mark.parametrize(
    ("name", "fmt"), [("r.json", "json"), ("r.csv", "csv"), ("r.md", "markdown")]
)
def test_assess_output_ending_chooses_the_format(cli, tmp_path, name, fmt):
    target = tmp_path / name
    run = cli("assess", "mn", "-o", str(target))
    assert run.code == 0, run.err
    assert run.err == f"wrote {target}\n"
    assert target.read_text() == cli("assess", "mn", "-f", fmt).out
    if fmt == "json":
        assert json.loads(target.read_text())["country"]["iso"] == "MN"
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(target.read_text())))[0]


@pytest.mark.parametrize("name", ["r.txt", "report", "r.log"])
def test_assess_output_without_a_known_ending_is_a_table(cli, tmp_path, name):
    target = tmp_path / name
    assert cli("assess", "mn", "-o", str(target)).code == 0
    assert target.read_text().startswith("Mongolia (MN) against the SAFE Framework")
    explicit = tmp_path / f"explicit-{name}"
    assert cli("assess", "mn", "-o", str(explicit), "-f", "json").code == 0
    assert json.loads(explicit.read_text())["country"]["iso"] == "MN"


def test_output_ending_and_format_that_disagree_are_refused(cli, tmp_path):
    target = tmp_path / "r.json"
    run = cli("assess", "mn", "-o", str(target), "-f", "csv")
    assert run.code == 2
    assert run.err == (
        f"safe-map: -o {target} is a JSON file but -f csv asks for CSV: leave out -f (the file "
        f"name's ending chooses the format), or write to {tmp_path / 'r.csv'}\n"
    )
    assert not target.exists()
    agreed = cli("assess", "mn", "-o", str(target), "-f", "json")
    assert agreed.code == 0 and json.loads(target.read_text())


def test_assess_refuses_a_workbook_and_names_the_command_that_writes_one(cli, tmp_path):
    target = tmp_path / "report.xlsx"
    run = cli("assess", "mn", "-o", str(target))
    assert run.code == 2
    assert "assess writes text (table, json, csv or markdown), not workbooks" in run.err
    assert f"`safe-map export mn -o {target}` writes the country's workbook" in run.err
    assert not target.exists()


def test_compare_writes_a_workbook_and_refuses_a_format_beside_it(cli, repo, tmp_path):
    # Two countries that assessed every standard (Mongolia's facts under Georgia's name).
    mongolia = (repo / "countries" / "mongolia.yaml").read_text()
    georgia = mongolia.replace("name: Mongolia", "name: Georgia").replace("iso: MN", "iso: GE")
    (repo / "countries" / "georgia.yaml").write_text(georgia)
    data = ("--data-dir", str(repo))
    target = tmp_path / "x.xlsx"
    run = cli(*data, "compare", "mn", "ge", "-o", str(target), "-f", "json")
    assert run.code == 2
    assert run.err == (
        f"safe-map: -o {target} writes a workbook, so -f json does not apply: leave out -f, "
        f"or write to {tmp_path / 'x.json'}\n"
    )
    assert not target.exists()
    as_json = tmp_path / "c.json"
    assert cli(*data, "compare", "mn", "ge", "-o", str(as_json)).code == 0
    assert json.loads(as_json.read_text()) == json.loads(
        cli(*data, "compare", "mn", "ge", "-f", "json").out
    )
    refused = cli(*data, "compare", "mn", "ge", "-o", str(tmp_path / "c.csv"))
    assert refused.code == 2
    assert "compare cannot write CSV" in refused.err
    assert "it writes table, json, markdown or a workbook (.xlsx)" in refused.err


def test_compare_output_ending_xlsx_writes_a_workbook(cli, tmp_path):
    target = tmp_path / "x.xlsx"
    run = cli("compare", "mn", "kz", "-o", str(target))
    assert run.code == 0, run.err
    assert "xl/workbook.xml" in zipfile.ZipFile(target).namelist()


def test_output_to_a_folder_takes_the_default_name(cli, tmp_path):
    today = date.today().isoformat()
    run = cli("assess", "mn", "-o", str(tmp_path))
    assert run.code == 0, run.err
    table = tmp_path / f"safe-map-mongolia-{today}.txt"
    assert run.err == f"wrote {table}\n"
    assert table.read_text().startswith("Mongolia (MN)")
    assert cli("assess", "mn", "-o", f"{tmp_path}/", "-f", "json").code == 0
    assert json.loads((tmp_path / f"safe-map-mongolia-{today}.json").read_text())
    run = cli("compare", "mn", "kz", "-o", str(tmp_path), "-f", "markdown")
    assert run.code == 0, run.err
    assert (tmp_path / f"safe-map-mongolia-kazakhstan-{today}.md").is_file()


def test_output_in_a_missing_folder_says_safe_map(cli, tmp_path):
    run = cli("assess", "mn", "-o", str(tmp_path / "nope" / "r.txt"))
    assert run.code == 2
    assert run.err == (
        f"safe-map: {tmp_path / 'nope' / 'r.txt'}: folder '{tmp_path / 'nope'}' does not "
        "exist: create it first\n"
    )
