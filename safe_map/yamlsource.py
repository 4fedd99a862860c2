"""Reading YAML into light nodes that remember their file, line and column.

The nodes are built from the parser's event stream (ruamel.yaml's C parser when installed),
not from ruamel's composer: events are cheap, the composer is slow in pure Python and
recursive in C. Building our own tree lets us bound the depth, refuse anchors and aliases
before anything is expanded, and report every duplicate key instead of silently keeping one.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Union

from safe_map.diagnostics import EXCERPT, FORBIDDEN, Diagnostic, excerpt

MAX_BYTES = 2 * 1024 * 1024  # real data files are ~10-30 KB; this bounds time and memory
MAX_DEPTH = 40  # real files nest 5 levels deep


class Mark(NamedTuple):  # a named tuple: cheap to define, and every run of the hook does
    path: str
    line: int  # 1-based
    col: int  # 1-based

    def diagnostic(self, code: str, message: str) -> Diagnostic:
        return Diagnostic(self.path, self.line, self.col, code, message)


@dataclass(eq=False)  # nodes are compared by identity
class Scalar:
    mark: Mark
    text: str
    plain: bool  # unquoted: may be a number, a boolean or null under YAML 1.2

    @property
    def kind(self) -> str:
        """The YAML 1.2 core-schema type: 'str', 'int', 'float', 'bool' or 'null'."""
        return resolve_plain(self.text) if self.plain else "str"


@dataclass(eq=False)
class Sequence:
    mark: Mark
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class Mapping:
    mark: Mark
    pairs: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for k, v in self.pairs:
            if k.text == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.pairs]


Node = Union[Scalar, Sequence, Mapping]

_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"
)


def resolve_plain(text: str) -> str:
    if _NULL.match(text):
        return "null"
    if _BOOL.match(text):
        return "bool"
    if _INT.match(text):
        return "int"
    if _FLOAT.match(text):
        return "float"
    return "str"


def describe(node: Node) -> str:
    """How a value reads to a person, for messages such as 'expected text, found a list'."""
    if isinstance(node, Mapping):
        return "a mapping (key: value lines)"
    if isinstance(node, Sequence):
        return "a list"
    return {
        "null": "nothing (an empty value)",
        "bool": f"the true/false value {node.text}",
        "int": f"the number {excerpt(node.text)}",
        "float": f"the number {excerpt(node.text)}",
    }.get(node.kind, f'the text "{excerpt(node.text)}"')


class _Stop(Exception):
    """Raised inside the builder to abandon a file after a fatal diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def parser_name() -> str:
    """Which YAML parser is in use: the C one (fast) or the pure-Python fallback."""
    try:
        import _ruamel_yaml  # noqa: F401

        return "ruamel.yaml C parser (libyaml)"
    except ImportError:
        return "ruamel.yaml pure-Python parser (slow: install ruamel.yaml[oldlibyaml])"


def _events(text: str) -> Iterator[object]:
    try:
        from _ruamel_yaml import CParser
    except ImportError:  # pragma: no cover - exercised only without the C extension
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(io.StringIO(text))
        return
    parser = CParser(io.StringIO(text))
    while True:
        event = parser.get_event()
        yield event
        if type(event).__name__ == "StreamEndEvent":
            return


_KINDS = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((what for test, what in _KINDS if test(mode)), "a special file")


def read_data_file(path: Path, shown: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a data file, at most MAX_BYTES + 1 of them; or the diagnostic that says why
    it is not read.

    A data file is read only when it is a regular file inside the data folder that holds it
    (data.boundary). A symbolic link is followed only to a .yaml (.yml) file inside that folder;
    one that leads out of it (to ~/.netrc, /etc/passwd, /dev/zero), a device, a named pipe and
    a socket get Y013 and are never opened. The type is taken with stat before opening, so a
    pipe cannot block the open, and again on the open descriptor; the read is bounded by the
    bytes actually read, since a device or /proc reports a size of 0."""
    from safe_map.data import boundary

    here = Mark(shown, 1, 1)
    try:
        own = os.lstat(path)
        if stat.S_ISDIR(own.st_mode):
            return None, here.diagnostic(
                "Y009", "is a folder, not a YAML file: give the path of a .yaml file"
            )
        link = stat.S_ISLNK(own.st_mode)
        info = os.stat(path) if link else own
        placed, inside = boundary(path)
        real = Path(os.path.realpath(placed)) if link else placed
    except FileNotFoundError:
        if os.path.islink(path):
            return None, here.diagnostic(
                "Y009",
                "is a symbolic link to nothing (its target does not exist): "
                "replace it with the file itself",
            )
        return None, here.diagnostic("Y009", "file not found: check the path and its spelling")
    except (OSError, RuntimeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        return None, here.diagnostic("Y009", f"cannot read the file ({reason})")
    never = "safe-map reads only regular files inside the data folder and did not open it"
    if link and inside not in real.parents:
        what = "a file" if stat.S_ISREG(info.st_mode) else _kind(info.st_mode)
        return None, here.diagnostic(
            "Y013",
            f"is a symbolic link to {what} outside the data folder: {never}; "
            "put the file itself here",
        )
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            return None, here.diagnostic(
                "Y009", "is a folder, not a YAML file: give the path of a .yaml file"
            )
        what = f"a symbolic link to {_kind(info.st_mode)}" if link else _kind(info.st_mode)
        return None, here.diagnostic(
            "Y013", f"is {what}, not a regular file: {never}; put a .yaml file here"
        )
    if link and real.suffix not in (".yaml", ".yml"):
        return None, here.diagnostic(
            "Y013",
            f"is a symbolic link to a file that is not a .yaml file: {never}; "
            "put the file itself here",
        )
    if inside not in real.parents:
        return None, here.diagnostic(
            "Y013",
            f"lies in a folder that leads outside the data folder (a symbolic link): {never}; "
            "put the file itself in the data folder",
        )
    if info.st_size > MAX_BYTES:
        return None, _too_large(here, f"is {info.st_size / 1_048_576:.1f} MB")
    try:
        fd = os.open(real, _READ_FLAGS)
    except OSError as err:
        return None, here.diagnostic("Y009", f"cannot read the file ({err.strerror or err})")
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            info.st_dev,
            info.st_ino,
        ):
            return None, here.diagnostic(
                "Y013", f"changed while it was being opened: {never}; check it again"
            )
        chunks: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as err:
        return None, here.diagnostic("Y009", f"cannot read the file ({err.strerror or err})")
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_BYTES:
        return None, _too_large(here, f"holds more than {MAX_BYTES // 1_048_576} MB")
    return data, None


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)


def _too_large(here: Mark, size: str) -> Diagnostic:
    return here.diagnostic(
        "Y007",
        f"file {size}, more than the {MAX_BYTES // 1_048_576} MB a data file may have: "
        "split it, or check that it is the right file",
    )


def read_text(path: Path, shown: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or the diagnostic that says why it cannot be read as a data file."""
    here = Mark(shown, 1, 1)
    data, problem = read_data_file(path, shown)
    if data is None:
        return None, [problem] if problem is not None else []
    if b"\x00" in data[:8192]:
        return None, [
            here.diagnostic("Y005", "is a binary file, not YAML text: give the .yaml file instead")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [
            Diagnostic(
                shown,
                line,
                col,
                "Y004",
                f"byte 0x{data[err.start]:02x} is not UTF-8: save the file as UTF-8 "
                "(in most editors: Save As, Encoding: UTF-8)",
            )
        ]
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [here.diagnostic("Y006", "file is empty: it should hold a YAML mapping")]
    return text, []


def load(path: Path, shown: str | None = None) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML file. Returns the root node (None if unusable) and the diagnostics."""
    shown = shown if shown is not None else str(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse(text, shown)


def parse(text: str, shown: str) -> tuple[Node | None, list[Diagnostic]]:
    builder = _Builder(shown)
    try:
        root = builder.build(_events(text))
    except _Stop as stop:
        return None, [*builder.diagnostics, stop.diagnostic]
    except Exception as err:  # ruamel's ScannerError, ParserError, ReaderError ...
        return None, [*builder.diagnostics, _syntax_diagnostic(err, shown, text)]
    return root, builder.diagnostics


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def within(text: str, line: int, col: int) -> tuple[int, int]:
    """A 1-based position clamped into the text: the parser reports an error at the end of
    the file on the line after the last one (line 8 of a 7-line file), which no editor or
    annotation can show; such a position becomes the end of the last line."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the final line break ends the last line; it starts no new one
    if line <= len(lines):
        return line, col
    last = lines[-1] if lines else ""
    return max(len(lines), 1), len(last) + 1


def _syntax_diagnostic(err: Exception, shown: str, text: str) -> Diagnostic:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    position = getattr(err, "position", None)  # a ReaderError: a character the reader refuses
    if mark is None and isinstance(position, int) and 0 <= position <= len(text):
        before = text[:position]
        line = len(_LINE_BREAK.findall(before)) + 1
        col = position - max(before.rfind("\n"), before.rfind("\r"))
    line, col = within(text, line, col)
    # The parser's words are fixed texts, but some quote a token of the file: cut them short.
    what = excerpt(f"{problem} ({context})" if context else str(problem), 2 * EXCERPT)
    if position is not None and mark is None:
        hint = "remove it: of the control characters, a data file holds only tabs and line breaks"
    elif "\t" in str(problem) or re.search(r"\btabs?\b", str(problem)):
        hint = "indent with spaces, never tabs"
    else:
        hint = "check the indentation and the quotes on this line and the one before"
    return Diagnostic(shown, line, col, "Y001", f"YAML syntax error: {what}: {hint}")


class _Builder:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.diagnostics: list[Diagnostic] = []

    def mark(self, event: object) -> Mark:
        m = event.start_mark  # type: ignore[attr-defined]
        return Mark(self.shown, m.line + 1, m.column + 1)

    def build(self, events: Iterator[object]) -> Node | None:
        root: Node | None = None
        documents = 0
        for event in events:
            name = type(event).__name__
            if name == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise _Stop(
                        self.mark(event).diagnostic(
                            "Y010",
                            "a second YAML document starts here ('---'): keep one document per "
                            "file, or remove the '---' line",
                        )
                    )
                root = self.node(next(events), events, 1)
        return root

    def node(self, event: object, events: Iterator[object], depth: int) -> Node:
        name = type(event).__name__
        start = event.start_mark  # type: ignore[attr-defined]
        mark = Mark(self.shown, start.line + 1, start.column + 1)
        scalar = name == "ScalarEvent"
        if scalar and depth <= MAX_DEPTH and not event.anchor and not event.tag:  # type: ignore[attr-defined]
            # The common case, first: a plain or quoted scalar, no anchor, no tag.
            text = event.value  # type: ignore[attr-defined]
            if not text.isprintable() and FORBIDDEN.search(text):  # every one is unprintable
                self.diagnostics.append(forbidden_character(mark, text))
            return Scalar(mark, text, plain=not event.style)  # type: ignore[attr-defined]
        if depth > MAX_DEPTH:
            raise _Stop(
                mark.diagnostic(
                    "Y008",
                    f"nested more than {MAX_DEPTH} levels deep: data files need about 5, "
                    "so this is not a safe-map data file",
                )
            )
        if name == "AliasEvent":
            raise _Stop(
                mark.diagnostic(
                    "Y003",
                    f"alias '*{excerpt(event.anchor)}' is not allowed: "  # type: ignore[attr-defined]
                    "write the value out in full",
                )
            )
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.diagnostics.append(
                mark.diagnostic(
                    "Y003",
                    f"anchor '&{excerpt(anchor)}' is not allowed: remove it and write values in full",
                )
            )
        tag = getattr(event, "tag", None)
        if tag and not _implicit(event):
            self.diagnostics.append(
                mark.diagnostic("Y012", f"tag '{excerpt(tag)}' is not allowed: remove it")
            )
        if name == "ScalarEvent":
            style = getattr(event, "style", None)
            text = event.value  # type: ignore[attr-defined]
            if not text.isprintable() and FORBIDDEN.search(text):  # every one is unprintable
                self.diagnostics.append(forbidden_character(mark, text))
            return Scalar(mark, text, plain=not style)
        if name == "SequenceStartEvent":
            seq = Sequence(mark)
            for child in events:
                if type(child).__name__ == "SequenceEndEvent":
                    return seq
                seq.items.append(self.node(child, events, depth + 1))
        if name == "MappingStartEvent":
            mapping = Mapping(mark)
            seen: dict[str, Mark] = {}
            for child in events:
                if type(child).__name__ == "MappingEndEvent":
                    return mapping
                key = self.node(child, events, depth + 1)
                value = self.node(next(events), events, depth + 1)
                if not isinstance(key, Scalar):
                    self.diagnostics.append(
                        key.mark.diagnostic(
                            "Y011", "a key must be a plain word, not a list or a mapping"
                        )
                    )
                    continue
                if key.text == "<<" and key.plain:
                    self.diagnostics.append(
                        key.mark.diagnostic("Y003", "merge key '<<' is not allowed: write keys out")
                    )
                    continue
                if key.text in seen:
                    first = seen[key.text]
                    self.diagnostics.append(
                        key.mark.diagnostic(
                            "Y002",
                            f"duplicate key '{excerpt(key.text)}' (first at line {first.line}): "
                            "keep one of them",
                        )
                    )
                    continue
                seen[key.text] = key.mark
                mapping.pairs.append((key, value))
        raise _Stop(mark.diagnostic("Y001", "YAML syntax error: unexpected end of the document"))


_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x0b": "VT", "\x0c": "FF",
    "\r": "CR, a carriage return", "\x1b": "ESC", "\x7f": "DEL", "\x85": "NEL",
    "\x9b": "CSI",
}  # fmt: skip


def forbidden_character(mark: Mark, text: str) -> Diagnostic:
    """S007: a text holds a character that is never data: a control character other than tab
    and line feed (ESC restyles a terminal, BEL rings it, CR hides what came before it on the
    line), or one XML cannot hold (U+FFFE, U+FFFF, a lone surrogate), which would make the
    exported workbook unreadable. Such characters can only come from an escape in a
    double-quoted value ("\\e", "\\x07", "\\uFFFE"): the YAML parser refuses them raw."""
    found = FORBIDDEN.findall(text)
    char = found[0]
    code = f"U+{ord(char):04X}"
    if ord(char) < 0xA0:
        name = _NAMES.get(char)
        which = f"the control character {code}" + (f" ({name})" if name else "")
    elif 0x2000 <= ord(char) <= 0x206F or char == "\ufeff":
        which = f"the invisible character {code} (it makes text read otherwise than it is)"
    else:
        name = "a lone surrogate" if ord(char) < 0xE000 else "a noncharacter"
        which = f"the character {code} ({name}, which XML cannot hold)"
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    if "invisible" in which:  # these may stand raw in the file, unseen in an editor
        fix = f"remove it: it may stand unseen in the text, or as the escape \\u{ord(char):04X}"
    else:
        fix = "remove the escape that writes it (such as \\e, \\x07, \\r or \\uFFFE between double quotes)"
    return mark.diagnostic("S007", f"the text holds {which}{more}, never data: {fix}")


def _implicit(event: object) -> bool:
    implicit = getattr(event, "implicit", None)
    if isinstance(implicit, tuple):
        return any(implicit)
    return bool(implicit)


# --- tolerant accessors: the structural validator has already reported wrong types -----------


def get_text(node: Node | None, key: str) -> str:
    value = node.get(key) if isinstance(node, Mapping) else None
    return value.text.strip() if isinstance(value, Scalar) and value.kind == "str" else ""


def get_date(node: Node | None, key: str) -> str:
    """A date as text: YAML reads a bare year (`date: 2021`) as a number, and it is a date."""
    value = node.get(key) if isinstance(node, Mapping) else None
    return value.text if is_bare_year(value) else get_text(node, key)


def is_bare_year(node: Node | None) -> bool:
    return (
        isinstance(node, Scalar)
        and node.kind == "int"
        and re.fullmatch(r"[1-9][0-9]{3}", node.text) is not None
    )


def get_int(node: Node | None, key: str) -> int | None:
    value = node.get(key) if isinstance(node, Mapping) else None
    if isinstance(value, Scalar) and value.kind == "int":
        return int(value.text, 0)
    return None


def get_bool(node: Node | None, key: str) -> bool | None:
    value = node.get(key) if isinstance(node, Mapping) else None
    if isinstance(value, Scalar) and value.kind == "bool":
        return value.text.lower() == "true"
    return None


def get_list(node: Node | None, key: str) -> list[Node]:
    value = node.get(key) if isinstance(node, Mapping) else None
    return value.items if isinstance(value, Sequence) else []


def get_map(node: Node | None, key: str) -> list[tuple[Scalar, Node]]:
    value = node.get(key) if isinstance(node, Mapping) else None
    return value.pairs if isinstance(value, Mapping) else []


def get_texts(node: Node | None, key: str) -> list[str]:
    return [i.text for i in get_list(node, key) if isinstance(i, Scalar) and i.kind == "str"]


def value_marks(*nodes: Node | None) -> dict[str, Mark]:
    """Where each value of these mappings is, by key; each item of a list value also as
    `key[n]` (from 1). A rule about one value points there, not at the start of its entry."""
    marks: dict[str, Mark] = {}
    for node in nodes:
        if not isinstance(node, Mapping):
            continue
        for key, value in node.pairs:
            marks[key.text] = value.mark
            if isinstance(value, Sequence):
                for n, item in enumerate(value.items, start=1):
                    marks[f"{key.text}[{n}]"] = item.mark
    return marks


def mark_of(node: Node | None, key: str) -> Mark | None:
    if isinstance(node, Mapping):
        for k, v in node.pairs:
            if k.text == key:
                return v.mark
    return None


def to_python(node: Node) -> object:
    """Plain Python values under the YAML 1.2 core schema (what editors and JSON Schema see)."""
    if isinstance(node, Mapping):
        return {k.text: to_python(v) for k, v in node.pairs}
    if isinstance(node, Sequence):
        return [to_python(i) for i in node.items]
    kind = node.kind
    if kind == "null":
        return None
    if kind == "bool":
        return node.text.lower() == "true"
    if kind == "int":
        return int(node.text, 0)
    if kind == "float":
        text = node.text.lower()
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        return float("nan") if text == ".nan" else float(node.text)
    return node.text
