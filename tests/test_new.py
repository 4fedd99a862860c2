"""`safe-map new DIR`: a data folder of one's own; and no command writes into the bundled data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from safe_map import data, scaffold

from .conftest import ROOT

OWN_LINE = "# yaml-language-server: $schema=../schemas/{}.schema.json"
BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
INIT = [
    "init",
    "Armenia",
    "--iso",
    "AM",
    "--source-title",
    "National AEO gap analysis",
    "--source-date",
    "2025-03-01",
]


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def shipped(folder: str) -> list[str]:
    return sorted(p.name for p in (ROOT / folder).glob("*.yaml"))


def test_new_makes_a_data_folder_that_checks_clean(cli, tmp_path):
    dest = tmp_path / "our-data"
    run = cli("new", str(dest))
    assert run.code == 0, run.err
    assert sorted(p.name for p in (dest / "countries").iterdir()) == shipped("countries")
    assert sorted(p.name for p in (dest / "standards").iterdir()) == shipped("standards")
    assert sorted(p.name for p in (dest / "groups").iterdir()) == shipped("groups")
    assert sorted(p.name for p in (dest / "schemas").iterdir()) == [
        "catalogue.schema.json",
        "country.schema.json",
        "group.schema.json",
        "plan.schema.json",
    ]
    assert sorted(p.name for p in (dest / "plans").iterdir()) == shipped("plans")
    for name in ("README.md", ".pre-commit-config.yaml", ".gitignore"):
        assert (dest / name).is_file()
    # The data is the shipped data, but for the schema line, which points at the folder's own.
    for folder, kind in (
        ("countries", "country"),
        ("standards", "catalogue"),
        ("groups", "group"),
        ("plans", "plan"),
    ):
        for path in (dest / folder).iterdir():
            ours = path.read_text(encoding="utf-8").split("\n", 1)
            theirs = (ROOT / folder / path.name).read_text(encoding="utf-8").split("\n", 1)
            assert ours[0] == OWN_LINE.format(kind)
            assert theirs[0].startswith("# yaml-language-server: $schema=")
            assert ours[1] == theirs[1]
            assert (path.parent / ours[0].split("$schema=")[1]).resolve().is_file()
    for path in (dest / "schemas").iterdir():
        assert path.read_bytes() == (ROOT / "safe_map" / "schemas" / path.name).read_bytes()
    # What was made, and what to do next.
    assert "created" in run.out and "countries/" in run.out
    assert "cd " in run.out and "git init" in run.out and "pre-commit install" in run.out
    check = cli("--data-dir", str(dest), "check")
    assert check.code == 0, check.out + check.err
    assert "no problems" in check.out
    # No temporary folder is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["our-data"]


def test_new_gitignore_and_hook_config(cli, tmp_path):
    dest = tmp_path / "d"
    assert cli("new", str(dest)).code == 0
    ignored = (dest / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".safe-map.lock" in ignored and "~$*.xlsx" in ignored
    config = YAML(typ="safe").load((dest / ".pre-commit-config.yaml").read_text("utf-8"))
    ours = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert hook["language"] == "system" and hook["entry"] == "safe-map check"
    assert hook["files"] == ours["files"] and hook["require_serial"] is True
    assert "installed on this machine" in (dest / ".pre-commit-config.yaml").read_text("utf-8")


def test_new_empty_has_no_countries_and_checks_clean(cli, tmp_path):
    dest = tmp_path / "d"
    run = cli("new", str(dest), "--empty")
    assert run.code == 0, run.err
    assert [p.name for p in (dest / "countries").iterdir()] == [".gitkeep"]
    assert (dest / "standards" / "safe-2021.yaml").is_file()
    check = cli("--data-dir", str(dest), "check")
    assert check.code == 0, check.out + check.err


def test_new_into_an_empty_existing_folder(cli, tmp_path):
    dest = tmp_path / "d"
    dest.mkdir()
    assert cli("new", str(dest)).code == 0
    assert (dest / "countries" / "mongolia.yaml").is_file()


def test_new_refuses_a_folder_that_is_not_empty(cli, tmp_path):
    dest = tmp_path / "d"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", encoding="utf-8")
    run = cli("new", str(dest))
    assert run.code == 2
    assert "exists and is not empty; nothing written" in run.err
    assert listing(dest) == ["notes.txt"]
    assert (dest / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]


def test_new_refuses_a_file_and_a_missing_parent(cli, tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    run = cli("new", str(tmp_path / "f"))
    assert run.code == 2 and "a file of that name exists" in run.err
    run = cli("new", str(tmp_path / "nowhere" / "d"))
    assert run.code == 2 and "does not exist: create it first" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


def test_a_failure_half_way_leaves_nothing(tmp_path, monkeypatch):
    calls = []

    def failing(data: bytes, kind: str) -> bytes:
        calls.append(kind)
        if len(calls) == 3:
            raise OSError("disk full")
        return data

    monkeypatch.setattr(scaffold, "_own_schema_line", failing)
    with pytest.raises(OSError, match="disk full"):
        scaffold.new_data_folder(tmp_path / "d", data.bundled_root(), empty=False)
    assert list(tmp_path.iterdir()) == []


def test_init_in_a_new_folder_points_at_its_own_schema(cli, tmp_path):
    dest = tmp_path / "d"
    assert cli("new", str(dest), "--empty").code == 0
    run = cli("--data-dir", str(dest), *INIT)
    assert run.code == 0, run.err
    text = (dest / "countries" / "armenia.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == OWN_LINE.format("country")
    assert cli("--data-dir", str(dest), "check").code == 0


def test_init_refuses_the_bundled_data(cli, tmp_path, monkeypatch):
    """In a folder with no data of one's own, init would write into the installed package."""
    bundled = tmp_path / "site-packages" / "safe_map" / "_data"
    for folder in ("standards", "countries", "groups"):
        shutil.copytree(ROOT / folder, bundled / folder)
    monkeypatch.setattr(data, "bundled_root", lambda: bundled)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    before = listing(bundled)
    assert data.locate(environ={}).is_bundled
    run = cli(*INIT)
    assert run.code == 2
    assert run.err.strip() == data.read_only_message("init")
    assert "data bundled with safe-map is read-only" in run.err
    assert "safe-map new DIR" in run.err
    assert listing(bundled) == before and listing(empty) == []


def test_is_bundled_only_when_nothing_else_was_found(tmp_path):
    assert not data.locate(ROOT, environ={}).is_bundled
    assert not data.locate(environ={data.ENV_VAR: str(ROOT)}).is_bundled
    assert not data.locate(environ={}, cwd=ROOT / "countries").is_bundled
    assert data.locate(environ={}, cwd=tmp_path).is_bundled


@pytest.fixture
def hook_env(tmp_path) -> dict[str, str]:
    if PRE_COMMIT is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # the safe-map of this checkout
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["NO_COLOR"] = "1"
    for name in ("SAFE_MAP_DATA", "GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"):
        env.pop(name, None)
    return env


def test_the_new_folder_hook_runs_with_pre_commit(cli, tmp_path, hook_env):
    dest = tmp_path / "our-data"
    assert cli("new", str(dest)).code == 0

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(args), cwd=dest, env=hook_env, capture_output=True, text=True, timeout=600
        )

    for args in (
        ["git", "init", "-q"],
        ["git", "config", "user.email", "officer@example.org"],
        ["git", "config", "user.name", "Officer"],
        ["git", "add", "."],
        ["git", "commit", "-q", "-m", "our data"],
    ):
        assert run(*args).returncode == 0
    good = run(PRE_COMMIT, "run", "--all-files", "--color", "never")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "safe-map check" in good.stdout and "Passed" in good.stdout

    bad = dest / "countries" / "mongolia.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("status: yes", "status: complied", 1),
        encoding="utf-8",
    )
    assert run("git", "add", "countries/mongolia.yaml").returncode == 0
    failed = run(PRE_COMMIT, "run", "--all-files", "--color", "never")
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "countries/mongolia.yaml:72:13: S004 'complied' is not a valid status" in failed.stdout

    # Installed as the git hook, it stops the commit.
    assert run(PRE_COMMIT, "install").returncode == 0
    commit = run("git", "commit", "-q", "-m", "a slip of the hand")
    assert commit.returncode != 0
    assert "countries/mongolia.yaml:72:13: S004" in commit.stdout + commit.stderr
