"""Shared fixtures: the CLI runner, the shipped data, and a copy of it to spoil."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safe_map.cli import app

ROOT = Path(__file__).resolve().parent.parent
# `make fuzz` sets SAFE_MAP_FUZZ: the property-based tests then try that many times more cases.
SCALE = int(os.environ.get("SAFE_MAP_FUZZ", "1") or "1")
CORPUS = Path(__file__).resolve().parent / "corpus"


class Run:
    """The result of one CLI run, with the checks every run must pass."""

    def __init__(self, result) -> None:
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.exception = result.exception
        # No run may end in a traceback or an unexpected exception.
        assert "Traceback" not in self.out + self.err
        if self.exception is not None:
            assert isinstance(self.exception, SystemExit), repr(self.exception)


@pytest.fixture
def cli(monkeypatch):
    """Invoke safe-map in-process, as a user would from a shell."""
    monkeypatch.delenv("SAFE_MAP_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")

    def invoke(*args: str, env: dict[str, str] | None = None) -> Run:
        runner = CliRunner()
        return Run(runner.invoke(app, list(args), env=env, catch_exceptions=True))

    return invoke


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A data repository with the shipped catalogue and Mongolia only, free to change."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "standards", target / "standards")
    (target / "countries").mkdir()
    shutil.copy(ROOT / "countries" / "mongolia.yaml", target / "countries")
    return target


@pytest.fixture
def full_repo(tmp_path: Path) -> Path:
    """A copy of the whole shipped data repository (CAREC group and members), free to change."""
    target = tmp_path / "full"
    for folder in ("standards", "countries", "groups", "plans"):
        shutil.copytree(ROOT / folder, target / folder)
    return target
