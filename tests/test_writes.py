"""Writing outputs: a symbolic link is written through, a device is written to, never replaced;
`-o -` is the screen."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def test_a_symlinked_output_is_written_through(cli, repo, tmp_path):
    target = tmp_path / "reports" / "mongolia.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    run = cli("--data-dir", str(repo), "assess", "mongolia", "-o", str(link))
    assert run.code == 0, run.err
    assert link.is_symlink()  # the link stays a link
    assert '"format_version"' in target.read_text(encoding="utf-8")


def test_dev_null_stays_a_device(cli, repo):
    run = cli("--data-dir", str(repo), "assess", "mongolia", "-o", os.devnull)
    assert run.code == 0, run.err
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_named_pipe_is_written_to_not_replaced(repo, tmp_path):
    import subprocess
    import sys
    import threading

    from tests.conftest import ROOT

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "safe_map",
            "--data-dir",
            str(repo),
            "assess",
            "mn",
            "-o",
            str(pipe),
        ],
        env=env,
        capture_output=True,
        timeout=60,
    )
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert b"Mongolia" in received[0]


def test_dash_is_the_screen(cli, repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = cli("--data-dir", str(repo), "assess", "mongolia", "-f", "json", "-o", "-")
    assert run.code == 0, run.err
    assert run.out.lstrip().startswith("{")
    assert not (tmp_path / "-").exists()
