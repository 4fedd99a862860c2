"""The README is how officers learn safe-map, so it may not drift from the code: every command it
shows runs here and must print what the README says, and its pre-commit snippets run with the
real pre-commit.

A README block is a fenced block whose lines start with `$ safe-map ...`: each `$` line is a
command, and the lines up to the next `$` line are its output, standard output and error
together as a terminal shows them. A line `...` stands for any number of lines left out. Every
block runs in a fresh copy of the shipped standards/, countries/ and groups/, as the current
folder, at 80 columns with NO_COLOR; only today's date and the version are normalised. An HTML
comment right before the fence changes how a block runs:

    <!-- readme-test: skip (why) -->             not run; the reason is reported
    <!-- readme-test: setup NAME (what) -->      SETUPS[NAME] prepares the folder first

When a command's output changes on purpose, the failure prints the new output to paste.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from safe_map import __version__
from tests.conftest import ROOT
from tests.test_import import fill

README = ROOT / "README.md"
# The date the README's examples were made: where the tool prints today's date, the README shows
# this one (in a dated file name, for example).
README_TODAY = "2026-11-27"
VERSION = re.compile(
    r"(?<![\w.])\d+\.\d+\.\d+(?:(?:a|b|rc|\.post|\.dev)\d+)*(?:\+[\w.]+)?(?![\w.])"
)
# At least this many commands must run, so that a broken parser cannot pass by testing nothing.
FLOOR = 15

FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w-]*)")
MARKER = re.compile(r"^<!--\s*readme-test:\s*(?P<kind>skip|setup)\b\s*(?P<rest>.*?)\s*-->$")
BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")


# --- reading the README --------------------------------------------------------------------


@dataclass
class Command:
    line: int  # 1-based line of the `$` line in README.md
    text: str  # as written, after the `$ `
    expected: list[str] = field(default_factory=list)

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.text, comments=True)


@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    lang: str
    body: list[str]
    marker: tuple[str, str] | None = None  # (skip|setup, the rest of the comment)
    commands: list[Command] = field(default_factory=list)

    @property
    def skip(self) -> str | None:
        return self.marker[1] if self.marker and self.marker[0] == "skip" else None

    @property
    def setup(self) -> str | None:
        return self.marker[1].split()[0] if self.marker and self.marker[0] == "setup" else None


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block, with the readme-test comment right before it, if any."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening.group(1)
        closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), len(lines))
        before = next((lines[k].strip() for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        marker = MARKER.match(before)
        found.append(
            Block(
                line=i + 1,
                lang=opening.group(2),
                body=lines[i + 1 : end],
                marker=(marker["kind"], marker["rest"]) if marker else None,
            )
        )
        i = end + 1
    return found


def command_blocks(text: str) -> list[Block]:
    """The blocks that show `$` commands, each command with the output shown under it."""
    blocks = []
    for block in fenced_blocks(text):
        if not any(line.startswith("$ ") for line in block.body):
            continue
        for offset, line in enumerate(block.body):
            if line.startswith("$ "):
                block.commands.append(Command(block.line + 1 + offset, line[2:]))
            elif block.commands:
                block.commands[-1].expected.append(line)
        blocks.append(block)
    return blocks


TEXT = README.read_text(encoding="utf-8")
BLOCKS = command_blocks(TEXT)


# --- running and comparing -----------------------------------------------------------------


def environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("SAFE_MAP_DATA", "FORCE_COLOR", "CLICOLOR_FORCE", "LINES"):
        env.pop(name, None)
    env.update(
        NO_COLOR="1",
        COLUMNS="80",
        PYTHONUNBUFFERED="1",  # standard output and error interleave as on a terminal
        PYTHONIOENCODING="utf-8",
    )
    return env


def safe_map(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run `safe-map ...` as a user would, from `cwd`, with the safe-map of this checkout."""
    assert argv[0] == "safe-map", f"not a safe-map command: {shlex.join(argv)}"
    return subprocess.run(
        [sys.executable, "-m", "safe_map", *argv[1:]],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def shown(lines: list[str]) -> list[str]:
    """Lines as compared: no trailing spaces, no blank lines at the end."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def normalise_output(text: str) -> str:
    return text.replace(date.today().isoformat(), "<today>").replace(__version__, "<version>")


def normalise_readme(text: str) -> str:
    return VERSION.sub("<version>", text.replace(README_TODAY, "<today>"))


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is `expected`, where a line `...` stands for any number of lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    for name in ("standards", "countries", "groups", "plans"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


# --- setups: what a block needs before its commands run ------------------------------------


def git(folder: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def commit_all(folder: Path, message: str = "data") -> None:
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "officer@example.org")
    git(folder, "config", "user.name", "Officer")
    git(folder, "config", "commit.gpgsign", "false")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def two_slips(folder: Path) -> None:
    """Line 72 of Mongolia's file says `Yes`, line 74 cites `customs-lw`."""
    path = folder / "countries" / "mongolia.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[71] == "    status: yes\n", lines[71]
    assert lines[73] == "      - instrument: customs-law\n", lines[73]
    lines[71] = "    status: Yes\n"
    lines[73] = "      - instrument: customs-lw\n"
    path.write_text("".join(lines), encoding="utf-8")


def planned_p3_s3(folder: Path) -> None:
    """The data committed in git, then Mongolia's p3-s3 changed from no to planned."""
    commit_all(folder)
    edit(
        folder / "countries" / "mongolia.yaml",
        "  p3-s3:\n    status: no\n",
        "  p3-s3:\n    status: planned\n",
    )


def returns_kz_am(folder: Path) -> None:
    """Questionnaires for Kazakhstan and Armenia; Kazakhstan's filled in, Armenia's untouched."""
    for argv in (["export", "kazakhstan", "-o", "kz.xlsx"], ["export", "Armenia", "-o", "am.xlsx"]):
        run = safe_map(["safe-map", *argv], folder)
        assert run.returncode == 0, run.stdout
    law = "Customs Code of the Republic of Kazakhstan"
    fill(
        folder / "kz.xlsx",
        response={"Administration": "State Revenue Committee", "Date of the answers": "2026-10-01"},
        statuses={
            "p1-s4": ("partial", "Risk profiles cover imports only."),
            "p2-s1": ("yes", "AEO status is granted under the Code."),
        },
        instruments=[{"title": law, "kind": "code", "number": "123-VI", "date": "2017-12-26"}],
        citations=[("p1-s4", law, "Article 376"), ("p2-s1", law, "Article 542")],
    )


SETUPS: dict[str, Callable[[Path], None]] = {
    "two-slips": two_slips,
    "planned-p3-s3": planned_p3_s3,
    "returns-kz-am": returns_kz_am,
}


# --- the tests -----------------------------------------------------------------------------


def block_id(block: Block) -> str:
    return f"line-{block.line}:{block.commands[0].text.split('#')[0].strip()}"


@pytest.mark.parametrize("block", BLOCKS, ids=block_id)
def test_readme_block_prints_what_the_readme_shows(block: Block, tmp_path: Path) -> None:
    if block.skip is not None:
        pytest.skip(f"README.md:{block.line}: {block.skip}")
    folder = data_copy(tmp_path)
    if block.setup is not None:
        SETUPS[block.setup](folder)
    for command in block.commands:
        run = safe_map(command.argv, folder)
        assert "Traceback" not in run.stdout, run.stdout
        actual = shown(normalise_output(run.stdout).splitlines())
        expected = shown(normalise_readme("\n".join(command.expected)).splitlines())
        assert matches(expected, actual), (
            f"README.md:{command.line}: `{command.text}` (exit {run.returncode}) printed "
            f"something else; its output at 80 columns is:\n{run.stdout}"
        )


def test_the_guard_runs_every_command_the_readme_shows() -> None:
    """Every `$ safe-map` line is found, runs or says why not, and enough of them run."""
    written = re.findall(r"^\s*\$ safe-map\b", TEXT, flags=re.MULTILINE)
    parsed = [c for b in BLOCKS for c in b.commands]
    assert len(parsed) == len(written), "a `$ safe-map` line lies outside a fenced block"
    for block in BLOCKS:
        for command in block.commands:
            assert command.argv[0] == "safe-map", f"README.md:{command.line}: {command.text}"
        if block.skip is not None:
            assert re.fullmatch(r"\(.+\)", block.skip), f"README.md:{block.line}: skip (why?)"
        if block.marker and block.marker[0] == "setup":
            assert block.setup in SETUPS, f"README.md:{block.line}: no setup {block.setup!r}"
    ran = [c for b in BLOCKS if b.skip is None for c in b.commands]
    assert len(ran) >= FLOOR, f"only {len(ran)} README commands run"


def test_every_readme_test_comment_sits_before_a_command_block() -> None:
    markers = [n + 1 for n, line in enumerate(TEXT.splitlines()) if MARKER.match(line.strip())]
    placed = [b.line for b in BLOCKS if b.marker]
    assert len(markers) == len(placed), f"readme-test comments at lines {markers}, blocks {placed}"


def test_reading_blocks_markers_and_outputs() -> None:
    text = "\n".join(
        [
            "```sh",
            "make demo",
            "```",
            "<!-- readme-test: skip (needs a filled-in workbook) -->",
            "",
            "```",
            "$ safe-map import kz.xlsx   # after the answers came back",
            "wrote countries/kazakhstan.yaml",
            "$ safe-map check",
            "13 files checked, no problems",
            "```",
            "<!-- readme-test: setup two-slips (why) -->",
            "````",
            "$ safe-map check countries/mongolia.yaml",
            "```",
            "````",
        ]
    )
    skipped, slipped = command_blocks(text)
    assert skipped.skip == "(needs a filled-in workbook)" and skipped.setup is None
    assert [c.argv for c in skipped.commands] == [
        ["safe-map", "import", "kz.xlsx"],
        ["safe-map", "check"],
    ]
    assert [c.line for c in skipped.commands] == [7, 9]
    assert skipped.commands[0].expected == ["wrote countries/kazakhstan.yaml"]
    assert slipped.setup == "two-slips" and slipped.skip is None
    assert slipped.commands[0].expected == ["```"]


def test_matching_with_elisions() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "b"], ["a", "b"])
    assert matches(["...", "c"], ["a", "b", "c"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert not matches(["a", "b"], ["a", "b", "c"])


# --- the pre-commit snippets ---------------------------------------------------------------


def precommit_snippets() -> dict[str, str]:
    """The README's .pre-commit-config.yaml snippets: 'local' and 'remote'."""
    section = TEXT[TEXT.index("## Use in a data repository with pre-commit") :]
    section = section[: section.index("\n## ", 1)]
    snippets = {}
    for block in fenced_blocks(section):
        text = "\n".join(block.body) + "\n"
        if block.lang == "yaml" and "hooks:" in text:
            snippets["local" if "repo: local" in text else "remote"] = text
    assert set(snippets) == {"local", "remote"}, snippets
    return snippets


@pytest.fixture
def hook_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A data repository under git, and the environment pre-commit runs in: this checkout's
    safe-map first on PATH, a pre-commit cache of its own."""
    if PRE_COMMIT is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.pop("SAFE_MAP_DATA", None)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["NO_COLOR"] = "1"
    return data_copy(tmp_path), env


def run_in(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args), cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_local_hook_snippet_stops_a_bad_commit(hook_repo) -> None:
    folder, env = hook_repo
    (folder / ".pre-commit-config.yaml").write_text(precommit_snippets()["local"], "utf-8")
    commit_all(folder)
    good = run_in(folder, env, PRE_COMMIT, "run", "--all-files", "--color", "never")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "safe-map check" in good.stdout and "Passed" in good.stdout

    installed = run_in(folder, env, PRE_COMMIT, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    two_slips(folder)
    git(folder, "add", "countries/mongolia.yaml")
    commit = run_in(folder, env, "git", "commit", "-m", "a slip")
    assert commit.returncode != 0, commit.stdout + commit.stderr
    shown = commit.stdout + commit.stderr  # git passes on what the hook prints
    assert "countries/mongolia.yaml:72:13: S004 'Yes' is not a valid status" in shown


def test_the_remote_snippet_works_once_autoupdate_pins_a_revision(hook_repo) -> None:
    """The snippet, pointed at this repository: `pre-commit autoupdate` writes a revision that
    exists, and the hook then installs safe-map from it and passes."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to point the snippet at")
    folder, env = hook_repo
    snippet = precommit_snippets()["remote"]
    url = re.search(r"repo: (\S+)", snippet)[1]
    config = folder / ".pre-commit-config.yaml"
    config.write_text(snippet.replace(url, str(ROOT)), "utf-8")
    commit_all(folder)
    update = run_in(folder, env, PRE_COMMIT, "autoupdate", "--color", "never")
    assert update.returncode == 0, update.stdout + update.stderr
    rev = re.search(r"rev: (\S+)", config.read_text("utf-8"))[1]
    exists = run_in(ROOT, env, "git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    assert exists.returncode == 0, f"autoupdate wrote rev: {rev}, which is not in {ROOT}"
    run = run_in(folder, env, PRE_COMMIT, "run", "--all-files", "--color", "never")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "safe-map check" in run.stdout and "Passed" in run.stdout
