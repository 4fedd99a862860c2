"""`safe-map compare A B`: side by side, and readiness for mutual recognition."""

from __future__ import annotations

import json

from .conftest import ROOT


def kazakhstan_with(repo, statuses: dict[str, str]) -> None:
    text = (ROOT / "countries" / "kazakhstan.yaml").read_text(encoding="utf-8")
    text = text.replace("instruments: {}", "instruments:\n  code:\n    title: Customs Code")
    for standard, status in statuses.items():
        old = "    status: not-assessed"
        start = text.index(f"  {standard}:")
        end = text.index(old, start) + len(old)
        new = f"    status: {status}"
        if status in ("yes", "partial"):
            new += "\n    citations:\n      - instrument: code\n        provision: Article 542"
        text = text[:start] + text[start:end].replace(old, new) + text[end:]
    (repo / "countries" / "kazakhstan.yaml").write_text(text, encoding="utf-8")


def test_compare_json_counts_readiness(cli, repo):
    kazakhstan_with(repo, {"p1-s1": "yes", "p1-s2": "no", "p3-s3": "yes", "p3-s4": "no"})
    run = cli("--data-dir", str(repo), "compare", "mongolia", "kazakhstan", "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    by_id = {s["id"]: s for s in data["standards"]}
    assert by_id["p1-s1"]["a"]["status"] == "yes" and by_id["p1-s1"]["b"]["status"] == "yes"
    assert by_id["p1-s1"]["agree"] is True
    assert by_id["p1-s1"]["b"]["citations"] == ["Customs Code, Article 542"]
    assert by_id["p1-s2"]["agree"] is False
    overall = data["readiness"]["overall"]
    # Mongolia meets 21; Kazakhstan meets p1-s1 (both) and p3-s3 (only Kazakhstan).
    assert overall == {"both": 1, "only_a": 20, "only_b": 1, "neither": 4}
    assert sum(overall.values()) == 26
    pillar3 = data["readiness"]["pillars"][2]
    assert (pillar3["both"], pillar3["only_a"], pillar3["only_b"], pillar3["neither"]) == (
        0,
        4,
        1,
        4,
    )


def test_compare_table_and_markdown(cli, repo):
    kazakhstan_with(repo, {"p1-s1": "yes"})
    table = cli("--data-dir", str(repo), "compare", "mn", "kz", env={"COLUMNS": "200"}).out
    assert "Readiness for mutual recognition" in table
    assert "only MN" in table and "only KZ" in table
    assert "= same" in table and "≠ differ" in table
    md = cli("--data-dir", str(repo), "compare", "mn", "kz", "-f", "markdown").out
    assert "| Overall | 1 | 20 | 0 | 5 |" in md


def test_compare_refuses_the_same_country_twice(cli, repo):
    kazakhstan_with(repo, {})
    run = cli("--data-dir", str(repo), "compare", "mongolia", "MN")
    assert run.code == 2 and "same country" in run.err


def test_compare_unknown_country(cli, repo):
    run = cli("--data-dir", str(repo), "compare", "mongolia", "narnia")
    assert run.code == 2 and "no country 'narnia'" in run.err
