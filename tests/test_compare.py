"""`safe-map compare A B`: side by side, and readiness for mutual recognition."""

from __future__ import annotations

import json

from .conftest import ROOT


def kazakhstan_with(repo, statuses: dict[str, str]) -> None:
    text = (ROOT / "countries" / "kazakhstan.yaml").read_text(encoding="utf-8")
    text = text.replace("\ninstruments:\n", "\ninstruments:\n  code:\n    title: Customs Code\n", 1)
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
    assert by_id["p1-s1"]["agree"] is True and by_id["p1-s1"]["readiness"] == "both"
    assert by_id["p1-s1"]["b"]["citations"] == ["Customs Code, Article 542"]
    assert by_id["p1-s2"]["agree"] is False and by_id["p1-s2"]["readiness"] == "only_a"
    assert by_id["p3-s3"]["readiness"] == "only_b" and by_id["p3-s4"]["readiness"] == "neither"
    overall = data["readiness"]["overall"]
    # Kazakhstan assessed four standards: only those can match or differ.
    assert overall == {
        "both": 1,
        "only_a": 1,
        "only_b": 1,
        "neither": 1,
        "unknown": 22,
        "assessed_by_both": 4,
    }
    pillar3 = data["readiness"]["pillars"][2]
    assert (pillar3["both"], pillar3["only_a"], pillar3["only_b"], pillar3["neither"]) == (
        0,
        0,
        1,
        1,
    )
    assert (pillar3["unknown"], pillar3["assessed_by_both"]) == (7, 2)


def test_not_assessed_on_one_side_is_unknown_not_a_difference(cli, repo):
    kazakhstan_with(repo, {})  # Kazakhstan has assessed nothing
    run = cli("--data-dir", str(repo), "compare", "mongolia", "kazakhstan", "-f", "json")
    data = json.loads(run.out)
    assert {s["agree"] for s in data["standards"]} == {None}
    assert {s["readiness"] for s in data["standards"]} == {"unknown"}
    assert data["readiness"]["overall"]["assessed_by_both"] == 0
    assert data["readiness"]["overall"]["only_a"] == 0  # Mongolia's 21 are not "only MN"
    table = cli("--data-dir", str(repo), "compare", "mongolia", "kazakhstan").out
    assert "≠ differ" not in table
    assert table.count("? unknown") == 26
    assert "  Overall                      0 of 26         0         0         0         0" in (
        table
    )
    assert "a standard not assessed on one" in table
    md = cli("--data-dir", str(repo), "compare", "mn", "kz", "-f", "markdown").out
    assert "| ? Not assessed | — | unknown |" in md and "| no |" not in md
    assert "| Overall | 0 of 26 | 0 | 0 | 0 | 0 |" in md


def test_compare_table_and_markdown(cli, repo):
    kazakhstan_with(repo, {"p1-s1": "yes", "p1-s2": "no"})
    table = cli("--data-dir", str(repo), "compare", "mn", "kz", env={"COLUMNS": "200"}).out
    assert "Readiness for mutual recognition" in table
    assert "only MN" in table and "only KZ" in table
    assert "= same" in table and "≠ differ" in table and "? unknown" in table
    md = cli("--data-dir", str(repo), "compare", "mn", "kz", "-f", "markdown").out
    assert "| Pillar | assessed by both | both meet | only MN | only KZ | neither meets |" in md
    assert "| Overall | 2 of 26 | 1 | 1 | 0 | 0 |" in md


def test_titles_stay_readable_at_80_columns(cli, repo):
    kazakhstan_with(repo, {})
    run = cli("--data-dir", str(repo), "compare", "mongolia", "kazakhstan")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert max(len(ln) for ln in lines) <= 80
    standard = [ln[2:20].rstrip() for ln in lines if ln.startswith("  ")]
    # The number stays with the first word, and no word is cut.
    assert "4. Risk-Management" in standard
    assert "3. Authorization" in standard and "5. Communication" in standard
    assert "4. Harmonization" in standard and "6. Harmonization" in standard
    assert not [s for s in standard if s.rstrip(".").isdigit()]
    assert not [s for s in standard if s.endswith("…")]


def test_compare_refuses_the_same_country_twice(cli, repo):
    kazakhstan_with(repo, {})
    run = cli("--data-dir", str(repo), "compare", "mongolia", "MN")
    assert run.code == 2 and "same country" in run.err


def test_compare_unknown_country(cli, repo):
    run = cli("--data-dir", str(repo), "compare", "mongolia", "narnia")
    assert run.code == 2 and "no country 'narnia'" in run.err
