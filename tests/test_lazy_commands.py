"""A run registers only the command it names (start-up is the pre-commit hook's cost); runs
in one process, as tests and programs that import safe-map make them, each get theirs, and
every command is there for help and completion."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from safe_map.cli import app, main

from .conftest import ROOT


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["safe-map", "--data-dir", str(ROOT), *args])
    with pytest.raises(SystemExit) as done:
        main()
    return done.value.code or 0, capsys.readouterr().out


def test_runs_in_one_process_each_find_their_command(monkeypatch, capsys):
    assert run_main(monkeypatch, capsys, "check")[0] == 0
    code, out = run_main(monkeypatch, capsys, "region", "-f", "json")
    assert code == 0 and '"countries"' in out
    code, out = run_main(monkeypatch, capsys, "countries")
    assert code == 0 and "Mongolia" in out
    # and a test's CliRunner afterwards sees every command
    listed = CliRunner().invoke(app, ["--help"]).output
    for command in ("assess", "check", "region", "mras", "plans", "plan", "import", "export"):
        assert f"  {command} " in listed


def test_a_run_loads_only_the_command_it_names(monkeypatch, capsys):
    names: list[str] = []
    original = app._load

    def spying(only):
        names.append(only)
        original(only)

    monkeypatch.setattr(app, "_load", spying)
    run_main(monkeypatch, capsys, "check")
    assert names == ["check"] and [c.name for c in app._commands] == [None]  # check's own
    run_main(monkeypatch, capsys, "--help")
    assert names[-1] is None  # help lists every command
