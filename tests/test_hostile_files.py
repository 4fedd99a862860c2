"""Hostile files in a data folder: `check` runs on pull requests from anyone (issue 10, item 1).

A symbolic link out of the data folder, a device, a named pipe and a socket get Y013 and are
never opened; every read stops after MAX_BYTES + 1 bytes; no message quotes more than an
excerpt of a file. Links and special files cannot be committed as corpus files: they are made
here, in tmp_path, at test time. The S007 cases (control characters) are in tests/corpus/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safe_map import yamlsource
from safe_map.diagnostics import excerpt

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks, FIFOs and sockets: POSIX")

# A fake credential: what a link to ~/.netrc would show, were the file read and quoted.
TOKEN = "ghp_FAKEtok3nNeverPrintedXq9Zr2Lm7Vb4Ws1Ty8Uk5Hj0Gd6Fa3Pe"
SECRET = f"machine github.com login ci password {TOKEN}\n"
NEVER_OPENED = "safe-map reads only regular files inside the data folder and did not open it"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A credentials file outside the data folder."""
    path = tmp_path / "home" / ".netrc"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


def _all_formats(cli, repo: Path, *paths: str) -> dict[str, str]:
    outputs = {}
    for fmt in ("text", "github", "json"):
        run = cli("--data-dir", str(repo), "check", "--format", fmt, *paths)
        assert run.code == 1, run.out + run.err
        outputs[fmt] = run.out + run.err
    return outputs


def _y013(output: str, fmt: str, name: str) -> str:
    """The Y013 message about countries/<name>, at line 1, column 1, in the format `fmt`."""
    if fmt == "json":
        found = [
            d
            for d in json.loads(output)["diagnostics"]
            if d["path"] == f"countries/{name}" and d["code"] == "Y013"
        ]
        assert [(d["line"], d["column"]) for d in found] == [(1, 1)]
        return found[0]["message"]
    if fmt == "github":
        [line] = [
            ln for ln in output.splitlines() if f"countries/{name},line=1,col=1,title=Y013" in ln
        ]
        return line
    [line] = [ln for ln in output.splitlines() if f"countries/{name}:1:1: Y013 " in ln]
    return line


# --- links out of the data folder ----------------------------------------------------------


@pytest.mark.parametrize("given", [False, True], ids=["whole folder", "path given"])
def test_a_link_to_a_credentials_file_is_not_read(cli, repo, secret, given):
    (repo / "countries" / "creds.yaml").symlink_to(secret)
    paths = [str(repo / "countries" / "creds.yaml")] if given else []
    for fmt, output in _all_formats(cli, repo, *paths).items():
        assert TOKEN not in output and "github.com" not in output, fmt
        message = _y013(output, fmt, "creds.yaml")
        assert "is a symbolic link to a file outside the data folder" in message
        assert NEVER_OPENED in message
        assert str(secret) not in message  # the target is not named either


def test_a_link_to_etc_passwd_is_not_read(cli, repo):
    (repo / "countries" / "passwd.yaml").symlink_to("/etc/passwd")
    run = cli("--data-dir", str(repo), "check")
    assert "root:" not in run.out + run.err
    assert "countries/passwd.yaml:1:1: Y013 is a symbolic link to a file outside" in run.out


def test_every_command_that_loads_the_data_refuses_the_link(cli, repo, secret):
    (repo / "countries" / "creds.yaml").symlink_to(secret)
    for args in (
        ["countries"],
        ["assess", "creds"],
        ["region", "--all"],
        ["export", "creds", "-o", str(repo / "out.xlsx")],
    ):
        run = cli("--data-dir", str(repo), *args)
        assert TOKEN not in run.out + run.err, args


def test_a_file_in_a_folder_that_links_out_is_not_read(cli, tmp_path, secret):
    """countries/ itself a link to a folder elsewhere (the credentials' folder)."""
    data = tmp_path / "data"
    data.mkdir()
    os.symlink(ROOT / "standards", data / "standards")  # a link to a folder: the catalogue
    os.symlink(secret.parent, data / "countries")
    (secret.parent / "netrc.yaml").write_text(SECRET)
    run = cli("--data-dir", str(data), "check")
    assert TOKEN not in run.out + run.err
    assert "countries/netrc.yaml:1:1: Y013 lies in a folder that leads outside" in run.out


def test_a_file_given_alone_may_not_link_out_of_its_folder(cli, tmp_path, secret):
    draft = tmp_path / "drafts" / "draft.yaml"
    draft.parent.mkdir()
    draft.symlink_to(secret)
    run = cli("check", str(draft))
    assert run.code == 1 and TOKEN not in run.out + run.err
    assert f"{draft}:1:1: Y013 is a symbolic link to a file outside the data folder" in run.out


# --- links inside the data folder ----------------------------------------------------------


def test_a_link_to_a_yaml_file_inside_the_folder_is_read(cli, repo):
    """Decided: such a link can only show what check reads anyway, so it is followed."""
    (repo / "countries" / "mn.yaml").symlink_to("mongolia.yaml")
    run = cli("--data-dir", str(repo), "check")
    assert "Y013" not in run.out
    # Read as Mongolia's file: the same country twice, named where the link lies.
    assert "countries/mongolia.yaml:10:3: C010 Mongolia (MN) is already described in " in run.out
    assert "mn.yaml" in run.out


def test_a_link_to_another_kind_of_file_inside_the_folder_is_not_read(cli, repo):
    """.git/config holds the token actions/checkout persists; it is inside the data folder."""
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: {TOKEN}\n")
    (repo / "countries" / "config.yaml").symlink_to("../.git/config")
    run = cli("--data-dir", str(repo), "check")
    assert TOKEN not in run.out + run.err
    assert "countries/config.yaml:1:1: Y013 is a symbolic link to a file that is not a .yaml" in (
        run.out
    )


def test_a_link_to_nothing_and_a_link_loop(cli, repo):
    (repo / "countries" / "gone.yaml").symlink_to("nowhere.yaml")
    (repo / "countries" / "loop.yaml").symlink_to("loop.yaml")
    run = cli("--data-dir", str(repo), "check")
    assert "countries/gone.yaml:1:1: Y009 is a symbolic link to nothing" in run.out
    assert "countries/loop.yaml:1:1: Y009 cannot read the file" in run.out


# --- devices, pipes, sockets ---------------------------------------------------------------


def test_a_link_to_dev_zero_is_not_read(cli, repo):
    (repo / "countries" / "zero.yaml").symlink_to("/dev/zero")
    start = time.monotonic()
    run = cli("--data-dir", str(repo), "check")
    assert time.monotonic() - start < 5  # reading /dev/zero up to 2 MB alone would be fast:
    # the proof that it is not opened is the message, and the unit test below
    assert "countries/zero.yaml:1:1: Y013 is a symbolic link to a device outside" in run.out


def test_dev_zero_is_never_opened(tmp_path, monkeypatch):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    opened: list[object] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    data, problem = yamlsource.read_data_file(link, "zero.yaml")
    assert data is None and problem is not None and problem.code == "Y013"
    assert opened == []


def _run_check(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SAFE_MAP_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "safe_map", *args],
        capture_output=True,
        text=True,
        timeout=timeout,  # a FIFO opened for reading would block here for ever
        env=env,
    )


@pytest.mark.parametrize("given", [False, True], ids=["whole folder", "path given"])
def test_a_fifo_does_not_hang(repo, given):
    fifo = repo / "countries" / "pipe.yaml"
    os.mkfifo(fifo)
    run = _run_check("--data-dir", str(repo), "check", *([str(fifo)] if given else []))
    assert run.returncode == 1, run.stderr
    assert "pipe.yaml:1:1: Y013 is a named pipe (FIFO), not a regular file" in run.stdout


def test_a_fifo_among_the_other_files_does_not_hang(repo):
    """A file given is compared with the folder's other country files (C010): peeked at with
    the same guarded read."""
    os.mkfifo(repo / "countries" / "pipe.yaml")
    run = _run_check("--data-dir", str(repo), "check", str(repo / "countries" / "mongolia.yaml"))
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_socket_is_not_opened(cli, repo, tmp_path):
    # A socket path is at most ~100 bytes: bind it from inside its folder.
    folder = repo / "countries"
    here = Path.cwd()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.chdir(folder)
        sock.bind("sock.yaml")
    finally:
        os.chdir(here)
    try:
        run = cli("--data-dir", str(repo), "check")
    finally:
        sock.close()
    assert "countries/sock.yaml:1:1: Y013 is a socket, not a regular file" in run.out


# --- bounded reads -------------------------------------------------------------------------


def test_a_read_stops_after_max_bytes_whatever_size_is_reported(tmp_path, monkeypatch):
    """A file whose reported size is 0 (as /proc's and devices' are) is read no further than
    MAX_BYTES + 1 bytes."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: b\n" * 1000)  # 5,000 bytes
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 100)
    real_stat, real_read = os.stat, os.read

    def stat_reporting_zero(p, *a, **k):
        info = real_stat(p, *a, **k)
        return os.stat_result((*info[:6], 0, *info[7:]))

    read: list[int] = []

    def counting_read(fd, n):
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "lstat", stat_reporting_zero)
    monkeypatch.setattr(os, "read", counting_read)
    data, problem = yamlsource.read_data_file(path, "big.yaml")
    assert data is None and problem is not None
    assert problem.code == "Y007" and "holds more than" in problem.message
    assert sum(read) == 101


# --- messages quote an excerpt, never a file -----------------------------------------------


def test_excerpt():
    assert excerpt("short") == "short"
    assert excerpt("x" * 100) == "x" * 57 + "..."
    assert excerpt("a\x1bb\ufffe") == "a\\x1bb\\ufffe"


PAD = "p" * 40  # so that the token ends more than 60 characters into its value
HOSTILE_TEXTS = {
    "a whole file as one value": SECRET + "more\n",
    "a long status": f"country:\n  name: Mongolia\nassessments:\n  p1-s1:\n    status: ok {PAD}{TOKEN}\n",
    "a long unknown key": f"country:\n  name: Mongolia\nkey-{PAD}{TOKEN}: 1\n",
    "a long duplicate key": f"k{PAD}{TOKEN}: 1\nk{PAD}{TOKEN}: 2\n",
    "a long anchor": f"a: &x{PAD}{TOKEN} 1\n",
    "a long alias": f"a: *x{PAD}{TOKEN}\n",
    "a long tag": f"a: !x{PAD}{TOKEN} 1\n",
    "a syntax error": f'a: "{PAD}{TOKEN}\n',
    "a long number": "country:\n  name: " + "9" * 3000 + "\n",
    "a long id": f"instruments:\n  Bad {PAD}{TOKEN}:\n    title: x\n",
    "a long bad date": f"sources:\n  - id: s\n    title: t\n    date: 2024 {PAD}{TOKEN}\n",
}


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=list(HOSTILE_TEXTS))
def test_no_message_quotes_more_than_an_excerpt(cli, tmp_path, text):
    """The token starts more than 60 characters into every value that holds it, or is the
    tail of a key or value longer than 60: an excerpt never reaches its end."""
    path = tmp_path / "countries" / "x.yaml"
    path.parent.mkdir()
    path.write_text(text)
    for fmt in ("text", "github", "json"):
        run = cli("--data-dir", str(ROOT), "check", "--format", fmt, str(path))
        assert run.code == 1
        assert TOKEN[-20:] not in run.out + run.err, fmt
        assert "9" * 100 not in run.out


def test_a_credentials_file_copied_in_shows_an_excerpt(cli, repo):
    """A regular file inside the folder is read: what it is worth quoting is cut short."""
    (repo / "countries" / "creds.yaml").write_text("x" * 70 + SECRET)
    run = cli("--data-dir", str(repo), "check", "--format", "github")
    assert TOKEN not in run.out
    assert '"' + "x" * 57 + '..."' in run.out


# --- S007: control characters and characters XML cannot hold -------------------------------


BASE = (CORPUS / "good.yaml").read_text()


@pytest.mark.parametrize(
    ("escape", "words"),
    [
        ("\\e[2J", "U+001B (ESC)"),
        ("\\a", "U+0007 (BEL)"),
        ("\\x9b2J", "U+009B (CSI)"),
        ("\\x7f", "U+007F (DEL)"),
        ("\\0", "U+0000 (NUL)"),
        ("\\uFFFF", "U+FFFF (a noncharacter, which XML cannot hold)"),
        ("\\r", "U+000D (CR, a carriage return)"),
    ],
)
def test_forbidden_characters_in_a_note(cli, tmp_path, escape, words):
    path = tmp_path / "x.yaml"
    path.write_text(BASE + f'    notes: "before {escape} after"\n')
    run = cli("--data-dir", str(ROOT), "check", "--select", "S", str(path))
    assert run.code == 1
    [line] = run.out.splitlines()[:-1]
    assert line.startswith(f"{path}:19:12: S007 the text holds ")
    assert words in line and "never data: remove the escape that writes it" in line
    assert "\x1b" not in run.out and "\x07" not in run.out


def test_a_tab_a_line_break_and_windows_line_ends_are_text(cli, tmp_path):
    path = tmp_path / "x.yaml"
    text = BASE + '    notes: "a\\tb\\nc"\n' + "    source_title: |\n      one\n      two\n"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    run = cli("--data-dir", str(ROOT), "check", "--select", "S,Y", str(path))
    assert run.code == 0, run.out


def test_forbidden_characters_in_keys_catalogues_and_groups(cli, full_repo):
    (full_repo / "groups" / "bad.yaml").write_text(
        'id: bad\nname: "Bad \\e]0;title\\a"\nmembers: [MN]\n'
    )
    catalogue = full_repo / "standards" / "safe-2021.yaml"
    text = catalogue.read_text()
    old = "title: Integrated Supply Chain Management"
    catalogue.write_text(text.replace(old, 'title: "Integrated \\uFFFE"'))
    mongolia = full_repo / "countries" / "mongolia.yaml"
    mongolia.write_text(mongolia.read_text() + '"key\\e": 1\n')
    run = cli("--data-dir", str(full_repo), "check", "--select", "S007")
    assert run.code == 1
    lines = run.out.splitlines()
    assert any("groups/bad.yaml:2:7: S007 " in ln and "U+001B (ESC)" in ln for ln in lines)
    line = text[: text.index(old)].count("\n") + 1  # where the title is in the catalogue
    assert any(
        f"standards/safe-2021.yaml:{line}:16: S007 " in ln and "U+FFFE" in ln for ln in lines
    )
    assert any("countries/mongolia.yaml:" in ln and "U+001B" in ln for ln in lines)


def test_a_raw_control_character_is_located(cli, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("country:\n  name: Mon\x1bgolia\n")
    run = cli("check", str(path))
    assert f"{path}:2:12: Y001 YAML syntax error: unacceptable character #x001b" in run.out
    assert "never tabs" not in run.out


# --- found by a review in the attacker's seat ------------------------------------------------


def test_thousands_of_unknown_instruments_get_no_costly_hint(cli, repo):
    """A close-match search per unknown id costs ids x instruments: bounded, so a crafted file
    cannot hold a CI run for hours; the message still says what is wrong."""
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text(encoding="utf-8")
    many = "".join(f"  law-{i:04d}:\n    title: Law {i}\n" for i in range(600))
    text = text.replace("instruments:\n", "instruments:\n" + many, 1)
    text = text.replace("      - instrument: civil-service-law\n", "      - instrument: law-x\n", 1)
    path.write_text(text, encoding="utf-8")
    run = cli("--data-dir", str(repo), "check", "--select", "C004")
    assert run.code == 1
    assert "C004 instrument 'law-x' is not defined under 'instruments:': defined ones:" in run.out


def test_a_lock_file_that_is_a_link_is_refused_and_nothing_is_made(cli, repo, tmp_path):
    from tests.test_import import export, fill

    book = tmp_path / "mn.xlsx"
    export(cli, repo, "mongolia", book)
    fill(book, statuses={"p3-s3": ("no", "x")})
    outside = tmp_path / "made-here"
    (repo / ".safe-map.lock").symlink_to(outside)
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 2 and "is a symbolic link" in run.err
    assert not outside.exists()


def test_init_does_not_write_through_a_link(cli, repo, tmp_path):
    outside = tmp_path / "outside.yaml"
    (repo / "countries" / "germany.yaml").symlink_to(outside)
    run = cli("--data-dir", str(repo), "init", "Germany", "--iso", "DE")
    assert run.code == 2 and "is a symbolic link" in run.err
    assert not outside.exists()


def test_github_annotations_escape_control_characters_in_file_names(cli, repo):
    (repo / "countries" / "b\x1b]0;T\x07.yaml").write_text("x: 1\n", encoding="utf-8")
    run = cli("--data-dir", str(repo), "check", "-f", "github")
    assert "\x1b" not in run.out and "\x07" not in run.out
    assert "countries/b\\x1b]0;T\\x07.yaml,line=1" in run.out


@pytest.mark.parametrize(
    ("char", "flagged"),
    [("\u202e", True), ("\u2066", True), ("\u200b", True), ("\ufeff", True), ("\u200c", False)],
)
def test_invisible_characters_that_change_how_text_reads(cli, repo, char, flagged):
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text(encoding="utf-8")
    note = "    notes: The slide gives no legal basis."
    path.write_text(text.replace(note, f"    notes: The slide{char} gives no legal basis.", 1))
    run = cli("--data-dir", str(repo), "check")
    assert ("S007" in run.out) is flagged, run.out


def test_the_same_file_given_twice_is_one_file(cli, repo, monkeypatch):
    monkeypatch.chdir(repo)
    run = cli("check", "countries/mongolia.yaml", "./countries/mongolia.yaml")
    assert run.code == 0, run.out
    assert "C010" not in run.out
