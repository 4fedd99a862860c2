"""Where the data repository is: --data-dir, SAFE_MAP_DATA, the current folder, or bundled."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "SAFE_MAP_DATA"
BUNDLED = "bundled with safe-map"  # the origin of the data chosen because nothing else was
DATA_DIR_OPTION = "--data-dir"  # the origin of the data named on the command line
HOLDS_THE_FILE = "the data folder that holds the file"  # see holding()


class DataRepoError(Exception):
    """The data repository named by the user does not exist or is not one."""


@dataclass(frozen=True)
class DataRepo:
    root: Path
    origin: str  # how it was chosen, in words for `safe-map info`

    @property
    def is_bundled(self) -> bool:
        """True when no data folder of the user's own was found: the shipped data is in use."""
        return self.origin == BUNDLED

    @property
    def named_on_command_line(self) -> bool:
        """True when --data-dir chose this folder: files given to check are checked against
        it wherever they lie, rather than against the data folder that holds them."""
        return self.origin == DATA_DIR_OPTION

    @property
    def standards_dir(self) -> Path:
        return self.root / "standards"

    @property
    def countries_dir(self) -> Path:
        return self.root / "countries"

    @property
    def groups_dir(self) -> Path:
        return self.root / "groups"

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    def plan_files(self) -> list[Path]:
        return _yaml_files(self.plans_dir)

    def catalogue_files(self) -> list[Path]:
        return _yaml_files(self.standards_dir)

    def country_files(self) -> list[Path]:
        return _yaml_files(self.countries_dir)

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the current folder when that is shorter."""
        try:  # a symbolic link is shown where it lies, not where it leads
            where = Path(os.path.realpath(path.parent)) / path.name
            return str(where.relative_to(Path.cwd().resolve()))
        except (ValueError, OSError, RuntimeError):
            return str(path)


def data_relative(path: str | Path, root: Path) -> str:
    """A file's path relative to the data folder `root`, with '/' (countries/mongolia.yaml),
    however the folder was found; a file outside it as an absolute path.

    `path` may be as messages show it (Country.path, Diagnostic.path): relative to the current
    folder, or absolute."""
    try:  # a symbolic link is named where it lies, not where it leads
        resolved = Path(os.path.realpath(Path(path).parent)) / Path(path).name
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()
    except (OSError, RuntimeError):  # a symlink loop: the path as given
        return Path(path).as_posix()


def _yaml_files(folder: Path) -> list[Path]:
    """The .yaml and .yml entries of `folder` but its subfolders: a symbolic link, a pipe or a
    device among them is listed too, so that the loader reports it (Y013) rather than skip it."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and (p.is_symlink() or not p.is_dir())
    )


def is_data_repo(path: Path) -> bool:
    return (path / "standards").is_dir() and (path / "countries").is_dir()


def holding(path: Path) -> Path | None:
    """The data folder a data file lies in (resolved): the parent of the file's folder when
    it holds standards/ and countries/, as for countries/mongolia.yaml; None for a file that
    lies in no data folder. A symbolic link lies where the link is, not where it leads."""
    folder = Path(os.path.abspath(path)).parent.parent
    if not is_data_repo(folder):
        return None
    try:
        return folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the loader reports it
        return folder


def boundary(path: Path) -> tuple[Path, Path]:
    """Where a data file lies, and the folder it must lie in to be read, both resolved.

    The folder is the data folder that holds the file (DATA for DATA/countries/x.yaml), else
    the file's own folder. Both are taken from where the path names the file, never from where
    a symbolic link leads (the file's own place is its folder, resolved, and its name); the
    loader refuses a file whose real place is outside the folder (Y013)."""
    entry = Path(os.path.abspath(path))
    parent, folder = entry.parent, entry.parent.parent
    real_parent = Path(os.path.realpath(parent))
    placed = real_parent / entry.name
    if not is_data_repo(folder):
        return placed, real_parent
    if os.path.islink(parent):  # countries/ itself a link: where does the data folder lie?
        return placed, Path(os.path.realpath(folder))
    return placed, real_parent.parent


def bundled_root() -> Path:
    """The data shipped with the package (installed wheel) or beside it (source checkout)."""
    here = Path(__file__).resolve().parent
    installed = here / "_data"
    return installed if is_data_repo(installed) else here.parent


def locate(
    data_dir: Path | None = None, environ: dict[str, str] | None = None, cwd: Path | None = None
) -> DataRepo:
    """Choose the data repository, first match wins:

    1. --data-dir PATH; 2. the SAFE_MAP_DATA environment variable; 3. the current folder or
    the nearest folder above it that holds both standards/ and countries/; 4. the bundled data.
    """
    environ = os.environ if environ is None else environ
    if data_dir is not None:
        return _named(data_dir, DATA_DIR_OPTION)
    if environ.get(ENV_VAR):
        return _named(Path(environ[ENV_VAR]), f"{ENV_VAR} environment variable")
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_data_repo(folder):
            return DataRepo(folder, "current folder (it holds standards/ and countries/)")
    return DataRepo(bundled_root(), BUNDLED)


def read_only_message(command: str) -> str:
    """Why a command that writes data refuses the bundled data, and what to do instead."""
    return (
        "safe-map: no data folder of your own here: the data bundled with safe-map is read-only "
        "(an upgrade replaces it). Create one with `safe-map new DIR`, then run "
        f"`safe-map {command}` inside it (or pass --data-dir DIR)"
    )


def _named(path: Path, how: str) -> DataRepo:
    if not path.exists():
        raise DataRepoError(f"{path}: data folder named by {how} does not exist")
    if not is_data_repo(path):
        raise DataRepoError(
            f"{path}: not a safe-map data folder (named by {how}): it needs the subfolders "
            "standards/ and countries/"
        )
    return DataRepo(path.resolve(), how)
