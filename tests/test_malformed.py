"""Malformed files: each gives one clear located message and an exit code, never a traceback.

Every file of tests/corpus/ is a country file with one mistake. Put in place of Mongolia's
file, `safe-map assess` must refuse it with exit code 2; `safe-map check` must report it
with exit code 1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

# file, the code expected, its line and column, and words the message must hold
EXPECTED = [
    ("syntax_error", "Y001", 13, 12, "did not find expected ',' or ']'"),
    ("bad_indent", "Y001", 4, 7, "check the indentation"),
    ("tab_indent", "Y001", 4, 1, "indent with spaces, never tabs"),
    ("duplicate_key", "Y002", 5, 3, "duplicate key 'name' (first at line 3)"),
    ("anchor_alias", "Y003", 11, 16, "anchor '&law' is not allowed"),
    ("alias_bomb", "Y003", 3, 8, "alias '*a' is not allowed"),
    ("two_documents", "Y010", 19, 1, "a second YAML document starts here"),
    ("empty", "Y006", 1, 1, "file is empty"),
    ("comments_only", "Y006", 1, 1, "file is empty"),
    ("list_root", "S003", 2, 1, "should be a mapping of key: value lines, found a list"),
    (
        "unknown_key",
        "S001",
        16,
        5,
        "unknown key 'citation' in 'assessments.p1-s1': did you mean 'citations'?",
    ),
    ("missing_key", "S002", 2, 1, "lacks the required key 'framework'"),
    ("wrong_type", "S003", 16, 16, "should be a list ('- ' items), found the text"),
    ("number_not_text", "S003", 13, 13, 'found the number 287: put it in quotes ("287")'),
    ("empty_value", "S003", 12, 11, "found nothing (an empty value): fill it in"),
    (
        "bad_status",
        "S004",
        15,
        13,
        "'complied' is not a valid status for "
        "'assessments.p1-s1.status': use one of: yes, partial, no, planned, not-assessed, "
        "not-applicable",
    ),
    ("status_capitalised", "S004", 15, 13, "write 'yes'"),
    ("bad_date", "S005", 9, 11, "'15/08/2024' is not an ISO date: write YYYY-MM-DD"),
    ("impossible_date", "S005", 9, 11, "'2023-02-31' is not a real calendar date"),
    (
        "bad_id",
        "S006",
        11,
        3,
        "'Customs Law' is not a valid id: use lower-case letters, "
        "digits and hyphens (e.g. 'customs-law')",
    ),
    ("unknown_standard", "C001", 14, 3, "'p1-s12' is not a standard of safe-2021: did you mean"),
    ("yes_without_citation", "C003", 12, 13, "p1-s1 is 'yes' but cites no legal basis"),
    (
        "undefined_instrument",
        "C004",
        17,
        21,
        "instrument 'customs-code' is not defined under "
        "'instruments:': did you mean 'customs-law'?",
    ),
    ("future_date", "C006", 9, 11, "date 2999-01-01 lies in the future"),
    ("unknown_iso", "C007", 4, 8, "'XQ' is not an ISO 3166-1 alpha-2 country code"),
    (
        "iso_mismatch",
        "C008",
        4,
        8,
        "'KZ' is the code of Kazakhstan, but the country is Mongolia (code MN)",
    ),
    ("unknown_framework", "C011", 5, 12, "framework 'safe-2031' has no catalogue"),
    ("escape_in_notes", "S007", 19, 12, "the control character U+001B (ESC) and 2 more"),
    ("escape_in_iso", "S007", 4, 8, "the control character U+001B (ESC), never data"),
    ("xml_noncharacter", "S007", 19, 12, "U+FFFE (a noncharacter, which XML cannot hold)"),
    ("carriage_return", "S007", 18, 20, "U+000D (CR, a carriage return)"),
    (
        "no_source",
        "C014",
        7,
        3,
        "instrument 'customs-law' is defined, but the file names no source",
    ),
]


def test_every_corpus_file_has_an_expectation():
    listed = {name for name, *_ in EXPECTED} | {"good"}
    assert {p.stem for p in CORPUS.glob("*.yaml")} == listed


def _as_mongolia(repo: Path, name: str) -> Path:
    target = repo / "countries" / "mongolia.yaml"
    shutil.copyfile(CORPUS / f"{name}.yaml", target)
    return target


@pytest.mark.parametrize(
    ("name", "code", "line", "col", "words"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_assess_refuses_with_a_located_message(cli, repo, name, code, line, col, words):
    _as_mongolia(repo, name)
    run = cli("--data-dir", str(repo), "assess", "mongolia")
    assert run.code == 2
    assert run.out == ""
    located = f"countries/mongolia.yaml:{line}:{col}: {code} "
    [message] = [m for m in run.err.splitlines() if located in m]
    assert words in message


@pytest.mark.parametrize(
    ("name", "code", "line", "col", "words"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_check_reports_it_with_exit_1(cli, name, code, line, col, words):
    path = CORPUS / f"{name}.yaml"
    # The corpus lies in no data folder: --data-dir names the one to check it against.
    run = cli("--data-dir", str(ROOT), "check", str(path))
    assert run.code == 1
    located = f"{path}:{line}:{col}: {code} "
    [message] = [m for m in run.out.splitlines() if m.startswith(located)]
    assert words in message


def test_the_good_base_file_passes(cli, repo):
    _as_mongolia(repo, "good")
    run = cli("--data-dir", str(repo), "assess", "mongolia", "-f", "json")
    assert run.code == 0, run.err


def _check_one(cli, repo: Path, path: Path):
    return cli("--data-dir", str(repo), "check", str(path))


def test_not_utf8(cli, repo, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("country:\n  name: Mongolie\n  note: caf\xe9\n".encode("latin-1"))
    run = _check_one(cli, repo, path)
    assert run.code == 1
    assert f"{path}:3:12: Y004 byte 0xe9 is not UTF-8: save the file as UTF-8" in run.out


def test_binary_file(cli, repo, tmp_path):
    path = tmp_path / "photo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    run = _check_one(cli, repo, path)
    assert run.code == 1
    assert f"{path}:1:1: Y005 is a binary file, not YAML text" in run.out


def test_directory_and_missing_path(cli, repo, tmp_path):
    run = _check_one(cli, repo, tmp_path)
    assert run.code == 1 and f"{tmp_path}:1:1: Y009 is a folder" in run.out
    missing = tmp_path / "nope.yaml"
    run = _check_one(cli, repo, missing)
    assert run.code == 1 and f"{missing}:1:1: Y009 file not found" in run.out


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlink_loop(cli, repo, tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(loop)
    run = _check_one(cli, repo, loop)
    assert run.code == 1
    assert f"{loop}:1:1: Y009 cannot read the file" in run.out


def test_oversized_file_is_refused_before_reading(cli, repo, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, no disk used
    run = _check_one(cli, repo, path)
    assert run.code == 1
    assert f"{path}:1:1: Y007 file is 50.0 MB" in run.out


def test_deep_nesting_is_bounded(cli, repo, tmp_path):
    # ruamel's C composer crashes the process on this; our event builder stops at 40 levels.
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000 + "]" * 100_000)
    run = _check_one(cli, repo, path)
    assert run.code == 1
    assert f"{path}:1:41: Y008 nested more than 40 levels deep" in run.out


def test_several_mistakes_in_one_file_are_all_reported(cli, repo, tmp_path):
    text = (CORPUS / "good.yaml").read_text()
    text = text.replace("iso: MN", "iso: XQ").replace("status: yes", "status: done")
    text = text.replace("date: 2024-08-15/2024-08-16", "date: 2999-01-01")
    path = tmp_path / "many.yaml"
    path.write_text(text)
    run = _check_one(cli, repo, path)
    codes = {line.split()[1] for line in run.out.splitlines() if line.startswith(str(path))}
    assert {"C007", "S004", "C006"} <= codes
