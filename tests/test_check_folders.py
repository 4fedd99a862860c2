"""`safe-map check FILE`: each file is checked against the data folder that holds it.

Not against the current folder's data or the bundled data; a file in no data folder is checked
alone, with a note on stderr; --data-dir names the folder for every file given.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safe_map.checker import run_check
from safe_map.data import DataRepo, holding, locate

from .conftest import CORPUS, ROOT

NOTE = "safe-map: note: "


def data_folder(where: Path, *countries: str) -> Path:
    """A data folder with the shipped catalogue and the shipped files of `countries`."""
    shutil.copytree(ROOT / "standards", where / "standards")
    (where / "countries").mkdir()
    for name in countries:
        shutil.copy(ROOT / "countries" / f"{name}.yaml", where / "countries")
    return where


@pytest.fixture
def other(tmp_path: Path) -> Path:
    return data_folder(tmp_path / "other", "mongolia")


def test_holding():
    assert holding(ROOT / "countries" / "mongolia.yaml") == ROOT.resolve()
    assert holding(ROOT / "standards" / "safe-2021.yaml") == ROOT.resolve()
    assert holding(CORPUS / "good.yaml") is None


def test_the_issue_a_file_of_another_folder_from_outside(cli, other, tmp_path, monkeypatch):
    # Outside any data folder, the bundled data (which holds Mongolia too) is not used.
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "github"):
        run = cli("check", "other/countries/mongolia.yaml", "-f", fmt)
        assert run.code == 0, run.out
        assert "C010" not in run.out and run.err == ""
    assert cli("check", "other/countries/mongolia.yaml").out == "1 file checked, no problems\n"


def test_a_file_of_another_folder_from_inside_a_data_folder(cli, other, tmp_path, monkeypatch):
    here = data_folder(tmp_path / "here", "mongolia")
    monkeypatch.chdir(here)
    run = cli("check", str(other / "countries" / "mongolia.yaml"))
    assert run.code == 0 and run.out == "1 file checked, no problems\n"


def test_the_file_is_checked_against_its_own_folder(cli, other, tmp_path, monkeypatch):
    # A second Mongolia in `other` is a true duplicate, found from anywhere.
    copy = other / "countries" / "mn.yaml"
    shutil.copy(other / "countries" / "mongolia.yaml", copy)
    monkeypatch.chdir(tmp_path)
    run = cli("check", "other/countries/mn.yaml")
    assert run.code == 1
    assert run.out.splitlines() == [
        "other/countries/mn.yaml:10:3: C010 Mongolia (MN) is already described in "
        "other/countries/mongolia.yaml: keep one file per country",
        "1 error in 1 file (1 checked)",
    ]


def test_the_environment_variable_does_not_override_the_files_folder(cli, other, tmp_path):
    here = data_folder(tmp_path / "here", "mongolia")
    run = cli("check", str(other / "countries" / "mongolia.yaml"), env={"SAFE_MAP_DATA": str(here)})
    assert run.code == 0 and "C010" not in run.out


def test_files_of_two_folders_in_one_run(cli, other, tmp_path, monkeypatch):
    second = data_folder(tmp_path / "second", "mongolia", "georgia")
    (second / "countries" / "georgia.yaml").write_text(
        (second / "countries" / "georgia.yaml").read_text("utf-8").replace("  p1-s1:", "  p1-s99:"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    # Each against its own folder: Mongolia meets no duplicate, Georgia its catalogue.
    run = cli("check", "other/countries/mongolia.yaml", "second/countries/georgia.yaml")
    assert run.code == 1
    *problems, summary = run.out.splitlines()
    assert [line.split(": ")[1][:4] for line in problems] == ["C002", "C001"]
    assert all(line.startswith("second/countries/georgia.yaml:") for line in problems)
    assert summary == "1 error, 1 warning in 1 file (2 checked)"


# --- a file in no data folder ------------------------------------------------------------------


@pytest.fixture
def lone(tmp_path: Path) -> Path:
    """A country file in no data folder, naming a framework no catalogue defines."""
    (tmp_path / "drafts").mkdir()
    path = tmp_path / "drafts" / "mongolia.yaml"
    shutil.copy(CORPUS / "unknown_framework.yaml", path)
    return path


def test_a_file_in_no_data_folder_is_checked_alone_with_a_note(cli, lone, monkeypatch):
    monkeypatch.chdir(ROOT)  # even inside a data folder (safe-map's own, which holds Mongolia)
    run = cli("check", str(lone))
    assert run.code == 0
    assert run.out == "1 file checked, no problems\n"
    assert run.err == (
        f"{NOTE}{lone} is in no data folder (standards/ and countries/ are not beside its "
        "folder): checked alone, without the rules that need other files (C001, C002, C010, "
        "C011, C017); give --data-dir FOLDER to check it against a data folder\n"
    )


def test_alone_the_file_still_meets_every_rule_of_its_own(cli, lone):
    lone.write_text(
        lone.read_text("utf-8").replace("iso: MN", "iso: XQ").replace("status: yes", "status: Yes"),
        encoding="utf-8",
    )
    run = cli("check", str(lone), "-f", "json")
    assert run.code == 1
    assert [d["code"] for d in json.loads(run.out)["diagnostics"]] == ["C007", "S004"]
    assert run.err.startswith(NOTE)  # stdout stays one JSON document


def test_the_note_changes_no_verdict_even_with_strict(cli, lone):
    run = cli("check", "--strict", str(lone), "-f", "github")
    assert run.code == 0
    assert run.out == "1 file checked, no problems\n" and run.err.startswith(NOTE)


def test_no_note_when_the_skipped_rules_are_not_wanted(cli, lone):
    run = cli("check", "--select", "S,Y", str(lone))
    assert run.code == 0 and run.err == ""
    run = cli("check", "--ignore", "C001,C002", str(lone))
    assert "(C010, C011, C017)" in run.err


def test_no_note_for_a_file_that_cannot_be_read(cli, tmp_path):
    # No rule could run on it, so none was skipped.
    run = cli("check", str(tmp_path / "nothing.yaml"))
    assert run.code == 1 and "Y009" in run.out and run.err == ""
    run = cli("check", str(CORPUS / "syntax_error.yaml"))
    assert run.code == 1 and "Y001" in run.out and run.err == ""


def test_several_lone_files_share_one_note(cli, tmp_path):
    paths = []
    for n in range(5):
        path = tmp_path / f"draft-{n}.yaml"
        shutil.copy(CORPUS / "good.yaml", path)
        paths.append(str(path))
    run = cli("check", *paths)
    assert run.out == "5 files checked, no problems\n"
    [note] = run.err.splitlines()
    assert note.startswith(f"{NOTE}5 files ({paths[0]}, {paths[1]}, {paths[2]}, ...) are in no")
    assert note.endswith("give --data-dir FOLDER to check them against a data folder")


def test_a_lone_catalogue_is_checked_alone(cli, tmp_path):
    (tmp_path / "standards").mkdir()
    path = tmp_path / "standards" / "draft.yaml"
    text = (ROOT / "standards" / "safe-2021.yaml").read_text("utf-8")
    path.write_text(text.replace("        number: 2", "        number: 7", 1), encoding="utf-8")
    run = cli("check", str(path))
    assert run.code == 1 and " F002 " in run.out
    assert "(F004)" in run.err


# --- --data-dir: today's behaviour ---------------------------------------------------------------


def test_data_dir_checks_every_file_against_it(cli, other, lone, tmp_path):
    # Inside it: against it (pre-commit's case), the duplicate found.
    copy = other / "countries" / "mn.yaml"
    shutil.copy(other / "countries" / "mongolia.yaml", copy)
    run = cli("--data-dir", str(other), "check", str(copy))
    assert run.code == 1 and " C010 " in run.out
    copy.unlink()
    # Outside it, in another data folder or in none: against it all the same, with no note.
    here = data_folder(tmp_path / "here", "mongolia")
    run = cli("--data-dir", str(other), "check", str(here / "countries" / "mongolia.yaml"))
    assert run.code == 1 and " C010 " in run.out and run.err == ""
    run = cli("--data-dir", str(other), "check", str(lone))
    assert run.code == 1 and " C011 framework 'safe-2031' has no catalogue" in run.out
    assert run.err == ""


def test_run_check_without_a_command_line(other, lone):
    """The core API: a repository found by default leaves each file to its own folder."""
    mongolia = other / "countries" / "mongolia.yaml"
    found = locate(cwd=ROOT)
    result = run_check(found, [mongolia, lone])
    assert result.diagnostics == [] and result.files == 2
    assert len(result.notes) == 1 and str(lone) in result.notes[0]
    named = DataRepo(other, "--data-dir")
    assert [d.code for d in run_check(named, [lone]).diagnostics] == ["C010", "C011"]


def test_the_issue_end_to_end_in_a_real_shell(other, tmp_path):
    """As the issue tells it: `safe-map check other/countries/mongolia.yaml` outside it."""
    env = {k: v for k, v in os.environ.items() if k != "SAFE_MAP_DATA"}
    run = subprocess.run(
        [sys.executable, "-m", "safe_map", "check", "other/countries/mongolia.yaml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "1 file checked, no problems\n", "")
