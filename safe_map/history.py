"""Old versions of a data file, read from git.

Everything git gives is treated as input like any other: an object's size is asked before it
is read (a data file may have at most `MAX_BYTES`), its bytes are decoded here (not by
`subprocess`, so bytes that are not UTF-8 become a message, not an exception), and git's own
refusals (no git, not a repository, a repository owned by someone else) are told apart.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from safe_map.yamlsource import MAX_BYTES


class HistoryError(Exception):
    """git cannot give the old version: not a repository, unknown revision, no git."""


class _GitFailed(Exception):
    """git ran and exited non-zero; `stderr` is what it said."""

    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


# git's messages in English, whatever the user's language, so that they can be recognised.
_ENV = {"LC_ALL": "C", "LANGUAGE": ""}


def _git(cwd: Path, *args: str) -> bytes:
    """git's standard output, as bytes. Raises HistoryError when git is missing or refuses
    the repository (dubious ownership), _GitFailed for any other failure."""
    try:
        run = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=60,
            env={**os.environ, **_ENV},
        )
    except FileNotFoundError:
        raise HistoryError(
            "git is not installed (no `git` command found): `changes` reads the old version "
            "from git history; install git, or put it on the PATH"
        ) from None
    if run.returncode != 0:
        stderr = run.stderr.decode("utf-8", "replace")
        _refuse_dubious(stderr, cwd)
        raise _GitFailed(stderr)
    return run.stdout


_DUBIOUS = re.compile(r"dubious ownership in repository at '(?P<path>[^'\n]*)'")


def _refuse_dubious(stderr: str, cwd: Path) -> None:
    """git (2.35.2 and later) refuses a repository owned by another user: say so, and how to
    trust it, rather than calling it no repository at all."""
    found = _DUBIOUS.search(stderr)
    if found is None and "safe.directory" not in stderr:
        return
    where = found.group("path") if found is not None else str(cwd)
    raise HistoryError(
        "git refuses this repository (dubious ownership): it belongs to another user; run "
        f"`git config --global --add safe.directory {shlex.quote(where)}` if you trust it"
    )


def _last_line(failed: _GitFailed) -> str:
    lines = [ln for ln in failed.stderr.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "git failed"


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def resolve_revision(folder: Path, since: str) -> str:
    """The commit for a revision (HEAD~1, a tag, a hash) or a date: the last commit before
    that day starts, so that changes made during the day show; "" when nothing was committed
    before that day."""
    try:
        _git(folder, "rev-parse", "--show-toplevel")
    except _GitFailed as failed:
        if "not a git repository" not in failed.stderr:
            raise HistoryError(f"git cannot read {folder}: {_last_line(failed)}") from None
        raise HistoryError(
            f"{folder} is not in a git repository: `changes` reads the old version from git "
            "history (git init, then commit the data, to start tracking it)"
        ) from None
    try:
        _git(folder, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except _GitFailed:
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
        return _text(_git(folder, "rev-list", "-1", f"--before={since} 00:00:00", "HEAD"))
    try:
        return _text(_git(folder, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}"))
    except _GitFailed:
        raise HistoryError(
            f"'{since}' is not a revision of this repository: give a commit, a tag, HEAD~1, "
            "or a date as YYYY-MM-DD"
        ) from None


def _text(out: bytes) -> str:
    """A hash or a ref name from git's output."""
    return out.decode("ascii", "replace").strip()


@dataclass(frozen=True)
class OldVersion:
    """A file as it was at a commit: its text, and its path then (relative to the top of the
    repository) when it had another name."""

    text: str
    renamed_from: str | None = None


def read_at(path: Path, commit: str, shown: str = "") -> OldVersion | None:
    """`path` as it was at `commit`, under the name it had then, or None if it did not exist.

    `shown` names the old version in messages (e.g. "countries/x.yaml at HEAD~1"). Raises
    HistoryError when the old version is too large to be a data file or is not UTF-8."""
    shown = shown or f"{path.name} at {commit[:12]}"
    folder = path.resolve().parent
    top = Path(os.fsdecode(_git(folder, "rev-parse", "--show-toplevel").rstrip(b"\n")))
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    then = _path_at(top, relative, commit)
    if then is None:
        return None
    blob = f"{commit}:{then}"
    try:
        size = int(_text(_git(top, "cat-file", "-s", blob)))
    except (_GitFailed, ValueError):
        return None
    if size > MAX_BYTES:
        raise HistoryError(
            f"the version of {shown} is {size / 1_048_576:.1f} MB, more than the "
            f"{MAX_BYTES // 1_048_576} MB a data file may have: it is not read (compare with "
            "a later revision, where the file is a data file again)"
        )
    data = _git(top, "cat-file", "blob", blob)[: MAX_BYTES + 1]
    if len(data) > MAX_BYTES:  # the object changed under us: never read past the bound
        raise HistoryError(f"the version of {shown} is larger than git said: it is not read")
    return OldVersion(_decode(data, shown), then if then != relative else None)


def _path_at(top: Path, relative: str, commit: str) -> str | None:
    """The path (from the top of the repository) that the file now at `relative` had at
    `commit`, following renames: staged ones (git mv, not yet committed), then those
    committed since; None when it did not exist then."""
    if _exists(top, f"{commit}:{relative}"):
        return relative
    name = _staged_rename(top, relative)
    if name != relative and _exists(top, f"{commit}:{name}"):
        return name
    name = _committed_rename(top, name, commit)
    if name is not None and _exists(top, f"{commit}:{name}"):
        return name
    return None


def _exists(top: Path, blob: str) -> bool:
    try:
        _git(top, "cat-file", "-e", blob)
    except _GitFailed:
        return False
    return True


def _staged_rename(top: Path, relative: str) -> str:
    """The name at HEAD of a file renamed in the index and not yet committed (git mv)."""
    try:
        out = _git(top, "diff", "--cached", "--find-renames", "--name-status", "-z", "HEAD")
    except _GitFailed:
        return relative
    fields = out.split(b"\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i].decode("ascii", "replace")
        if status.startswith(("R", "C")):
            old, new = os.fsdecode(fields[i + 1]), os.fsdecode(fields[i + 2])
            if status.startswith("R") and new == relative:
                return old
            i += 3
        else:
            i += 2
    return relative


def _committed_rename(top: Path, relative: str, commit: str) -> str | None:
    """The name at `commit` of a file renamed in a commit since then: git log --follow walks
    from HEAD back to `commit`, one rename at a time; the oldest rename gives the old name."""
    try:
        out = _git(
            top,
            "log",
            "--follow",
            "--find-renames",
            "--name-status",
            "-z",
            "--format=",
            f"{commit}..HEAD",
            "--",
            relative,
        )
    except _GitFailed:
        return None
    name = None
    fields = [f for f in out.split(b"\0") if f]  # status, path (two paths for a rename)...
    i = 0
    while i < len(fields):
        if fields[i][:1] in (b"R", b"C") and i + 2 < len(fields):  # status, old, new
            name = os.fsdecode(fields[i + 1])  # newest first: the last one is the oldest
            i += 3
        else:
            i += 2
    return name


def _decode(data: bytes, shown: str) -> str:
    """The old version's text; a message like check's Y004 when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise HistoryError(
            f"the version of {shown} is not UTF-8 (byte 0x{data[err.start]:02x} at line "
            f"{line}, column {col}, as check's Y004 would say): it cannot be compared; compare "
            "with a later revision, saved as UTF-8"
        ) from None
