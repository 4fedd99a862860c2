"""safe_map.files.write_atomic: a write replaces the file whole or not at all, reaches the disk,
and leaves no temporary file behind, whatever ends the run; what a SIGKILL leaves is never read
as data and is removed by the next write of the same file."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safe_map import files
from safe_map.files import WriteError, write_atomic
from tests.conftest import ROOT

# Runs safe-map with a rename that announces itself in the file $READY, then waits: the test
# kills the run at that moment, the temporary file complete and the target not yet replaced.
SLOW_RENAME = """
import os, sys, time
from pathlib import Path

real_replace = os.replace

def slow_replace(src, dst):
    Path(os.environ["READY"]).write_text(str(src))
    time.sleep(60)
    real_replace(src, dst)

os.replace = slow_replace
from safe_map.cli import main

sys.argv = ["safe-map", *sys.argv[1:]]
main()
"""


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def killed_mid_write(tmp_path: Path, sig: signal.Signals, *args: str) -> tuple[int, Path, bytes]:
    """Run safe-map ARGS, kill it with `sig` just before its rename; its exit status, the
    temporary file it was writing, and what it printed on stderr."""
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "READY": str(ready), "NO_COLOR": "1"}
    env.pop("SAFE_MAP_DATA", None)
    run = subprocess.Popen(
        [sys.executable, "-c", SLOW_RENAME, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not ready.exists() or not ready.read_text():
        assert run.poll() is None, run.stderr.read()
        assert time.monotonic() < deadline, "the write never reached its rename"
        time.sleep(0.05)
    tmp = Path(ready.read_text())
    assert tmp.is_file()  # complete, flushed, waiting for the rename
    run.send_signal(sig)
    _, err = run.communicate(timeout=60)
    return run.returncode, tmp, err


# --- what a write does --------------------------------------------------------------------


def test_the_file_is_flushed_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "report.json"
    assert write_atomic(target, "{}\n") == target
    assert events == ["fsync file", "rename", "fsync folder"]
    assert target.read_text() == "{}\n"
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_permissions_an_old_one_keeps_its_own(tmp_path):
    new = tmp_path / "new.yaml"
    write_atomic(new, "a: 1\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    old = tmp_path / "old.yaml"
    old.write_text("a: 0\n")
    old.chmod(0o640)
    write_atomic(old, "a: 1\n")
    assert stat.S_IMODE(old.stat().st_mode) == 0o640


def test_a_symlink_is_written_through_and_the_link_named(cli, repo, tmp_path):
    target = tmp_path / "reports" / "mongolia.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert write_atomic(link, "new") == target
    assert link.is_symlink() and target.read_text() == "new"
    run = cli("--data-dir", str(repo), "assess", "mongolia", "-o", str(link))
    assert run.code == 0, run.err
    assert f"wrote {target} (through the link {link})" in run.err
    assert link.is_symlink()
    assert '"format_version"' in target.read_text(encoding="utf-8")


def test_a_device_is_written_to_and_named_as_given(cli, repo):
    assert write_atomic(Path(os.devnull), "x") == Path(os.devnull)
    run = cli("--data-dir", str(repo), "assess", "mongolia", "-o", os.devnull)
    assert run.code == 0, run.err
    assert run.err.strip() == f"wrote {os.devnull}"
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


# --- every way out removes the temporary file ---------------------------------------------


@pytest.mark.parametrize("fault", ["ENOSPC while writing", "EIO at the rename", "Ctrl-C"])
def test_a_failed_write_leaves_the_file_as_it_was_and_no_temporary_file(
    tmp_path, monkeypatch, fault
):
    target = tmp_path / "mongolia.yaml"
    target.write_text("before\n")

    def fail(*args):
        if fault == "Ctrl-C":
            raise KeyboardInterrupt
        code = errno.ENOSPC if fault.startswith("ENOSPC") else errno.EIO
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write" if "writing" in fault else "replace", fail)
    if fault == "Ctrl-C":
        monkeypatch.setattr(os, "replace", fail)
    expected = KeyboardInterrupt if fault == "Ctrl-C" else WriteError
    with pytest.raises(expected) as caught:
        write_atomic(target, "after\n")
    assert target.read_text() == "before\n"
    assert leftovers(tmp_path) == []
    if expected is WriteError:
        assert str(target) in str(caught.value) and "is unchanged" in str(caught.value)


def test_signal_handlers_are_back_as_they_were_after_a_write(tmp_path):
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    write_atomic(tmp_path / "a.yaml", "a: 1\n")
    assert {s: signal.getsignal(s) for s in before} == before


def test_sigterm_mid_write_removes_the_temporary_file(repo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "mongolia.json"
    target.write_text("old")
    code, tmp, _ = killed_mid_write(
        tmp_path, signal.SIGTERM, "--data-dir", str(repo), "assess", "mongolia", "-o", str(target)
    )
    assert code == -signal.SIGTERM  # ended by the signal, as it would have been
    assert not tmp.exists()
    assert leftovers(out) == []
    assert target.read_text() == "old"


def test_sighup_mid_write_removes_the_temporary_file(repo, tmp_path):
    code, tmp, _ = killed_mid_write(
        tmp_path, signal.SIGHUP, "--data-dir", str(repo), "init", "Kyrgyzstan", "--iso", "KG"
    )
    assert code == -signal.SIGHUP
    assert not tmp.exists()
    assert leftovers(repo / "countries") == []
    assert not (repo / "countries" / "kyrgyzstan.yaml").exists()


def test_a_sigkill_leftover_is_never_read_and_goes_at_the_next_write(cli, repo, tmp_path):
    countries = repo / "countries"
    code, tmp, _ = killed_mid_write(
        tmp_path, signal.SIGKILL, "--data-dir", str(repo), "init", "Kyrgyzstan", "--iso", "KG"
    )
    assert code == -signal.SIGKILL
    assert tmp.parent == countries and tmp.name.startswith(".kyrgyzstan.yaml.")
    assert leftovers(countries) == [tmp.name]  # SIGKILL cannot be caught: it stays, for now
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0, check.out + check.err
    assert ".tmp" not in check.out + check.err and "kyrgyz" not in check.out.lower()
    run = cli("--data-dir", str(repo), "init", "Kyrgyzstan", "--iso", "KG")
    assert run.code == 0, run.err
    assert leftovers(countries) == []
    assert (countries / "kyrgyzstan.yaml").is_file()


def test_a_hidden_tmp_file_in_countries_is_not_data(cli, repo):
    leftover = repo / "countries" / ".mongolia.yaml.xyz.tmp"
    leftover.write_text("{{{ not yaml at all\n")
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0, check.out + check.err
    assert ".tmp" not in check.out + check.err
    assess = cli("--data-dir", str(repo), "countries")
    assert assess.code == 0 and ".tmp" not in assess.out


def test_a_leftover_of_the_same_file_goes_others_stay(tmp_path):
    target = tmp_path / "mongolia.yaml"
    mine = tmp_path / ".mongolia.yaml.xyz.tmp"
    other_file = tmp_path / ".kazakhstan.yaml.abcdefgh.tmp"
    not_ours = tmp_path / ".mongolia.yaml.tmp"  # not the shape of our temporary files
    for path in (mine, other_file, not_ours):
        path.write_text("left over")
    write_atomic(target, "a: 1\n")
    assert not mine.exists()
    assert other_file.exists() and not_ours.exists()


def test_a_temporary_file_another_run_is_writing_is_left_alone(tmp_path):
    target = tmp_path / "mongolia.yaml"
    busy = tmp_path / ".mongolia.yaml.abcdefgh.tmp"
    busy.write_text("being written")
    with open(busy, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as the other run's write_atomic holds it
        write_atomic(target, "a: 1\n")
        assert busy.exists()
    write_atomic(target, "a: 2\n")  # that run has gone: now it is a leftover
    assert not busy.exists()


def test_a_leftover_that_is_a_link_or_a_fifo_is_not_touched(tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    link = tmp_path / ".mongolia.yaml.abcdefgh.tmp"
    link.symlink_to(outside)
    fifo = tmp_path / ".mongolia.yaml.ijklmnop.tmp"
    os.mkfifo(fifo)
    write_atomic(tmp_path / "mongolia.yaml", "a: 1\n")  # must not hang on the FIFO
    assert outside.read_text() == "keep me"
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_many_writers_of_one_file_never_remove_each_others_temporary_file(tmp_path):
    import threading

    target = tmp_path / "mongolia.yaml"
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                write_atomic(target, f"writer: {n}\nround: {i}\n")
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_text().startswith("writer: ")
    assert leftovers(tmp_path) == []


def test_write_error_is_an_oserror_for_callers_that_catch_those(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".x.tmp"))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(OSError) as caught:
        write_atomic(tmp_path / "x.yaml", "a: 1\n")
    assert isinstance(caught.value, WriteError) and caught.value.errno == errno.EACCES
    assert str(caught.value) == (
        f"{tmp_path / 'x.yaml'}: permission denied: no new file can be made in the folder "
        f"'{tmp_path}': check the folder's permissions; nothing written"
    )
