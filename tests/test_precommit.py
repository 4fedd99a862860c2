"""The pre-commit hook, run by the real pre-commit program against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def data_repo(tmp_path_factory) -> Path:
    if not Path(PRE_COMMIT).exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    repo = tmp_path_factory.mktemp("officers-data")
    shutil.copytree(ROOT / "standards", repo / "standards")
    shutil.copytree(ROOT / "countries", repo / "countries")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "officer@example.org")
    git(repo, "config", "user.name", "Officer")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "data")
    return repo


def try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(repo.parent / "pre-commit-home")
    env.pop("SAFE_MAP_DATA", None)
    args = [PRE_COMMIT, "try-repo", str(ROOT), "safe-map-check", "--color", "never"]
    args += ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        args, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_hook_passes_on_good_files(data_repo):
    run = try_repo(data_repo)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "safe-map check" in run.stdout and "Passed" in run.stdout


def test_hook_fails_on_a_bad_file_with_its_message(data_repo):
    bad = data_repo / "countries" / "mongolia.yaml"
    original = bad.read_text(encoding="utf-8")
    try:
        bad.write_text(original.replace("status: yes", "status: complied", 1), encoding="utf-8")
        git(data_repo, "add", ".")
        run = try_repo(data_repo, "countries/mongolia.yaml")
        assert run.returncode == 1
        assert "Failed" in run.stdout
        assert "countries/mongolia.yaml:72:13: S004 'complied' is not a valid status" in run.stdout
    finally:
        bad.write_text(original, encoding="utf-8")
        git(data_repo, "add", ".")
