"""`safe-map check`: rules, report formats, code selection, strictness and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_map.diagnostics import RULES

from .conftest import ROOT

DOCS = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")


def check(cli, repo: Path, *args: str):
    return cli("--data-dir", str(repo), "check", *args)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_data_is_clean(cli):
    run = cli("check")
    assert run.code == 0
    assert run.out.strip().endswith("files checked, no problems")


def test_every_rule_is_documented_with_example_and_fix():
    for code, rule in RULES.items():
        assert f"## {code} {rule.name}" in DOCS, code
    assert DOCS.count("**Fix:**") >= len(RULES)


P3_S9 = (
    "  p3-s9:\n    status: no\n    source_title: Harmonization of Security Programs\n"
    "    notes: The slide gives no legal basis.\n"
)


@pytest.fixture
def mongolia(repo: Path) -> Path:
    return repo / "countries" / "mongolia.yaml"


def test_warning_alone_passes_but_fails_with_strict(cli, repo, mongolia):
    edit(mongolia, P3_S9, "")
    run = check(cli, repo)
    assert run.code == 0
    assert (
        "C002 1 of the 26 standards of safe-2021 are not listed under 'assessments:' (p3-s9)"
        in run.out
    )
    assert run.out.rstrip().endswith("1 warning in 1 file (2 checked)")
    strict = check(cli, repo, "--strict")
    assert strict.code == 1
    assert "1 error in 1 file" in strict.out


def test_unused_instrument_warning(cli, repo, mongolia):
    edit(mongolia, "instruments:\n", "instruments:\n  old-law:\n    title: Old Law\n")
    run = check(cli, repo)
    assert run.code == 0
    assert (
        "countries/mongolia.yaml:34:3: C005 instrument 'old-law' is defined but never "
        "cited: cite it or remove it (warning)" in run.out
    )


def test_select_and_ignore(cli, repo, mongolia):
    edit(mongolia, "iso: MN", "iso: XQ")
    edit(mongolia, P3_S9, "")
    both = check(cli, repo)
    assert "C007" in both.out and "C002" in both.out and both.code == 1
    only_c002 = check(cli, repo, "--select", "C002")
    assert "C007" not in only_c002.out and only_c002.code == 0
    ignored = check(cli, repo, "--ignore", "C007,C002")
    assert ignored.code == 0 and "no problems" in ignored.out
    prefix = check(cli, repo, "--select", "c")  # prefixes, in any case, as ruff
    assert "C007" in prefix.out
    bad = check(cli, repo, "--select", "Z999")
    assert bad.code == 2 and "'Z999' matches no rule code" in bad.err


def test_json_format(cli, repo, mongolia):
    edit(mongolia, "status: yes", "status: maybe")
    data = json.loads(check(cli, repo, "--format", "json").out)
    assert data["files_checked"] == 2
    assert data["errors"] == 1
    [item] = data["diagnostics"]
    assert item == {
        "path": "countries/mongolia.yaml" if not item["path"].startswith("/") else item["path"],
        "line": 72,
        "column": 13,
        "code": "S004",
        "severity": "error",
        "message": item["message"],
    }
    assert item["path"].endswith("countries/mongolia.yaml")
    assert "'maybe' is not a valid status" in item["message"]


def test_github_format(cli, repo, mongolia):
    edit(mongolia, "status: yes", "status: maybe")
    out = check(cli, repo, "--format", "github").out
    line = out.splitlines()[0]
    assert line.startswith("::error file=")
    assert ",line=72,col=13,title=S004::'maybe' is not a valid status" in line


def test_paths_are_checked_against_the_catalogue(cli, repo, mongolia):
    run = check(cli, repo, str(mongolia))
    assert run.code == 0 and "1 file checked, no problems" in run.out
    edit(mongolia, "  p1-s1:", "  p1-s99:")
    run = check(cli, repo, str(mongolia))
    assert run.code == 1 and "C001 'p1-s99' is not a standard of safe-2021" in run.out


def test_file_name_must_match_the_country(cli, repo, mongolia):
    mongolia.rename(repo / "countries" / "mongol.yaml")
    run = check(cli, repo)
    assert (
        "C009 file name 'mongol' does not match the country 'Mongolia': rename the file "
        "to mongolia.yaml" in run.out
    )
    (repo / "countries" / "mongol.yaml").rename(repo / "countries" / "mn.yaml")
    assert check(cli, repo).code == 0  # the ISO code is a good name too


def test_two_files_for_one_country(cli, repo, mongolia):
    (repo / "countries" / "mn.yaml").write_text(mongolia.read_text())
    run = check(cli, repo)
    assert run.code == 1
    assert "C010 Mongolia (MN) is already described in" in run.out


def test_unknown_source_reference(cli, repo, mongolia):
    edit(mongolia, "programme:\n  source: carec-ccc-23", "programme:\n  source: carec-ccc-24")
    run = check(cli, repo)
    assert "C012 source 'carec-ccc-24' is not defined under 'sources:'" in run.out


def test_unknown_source_of_an_instrument(cli, repo, mongolia):
    edit(
        mongolia,
        "    title: Customs Law of Mongolia\n",
        "    title: Customs Law of Mongolia\n    source: survey-2030\n",
    )
    run = check(cli, repo)
    assert run.code == 1
    assert "C012 source 'survey-2030' is not defined under 'sources:'" in run.out


def test_catalogue_rules(cli, repo):
    catalogue = repo / "standards" / "safe-2021.yaml"
    edit(catalogue, "      - id: p1-s2\n        number: 2", "      - id: p1-s1\n        number: 3")
    run = check(cli, repo)
    assert "F001 standard id 'p1-s1' is used twice" in run.out
    assert "F002 standard of pillar 1 numbered 3 where 2 is expected" in run.out
    assert run.code == 1


def test_empty_pillar_and_duplicate_framework(cli, repo):
    extra = repo / "standards" / "safe-copy.yaml"
    extra.write_text(
        "framework:\n  id: safe-2021\n  title: Copy\n  publisher: Me\n  edition: '1'\n"
        "pillars:\n  - number: 1\n    name: Empty\n    standards: []\n"
    )
    run = check(cli, repo)
    assert "safe-copy.yaml:7:5: F003 pillar 1 has no standards" in run.out
    assert "F004 framework id 'safe-2021' is already used by" in run.out


def test_every_mistake_in_a_file_is_reported_at_once(cli, repo, mongolia):
    edit(mongolia, "iso: MN", "iso: KZ")
    edit(mongolia, "status: yes", "status: Yes")
    edit(mongolia, "instrument: customs-law", "instrument: customs-lw")
    edit(mongolia, "    date: 2021-03-17", "    date: 2031-03-17")
    codes = {line.split()[1] for line in check(cli, repo).out.splitlines()[:-1]}
    assert {"C008", "S004", "C004", "C006"} <= codes


def test_summary_counts_files(cli, repo, mongolia):
    edit(mongolia, "status: yes", "status: maybe")
    (repo / "countries" / "broken.yaml").write_text("country: [\n")
    out = check(cli, repo).out
    assert out.rstrip().splitlines()[-1] == "2 errors in 2 files (3 checked)"


def test_a_new_file_duplicating_another_is_caught_when_checked_alone(cli, repo, mongolia):
    # pre-commit passes only the changed file: the other files must still be looked at.
    copy = repo / "countries" / "mn.yaml"
    copy.write_text(mongolia.read_text())
    run = check(cli, repo, str(copy))
    assert run.code == 1
    assert "C010 Mongolia (MN) is already described in" in run.out
    assert "mongolia.yaml" in run.out


@pytest.mark.parametrize(("length", "code"), [(32_768, 1), (32_767, 0)])
def test_text_longer_than_a_workbook_cell(cli, repo, mongolia, length, code):
    # A workbook cell holds at most 32,767 characters: export could not write more.
    long_note = "    notes: " + "x" * length + "\n"
    edit(mongolia, P3_S9, P3_S9.replace("    notes: The slide gives no legal basis.\n", long_note))
    run = check(cli, repo)
    assert run.code == code, run.out
    if code:
        assert (
            "countries/mongolia.yaml:256:12: C013 p3-s9: notes is 32,768 characters long, more "
            "than the 32,767 a workbook cell can hold: shorten it or split it" in run.out
        )
    else:
        assert "C013" not in run.out


def test_long_citation_text_is_reported_at_the_text(cli, repo, mongolia):
    edit(mongolia, "        provision: Provision 33\n", "        excerpt: " + "y" * 40_000 + "\n")
    run = check(cli, repo)
    assert run.code == 1
    assert "mongolia.yaml:75:18: C013 p1-s1, citation 1: excerpt is 40,000 characters" in run.out


AFGHANISTAN = "countries/afghanistan.yaml"


def sourceless(full_repo: Path, old: str = "", new: str = "") -> Path:
    """Afghanistan's file (every standard not-assessed) with its sources taken out."""
    path = full_repo / AFGHANISTAN
    text = path.read_text(encoding="utf-8")
    start = text.index("\nsources:\n") + 1
    end = text.index("\n\n", start) + 1
    text = text[:start] + "sources: []\n" + text[end:]
    # Its programme facts (and MRAs) are facts too: out with them, up to the file's notes.
    if "\nprogramme:\n" in text:
        text = text[: text.index("\nprogramme:\n") + 1] + text[text.index("\nnotes:") + 1 :]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The line (from 1) where `text` first starts in the file."""
    return (
        path.read_text(encoding="utf-8")[: path.read_text(encoding="utf-8").index(text)].count("\n")
        + 1
    )


def test_a_file_that_states_nothing_needs_no_source(cli, full_repo):
    path = sourceless(full_repo)
    assert check(cli, full_repo, str(path)).code == 0
    text = path.read_text(encoding="utf-8").replace("sources: []\n", "")
    path.write_text(text, encoding="utf-8")
    assert check(cli, full_repo, str(path)).code == 0  # sources: may be left out too


@pytest.mark.parametrize(
    ("old", "new", "where", "fact"),
    [
        ("    status: not-assessed", "    status: no", "0:13", "p1-s1 is 'no'"),
        (
            "    status: not-assessed",
            "    status: not-applicable",
            "0:13",
            "p1-s1 is 'not-applicable'",
        ),
        (
            "instruments: {}",
            "instruments:\n  customs-code:\n    title: Customs Code",
            "1:3",
            "instrument 'customs-code' is defined",
        ),
    ],
)
def test_a_fact_needs_a_source(cli, full_repo, old, new, where, fact):
    path = sourceless(full_repo, old, new)
    run = check(cli, full_repo, str(path), "--select", "C014")
    assert run.code == 1
    [line] = [ln for ln in run.out.splitlines() if " C014 " in ln]
    row, col = where.split(":")
    where = f"{line_of(path, new.splitlines()[int(row)])}:{col}"
    assert line == (
        f"{path}:{where}: C014 {fact}, but the file names no source: add under 'sources:' the "
        "document the facts come from (id, title and date)"
    )


def test_one_report_per_file_at_its_first_fact(cli, full_repo):
    path = sourceless(full_repo)
    text = path.read_text(encoding="utf-8").replace("status: not-assessed", "status: planned")
    path.write_text(text, encoding="utf-8")
    run = check(cli, full_repo, str(path), "--select", "C014")
    [line] = [ln for ln in run.out.splitlines() if " C014 " in ln]
    assert "C014 p1-s1 is 'planned'" in line
