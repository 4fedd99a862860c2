"""`safe-map assess`: Mongolia's matrix as the CAREC slides present it, in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

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


def test_unknown_country_lists_no_unrelated_names(cli):
    run = cli("assess", "atlantis")
    assert run.code == 2
    assert "no country 'atlantis'" in run.err
    assert "nearest to it" not in run.err  # nothing is close: no list of unrelated countries
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


# --- layout (issue 12, item 10) and target dates (item 11) ----------------------------------


def test_gaps_of_a_fully_met_pillar_is_a_line_of_its_own(cli):
    run = cli("assess", "mongolia", "--gaps")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    at = lines.index("Pillar 1: Customs-to-Customs")
    assert lines[at + 1] == "Every standard of this pillar is met."
    at = lines.index("Pillar 2: Customs-to-Business")
    assert lines[at + 1] == "Every standard of this pillar is met."
    assert "pillar is met" not in run.out.replace("Every standard of this pillar is met.", "")
    # Pillar 3 has gaps: its table is there as before.
    assert "  3. Alignment of security     —" in run.out
    md = cli("assess", "mongolia", "--gaps", "-f", "markdown").out
    assert "## Pillar 1: Customs-to-Customs\n\nEvery standard of this pillar is met.\n\n## " in md


def test_standards_not_assessed_have_a_heading_of_their_own(cli, full_repo):
    path = full_repo / "countries" / "kazakhstan.yaml"
    text = path.read_text(encoding="utf-8")
    for standard in ("p2-s1", "p2-s2", "p2-s3"):  # three gaps in pillar 2, 23 not assessed
        start = text.index(f"  {standard}:")
        text = text[:start] + text[start:].replace("status: not-assessed", "status: no", 1)
    path.write_text(text, encoding="utf-8")
    run = cli("--data-dir", str(full_repo), "assess", "kazakhstan")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    advice = next(i for i, ln in enumerate(lines) if "Assess the 23 standards" in ln)
    headings = [ln for ln in lines[:advice] if ln and not ln.startswith(" ")]
    assert headings[-2:] == ["Pillar 2: Customs-to-Business", "Not yet assessed"]
    md = cli("--data-dir", str(full_repo), "assess", "kazakhstan", "-f", "markdown").out
    assert "### Not yet assessed\n\n- Assess the 23 standards not yet assessed." in md


def test_a_recommendation_naming_a_pillar_shows_only_with_that_pillar(cli):
    about_pillar_3 = "Capacity building activities for the Customs AEO team"
    for pillar, shown in (("2", False), ("3", True)):
        run = cli("assess", "mongolia", "--pillar", pillar, "-f", "json")
        texts = [r["text"] for r in json.loads(run.out)["recommendations"]["country"]]
        assert any(t.startswith(about_pillar_3) for t in texts) is shown
        # Those naming no pillar show always.
        assert "Optimize the uptake of the AEO program" in texts
    table = cli("assess", "mongolia", "--pillar", "2").out
    assert "Capacity building" not in table
    assert "Technical support in completing the AEO Operations Manual" in table
    everything = cli("assess", "mongolia").out
    assert "Capacity building" in everything


def test_a_recommendation_with_a_pillar_field_shows_only_with_that_pillar(cli, repo):
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - text: Optimize the uptake of the AEO program\n    source: carec-ccc-23",
        "  - text: Optimize the uptake of the AEO program\n    source: carec-ccc-23\n    pillar: 2",
    )
    path.write_text(text, encoding="utf-8")
    one = cli("--data-dir", str(repo), "assess", "mongolia", "--pillar", "1").out
    two = cli("--data-dir", str(repo), "assess", "mongolia", "--pillar", "2").out
    assert "Optimize the uptake" not in one and "Optimize the uptake" in two


def test_status_stays_next_to_the_standard_on_a_wide_terminal(cli):
    run = cli("assess", "mongolia", env={"COLUMNS": "200"})
    assert run.code == 0, run.err
    rows = [ln for ln in run.out.splitlines() if ln.startswith("  1. Integrated Supply Chain")]
    assert rows and all(len(ln) <= 120 for ln in rows)
    assert rows[0].endswith("✔ Yes")
    header = next(ln for ln in run.out.splitlines() if ln.lstrip().startswith("Standard"))
    assert header.endswith("Status") and len(header) <= 120


def planned(repo, target_date: str | None) -> None:
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text(encoding="utf-8")
    new = "  p3-s3:\n    status: planned"
    if target_date:
        new += f"\n    target_date: {target_date}"
    text = text.replace("  p3-s3:\n    status: no", new, 1)
    path.write_text(text, encoding="utf-8")


def test_target_date_of_planned_work_is_shown(cli, repo):
    planned(repo, "2027-01")
    run = cli("--data-dir", str(repo), "assess", "mongolia")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("  3. Alignment of security"))
    assert lines[at].endswith("… Planned")
    assert lines[at + 1].endswith("by 2027-01")
    data = json.loads(cli("--data-dir", str(repo), "assess", "mongolia", "-f", "json").out)
    by_id = {s["id"]: s for s in data["standards"]}
    assert by_id["p3-s3"]["target_date"] == "2027-01"
    assert by_id["p3-s4"]["target_date"] is None
    rows = list(
        csv.DictReader(io.StringIO(cli("--data-dir", str(repo), "assess", "mn", "-f", "csv").out))
    )
    assert {r["id"]: r["target_date"] for r in rows}["p3-s3"] == "2027-01"
    assert {r["id"]: r["target_date"] for r in rows}["p3-s4"] == ""
    md = cli("--data-dir", str(repo), "assess", "mongolia", "-f", "markdown").out
    assert "| … Planned (by 2027-01) |" in md


def test_planned_without_a_target_date_shows_no_date(cli, repo):
    planned(repo, None)
    run = cli("--data-dir", str(repo), "assess", "mongolia", "--gaps")
    lines = run.out.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("  3. Alignment of security"))
    assert lines[at].endswith("… Planned") and "by " not in lines[at + 1]
