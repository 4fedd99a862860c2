"""Reporters for `safe-map check`: text (ruff style), JSON, and GitHub workflow annotations."""

from __future__ import annotations

import re
from pathlib import Path

from safe_map.data import data_relative
from safe_map.diagnostics import Diagnostic, Severity

# The format_version of check's JSON (docs/json.md, "Versions"); its schema:
# `safe-map schema check` (render/json_schema.py).
JSON_FORMAT_VERSION = 1


def severity(d: Diagnostic, strict: bool) -> Severity:
    return Severity.ERROR if strict else d.severity


def summary_line(diagnostics: list[Diagnostic], files: int, strict: bool) -> str:
    errors = sum(1 for d in diagnostics if severity(d, strict) is Severity.ERROR)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"{files} file{'s' if files != 1 else ''} checked, no problems"
    with_problems = len({d.path for d in diagnostics})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return (
        f"{', '.join(parts)} in {with_problems} file{'s' if with_problems != 1 else ''} "
        f"({files} checked)"
    )


# What would break a line of the text report or garble the terminal: line breaks, the other
# control characters (an escape sequence restyles a terminal) and Unicode's line separators.
# Lone surrogates \udc80-\udcff are the bytes of a file name that is not UTF-8 (Python's
# surrogateescape): shown as the byte, \x9b, never written raw.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(value: str) -> str:
    """`value` on one line, as Python writes such characters: a line break as \\n (\\r), any
    other control character as \\xNN or \\uNNNN. A value with none is returned as it is."""
    return _UNPRINTABLE.sub(_escaped, value)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= ord(char) <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{ord(char) - 0xDC00:02x}"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def text(diagnostics: list[Diagnostic], files: int, strict: bool) -> str:
    """One line per diagnostic, `path:line:col: CODE message`, values escaped (one_line)."""
    lines = []
    for d in diagnostics:
        tag = "" if severity(d, strict) is Severity.ERROR else " (warning)"
        lines.append(f"{one_line(str(d))}{tag}")
    lines.append(summary_line(diagnostics, files, strict))
    return "\n".join(lines) + "\n"


def as_json(diagnostics: list[Diagnostic], files: int, strict: bool, *, root: Path) -> str:
    """The JSON report (docs/json.md): paths relative to `root`, the data folder (absolute for
    a file named outside it)."""
    import json  # only this format needs it: start-up is a hook's cost

    from safe_map.render.neutralise import json_escaped

    return (
        json_escaped(  # DEL and the C1 controls too: a CI log shows this raw
            json.dumps(
                {
                    "format_version": JSON_FORMAT_VERSION,
                    "files_checked": files,
                    "errors": sum(1 for d in diagnostics if severity(d, strict) is Severity.ERROR),
                    "warnings": sum(
                        1 for d in diagnostics if severity(d, strict) is Severity.WARNING
                    ),
                    "diagnostics": [
                        {
                            "path": _path_text(data_relative(d.path, root)),
                            "line": d.line,
                            "column": d.col,
                            "code": d.code,
                            "severity": severity(d, strict).value,
                            "message": d.message,
                        }
                        for d in diagnostics
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        + "\n"
    )


def _escape(value: str, prop: bool = False) -> str:
    """GitHub's workflow-command escaping; other control characters (an escape sequence in a
    file name restyles the log) are written as \x1b first, as in the text format."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    value = one_line(value)
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(diagnostics: list[Diagnostic], files: int, strict: bool) -> str:
    lines = []
    for d in diagnostics:
        kind = "error" if severity(d, strict) is Severity.ERROR else "warning"
        lines.append(
            f"::{kind} file={_escape(d.path, True)},line={d.line},col={d.col},"
            f"title={_escape(d.code, True)}::{_escape(d.message)}"
        )
    lines.append(summary_line(diagnostics, files, strict))
    return "\n".join(lines) + "\n"


def _path_text(path: str) -> str:
    """A path as JSON can carry it to any reader: the bytes of a name that is not UTF-8
    (lone surrogates, which strict parsers refuse) written as \\x9b."""
    return re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", path)
