"""`safe-map init`: a new country file, every standard not-assessed, valid for check."""

from __future__ import annotations

import shutil

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT

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
    assert text.splitlines()[0].startswith("# Kyrgyz Republic: legal basis mapped against")
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


@pytest.mark.parametrize(
    ("schemas", "line"),
    [
        ("schemas", "# yaml-language-server: $schema=../schemas/country.schema.json"),
        (
            "safe_map/schemas",
            "# yaml-language-server: $schema=../safe_map/schemas/country.schema.json",
        ),
        (None, None),  # no schema to point at: no line that would lead nowhere
    ],
)
def test_the_schema_line_leads_to_a_schema(cli, repo, schemas, line):
    if schemas is not None:
        (repo / schemas).mkdir(parents=True)
        shutil.copy(ROOT / "safe_map" / "schemas" / "country.schema.json", repo / schemas)
    assert cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM").code == 0
    path = repo / "countries" / "armenia.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if line is None:
        assert "$schema" not in path.read_text(encoding="utf-8")
        assert first.startswith("# Armenia: legal basis")
        return
    assert first == line
    assert (path.parent / first.split("$schema=")[1]).resolve().is_file()


def test_init_refuses_what_check_would_reject(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Atlantis", "--iso", "XQ", *SOURCE)
    assert run.code == 2
    assert run.err == (
        "safe-map: --iso XQ is not an ISO 3166-1 alpha-2 country code: look the code up at "
        "https://www.iso.org/obp/ui/#search\n"
        "safe-map: nothing written: correct the options above and run init again\n"
    )
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
    assert run.code == 2
    assert "safe-map: --source-date 'next week' is not a date: write YYYY-MM-DD" in run.err
    assert not (repo / "countries" / "georgia.yaml").exists()


def test_init_errors_speak_of_the_options_not_of_an_unwritten_file(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AZ")
    assert run.code == 2
    assert run.err == (
        "safe-map: --iso AZ is the code of Azerbaijan, but the name given is Armenia (code AM): "
        "correct one of the two\n"
        "safe-map: nothing written: correct the options above and run init again\n"
    )
    assert "countries/" not in run.err
    assert list((repo / "countries").iterdir()) == [repo / "countries" / "mongolia.yaml"]


def test_init_names_every_wrong_option_at_once(cli, repo):
    run = cli("--data-dir", str(repo), "init", "???", "--iso", "A1", "--source-date", "2999-02-01")
    assert run.code == 2
    lines = run.err.splitlines()
    assert lines[0].startswith("safe-map: the name given, '???', has no letters")
    assert lines[1].startswith("safe-map: --iso A1 is not an ISO 3166-1 alpha-2 code")
    assert lines[2].startswith("safe-map: --source-date needs --source-title too")
    assert lines[3].startswith("safe-map: --source-date 2999-02-01: date 2999-02-01 lies in")
    assert lines[4] == "safe-map: nothing written: correct the options above and run init again"
    assert len(lines) == 5


def test_init_without_a_source_when_nothing_is_assessed(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM")
    assert run.code == 0, run.err
    assert "no source yet" in run.err
    text = (repo / "countries" / "armenia.yaml").read_text(encoding="utf-8")
    assert "\nsources: []\n" in text
    data = YAML(typ="safe").load(text)  # an independent reader
    assert data["sources"] == []
    assert {a["status"] for a in data["assessments"].values()} == {"not-assessed"}
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0 and "no problems" in check.out


@pytest.mark.parametrize(
    ("given", "needed"),
    [
        (["--source-title", "Gap analysis"], "--source-title needs --source-date too"),
        (["--source-date", "2025-03-01"], "--source-date needs --source-title too"),
        (["--source-place", "Yerevan"], "--source-place describe a source: give them with"),
    ],
)
def test_source_options_go_together(cli, repo, given, needed):
    run = cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM", *given)
    assert run.code == 2
    assert needed in run.err and "nothing written" in run.err
    assert not (repo / "countries" / "armenia.yaml").exists()


def test_a_file_without_a_source_takes_one_with_its_first_fact(cli, repo, tmp_path):
    """The first statuses come with the source that gives them: here a returned questionnaire."""
    from tests.test_import import fill

    assert cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM").code == 0
    book = tmp_path / "am.xlsx"
    assert cli("--data-dir", str(repo), "export", "armenia", "-o", str(book)).code == 0
    fill(
        book,
        response={
            "Administration": "State Revenue Committee of Armenia",
            "Date of the answers": "2026-09-30",
        },
        statuses={"p1-s4": ("partial", None)},
        instruments=[{"title": "Customs Code of the EAEU", "kind": "code"}],
        citations=[("p1-s4", "Customs Code of the EAEU", "Article 376")],
    )
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0, run.err
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0, check.out
    data = YAML(typ="safe").load((repo / "countries" / "armenia.yaml").read_text("utf-8"))
    [source] = data["sources"]
    assert data["assessments"]["p1-s4"]["status"] == "partial"
    assert data["assessments"]["p1-s4"]["source"] == source["id"]


def test_init_never_overwrites(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Mongolia", "--iso", "MN", *SOURCE)
    assert run.code == 2 and "already exists" in run.err
    run = cli("--data-dir", str(repo), "init", "Mongolie", "--iso", "MN", *SOURCE)
    assert run.code == 2 and "MN is already described in" in run.err


def test_a_name_typed_in_lower_case_is_written_as_the_country_is(cli, repo):
    run = cli("--data-dir", str(repo), "init", "armenia", "--iso", "am")
    assert run.code == 0, run.err
    text = (repo / "countries" / "armenia.yaml").read_text(encoding="utf-8")
    assert '  name: "Armenia"\n' in text
    # a name with capitals is the user's choice, kept as given
    run = cli("--data-dir", str(repo), "init", "Kyrgyz Republic", "--iso", "KG")
    assert run.code == 0, run.err
    assert (
        '  name: "Kyrgyz Republic"\n' in (repo / "countries" / "kyrgyz-republic.yaml").read_text()
    )
