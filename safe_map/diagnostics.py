"""Diagnostics: what is wrong, where, and how to fix it. Errors are values, not exceptions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


# Rule and Diagnostic are named tuples: immutable, hashable and ordered (by path, line,
# column, code, message) as frozen, ordered dataclasses would be, and cheaper to define at
# start-up, which the pre-commit hook pays on every commit.


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str


def _rules(*rows: tuple[str, str, Severity, str]) -> dict[str, Rule]:
    return {code: Rule(code, name, sev, summary) for code, name, sev, summary in rows}


E, W = Severity.ERROR, Severity.WARNING

# The stable codes. docs/checks.md documents each with an example and the fix.
RULES: dict[str, Rule] = _rules(
    ("Y001", "yaml-syntax", E, "the file is not valid YAML"),
    ("Y002", "duplicate-key", E, "a key appears twice in the same mapping"),
    ("Y003", "anchor-alias", E, "YAML anchors, aliases and merge keys are not allowed"),
    ("Y004", "not-utf8", E, "the file is not UTF-8 text"),
    ("Y005", "binary-file", E, "the file is binary, not text"),
    ("Y006", "empty-file", E, "the file is empty"),
    ("Y007", "file-too-large", E, "the file is larger than a data file can be"),
    ("Y008", "too-deep", E, "the document is nested too deeply"),
    ("Y009", "unreadable", E, "the path cannot be read (missing, a folder, a symlink loop)"),
    ("Y010", "multiple-documents", E, "the file holds more than one YAML document"),
    ("Y011", "complex-key", E, "a mapping key is not a plain value"),
    ("Y012", "tag", E, "YAML tags (!something) are not allowed"),
    ("Y013", "not-regular-file", E, "not a regular file inside the data folder (never opened)"),
    ("S001", "unknown-key", E, "a key the format does not define"),
    ("S002", "missing-key", E, "a required key is missing"),
    ("S003", "wrong-type", E, "a value has the wrong type"),
    ("S004", "invalid-value", E, "a value outside the allowed vocabulary"),
    ("S005", "invalid-date", E, "a date that is not an ISO 8601 date"),
    ("S006", "invalid-id", E, "an identifier with characters ids may not have"),
    ("S007", "forbidden-character", E, "a control character, or one XML cannot hold, in a text"),
    ("C001", "unknown-standard", E, "an assessment of a standard the framework lacks"),
    ("C002", "standard-not-listed", W, "a standard of the framework the country file leaves out"),
    ("C003", "status-without-citation", E, "status yes or partial with no legal basis cited"),
    ("C004", "undefined-instrument", E, "a citation of an instrument the file does not define"),
    ("C005", "unused-instrument", W, "an instrument defined and never cited"),
    ("C006", "future-date", E, "a date that lies in the future"),
    ("C007", "unknown-iso-code", E, "an ISO 3166 code that does not exist"),
    ("C008", "iso-name-mismatch", E, "the ISO code does not belong to the country named"),
    ("C009", "file-name-mismatch", E, "the file name does not match the country"),
    ("C010", "duplicate-country", E, "two files describe the same country"),
    ("C011", "unknown-framework", E, "a framework id with no catalogue"),
    ("C012", "unknown-source", E, "a reference to a source the file does not define"),
    ("C013", "text-too-long", E, "a text longer than a workbook cell can hold (32,767 characters)"),
    ("C014", "no-source", E, "a status, citation or instrument in a file that names no source"),
    ("C015", "unsourced-fact", E, "a programme fact, status, legal basis or MRA with no source"),
    ("C016", "incomplete-source", E, "a source that does not say when, or where to find it"),
    ("C017", "mra-mismatch", W, "the two sides of a mutual recognition arrangement disagree"),
    ("C018", "unknown-partner", E, "an MRA partner that is no country code, nor a named group"),
    ("F001", "duplicate-id", E, "a standard id used twice in a catalogue"),
    ("F002", "numbering-gap", E, "pillars or standards not numbered 1, 2, 3, ..."),
    ("F003", "empty-pillar", E, "a pillar with no standards"),
    ("F004", "duplicate-framework", E, "two catalogues with the same framework id"),
)


class Diagnostic(NamedTuple):
    path: str
    line: int
    col: int
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        rule = RULES.get(self.code)
        return rule.severity if rule else Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


# --- quoting a file's content in a message ---------------------------------------------------

EXCERPT = 60  # the most characters of a file's content one message quotes

# Characters that are never data (rule S007), shown escaped in an excerpt: the C0 controls but
# tab and line feed, DEL, the C1 controls, surrogates, and U+FFFE and U+FFFF; and the
# bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069: text that
# reads otherwise than it is stored, "Trojan Source"), the line and paragraph separators, the
# zero-width space and a byte-order mark inside a text. The marks RTL scripts need (U+200C-
# U+200F: zero-width joiners, left-to-right and right-to-left marks) stay allowed.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """At most `limit` characters of `text`, for quoting a file's content in a message: a
    longer text is cut and ends with an ellipsis, so that a message never repeats a whole file
    (a symbolic link to a credentials file must not print the credentials). Characters that
    are never data (S007) are written as Python writes them (\\x1b)."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return FORBIDDEN.sub(lambda m: repr(m.group())[1:-1], text)


def listing(items: Iterable[str], most: int = 8) -> str:
    """Values from a file, for 'use one of: ...': each an excerpt, at most `most` of them."""
    values = list(items)
    shown = ", ".join(excerpt(v) for v in values[:most])
    return shown + (f", ... ({len(values)} in all)" if len(values) > most else "")
