"""`safe-map assess`: Mongolia's matrix as the CAREC slides present it, in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import ROOT

# The seed (004, "Mapping the AEO Program vs. 2021 SAFE Pillar 1/2/3"): standards complied.
SEED_MET = {1: (11, 11), 2: (6, 6), 3: (4, 9)}
SEED_PILLAR3_NO = ["p3-s3", "p3-s4", "p3-s5", "p3-s6", "p3-s9"]


def assess_json(cli, *extra: str) -> dict:
    run = cli("assess", "mongolia", "--format", "json", *extra)
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_counts_match_the_seed(cli):
    data = assess_json(cli)
    for pillar in data["summary"]["pillars"]:
        assert (pillar["met"], pillar["total"]) == SEED_MET[pillar["pillar"]]
    assert data["summary"]["overall"]["met"] == 21
    assert data["summary"]["overall"]["total"] == 26
    no = [s["id"] for s in data["standards"] if s["status"] == "no"]
    assert no == SEED_PILLAR3_NO


def test_json_shape_is_the_documented_interface(cli):
    data = assess_json(cli)
    assert len(data["standards"]) == 26
    for standard in data["standards"]:
        assert isinstance(standard["pillar"], int)
        assert isinstance(standard["number"], int)
        assert isinstance(standard["id"], str)
        assert isinstance(standard["title"], str) and standard["title"]
        assert standard["status"] in {
            "yes",
            "partial",
            "no",
            "planned",
            "not-assessed",
            "not-applicable",
        }
        assert all(isinstance(c, str) for c in standard["citations"])
    first = data["standards"][0]
    assert first["citations"][0] == "Customs Law of Mongolia, Provision 33"
    assert data["country"] == {"name": "Mongolia", "iso": "MN", "file": first_file(data)}
    assert data["framework"]["id"] == "safe-2021"
    gaps = [g["id"] for g in data["recommendations"]["gaps"]]
    assert gaps == SEED_PILLAR3_NO
    assert all(g["remedy"] for g in data["recommendations"]["gaps"])
    assert data["recommendations"]["country"][3]["text"] == (
        "Technical support in completing the AEO Operations Manual"
    )


def first_file(data: dict) -> str:
    assert data["country"]["file"].endswith("mongolia.yaml")
    return data["country"]["file"]


@pytest.mark.parametrize("query", ["mongolia", "MONGOLIA", "Mongolia", "mn", "MN"])
def test_country_found_by_file_name_country_name_or_iso(cli, query):
    run = cli("assess", query, "--format", "json")
    assert run.code == 0
    assert json.loads(run.out)["country"]["iso"] == "MN"


def test_unknown_country_lists_nearest_names(cli):
    run = cli("assess", "atlantis")
    assert run.code == 2
    assert "no country 'atlantis'" in run.err
    [line] = [ln for ln in run.err.splitlines() if "nearest to it:" in ln]
    named = line.split("nearest to it:")[1].split(",")
    known = {p.stem for p in (ROOT / "countries").glob("*.yaml")}
    assert named and {n.strip() for n in named} <= known
    assert run.out == ""


def test_near_miss_is_suggested(cli):
    run = cli("assess", "mongolai")
    assert run.code == 2
    assert "nearest to it: mongolia" in run.err


def test_table_shows_three_pillars_summary_and_recommendations(cli):
    run = cli("assess", "mongolia", env={"COLUMNS": "250"})  # wide: no cell wraps
    assert run.code == 0
    out = " ".join(run.out.split())  # the table wraps long text over lines
    for title in (
        "Pillar 1: Customs-to-Customs",
        "Pillar 2: Customs-to-Business",
        "Pillar 3: Customs-to-Other Government and Inter-Government Agencies",
        "Summary",
        "Recommendations",
    ):
        assert title in out
    assert "Customs Law of Mongolia," in out and "Provision 33" in out
    assert "✔ Yes" in out and "✘ No" in out  # symbols: reads without colour
    for remedy_start in (
        "Align the AEO programme",
        "Set up coordinated border management",
        "Prepare a joint trade continuity",
        "Harmonise data requirements",
        "Work towards harmonised",
    ):
        assert remedy_start in out
    assert "4 of 9" in out and "11 of 11" in out and "6 of 6" in out
    assert "Optimize the uptake of the AEO program" in out


def test_table_fits_80_columns_and_has_no_escape_codes_when_piped(cli):
    out = cli("assess", "mongolia").out
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_pillar_filter(cli):
    data = assess_json(cli, "--pillar", "3")
    assert {s["pillar"] for s in data["standards"]} == {3}
    assert [p["pillar"] for p in data["summary"]["pillars"]] == [3]
    data = assess_json(cli, "-p", "1", "-p", "3")
    assert {s["pillar"] for s in data["standards"]} == {1, 3}
    run = cli("assess", "mongolia", "--pillar", "4")
    assert run.code == 2
    assert "no pillar 4" in run.err


def test_gaps_filter_keeps_only_standards_not_met(cli):
    data = assess_json(cli, "--gaps")
    assert [s["id"] for s in data["standards"]] == SEED_PILLAR3_NO
    assert data["summary"]["overall"]["total"] == 26  # the summary still covers everything
    table = cli("assess", "mongolia", "--gaps").out
    assert "Integrated Supply" not in table
    assert "Alignment of" in table


def test_csv_has_one_row_per_standard(cli):
    run = cli("assess", "mongolia", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert len(rows) == 26
    assert rows[0]["legal_basis"].startswith("Customs Law of Mongolia, Provision 33")
    assert [r["id"] for r in rows if r["status"] == "no"] == SEED_PILLAR3_NO


def test_markdown(cli):
    out = cli("assess", "mongolia", "--format", "markdown").out
    assert out.startswith("# Mongolia (MN)")
    assert "## Pillar 3: Customs-to-Other Government and Inter-Government Agencies" in out
    assert "| 3 | Alignment of security programmes | — | ✘ No |" in out


def test_output_file_is_written_and_reads_back(cli, tmp_path):
    target = tmp_path / "mn.json"
    run = cli("assess", "mongolia", "-f", "json", "-o", str(target))
    assert run.code == 0
    assert run.out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["standards"]) == 26
    table = tmp_path / "mn.txt"
    assert cli("assess", "mongolia", "-o", str(table)).code == 0
    text = table.read_text(encoding="utf-8")
    assert "Pillar 3" in text and "\x1b[" not in text


def test_output_into_missing_folder_is_refused(cli, tmp_path):
    target = tmp_path / "nowhere" / "mn.json"
    run = cli("assess", "mongolia", "-f", "json", "-o", str(target))
    assert run.code == 2
    assert "does not exist" in run.err
    assert not target.parent.exists()


def test_output_onto_existing_file_replaces_it_whole(cli, tmp_path):
    target = tmp_path / "mn.csv"
    target.write_text("old content that is much longer than nothing\n" * 1000)
    assert cli("assess", "mongolia", "-f", "csv", "-o", str(target)).code == 0
    assert target.read_text().startswith("pillar,number,id")
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_not_assessed_standards_and_partial_scores(cli, repo):
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  p3-s3:\n    status: no", "  p3-s3:\n    status: not-assessed", 1)
    text = text.replace("  p3-s4:\n    status: no", "  p3-s4:\n    status: not-applicable", 1)
    path.write_text(text, encoding="utf-8")
    run = cli("--data-dir", str(repo), "assess", "mongolia", "-f", "json")
    assert run.code == 0, run.err
    pillar3 = json.loads(run.out)["summary"]["pillars"][2]
    # yes = 4, no = 3 (s5, s6, s9); not-assessed and not-applicable left out of the score
    assert pillar3["counts"]["not-assessed"] == 1
    assert pillar3["counts"]["not-applicable"] == 1
    assert pillar3["score"] == round(4 / 7, 4)
    assert json.loads(run.out)["recommendations"]["not_assessed"] == ["p3-s3"]
