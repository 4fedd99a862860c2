"""Writing files so that a failed run leaves the user's files as they were.

A write goes to a hidden temporary file beside the target (`.NAME.XXXXXXXX.tmp`), is flushed
to the disk, then renamed over the target, and the folder is flushed so the rename survives a
power cut. The temporary file is removed on every way out: an error, Ctrl-C, SIGTERM or SIGHUP.
Only SIGKILL (or a power cut) can leave one behind; it never ends in .yaml, so it is never read
as data, and the next write of the same file removes it. A writer holds a lock on its own
temporary file, so a leftover is told from another run's file still being written.

What the user can put right (a read-only folder, a full disk, a name too long) is raised as
`WriteError`, one plain sentence naming the path; anything else is raised as it came.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteError(OSError):
    """A write the user can put right; the message is one sentence that names the path.

    An OSError, so that a caller that already catches OSError around a write still does;
    `errno` is the system's, `str()` the sentence."""

    def __init__(self, sentence: str, code: int | None = None) -> None:
        super().__init__(sentence)
        self.errno = code


def problem(
    err: OSError, path: str | os.PathLike[str] | None = None, folder: Path | None = None
) -> str | None:
    """A plain sentence for an error the user can put right, naming `path` (or the error's own
    file name); None for an error that points at a bug rather than at the user's files.
    `folder`: the error came from making a file in that folder."""
    where = path if path is not None else err.filename
    shown = f"{_short(where)}: " if where is not None else ""
    code = err.errno
    if code in (errno.EACCES, errno.EPERM):
        if folder is not None:
            return (
                f"{shown}permission denied: no new file can be made in the folder "
                f"'{_short(folder)}': check the folder's permissions"
            )
        return f"{shown}permission denied: check the permissions of the file and its folder"
    if code == errno.EROFS:
        return f"{shown}the file system is read-only: write somewhere else"
    if code == errno.ENAMETOOLONG:
        longest = max(
            (len(os.fsencode(part)) for part in Path(os.fspath(where or "")).parts), default=0
        )
        return (
            f"{shown}the name is too long ({longest} bytes in one part of the path; most file "
            "systems allow 255): choose a shorter name"
        )
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"{shown}no space left on the disk (or your quota is used up): free some space"
    if code == errno.EFBIG:
        return f"{shown}the file is too large for this file system: write somewhere else"
    if code == errno.ENOENT and where is not None:
        parent = Path(os.fspath(where)).parent
        if str(parent) not in ("", ".") and not _is_dir(parent):
            return f"{shown}the folder '{_short(parent)}' does not exist: create it first"
        return f"{shown}no such file or folder"
    if code == errno.ENOTDIR:
        return f"{shown}a part of the path is a file, not a folder"
    if code == errno.EISDIR:
        return f"{shown}is a folder: give a file name"
    if code == errno.ELOOP:
        return f"{shown}too many levels of symbolic links (a link that leads to itself?)"
    if code in (errno.EBUSY, errno.ETXTBSY):
        return f"{shown}the file is in use by another program: close it, then run again"
    if code == errno.EIO:
        return f"{shown}the disk reported an input/output error: check the disk or the share"
    return None


def _short(path: str | os.PathLike[str]) -> str:
    """A path as typed, with any overlong name in it cut in the middle so the line stays short."""
    text = os.fspath(path)
    if isinstance(text, bytes):  # pragma: no cover - the CLI passes str paths
        text = os.fsdecode(text)
    parts = [f"{part[:24]}...{part[-24:]}" if len(part) > 60 else part for part in text.split("/")]
    text = "/".join(parts)
    return text if len(text) <= 160 else f"{text[:60]}...{text[-90:]}"


def _refused(
    err: OSError, path: Path, unchanged: bool, folder: Path | None = None
) -> BaseException:
    """WriteError for what the user can put right; the OSError itself otherwise."""
    sentence = problem(err, path, folder)
    if sentence is None:
        return err
    if unchanged:
        sentence += f"; {_short(path)} is unchanged" if _exists(path) else "; nothing written"
    return WriteError(sentence, err.errno)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write `data` to `path` through a temporary file and a rename; return the file written.

    A symbolic link is written through: the file it points to is replaced, the link stays, and
    that file is returned (the caller can say "wrote TARGET (through the link PATH)"). A device
    or a named pipe (/dev/null, /dev/stdout, a FIFO) is written to directly, since renaming
    over it would put a regular file in its place; `path` is returned as given.
    Raises WriteError for what the user can put right; the target is then unchanged."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        try:
            mode: int | None = target.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            mode = None
    except OSError as err:
        raise _refused(err, path, unchanged=True) from None
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(target, "wb") as handle:
                handle.write(payload)
        except OSError as err:
            raise _refused(err, path, unchanged=False) from None
        return path
    folder = target.parent if str(target.parent) else Path(".")
    _remove_leftovers(folder, target.name)
    try:
        with _removed_on_signal() as pending:
            try:
                fd, tmp = _temporary(folder, target.name)
            except OSError as err:
                raise _refused(err, path, unchanged=True, folder=folder) from None
            pending.append(tmp)
            try:
                _write_all(fd, payload)
                os.fsync(fd)
                os.chmod(tmp, _mode_for(target))
                if os.name == "nt":  # pragma: no cover - Windows renames no open file
                    os.close(fd)
                    fd = -1
                os.replace(tmp, target)
                pending.clear()
            except BaseException:
                pending.clear()
                _unlink(tmp)
                raise
            finally:
                if fd >= 0:
                    os.close(fd)  # after the rename: the lock on the temporary file held so far
    except WriteError:
        raise
    except OSError as err:
        raise _refused(err, path, unchanged=True) from None
    try:
        _fsync_folder(folder)
    except OSError as err:
        raise _refused(err, folder, unchanged=False) from None
    return target


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new hidden temporary file beside the target, locked (see `_remove_leftovers`)."""
    for _ in range(5):
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        if os.name == "nt":  # pragma: no cover - no flock on Windows
            return fd, tmp
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink > 0:
            return fd, tmp
        # Another run took it for a leftover between mkstemp and flock, and removed it.
        os.close(fd)
    raise OSError(errno.EAGAIN, "could not keep a temporary file", str(folder))


def _leftover_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\." + re.escape(name) + r"\.[A-Za-z0-9_]{1,32}\.tmp\Z")


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporary files that a killed run left beside `folder/name`.

    A run still writing holds a lock on its temporary file; a file nobody holds is a leftover.
    Best effort: a leftover that cannot be removed is left, and the write goes on."""
    pattern = _leftover_pattern(name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if pattern.match(entry.name):
            _remove_if_abandoned(entry.path)


def _remove_if_abandoned(path: str) -> None:
    if os.name == "nt":  # pragma: no cover - no flock on Windows: an hour-old file is a leftover
        import time

        try:
            if time.time() - os.stat(path).st_mtime > 3600:
                os.unlink(path)
        except OSError:
            pass
        return
    import fcntl

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.unlink(path)
    except OSError:
        pass  # held by a run still writing, or not ours to remove
    finally:
        os.close(fd)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    """Flush the folder, so that the rename itself reaches the disk."""
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder as a file
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # a folder we may write in but not read (mode -wx): nothing more to do
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise  # some file systems cannot flush a folder; any other failure is reported
    finally:
        os.close(fd)


_SIGNALS = ("SIGTERM", "SIGHUP")


@contextmanager
def _removed_on_signal() -> Iterator[list[str]]:
    """While the block runs, SIGTERM and SIGHUP first remove the temporary files listed in the
    list yielded, then act as they would have (by default, end the process by that signal).

    Ctrl-C needs nothing here: Python raises KeyboardInterrupt and the write's own clean-up
    runs. Signals are only handled in the main thread; a signal that was ignored stays so."""
    import signal
    import threading

    pending: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return
    previous = {}

    def handler(signum, frame):
        for tmp in list(pending):
            _unlink(tmp)
        pending.clear()
        before = previous[signum]
        signal.signal(signum, before)
        if callable(before):
            before(signum, frame)
        else:
            os.kill(os.getpid(), signum)  # SIG_DFL: end as the signal would have

    for name in _SIGNALS:
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        before = signal.getsignal(signum)
        if before in (signal.SIG_IGN, None):
            continue
        previous[signum] = before
        signal.signal(signum, handler)
    try:
        yield pending
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the user's usual ones (umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def through_link(requested: Path, written: Path) -> str:
    """How to name what `write_atomic` wrote: `written`, and the link it went through, if any."""
    if os.path.abspath(requested) == os.path.abspath(written):
        return str(requested)
    try:
        shown = os.path.relpath(written) if written.is_relative_to(Path.cwd()) else str(written)
    except OSError:  # the current folder was removed
        shown = str(written)
    return f"{shown} (through the link {requested})"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (made if missing) while the block runs.

    Two imports of one data folder started together would each read the country file, and the
    second to write would drop the first one's answers; with the lock the second waits, then
    reads what the first wrote. The lock file itself is never replaced, so the lock holds."""
    if path.is_symlink():  # a link committed in the data folder must not make us create files
        raise WriteError(
            f"{path} is a symbolic link: the lock file must be a plain file: remove the link",
            errno.ELOOP,
        )
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as err:
        sentence = problem(err, path)
        if sentence is None:
            raise
        raise WriteError(
            f"cannot take the lock that keeps imports apart: {sentence}", err.errno
        ) from None
    try:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
