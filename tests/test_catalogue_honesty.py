"""The catalogue says how sure its titles are, and keeps Pillar 3's inferred level apart from
the titles, in the data and in every report of the standards."""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML


def _standards(data: dict) -> dict[str, dict]:
    return {s["id"]: s for p in data["pillars"] for s in p["standards"]}


def test_the_shipped_catalogue_claims_no_checked_title(cli, repo):
    """Read independently of safe-map: no title is said to be checked, no title carries our
    qualifier, and the level of every Pillar 3 standard is marked as inferred."""
    raw = YAML(typ="safe").load((repo / "standards" / "safe-2021.yaml").read_text("utf-8"))
    assert raw["framework"]["titles_checked"] is False
    assert "follow the official text" not in json.dumps(raw, default=str)
    assert raw["framework"]["sources"], "the catalogue names its sources"
    for pillar in raw["pillars"]:
        for standard in pillar["standards"]:
            assert "(" not in standard["title"], standard["id"]  # no qualifier of ours
            assert standard.get("title_checked") is not True
            if pillar["number"] == 3:
                assert standard["level_inferred"] is True, standard["id"]


def test_standards_say_the_titles_are_unchecked_and_tell_1_and_7_apart(cli, repo):
    data = ("--data-dir", str(repo))
    table = cli(*data, "standards", "--pillar", "3")
    assert table.code == 0
    assert "The titles have not been checked against the framework's own text." in table.out
    assert "Mutual co-operation (within one government; inferred)" in table.out
    assert "Mutual co-operation (between governments; inferred)" in table.out
    markdown = cli(*data, "standards", "-f", "markdown").out
    assert "The titles have not been checked against the framework's own text." in markdown

    shown = json.loads(cli(*data, "standards", "-f", "json").out)
    assert shown["framework"]["titles_checked"] is False
    assert {s["id"] for s in shown["framework"]["sources"]} >= {"carec-ccc-23"}
    standards = _standards(shown)
    one, seven = standards["p3-s1"], standards["p3-s7"]
    assert one["title"] == seven["title"] == "Mutual co-operation"
    assert one["display_title"] != seven["display_title"]
    assert (one["level"], seven["level"]) == ("within-government", "between-governments")
    assert one["level_inferred"] and one["title_checked"] is False
    # A title no other standard of its pillar shares is shown as it is.
    assert standards["p3-s9"]["display_title"] == "Harmonization of security programmes"


def test_a_catalogue_checked_against_the_text_says_nothing(cli, repo):
    path = repo / "standards" / "safe-2021.yaml"
    path.write_text(
        path.read_text("utf-8").replace("titles_checked: false", "titles_checked: true"), "utf-8"
    )
    run = cli("--data-dir", str(repo), "standards")
    assert run.code == 0 and "not been checked" not in run.out
    assert (
        json.loads(cli("--data-dir", str(repo), "standards", "-f", "json").out)["pillars"][0][
            "standards"
        ][0]["title_checked"]
        is True
    )


def test_a_level_outside_the_vocabulary_is_refused(cli, repo):
    path: Path = repo / "standards" / "safe-2021.yaml"
    text = path.read_text("utf-8")
    assert "level: within-government" in text
    path.write_text(text.replace("level: within-government", "level: national", 1), "utf-8")
    run = cli("--data-dir", str(repo), "check")
    assert run.code == 1
    assert "S004 'national' is not a valid level" in run.out
