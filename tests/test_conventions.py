"""The conventions of git, ruff and pip: -h, shell completion, global options after the
command, placeholders in capitals, plain words for a pillar that does not exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

COMMANDS = [
    "assess", "standards", "countries", "info", "check", "schema", "compare", "region",
    "changes", "new", "init", "import", "export",
]  # fmt: skip
SAFE_MAP = Path(sys.executable).parent / "safe-map"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_dash_h_is_help(cli, command):
    args = [command] if command else []
    long, short = cli(*args, "--help"), cli(*args, "-h")
    assert short.code == long.code == 0
    assert short.out == long.out
    assert "-h, --help" in long.out


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_lines_name_placeholders_in_capitals(cli, command):
    text = cli(command, "--help").out
    usage = text.splitlines()[0]
    assert re.fullmatch(rf"Usage: safe-map {command} \[OPTIONS\]( \[?[A-Z_]+\]?(\.\.\.)?)*", usage)
    assert not re.search(r"\{[a-z_]+\}|<(str|path|int range)>", text), text


def test_placeholders_of_the_commands_with_arguments(cli):
    usages = {c: cli(c, "--help").out.splitlines()[0].split("[OPTIONS]")[1] for c in COMMANDS}
    assert usages["assess"] == " COUNTRY"
    assert usages["compare"] == " COUNTRY_A COUNTRY_B"
    assert usages["region"] == " [COUNTRY]..."
    assert usages["check"] == " [FILE]..."
    assert usages["export"] == " [COUNTRY]..."
    assert usages["import"] == " WORKBOOK..."
    assert "-o, --output FILE" in cli("assess", "--help").out
    assert "--data-dir FOLDER" in cli("--help").out
    missing = cli("assess")
    assert missing.code == 2 and "Missing argument 'COUNTRY'." in missing.err


def test_global_options_after_the_command(cli, repo, tmp_path):
    (repo / "countries" / "mongolia.yaml").rename(repo / "countries" / "mn-copy.yaml")
    before = cli("--data-dir", str(repo), "countries", "-f", "json")
    assert before.code == 0 and "mn-copy.yaml" in before.out
    for after in (
        cli("countries", "--data-dir", str(repo), "-f", "json"),
        cli("countries", "-f", "json", f"--data-dir={repo}"),
    ):
        assert (after.code, after.out, after.err) == (before.code, before.out, before.err)
    check = cli("check", "--data-dir", str(repo))
    assert check.out == cli("--data-dir", str(repo), "check").out
    assert "file name 'mn-copy' does not match" in check.out
    assert cli("assess", "mn", "--debug", "-f", "json").code == 0
    missing = cli("check", "--data-dir", str(tmp_path / "missing"))
    assert missing.code == 2
    assert missing.err == (
        f"safe-map: {tmp_path / 'missing'}: data folder named by --data-dir does not exist\n"
    )
    no_value = cli("check", "--data-dir")
    assert no_value.code == 2 and no_value.err.startswith("safe-map: --data-dir needs a value")
    # After `--` they are left alone: here a file named --debug, which does not exist.
    assert "--debug:1:1: Y009 file not found" in cli("check", "--", "--debug").out


def test_debug_after_the_command_shows_the_traceback():
    code = (
        "import sys, safe_map.analysis as a\n"
        "def boom(*args, **kw): raise RuntimeError('kaboom')\n"
        "a.assess = boom\n"
        "from safe_map.cli import main\n"
        "sys.argv = ['safe-map', 'assess', 'mongolia', '--debug']\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 1
    assert "Traceback" in run.stderr and "RuntimeError: kaboom" in run.stderr


@pytest.mark.parametrize("args", [["assess", "mn"], ["standards"], ["compare", "mn", "kz"]])
@pytest.mark.parametrize("number", ["0", "9"])
def test_a_pillar_that_does_not_exist_in_plain_words(cli, args, number):
    run = cli(*args, "--pillar", number)
    assert run.code == 2
    assert run.err == f"safe-map: there is no pillar {number}: choose 1, 2 or 3\n"


def _completion_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_SAFE_MAP")}
    return {**env, **extra}


@pytest.mark.skipif(not SAFE_MAP.is_file(), reason="needs the installed console script")
def test_shell_completion_completes_commands_and_options():
    run = subprocess.run(
        [str(SAFE_MAP)],
        env=_completion_env(_SAFE_MAP_COMPLETE="complete_bash", COMP_WORDS="safe-map re", COMP_CWORD="1"),
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["region"]
    run = subprocess.run(
        [str(SAFE_MAP)],
        env=_completion_env(
            _SAFE_MAP_COMPLETE="complete_bash", COMP_WORDS="safe-map assess mn --gap", COMP_CWORD="3"
        ),
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert run.stdout.split() == ["--gaps"]


@pytest.mark.skipif(not SAFE_MAP.is_file(), reason="needs the installed console script")
def test_show_completion_prints_the_script_for_a_shell():
    run = subprocess.run(
        [str(SAFE_MAP), "--show-completion", "bash"],
        env=_completion_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"),
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "_SAFE_MAP_COMPLETE=complete_bash" in run.stdout
    assert "complete -o default -F _safe_map_completion safe-map" in run.stdout


def test_help_offers_completion(cli):
    out = cli("--help").out
    assert "--install-completion" in out and "--show-completion" in out
