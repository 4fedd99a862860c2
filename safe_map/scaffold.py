"""`safe-map init` and `safe-map new`: a new country file, a new data folder of one's own."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from safe_map.model import Framework, Source

SCHEMA_LINE = "# yaml-language-server: $schema=../safe_map/schemas/country.schema.json"


def _q(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line, written by ruamel.yaml's emitter: it
    escapes what a reader would take for a line break (\\n, U+0085, U+2028...) and every
    character YAML does not allow raw. (A JSON string is not enough: json.dumps leaves U+2028,
    U+0085 and U+FEFF raw, which ruamel's reader breaks a line at or refuses.)"""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = YAML()
    yaml.width = 1 << 30  # never fold a long value onto a second line
    yaml.allow_unicode = True  # names in any script stay readable
    out = io.StringIO()
    yaml.dump(DoubleQuotedScalarString(text), out)
    quoted = out.getvalue().rstrip("\n")
    if "\n" in quoted or not (quoted.startswith('"') and quoted.endswith('"')):
        raise ValueError(f"the YAML emitter wrote {text!r} on more than one line")
    return quoted


_PLAIN = r"[a-z][a-z0-9-]*|[A-Z]{2}"
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(text: str) -> str:
    """An id or an ISO code as the shipped files write it, unquoted (`iso: KG`, `id: gap-2025`)
    when any YAML reader, 1.1 or 1.2, reads it back as that same text; anything else quoted."""
    import re

    if re.fullmatch(_PLAIN, text) and text.lower() not in _YAML11_WORDS:
        return text  # starts with a letter: no number, date or null; `NO` (Norway) is quoted
    return _q(text)


def _comment(text: str) -> str:
    """Text for a `#` comment: on one line whatever it holds (a line break would end the
    comment and start YAML), without characters a terminal or YAML would act on."""
    return "".join(ch if _printable(ch) else " " for ch in text)


def _printable(ch: str) -> bool:
    # ZWNJ and ZWJ are format characters that Persian and Indic scripts need in names.
    return ch.isprintable() or ch in "\u200c\u200d"


def country_file(
    name: str,
    iso: str,
    framework: Framework,
    source: Source | None,
    schema_line: str = SCHEMA_LINE,
) -> str:
    """A new country file, every standard not-assessed. With no source it states no fact, so
    `sources:` is empty until the first fact comes (check's C014).

    Every value is quoted by the YAML emitter (or is an id that needs no quotes) and every
    comment is kept on its line: no value, from the command line or a workbook, can add a key
    or end a comment."""
    lines = [_comment(schema_line), "#"] if schema_line else []
    header = f"{name}: legal basis mapped against {framework.title} ({framework.edition})."
    lines += [
        f"# {_comment(header)}",
        "# Every standard starts as not-assessed: change a status only when a source says it,",
        "# and cite the instrument and provision that implement the standard.",
        "country:",
        f"  name: {_q(name)}",
        f"  iso: {_scalar(iso)}",
        f"framework: {_scalar(framework.id)}",
        "",
    ]
    if source is None:
        lines += [
            "# The documents the facts come from, each with an id, a title and a date:",
            "# name one before the first status other than not-assessed.",
            "sources: []",
        ]
    else:
        lines += ["sources:", f"  - id: {_scalar(source.id)}", f"    title: {_q(source.title)}"]
        for key in ("event", "place", "document", "url"):
            value = getattr(source, key)
            if value:
                lines.append(f"    {key}: {_q(value)}")
        lines.append(f"    date: {_q(source.date)}")
    lines += ["", "instruments: {}", "", "assessments:"]
    for pillar in framework.pillars:
        lines.append(f"  # {_comment(f'Pillar {pillar.number}: {pillar.name}')}")
        for standard in pillar.standards:
            title = _comment(f"{standard.number}. {standard.title}")
            lines.append(f"  {_scalar(standard.id)}:  # {title}")
            lines.append("    status: not-assessed")
    return "\n".join(lines) + "\n"


MAX_NAME = 100  # the longest ISO short name has 52 characters; a file name allows ~250


def init_problems(
    name: str,
    iso: str,
    source_title: str | None,
    source_date: str | None,
    today: date,
    other_source_options: tuple[str, ...] = (),
    texts: tuple[tuple[str, str], ...] = (),
    ids: tuple[tuple[str, str], ...] = (),
) -> list[str]:
    """What is wrong with the options of `safe-map init`, in the options' own terms.

    `other_source_options` names the further --source-* options given (they describe a source,
    so they need one). `texts` are further (option, value) pairs that must be one line of
    printable text (--source-place...); `ids` are (option, value) pairs that must be ids."""
    import re

    from safe_map import iso3166
    from safe_map.schema import DATE_PATTERN, ID_PATTERN

    problems: list[str] = []
    if not any(ch.isalpha() for ch in name):
        problems.append(
            f"the name given, {_shown(name)}, has no letters: give the country's name, "
            'e.g. "Kyrgyz Republic"'
        )
    elif len(name) > MAX_NAME:
        problems.append(
            f"the name given is {len(name)} characters long, more than {MAX_NAME}: give the "
            'country\'s short name, e.g. "Kyrgyz Republic"'
        )
    problems += _text_problems("the name given", name)
    if source_title is not None:
        problems += _text_problems("--source-title", source_title)
    for option, value in texts:
        problems += _text_problems(option, value)
    for option, value in ids:
        if not re.fullmatch(ID_PATTERN, value):
            problems.append(
                f"{option} {_shown(value)} is not an id: use lower-case letters a-z, digits "
                "and hyphens, starting with a letter or a digit, e.g. gap-2025"
            )
    if not re.fullmatch(r"[A-Z]{2}", iso):
        problems.append(
            f"--iso {_shown(iso)} is not an ISO 3166-1 alpha-2 code: give the country's two "
            "letters (Armenia is AM); look a code up at https://www.iso.org/obp/ui/#search"
        )
    elif iso3166.name_of(iso) is None:
        problems.append(
            f"--iso {iso} is not an ISO 3166-1 alpha-2 country code: look the code up at "
            "https://www.iso.org/obp/ui/#search"
        )
    else:
        named = iso3166.code_for_name(name)
        if named is not None and named != iso:
            problems.append(
                f"--iso {iso} is the code of {iso3166.name_of(iso)}, but the name given is "
                f"{name.strip()} (code {named}): correct one of the two"
            )
    if (source_title is None) != (source_date is None):
        given, missing = (
            ("--source-title", "--source-date")
            if source_date is None
            else ("--source-date", "--source-title")
        )
        problems.append(
            f"{given} needs {missing} too: give both (the document the facts come from, and "
            "its date), or neither while every standard is not-assessed"
        )
    elif source_title is None and other_source_options:
        problems.append(
            f"{', '.join(other_source_options)} describe a source: give them with "
            "--source-title and --source-date, or leave them out"
        )
    if source_title is not None and not source_title.strip():
        problems.append("--source-title is empty: give the title of the document")
    if source_date is not None:
        if not re.fullmatch(DATE_PATTERN, source_date):
            problems.append(
                f"--source-date {_shown(source_date)} is not a date: write YYYY-MM-DD "
                "(or YYYY-MM, or YYYY when only the year is known)"
            )
        else:
            from safe_map.checks.country import date_problems

            problems += [
                f"--source-date {source_date}: {message}"
                for _, message in date_problems(source_date, today)
            ]
    return problems


_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() breaks at


def _text_problems(what: str, text: str) -> list[str]:
    """A value that must be one line of printable text: no line break, no control character
    (ESC would act on a terminal), none of the characters XML cannot hold."""
    if any(ch in _LINE_BREAKS for ch in text):
        return [f"{what} is on more than one line ({_shown(text)}): give it on one line"]
    bad = next((ch for ch in text if not _printable(ch)), None)
    if bad is not None:
        return [
            f"{what} holds the invisible or control character U+{ord(bad):04X} "
            f"({_shown(text)}): type it again without it"
        ]
    return []


def _shown(value: str) -> str:
    """A value given on the command line, as a message shows it: quoted unless plain."""
    import re

    return value if re.fullmatch(r"[A-Za-z0-9-]+", value) else repr(value)


# `safe-map new DIR`: a data folder of one's own, ready for `git init`.

SCHEMA_PREFIX = "# yaml-language-server: $schema="
OWN_SCHEMA = "../schemas/{kind}.schema.json"  # the form for a data folder that holds schemas/
SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
# Each data subfolder and the kind of schema its files follow.
FOLDERS = {"standards": "catalogue", "groups": "group", "countries": "country", "plans": "plan"}


class NewFolderError(Exception):
    """`safe-map new` cannot make the folder; the message says why and what to do."""


def schema_line(data_root: Path, kind: str = "country") -> str:
    """The editor schema line for a new file: the folder's own schemas/ when it has them, the
    package's in safe-map's own repository; none where no path would lead to a schema."""
    if (data_root / "schemas" / f"{kind}.schema.json").is_file():
        return SCHEMA_PREFIX + OWN_SCHEMA.format(kind=kind)
    if (data_root / "safe_map" / "schemas" / f"{kind}.schema.json").is_file():
        return SCHEMA_PREFIX + f"../safe_map/schemas/{kind}.schema.json"
    return ""


def new_data_folder(dest: Path, bundled: Path, empty: bool = False) -> list[Path]:
    """Create the data folder `dest` from the bundled data; return the files made, relative.

    Refuses (NewFolderError, nothing written) when `dest` holds anything. The folder is built
    in a hidden temporary folder beside `dest`, then renamed, so a failure leaves nothing.
    """
    _refuse_unless_free(dest)
    if not list((bundled / "standards").glob("*.y*ml")):
        raise NewFolderError(f"no catalogue in {bundled / 'standards'}: safe-map is incomplete")
    parent = dest.parent if str(dest.parent) else Path(".")
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; a data folder is not
        made = _fill(tmp, bundled, empty)
        if dest.is_dir():
            dest.rmdir()  # empty, as checked; a rename cannot replace a folder everywhere
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return made


def _refuse_unless_free(dest: Path) -> None:
    parent = dest.parent if str(dest.parent) else Path(".")
    if dest.is_dir():
        if any(dest.iterdir()):
            raise NewFolderError(
                f"{dest}: folder exists and is not empty; nothing written. Give the name of a "
                "new folder (or an empty one); to work in an existing data folder, go into it "
                "and run `safe-map check`"
            )
    elif dest.exists():
        raise NewFolderError(
            f"{dest}: a file of that name exists; nothing written. Choose another name"
        )
    elif not parent.is_dir():
        raise NewFolderError(f"{dest}: folder '{parent}' does not exist: create it first")


def _fill(root: Path, bundled: Path, empty: bool) -> list[Path]:
    made: list[Path] = []

    def write(relative: str, data: bytes | str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        made.append(Path(relative))

    for folder, kind in FOLDERS.items():
        if folder in ("countries", "plans") and empty:
            write(f"{folder}/.gitkeep", b"")
            continue
        for path in sorted((bundled / folder).glob("*.y*ml")):
            write(f"{folder}/{path.name}", _own_schema_line(path.read_bytes(), kind))
    for path in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        write(f"schemas/{path.name}", path.read_bytes())
    write(".vscode/settings.json", editor_settings())
    write("README.md", README)
    write(".pre-commit-config.yaml", PRE_COMMIT_CONFIG)
    write(".gitignore", GITIGNORE)
    return made


def editor_settings() -> str:
    """.vscode/settings.json for the YAML language server (VS Code's YAML extension, and the
    editors that use it): read the files as YAML 1.2, as safe-map does, so that `status: yes`
    is the word yes and not the boolean true of YAML 1.1; and the schema of each data folder,
    for a file that lacks the schema line. docs/data-format.md says how to set other editors."""
    schemas = {
        f"./schemas/{kind}.schema.json": [f"/{folder}/*.yaml", f"/{folder}/*.yml"]
        for folder, kind in FOLDERS.items()
    }
    return json.dumps({"yaml.yamlVersion": "1.2", "yaml.schemas": schemas}, indent=2) + "\n"


def _own_schema_line(data: bytes, kind: str) -> bytes:
    """The file with its first line, if an editor schema line, pointing at ../schemas/."""
    first, newline, rest = data.partition(b"\n")
    if not first.startswith(SCHEMA_PREFIX.encode()):
        return data
    ending = b"\r" if first.endswith(b"\r") else b""
    line = (SCHEMA_PREFIX + OWN_SCHEMA.format(kind=kind)).encode() + ending
    return line + newline + rest


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


README = """\
# Our SAFE Framework mapping

This folder holds our country's customs law mapped against the WCO SAFE Framework of
Standards, in files that the `safe-map` program reads and checks.

## What is in it

- `countries/`: one file per country: its laws and regulations, and for each standard a
  status (`yes`, `partial`, `no`, `planned`, `not-assessed`, `not-applicable`), where the law
  says it (citations), and notes.
- `standards/`: the SAFE Framework itself: its pillars and standards. Leave it as it is.
- `groups/`: groups of countries, such as CAREC, for regional tables, with the group's own
  facts (surveys, workshops).
- `plans/`: work plans between two programmes (towards alignment or mutual recognition).
- `schemas/`: descriptions of the file format, so that an editor such as VS Code (with its
  YAML extension) points out mistakes while you type.
- `.vscode/settings.json`: tells VS Code's YAML extension to read the files as safe-map does
  (YAML 1.2, where `yes` and `no` are words, not true and false) and where the schemas are.
- `.pre-commit-config.yaml`: runs `safe-map check` before every commit.

## Once, to start

In this folder, run `git init` (git keeps the history of every change), then
`pre-commit install` (so that `safe-map check` runs before every commit), then
`safe-map check`.

## How to work

Run these commands in this folder:

1. Add a country: `safe-map init "Country name" --iso XX --source-title "..." --source-date YYYY-MM-DD`.
2. Edit its file in `countries/` (a text editor is enough), or fill in a workbook:
   `safe-map export COUNTRY` writes an Excel workbook; fill in the Status and Notes columns
   and the Citations sheet, then `safe-map import FILE.xlsx` writes the answers back.
3. `safe-map check`: finds mistakes, with the file, line and column of each.
4. `safe-map assess COUNTRY`: the table of standards, the score and the recommendations.
5. Save your work in git: `git add countries` then `git commit -m "what changed and why"`.
   The check runs before each commit and stops it if a file has a mistake.

Never guess: what no source says stays `not-assessed`.
"""

PRE_COMMIT_CONFIG = """\
# Checks the data files before each commit. Set up once with `pre-commit install`.
# This hook uses the safe-map installed on this machine (`language: system`): install or
# upgrade safe-map itself, and the check follows.
repos:
  - repo: local
    hooks:
      - id: safe-map-check
        name: safe-map check
        entry: safe-map check
        language: system
        files: ^(standards|countries|groups|plans)/[^/]+\\.ya?ml$
        pass_filenames: true
        # Country files are checked against the catalogue and against each other: one batch.
        require_serial: true
"""

GITIGNORE = """\
# safe-map's lock while it imports a workbook
.safe-map.lock
# lock files of office programs while a workbook is open
~$*.xlsx
.~lock.*.xlsx#
# what a write killed half-way leaves (never read as data; removed by the next write)
.*.tmp
"""


# The longest a file name made from a country's name may be (the longest ISO name has 52).
MAX_STEM = 100


def file_stem(name: str, iso: str) -> str:
    """The file name `init` gives a country: the name in ASCII ('Kyrgyz Republic' ->
    kyrgyz-republic), or the ISO code in lower case (ru) when the name is written in a script
    with no ASCII form ('Россия', '中国') or would make too long a file name. check's C009
    accepts both."""
    from safe_map.checks.country import slug

    stem = slug(name)
    if any("a" <= ch <= "z" for ch in stem) and len(stem) <= MAX_STEM:
        return stem
    return iso.lower()
