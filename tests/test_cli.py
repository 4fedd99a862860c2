"""The other commands, the global options, and how the data folder is chosen."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from safe_map import __version__

from .conftest import ROOT

COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7])[0-9;]*m")


def test_colour_on_a_terminal_and_none_with_no_color(cli, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    forced = cli("assess", "mongolia", env={"FORCE_COLOR": "1"}).out
    assert COLOUR.search(forced)
    plain = cli("assess", "mongolia", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).out
    assert not COLOUR.search(plain)


def test_version_names_the_data_in_use(cli):
    run = cli("--version")
    assert run.code == 0
    assert run.out.startswith(f"safe-map {__version__}")
    assert "data:" in run.out


def test_info(cli, repo):
    run = cli("--data-dir", str(repo), "info")
    assert run.code == 0
    assert str(repo) in run.out
    assert "--data-dir" in run.out
    assert "safe-2021 (26 standards" in run.out
    # ruamel.yaml[oldlibyaml] must bring the C parser: the pure-Python one is 6x slower.
    assert "C parser" in run.out


def test_standards_lists_the_catalogue(cli):
    run = cli("standards", "-f", "json")
    data = json.loads(run.out)
    assert data["framework"]["id"] == "safe-2021"
    assert [len(p["standards"]) for p in data["pillars"]] == [11, 6, 9]
    assert data["pillars"][0]["standards"][3]["title"] == "Risk-Management Systems"
    table = cli("standards", "--pillar", "2").out
    assert "Pillar 2: Customs-to-Business" in table and "Pillar 1" not in table
    assert "p2-s6" in table and "Facilitation" in table
    assert "| p3-s9 | 9 |" in cli("standards", "-f", "markdown").out
    assert cli("standards", "-f", "csv").out.count("\n") == 27
    assert cli("standards", "--framework", "safe-1999").code == 2


def test_countries_lists_scores(cli):
    run = cli("countries", "-f", "json")
    [mongolia] = [c for c in json.loads(run.out)["countries"] if c["iso"] == "MN"]
    assert (mongolia["met"], mongolia["total"]) == (21, 26)
    assert mongolia["score"] == round(21 / 26, 4)
    table = cli("countries").out
    assert "Mongolia" in table and "21 of 26" in table and "81%" in table


def test_data_dir_option_wins(cli, repo, tmp_path, monkeypatch):
    (repo / "countries" / "mongolia.yaml").rename(repo / "countries" / "mn-copy.yaml")
    monkeypatch.setenv("SAFE_MAP_DATA", str(ROOT))
    run = cli("--data-dir", str(repo), "countries", "-f", "json")
    assert [c["file"].endswith("mn-copy.yaml") for c in json.loads(run.out)["countries"]] == [True]


def test_environment_variable_is_used(cli, repo, monkeypatch):
    monkeypatch.setenv("SAFE_MAP_DATA", str(repo))
    monkeypatch.chdir(repo.parent)
    assert "SAFE_MAP_DATA" in cli("info").out


def test_current_folder_inside_a_data_repository_is_used(cli, repo, monkeypatch):
    (repo / "countries" / "notes").mkdir()
    monkeypatch.chdir(repo / "countries" / "notes")
    out = cli("info").out
    assert str(repo) in out and "current folder" in out


def test_bundled_data_outside_any_data_repository(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = cli("info").out
    assert "bundled with safe-map" in out
    assert cli("assess", "mn", "-f", "json").code == 0


def test_data_dir_that_is_not_a_data_repository(cli, tmp_path):
    run = cli("--data-dir", str(tmp_path), "countries")
    assert run.code == 2
    assert "needs the subfolders standards/ and countries/" in run.err
    run = cli("--data-dir", str(tmp_path / "missing"), "countries")
    assert run.code == 2 and "does not exist" in run.err


def test_usage_errors_exit_2(cli):
    assert cli("assess").code == 2
    assert cli("assess", "mongolia", "--format", "pdf").code == 2
    assert cli("no-such-command").code == 2


def test_python_dash_m_and_console_script(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "safe_map", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.startswith("safe-map ")


def test_internal_error_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    # A bug anywhere must reach the user as one plain message, exit 2; --debug shows it.
    code = (
        "import sys, safe_map.analysis as a\n"
        "def boom(*args, **kw): raise RuntimeError('kaboom')\n"
        "a.assess = boom\n"
        "from safe_map.cli import main\n"
        "sys.argv = ['safe-map', 'assess', 'mongolia']\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 2
    assert "internal error: RuntimeError: kaboom" in run.stderr
    assert "Traceback" not in run.stderr
    assert "--debug" in run.stderr


def test_shipped_data_is_inside_the_package_when_installed():
    # pyproject force-includes standards/ and countries/ into the wheel as safe_map/_data.
    text = (ROOT / "pyproject.toml").read_text()
    assert '"standards" = "safe_map/_data/standards"' in text
    assert '"countries" = "safe_map/_data/countries"' in text
    assert Path(ROOT / "standards" / "safe-2021.yaml").is_file()
