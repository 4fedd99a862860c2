"""`check` of the whole folder and of the files given: one streaming path, the same verdicts."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from pathlib import Path

import pytest

import safe_map.countries
from safe_map.checker import run_check
from safe_map.data import DataRepo
from safe_map.diagnostics import Diagnostic

TODAY = date(2026, 11, 27)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def every_file(root: Path) -> list[Path]:
    return sorted(
        p
        for folder in ("standards", "countries", "groups", "plans")
        for p in (root / folder).iterdir()
    )


@pytest.fixture
def data(full_repo: Path) -> DataRepo:
    return DataRepo(full_repo, "test")


def test_every_file_given_is_judged_as_the_whole_folder_judges_it(data):
    root = data.root
    edit(root / "countries" / "mongolia.yaml", "  p1-s1:", "  p1-s99:")
    edit(root / "countries" / "georgia.yaml", "iso: GE", "iso: XQ")
    edit(root / "standards" / "safe-2021.yaml", "        number: 2", "        number: 7")
    (root / "groups" / "bad.yaml").write_text("id: [broken\n", encoding="utf-8")

    whole = run_check(data, None, today=TODAY)
    given = run_check(data, every_file(root), today=TODAY)

    assert given == whole
    assert whole.files == 1 + 12 + 2 + 1  # the catalogue, countries, groups and plan
    assert {(Path(d.path).name, d.code) for d in whole.diagnostics} == {
        ("mongolia.yaml", "C001"),
        ("mongolia.yaml", "C002"),
        ("georgia.yaml", "C007"),
        ("safe-2021.yaml", "F002"),
        ("bad.yaml", "Y001"),
    }


def test_a_file_given_alone_meets_the_other_files_for_c010(data):
    # pre-commit passes only the changed file: the repository's other files are looked at.
    mongolia = data.root / "countries" / "mongolia.yaml"
    copy = data.root / "countries" / "mn.yaml"
    copy.write_text(mongolia.read_text(encoding="utf-8"), encoding="utf-8")

    alone = run_check(data, [copy], today=TODAY)

    assert alone.files == 1
    assert alone.diagnostics == [
        Diagnostic(
            str(copy),
            10,
            3,
            "C010",
            f"Mongolia (MN) is already described in {mongolia}: keep one file per country",
        )
    ]


def test_two_files_given_together_are_reported_once(data):
    mongolia = data.root / "countries" / "mongolia.yaml"
    copy = data.root / "countries" / "mn.yaml"
    copy.write_text(mongolia.read_text(encoding="utf-8"), encoding="utf-8")

    both = run_check(data, [mongolia, copy], today=TODAY)

    assert [(d.path, d.code) for d in both.diagnostics] == [(str(mongolia), "C010")]
    assert f"already described in {copy}" in both.diagnostics[0].message


def test_a_group_file_given_is_checked_on_its_own(data):
    bad = data.root / "groups" / "bad.yaml"
    bad.write_text("id: [broken\n", encoding="utf-8")

    result = run_check(data, [bad], today=TODAY)

    assert [(d.path, d.code) for d in result.diagnostics] == [(str(bad), "Y001")]


def test_a_folder_without_catalogue_is_named_when_files_are_given(tmp_path, full_repo):
    data = DataRepo(tmp_path / "empty", "--data-dir")  # named: the file is checked against it
    (data.root / "standards").mkdir(parents=True)
    (data.root / "countries").mkdir()
    mongolia = full_repo / "countries" / "mongolia.yaml"

    result = run_check(data, [mongolia], today=TODAY)

    assert (str(data.standards_dir), "C011") in [(d.path, d.code) for d in result.diagnostics]


@pytest.mark.parametrize("given", [False, True], ids=["whole folder", "files given"])
def test_country_files_are_streamed(data, monkeypatch, given):
    """Only the file being checked is held in full; the ones before it are already freed."""
    load = safe_map.countries.load_country
    loaded: list[weakref.ref] = []
    alive_at_each_load: list[int] = []

    def counting(path, shown):
        gc.collect()
        alive_at_each_load.append(sum(ref() is not None for ref in loaded))
        country, found = load(path, shown)
        if country is not None:
            loaded.append(weakref.ref(country))
        return country, found

    monkeypatch.setattr(safe_map.countries, "load_country", counting)
    paths = sorted((data.root / "countries").iterdir()) if given else None
    result = run_check(data, paths, today=TODAY)

    assert result.diagnostics == []
    assert len(loaded) == 12
    assert max(alive_at_each_load) <= 1  # the previous file's, until the next one replaces it
