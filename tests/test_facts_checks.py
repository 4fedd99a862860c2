"""check's rules on the facts around a mapping: every programme fact, status, legal basis and
MRA names a source (C015); a source says when and where (C016); the two sides of an MRA agree
(C017, on each side, also when pre-commit passes one file); an MRA partner is a country or a
named group (C018); and the sources each value names reach the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CHINA = "countries/peoples-republic-of-china.yaml"
MONGOLIA = "countries/mongolia.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def diagnostics(cli, root: Path, *args: str) -> list[dict]:
    run = cli("--data-dir", str(root), "check", "-f", "json", *args)
    assert run.code in (0, 1), run.err
    return json.loads(run.out)["diagnostics"]


def codes(found: list[dict]) -> list[tuple[str, str]]:
    return [(Path(d["path"]).name, d["code"]) for d in found]


def test_the_shipped_facts_pass(cli, full_repo):
    assert diagnostics(cli, full_repo) == []


def test_an_mra_without_a_source_is_refused(cli, full_repo):
    edit(full_repo / CHINA, "    source: vsrkeppt-cn-ru-mra\n", "")
    [found] = diagnostics(cli, full_repo)
    assert found["code"] == "C015" and found["severity"] == "error"
    assert found["message"].startswith("the MRA with RU names no source")


def test_a_programme_fact_takes_the_programmes_source_or_needs_its_own(cli, full_repo):
    path = full_repo / "countries" / "pakistan.yaml"
    edit(path, "      source: propakistani-2020-11-05\n", "")  # the programme's source serves
    assert diagnostics(cli, full_repo) == []
    edit(path, "  source: carec-ccc-23\n  status:", "  status:")  # and now no source at all
    found = diagnostics(cli, full_repo)
    assert ("pakistan.yaml", "C015") in codes(found)
    messages = " ".join(d["message"] for d in found)
    assert "the programme's status names no source" in messages
    assert "the programme's fact 2 names no source" in messages


def test_a_named_source_must_say_when_and_where(cli, full_repo):
    edit(
        full_repo / CHINA,
        '    accessed: "2026"\n',
        "",
    )
    edit(
        full_repo / CHINA,
        "    publisher: english.beijing.gov.cn\n    url: https://english",
        "    x-url: https://english",
    )
    found = [d for d in diagnostics(cli, full_repo) if d["code"] != "S001"]
    messages = [d["message"] for d in found if d["code"] == "C016"]
    assert any("'beijing-customs-aeo' has no date" in m for m in messages)
    assert any("'beijing-customs-aeo' does not say where to find it" in m for m in messages)


@pytest.mark.parametrize("given", [False, True], ids=["whole folder", "one file, as pre-commit"])
def test_two_sides_that_differ_are_warned_on_each_side(cli, full_repo, given):
    edit(full_repo / CHINA, "    in_force: 2025-06-01\n", "    in_force: 2025-07-01\n")
    args = [str(full_repo / MONGOLIA)] if given else []
    found = [d for d in diagnostics(cli, full_repo, *args) if d["code"] == "C017"]
    assert {d["severity"] for d in found} == {"warning"}
    mine = [d for d in found if d["path"].endswith("mongolia.yaml")]
    assert len(mine) == 1
    assert "in force 2025-06-01 here" in mine[0]["message"]
    assert "in force 2025-07-01 in" in mine[0]["message"]
    if not given:  # the whole folder: China's side is told too
        assert [Path(d["path"]).name for d in found] == [
            "mongolia.yaml",
            "peoples-republic-of-china.yaml",
        ]
    run = cli("--data-dir", str(full_repo), "check", "--strict", *args)
    assert run.code == 1  # --strict makes the warning fail a CI run


def test_an_mra_only_one_side_records_is_warned_on_the_silent_side_too(cli, full_repo):
    kazakhstan = full_repo / "countries" / "kazakhstan.yaml"
    edit(
        full_repo / MONGOLIA,
        "mras:\n",
        "mras:\n  - partner: KZ\n    state: signed\n    signed: 2024-01-01\n"
        "    source: carec-ccc-23\n",
    )
    alone = [d for d in diagnostics(cli, full_repo, str(kazakhstan)) if d["code"] == "C017"]
    assert len(alone) == 1  # checking Kazakhstan's file alone still finds Mongolia's record
    assert "records an MRA with Kazakhstan" in alone[0]["message"]
    assert "this file records none with Mongolia" in alone[0]["message"]


@pytest.mark.parametrize(
    ("partner", "message"),
    [
        ("QQ", "'QQ' is not an ISO 3166-1 alpha-2 country code"),
        ("MN", "is the country itself"),
        ("eaeu", "for a group of countries add 'partner_name:'"),
    ],
)
def test_a_partner_must_be_a_country_or_a_named_group(cli, full_repo, partner, message):
    edit(full_repo / MONGOLIA, "  - partner: CN\n", f"  - partner: {partner}\n")
    found = [d for d in diagnostics(cli, full_repo) if d["code"] == "C018"]
    assert len(found) == 1 and message in found[0]["message"]


def test_eu_and_a_named_group_are_partners(cli, full_repo):
    edit(
        full_repo / MONGOLIA,
        "mras:\n",
        "mras:\n  - partner: EU\n    state: under-negotiation\n    source: carec-ccc-23\n"
        "  - partner: eaeu\n    partner_name: Eurasian Economic Union\n"
        "    state: under-negotiation\n    source: carec-ccc-23\n",
    )
    assert [d for d in diagnostics(cli, full_repo) if d["code"] == "C018"] == []


def test_a_value_names_its_own_source_in_every_report(cli, full_repo):
    """Pakistan's status is the survey's, its start date a news report's: each shows its own."""
    data = ("--data-dir", str(full_repo))
    report = json.loads(cli(*data, "assess", "pakistan", "-f", "json").out)["programme"]
    assert report["status_source"] == "carec-ccc-23"
    assert report["since_source"] == "propakistani-2020-11-05"
    assert set(report["legal_basis_sources"]) == {"propakistani-2020-09-04"}
    table = cli(*data, "assess", "pakistan").out
    since = next(line for line in table.splitlines() if line.strip().startswith("Since"))
    number = since.rsplit("[", 1)[1].rstrip("]")
    sources = table[table.index("\nSources\n") :]
    listed = next(line for line in sources.splitlines() if line.strip().startswith(f"[{number}]"))
    assert "authorized economic operators pilot project" in listed.lower()
    markdown = cli(*data, "assess", "pakistan", "-f", "markdown").out
    assert "- Since: 2020-11 (source: Report on the launch of the Authorized" in markdown


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - partner: CN\n    state: suspended\n    source: gmteight-cn-mn-mra\n",
            "a second MRA with CN: keep one entry per partner",
        ),
        (
            "  - partner: KR\n    state: under-negotiation\n    signed: 2024-01-01\n"
            "    source: carec-ccc-23\n",
            "is under negotiation but gives a date of signature",
        ),
        (
            "  - partner: KR\n    state: in-force\n    in_force: 2099-01-01\n"
            "    source: carec-ccc-23\n",
            "which has not come yet: write state: signed until that day",
        ),
    ],
)
def test_an_mra_whose_entries_contradict_themselves_is_warned(cli, full_repo, entry, message):
    edit(full_repo / MONGOLIA, "mras:\n", "mras:\n" + entry)
    found = [d for d in diagnostics(cli, full_repo) if d["code"] == "C017"]
    assert any(message in d["message"] for d in found), found


def test_every_programme_value_needs_a_source(cli, full_repo):
    """Not only the status: a unit, a staff count or a measure with no source is refused."""
    path = full_repo / "countries" / "afghanistan.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nprogramme:\n") + 1
    end = text.index("\nnotes:", start) + 1
    path.write_text(
        text[:start] + "programme:\n  responsible_unit: A unit\n  staff: 40\n\n" + text[end:],
        encoding="utf-8",
    )
    messages = [d["message"] for d in diagnostics(cli, full_repo) if d["code"] == "C015"]
    assert any(m.startswith("the programme's responsible_unit names no source") for m in messages)
    assert any(m.startswith("the programme's staff names no source") for m in messages)


def test_a_plan_tasks_date_is_checked(cli, full_repo):
    plan = full_repo / "plans" / "mx-aeo-ocs-2017.yaml"
    edit(plan, "    status: complete\n", "    status: complete\n    date: 2017-02-30\n")
    found = diagnostics(cli, full_repo)
    assert [(Path(d["path"]).name, d["code"]) for d in found] == [("mx-aeo-ocs-2017.yaml", "S005")]
