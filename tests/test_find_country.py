"""Finding a country's file: by file name, any name of the country, or its ISO code; and when
there is none, saying so plainly instead of listing unrelated countries."""

from __future__ import annotations

import json

import pytest

from safe_map.data import DataRepo
from safe_map.workspace import find_country


def lookup(root, query: str):
    return find_country(DataRepo(root, "test"), query)


@pytest.mark.parametrize(
    "query", ["Kyrgyzstan", "kyrgyzstan", "KG", "kg", "Kyrgyz Republic", "kyrgyz-republic"]
)
def test_every_name_of_a_country_and_its_code_find_its_file(full_repo, query):
    found = lookup(full_repo, query)
    assert found.path == full_repo / "countries" / "kyrgyz-republic.yaml"


@pytest.mark.parametrize("query", ["China", "PRC", "cn"])
def test_other_names_of_china(full_repo, query):
    assert lookup(full_repo, query).path.name == "peoples-republic-of-china.yaml"


@pytest.mark.parametrize("query", ["France", "france", "fr", "FR"])
def test_a_known_country_with_no_file_is_named_not_guessed(full_repo, query):
    found = lookup(full_repo, query)
    assert (found.path, found.iso, found.name, found.close) == (None, "FR", "France", ())


@pytest.mark.parametrize(
    ("query", "close"),
    [
        ("Mongolai", ("mongolia",)),  # a slip of the keyboard
        ("Kazakstan", ("kazakhstan",)),
        ("uzbek", ("uzbekistan",)),  # the start of a name
        ("Atlantis", ()),  # nothing near: no list of unrelated names
        ("xx", ()),
        ("pakistani", ("pakistan",)),
    ],
)
def test_only_really_close_names_are_suggested(full_repo, query, close):
    found = lookup(full_repo, query)
    assert (found.path, found.iso, found.close) == (None, "", close)


def test_assess_finds_the_country_by_another_of_its_names(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "assess", "Kyrgyzstan", "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["country"]["iso"] == "KG"


@pytest.mark.parametrize("query", ["France", "fr"])
def test_assess_says_plainly_that_a_country_has_no_file(cli, full_repo, query):
    run = cli("--data-dir", str(full_repo), "assess", query)
    assert run.code == 2 and run.out == ""
    assert run.err == (
        f"safe-map: no file for France (FR) in {full_repo / 'countries'}/: "
        "`safe-map init France --iso FR` creates one, or `safe-map export France` writes a "
        "blank questionnaire\n"
    )


def test_names_with_spaces_are_quoted_in_the_commands_suggested(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "assess", "us")
    assert run.code == 2
    assert '`safe-map init "United States of America" --iso US` creates one' in run.err


def test_no_list_of_unrelated_countries(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "assess", "Atlantis")
    assert run.code == 2
    assert run.err == (
        f"safe-map: no country 'Atlantis' in {full_repo / 'countries'}\n"
        "  give a file name, country name or ISO code; `safe-map countries` lists them all\n"
    )


def test_a_close_name_is_still_suggested(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "compare", "mongolia", "Kazakstan")
    assert run.code == 2
    assert "  known countries nearest to it: kazakhstan\n" in run.err


def test_export_of_another_name_exports_the_file(cli, full_repo, tmp_path):
    book = tmp_path / "kg.xlsx"
    run = cli("--data-dir", str(full_repo), "export", "Kyrgyzstan", "-o", str(book))
    assert run.code == 0, run.err
    assert "no file yet" not in run.err and book.is_file()
