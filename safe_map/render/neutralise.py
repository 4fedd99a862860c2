"""Characters no output carries raw, and what each renderer writes instead (issue 10, item 2).

`check` rejects these characters in the data; the renderers are the second line of defence, so
that whatever reaches them anyway (a file never checked, text from a mailed workbook) cannot act
on the terminal, the CI log or the spreadsheet that shows it.

Unsafe (`UNSAFE`): every control character but tab and line feed, and the characters XML cannot
hold. That is C0 (ESC begins the sequences that clear a screen, move the cursor, set a window's
title or hide text; BEL rings; CR and BS overwrite what was shown), DEL, C1 (a terminal may take
U+009B as ESC [), the surrogates (UTF-8 cannot encode one alone, so writing it would fail) and
the noncharacters U+FFFE and U+FFFF (no XML document may hold them).

What each renderer writes instead:

- terminal: the character as Python and `check` write it (`\\x1b`, `\\r`, `\\ufffe`): the
  reader of a terminal is the person who can fix the file, and sees what it holds (`visible`);
- CSV and Markdown: U+FFFD, the replacement character (what CommonMark itself puts for U+0000):
  a document passed on shows that a character was dropped without inventing text that reads
  as data (`replaced`);
- JSON: JSON's own escapes (`\\u001b`), so that a parser reads the exact value back and the
  bytes carry none of them raw (`json_escaped`); the workbooks: render/excel.py.
"""

from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# What a spreadsheet runs as a formula when a cell begins with it (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

REPLACEMENT = "\ufffd"
_NAMED = {"\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def visible(text: str) -> str:
    """`text` with each unsafe character written as an escape: ESC [2J -> `\\x1b[2J`."""
    return UNSAFE.sub(_escape, text)


def replaced(text: str) -> str:
    """`text` with each unsafe character replaced by U+FFFD."""
    return UNSAFE.sub(REPLACEMENT, text)


# json.dumps escapes U+0000-U+001F itself; these it writes raw when ensure_ascii is off.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def json_escaped(dumped: str) -> str:
    """JSON text from json.dumps with DEL, C1, surrogates, U+FFFE and U+FFFF escaped too (they
    can only stand inside strings, where `\\u007f` means the same character)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
