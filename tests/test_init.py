"""`safe-map init`: a new country file, every standard not-assessed, valid for check."""

from __future__ import annotations

from ruamel.yaml import YAML

SOURCE = [
    "--source-title",
    "National AEO gap analysis",
    "--source-date",
    "2025-03-01",
    "--source-id",
    "gap-2025",
]


def test_init_scaffolds_a_valid_file(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Kyrgyz Republic", "--iso", "kg", *SOURCE)
    assert run.code == 0, run.err
    path = repo / "countries" / "kyrgyz-republic.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../safe_map/schemas/country.schema.json"
    )
    assert "  p1-s4:  # 4. Risk-Management Systems\n    status: not-assessed\n" in text
    data = YAML(typ="safe").load(text)  # an independent reader
    assert data["country"] == {"name": "Kyrgyz Republic", "iso": "KG"}
    assert data["sources"][0]["id"] == "gap-2025"
    assert len(data["assessments"]) == 26
    assert {a["status"] for a in data["assessments"].values()} == {"not-assessed"}
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0 and "no problems" in check.out
    report = cli("--data-dir", str(repo), "assess", "kg", "-f", "json")
    assert report.code == 0


def test_init_refuses_what_check_would_reject(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Atlantis", "--iso", "XQ", *SOURCE)
    assert run.code == 2
    assert "C007 'XQ' is not an ISO 3166-1 alpha-2 country code" in run.err
    assert "nothing written" in run.err
    assert not (repo / "countries" / "atlantis.yaml").exists()
    run = cli(
        "--data-dir",
        str(repo),
        "init",
        "Georgia",
        "--iso",
        "GE",
        "--source-title",
        "x",
        "--source-date",
        "next week",
    )
    assert run.code == 2 and "S005" in run.err


def test_init_never_overwrites(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Mongolia", "--iso", "MN", *SOURCE)
    assert run.code == 2 and "already exists" in run.err
    run = cli("--data-dir", str(repo), "init", "Mongolie", "--iso", "MN", *SOURCE)
    assert run.code == 2 and "MN is already described in" in run.err
