"""Old versions of a data file, read from git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


class HistoryError(Exception):
    """git cannot give the old version: not a repository, unknown revision, no git."""


def _git(cwd: Path, *args: str) -> str:
    try:
        run = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise HistoryError("git is not installed: install git to compare with the past") from None
    if run.returncode != 0:
        raise HistoryError(
            run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "git failed"
        )
    return run.stdout


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def resolve_revision(folder: Path, since: str) -> str:
    """The commit for a revision (HEAD~1, a tag, a hash) or a date: the last commit before
    that day starts, so that changes made during the day show; "" when nothing was committed
    before that day."""
    try:
        _git(folder, "rev-parse", "--show-toplevel")
    except HistoryError:
        raise HistoryError(
            f"{folder} is not in a git repository: `changes` reads the old version from git "
            "history (git init, then commit the data, to start tracking it)"
        ) from None
    try:
        _git(folder, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except HistoryError:
        raise HistoryError(
            "nothing is committed yet: `changes` compares with the git history (commit the "
            "data first: git add, then git commit)"
        ) from None
    if _DATE.match(since):
        from datetime import date

        try:
            date.fromisoformat(since)
        except ValueError:
            raise HistoryError(
                f"'{since}' is not a real calendar date: check the day and month"
            ) from None
        # Nothing committed before that day: the file did not exist then ("" says so).
        return _git(folder, "rev-list", "-1", f"--before={since} 00:00:00", "HEAD").strip()
    try:
        return _git(folder, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}").strip()
    except HistoryError:
        raise HistoryError(
            f"'{since}' is not a revision of this repository: give a commit, a tag, HEAD~1, "
            "or a date as YYYY-MM-DD"
        ) from None


def read_at(path: Path, commit: str) -> str | None:
    """The text of `path` at `commit`, or None if the file did not exist then."""
    folder = path.resolve().parent
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    relative = path.resolve().relative_to(top).as_posix()
    try:
        return _git(top, "show", f"{commit}:{relative}")
    except HistoryError:
        return None
