"""`safe-map check` points at the value at fault, inside the file, on one line of text.

A value-level problem (an impossible date, an unknown source, a text too long, a duplicate id)
is reported at the value's own line and column, in every format; a YAML error at the end of a
file on its last line; and a value with a line break never splits a text diagnostic in two.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from safe_map.render.diagnostics import one_line
from safe_map.yamlsource import parse, within

from .conftest import ROOT

# Line numbers in the comments are the file's; each value starts at the column given.
COUNTRY = """\
country:
  name: Mongolia
  iso: MN
framework: safe-2021
sources:
  - id: s1
    title: A source
    place: Ulaanbaatar
    event: A meeting
    date: 2024-02-30
instruments:
  customs-law:
    title: Customs Law
    kind: law
    source: nowhere
    date: 2023-02-29
assessments:
  p1-s1:
    status: planned
    notes: due soon
    target_date: 2025-04-31
    source: missing
recommendations:
  - text: Do it
    source: gone
programme:
  status: pilot
  source: absent
"""

# (line, col, code, words): each problem of COUNTRY where its value is.
EXPECTED = [
    (10, 11, "S005", "'2024-02-30' is not a real calendar date"),  # sources[1].date
    (15, 13, "C012", "source 'nowhere'"),  # instruments.customs-law.source
    (16, 11, "S005", "'2023-02-29' is not a real calendar date"),  # instrument date
    (21, 18, "S005", "'2025-04-31' is not a real calendar date"),  # target_date
    (22, 13, "C012", "source 'missing'"),  # assessments.p1-s1.source
    (25, 13, "C012", "source 'gone'"),  # recommendations[1].source
    (28, 11, "C012", "source 'absent'"),  # programme.source
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with the shipped catalogue and COUNTRY as its only country."""
    shutil.copytree(ROOT / "standards", tmp_path / "standards")
    (tmp_path / "countries").mkdir()
    (tmp_path / "countries" / "mongolia.yaml").write_text(COUNTRY, encoding="utf-8")
    return tmp_path


def located(run_out: str, codes: set[str]) -> list[tuple[int, int, str]]:
    found = []
    for line in run_out.splitlines():
        if ": " in line and line.split(": ", 1)[1][:4] in codes:
            where, rest = line.split(": ", 1)
            _, row, col = where.rsplit(":", 2)
            found.append((int(row), int(col), rest[:4]))
    return found


def test_value_level_problems_are_reported_at_the_value_in_text(cli, data):
    run = cli("--data-dir", str(data), "check", "--select", "S005,C012")
    assert run.code == 1
    assert located(run.out, {"S005", "C012"}) == [(r, c, code) for r, c, code, _ in EXPECTED]
    for row, col, code, words in EXPECTED:
        [line] = [x for x in run.out.splitlines() if f"mongolia.yaml:{row}:{col}: {code} " in x]
        assert words in line


def test_the_same_positions_in_json_and_github(cli, data):
    run = cli("--data-dir", str(data), "check", "--select", "S005,C012", "-f", "json")
    report = json.loads(run.out)
    assert [(d["line"], d["column"], d["code"]) for d in report["diagnostics"]] == [
        (r, c, code) for r, c, code, _ in EXPECTED
    ]
    run = cli("--data-dir", str(data), "check", "--select", "S005,C012", "-f", "github")
    annotations = [x for x in run.out.splitlines() if x.startswith("::error ")]
    assert [
        (a.split(",line=")[1].split(",col=")[0], a.split(",col=")[1].split(",")[0])
        for a in annotations
    ] == [(str(r), str(c)) for r, c, _, _ in EXPECTED]


def test_a_future_date_is_reported_at_the_date(cli, data):
    path = data / "countries" / "mongolia.yaml"
    path.write_text(COUNTRY.replace("2024-02-30", "2999-01-01"), encoding="utf-8")
    run = cli("--data-dir", str(data), "check", "--select", "C006")
    assert "mongolia.yaml:10:11: C006 date 2999-01-01 lies in the future" in run.out


def test_a_date_of_the_wrong_form_is_reported_once(cli, data):
    path = data / "countries" / "mongolia.yaml"
    path.write_text(COUNTRY.replace("2024-02-30", "2019-13"), encoding="utf-8")
    run = cli("--data-dir", str(data), "check", "--select", "S005")
    assert [x for x in run.out.splitlines() if ":10:" in x] == [
        f"{path}:10:11: S005 '2019-13' is not an ISO date: write YYYY-MM-DD, YYYY-MM or YYYY "
        "(or a range such as 2024-08-15/2024-08-16)"
    ]


def test_catalogue_ids_and_numbers_are_reported_at_the_value(cli, data):
    catalogue = data / "standards" / "safe-2021.yaml"
    text = catalogue.read_text(encoding="utf-8")
    lines = text.splitlines()
    # The second standard of the first pillar: give it the first one's id and number 7.
    ids = [n for n, line in enumerate(lines) if line.strip().startswith("- id: p1-s")]
    second = ids[1]
    first_id = lines[ids[0]].split("id: ")[1]
    lines[second] = lines[second].replace(lines[second].split("id: ")[1], first_id)
    number = next(n for n in range(second, second + 5) if lines[n].strip().startswith("number:"))
    lines[number] = lines[number].split("number:")[0] + "number: 7"
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("--data-dir", str(data), "check", "--select", "F")
    id_col = lines[second].index("id: ") + 5
    number_col = lines[number].index("number: ") + 9
    assert f"safe-2021.yaml:{second + 1}:{id_col}: F001 standard id '{first_id}' is used twice" in (
        run.out
    )
    assert f"safe-2021.yaml:{number + 1}:{number_col}: F002 standard of pillar 1 numbered 7" in (
        run.out
    )


# --- no position past the end of the file --------------------------------------------------

SEVEN_LINES = "country:\n  name: Mongolia\n  iso: MN\nframework: safe-2021\nsources:\n  - id: s1\n    title: [unclosed\n"


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        (SEVEN_LINES, 7, 21),  # the parser says line 8, column 1: the end of line 7
        (SEVEN_LINES.rstrip("\n"), 7, 21),  # no final line break
        (SEVEN_LINES.replace("\n", "\r\n"), 7, 21),  # Windows line ends
        ('country:\n  name: "Mongolia\n', 2, 18),  # a quote left open
    ],
    ids=["final newline", "no final newline", "crlf", "open quote"],
)
def test_a_syntax_error_at_the_end_is_on_the_last_line(text, line, col):
    root, [problem] = parse(text, "x.yaml")
    assert root is None and problem.code == "Y001"
    assert (problem.line, problem.col) == (line, col)
    assert problem.line <= len(text.splitlines())


def test_within_leaves_positions_inside_the_text_alone():
    assert within("a: 1\nb: [\n", 2, 4) == (2, 4)
    assert within("a: 1\nb: [\n", 3, 1) == (2, 5)
    assert within("", 2, 1) == (1, 1)


def test_the_github_annotation_of_an_error_at_the_end(cli, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(SEVEN_LINES, encoding="utf-8")
    run = cli("--data-dir", str(ROOT), "check", str(path), "-f", "github")
    assert ",line=7,col=21,title=Y001::" in run.out


# --- one line per diagnostic -----------------------------------------------------------------


def test_a_line_break_in_a_value_stays_on_one_line_of_text(cli, data):
    path = data / "countries" / "mongolia.yaml"
    path.write_text(COUNTRY.replace("status: planned", 'status: "ye\\ns"'), encoding="utf-8")
    run = cli("--data-dir", str(data), "check", "--select", "S004")
    assert run.out.splitlines() == [
        f"{path}:19:13: S004 'ye\\ns' is not a valid status for 'assessments.p1-s1.status': "
        "use one of: yes, partial, no, planned, not-assessed, not-applicable",
        "1 error in 1 file (2 checked)",
    ]
    # The other formats keep their own escaping: %0A in annotations, \n in JSON strings.
    github = cli("--data-dir", str(data), "check", "--select", "S004", "-f", "github").out
    assert "::'ye%0As' is not a valid status" in github
    report = json.loads(cli("--data-dir", str(data), "check", "--select", "S004", "-f", "json").out)
    assert report["diagnostics"][0]["message"].startswith("'ye\ns' is not")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain text, 50% café", "plain text, 50% café"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\tescaped", "tab\\tescaped"),  # a raw tab would misalign the report
        ("\x1b[31mred", "\\x1b[31mred"),
        ("next\x85line", "next\\x85line"),
        ("u\u2028v\u2029w", "u\\u2028v\\u2029w"),
        ("C:\\data\\countries", "C:\\data\\countries"),
    ],
)
def test_one_line(value, shown):
    assert one_line(value) == shown
    assert len(one_line(value).splitlines()) <= 1
