"""What the user can put right is said as such: a read-only folder, a full disk, a name too long,
a hostile or broken workbook end in one plain line and exit 2, never in "internal error", which
is kept for bugs. Each case runs through the real entry point, `safe_map.cli.main`."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safe_map import files
from safe_map.cli import main
from tests.conftest import ROOT
from tests.test_xlsxread import (
    BILLION_LAUGHS,
    NS,
    inline,
    refusal,
    sheet,
    with_shared_strings,
    with_sheet,
    xxe,
)

LONG = "a" * 300


@pytest.fixture
def safe_map(monkeypatch, capsys):
    """Run safe-map through main(), as the installed command does: (exit code, stderr)."""
    monkeypatch.delenv("SAFE_MAP_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["safe-map", *args])
        with pytest.raises(SystemExit) as ended:
            main()
        err = capsys.readouterr().err
        assert "Traceback" not in err
        return ended.value.code, err

    return run


def plain(code: int, err: str, *words: str) -> None:
    """A refusal the user can act on: exit 2, one line per problem, no word of a bug."""
    assert code == 2, err
    assert "internal error" not in err and "bug" not in err, err
    for word in words:
        assert word in err, err


def refuse_new_files(monkeypatch, code: int) -> None:
    """Make every new file fail as a read-only folder would (root is not stopped by chmod)."""

    def refuse(*args, dir=None, **kwargs):
        raise OSError(code, os.strerror(code), os.path.join(str(dir), ".x.tmp"))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)


def filled_questionnaire(safe_map, repo: Path, tmp_path: Path) -> Path:
    from openpyxl import load_workbook

    book = tmp_path / "mongolia.xlsx"
    code, err = safe_map("--data-dir", str(repo), "export", "mongolia", "-o", str(book))
    assert code == 0, err
    wb = load_workbook(book)
    for row in wb["Instructions"].iter_rows(min_row=1, max_row=40):
        answers = {"Administration": "Customs", "Date of the answers": "2026-11-02"}
        if row[0].value in answers:
            wb["Instructions"].cell(row[0].row, 2).value = answers[row[0].value]
    ws = wb["Pillar 3"]
    cols = {c.value: c.column for c in ws[3]}
    for row in ws.iter_rows(min_row=4):
        if row[cols["Id"] - 1].value == "p3-s3":
            row[cols["Notes"] - 1].value = "A note from the respondent."
    wb.save(book)
    return book


def can_mount_read_only() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind -o ro /tmp /tmp"], capture_output=True
    )
    return probe.returncode == 0


# --- names too long, paths that cannot be ------------------------------------------------


@pytest.mark.parametrize("command", ["assess", "export"])
def test_a_300_character_output_name(safe_map, repo, tmp_path, command):
    target = tmp_path / f"{LONG}.{'xlsx' if command == 'export' else 'json'}"
    code, err = safe_map("--data-dir", str(repo), command, "mongolia", "-o", str(target))
    plain(
        code,
        err,
        "the name is too long",
        "choose a shorter name",
        "/" + "a" * 24 + "..." + "a" * 19,
    )
    assert len(err.strip().splitlines()) == 1


def test_a_300_character_output_name_from_the_installed_command(repo, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("SAFE_MAP_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "safe_map", "--data-dir", str(repo), "assess", "mongolia"]
        + ["-o", str(tmp_path / f"{LONG}.json")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    plain(done.returncode, done.stderr, "the name is too long")


def test_an_output_under_a_file(safe_map, repo, tmp_path):
    (tmp_path / "report").write_text("a file, not a folder")
    code, err = safe_map(
        "--data-dir", str(repo), "assess", "mongolia", "-o", str(tmp_path / "report" / "x.json")
    )
    plain(code, err, "report")


# --- read-only folders, full disks --------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "permission denied: no new file can be made in the folder"),
        (errno.EPERM, "check the folder's permissions"),
        (errno.EROFS, "the file system is read-only"),
        (errno.ENOSPC, "no space left on the disk"),
    ],
)
def test_init_into_a_folder_it_cannot_write(safe_map, repo, monkeypatch, code, words):
    refuse_new_files(monkeypatch, code)
    status, err = safe_map("--data-dir", str(repo), "init", "Kyrgyzstan", "--iso", "KG")
    plain(status, err, words, "kyrgyzstan.yaml", "nothing written")
    assert not (repo / "countries" / "kyrgyzstan.yaml").exists()


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC])
def test_import_into_a_folder_it_cannot_write(safe_map, repo, tmp_path, monkeypatch, code):
    book = filled_questionnaire(safe_map, repo, tmp_path)
    target = repo / "countries" / "mongolia.yaml"
    before = target.read_bytes()
    refuse_new_files(monkeypatch, code)
    status, err = safe_map("--data-dir", str(repo), "import", str(book))
    plain(status, err, "mongolia.yaml", "unchanged")
    assert target.read_bytes() == before


def test_a_disk_full_while_writing_leaves_the_file_as_it_was(safe_map, repo, tmp_path, monkeypatch):
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    target.write_text("old")

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "write", full)
    code, err = safe_map("--data-dir", str(repo), "assess", "mongolia", "-o", str(target))
    monkeypatch.undo()
    plain(code, err, f"{target}: no space left on the disk", "report.json is unchanged")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


@pytest.mark.skipif(not can_mount_read_only(), reason="needs root and mount namespaces")
@pytest.mark.parametrize("command", ["init", "import", "assess"])
def test_a_really_read_only_countries_folder(safe_map, repo, tmp_path, command):
    """The real thing: countries/ bind-mounted read-only in a mount namespace of its own."""
    countries = repo / "countries"
    if command == "init":
        args = ["init", "Kyrgyzstan", "--iso", "KG"]
    elif command == "import":
        args = ["import", str(filled_questionnaire(safe_map, repo, tmp_path))]
    else:
        args = ["assess", "mongolia", "-o", str(countries / "report.json")]
    before = sorted(p.name for p in countries.iterdir())
    script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(countries), sys.executable, "-m"]
        + ["safe_map", "--data-dir", str(repo), *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    plain(done.returncode, done.stderr, "the file system is read-only")
    assert sorted(p.name for p in countries.iterdir()) == before


# --- what stays a bug ----------------------------------------------------------------------


def test_an_error_of_the_program_is_still_called_a_bug(safe_map, repo, monkeypatch):
    from safe_map import analysis

    def broken(*args, **kwargs):
        raise RuntimeError("a bug planted by the test")

    monkeypatch.setattr(analysis, "assess", broken)
    code, err = safe_map("--data-dir", str(repo), "assess", "mongolia")
    assert code == 2
    assert "internal error: RuntimeError: a bug planted by the test" in err
    assert "This is a bug in safe-map" in err


def test_an_os_error_no_user_can_fix_is_still_a_bug(safe_map, repo, tmp_path, monkeypatch):
    def bad_descriptor(*args, **kwargs):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    monkeypatch.setattr(files.os, "fsync", bad_descriptor)
    code, err = safe_map(
        "--data-dir", str(repo), "assess", "mongolia", "-o", str(tmp_path / "r.json")
    )
    monkeypatch.undo()
    assert code == 2 and "internal error: OSError" in err


# --- hostile and broken workbooks ---------------------------------------------------------

HOSTILE_WORKBOOKS = {
    "billion laughs": lambda d: with_shared_strings(d, "laughs.xlsx", BILLION_LAUGHS),
    "XXE": xxe,
    "truncated sheet XML": lambda d: with_sheet(d, "cut.xlsx", sheet(inline("A1", "x"))[:60]),
    "lone surrogate": lambda d: with_shared_strings(
        d, "surrogate.xlsx", f"<sst {NS}><si><t>&#xD800;</t></si></sst>".encode()
    ),
    "not a zip": lambda d: not_a_zip(d),
}


def not_a_zip(folder: Path) -> Path:
    path = folder / "text.xlsx"
    path.write_text("Standard id,Status\n")
    return path


@pytest.mark.parametrize("case", list(HOSTILE_WORKBOOKS))
def test_import_of_a_broken_or_hostile_workbook_is_refused_plainly(safe_map, repo, tmp_path, case):
    book = HOSTILE_WORKBOOKS[case](tmp_path)
    before = (repo / "countries" / "mongolia.yaml").read_bytes()
    code, err = safe_map("--data-dir", str(repo), "import", str(book))
    plain(code, err, book.name, "nothing written")
    assert (repo / "countries" / "mongolia.yaml").read_bytes() == before


# --- defusedxml ---------------------------------------------------------------------------


def test_openpyxl_parses_through_defusedxml():
    import openpyxl.xml
    import openpyxl.xml.functions

    import safe_map.xlsxread  # noqa: F401

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


def test_billion_laughs_is_refused_by_defusedxml_itself(tmp_path, monkeypatch):
    from safe_map import xlsxread

    monkeypatch.setattr(xlsxread, "_DTD", ())  # past the first line of defence: the DTD scan
    err = refusal(with_shared_strings(tmp_path, "laughs.xlsx", BILLION_LAUGHS))
    assert "declares entities" in str(err)
    assert err.detail.startswith("EntitiesForbidden")


def test_check_does_not_import_defusedxml_or_openpyxl():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SAFE_MAP_DATA", None)
    code = (
        "import sys\n"
        "from safe_map.cli import main\n"
        "sys.argv = ['safe-map', 'check', 'countries/mongolia.yaml']\n"
        "try:\n    main()\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, end.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('defusedxml', 'openpyxl')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
