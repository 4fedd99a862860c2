"""`safe-map mras`: who recognises whom, as a matrix of members by partners, the list of
arrangements under it and, with --group, the group's own facts; in the terminal (80 columns),
JSON (validated against its shipped schema) and Markdown (rendered with markdown-it)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len
from ruamel.yaml import YAML

from safe_map.countries import load_country
from safe_map.groups import load_group
from safe_map.recognition import mra_matrix
from safe_map.render import recognition, recognition_json, text
from safe_map.render.terminal import make_console

from .conftest import ROOT

SCHEMA = ROOT / "safe_map" / "schemas" / "output" / "mras.schema.json"
CHINA_MONGOLIA = "In force 2025-06-01"  # both files: state in-force, in_force 2025-06-01


def yaml_of(path: Path) -> dict:
    """A data file as an independent reader sees it."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def valid(out: str) -> dict:
    data = json.loads(out)
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors[:5]
    return data


def matrix_of(out: str) -> dict[str, dict[str, str]]:
    """The terminal's matrix read back: {row code: {column code: the cell's lines joined}},
    with the row's name under "Country".

    The columns start where their heads start; a row starts with its ISO code and goes on over
    the lines below it (a cell holds the state, then the date on the next line)."""
    lines = out.splitlines()
    head_at = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Country"])
    head = lines[head_at]
    starts = [(m.start(), m.group()) for m in re.finditer(r"\S+", head)]
    starts[0] = (0, "Country")  # the row's name: {"Country": "CN People's Republic of China"}
    rows: dict[str, list[str]] = {}
    current = None
    for line in lines[head_at + 2 :]:
        if not line.strip():
            break
        code = re.match(r"^ ([A-Z]{2}) ", line)
        if code:
            current = code.group(1)
            rows[current] = []
        rows[current].append(line)
    out_rows = {}
    for code, row_lines in rows.items():
        cells = {}
        for n, (start, column) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else None
            parts = [line[start:end].strip() for line in row_lines]
            cells[column] = " ".join(p for p in parts if p)
        out_rows[code] = cells
    return out_rows


# --- the shipped data --------------------------------------------------------------------------


def test_carec_matrix_shows_who_recognises_whom(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec")
    assert run.code == 0, run.err
    assert run.err == ""
    assert max(cell_len(line) for line in run.out.splitlines()) <= 80
    matrix = matrix_of(run.out)
    members = yaml_of(full_repo / "groups" / "carec.yaml")["members"]
    assert set(matrix) == set(members)  # every member has a row, with or without arrangements
    assert matrix["CN"]["MN"] == CHINA_MONGOLIA  # China's row, Mongolia's column
    assert matrix["MN"]["CN"] == CHINA_MONGOLIA  # and the other way round
    assert matrix["CN"]["RU"] == "Signed 2022-02-04"
    assert matrix["UZ"]["BY"] == "Reported 2025-01-16"
    assert matrix["CN"]["CN"] == "—"
    assert matrix["AF"]["MN"] == "·"
    # Partners outside the group come after the members, and the legend names them.
    assert matrix["CN"]["Country"] == "CN People's Republic of China"
    columns = list(matrix["CN"])
    assert columns[-2:] == ["BY", "RU"]
    assert "BY Belarus" in run.out and "RU Russian Federation" in run.out


def test_carec_arrangements_and_group_facts(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec")
    flat = " ".join(run.out.split())
    assert "Mongolia (MN) and People's Republic of China (CN): In force 2025-06-01" in flat
    assert "Recorded by MN and CN" in flat
    assert "Source: News on the China-Mongolia AEO mutual recognition" in flat
    # Belarus: the date of the report; the agreement's own date is left to the notes, since
    # the source does not say it is the date of signature.
    assert "Uzbekistan (UZ) and Belarus (BY): Reported 2025-01-16 " in flat
    assert "signed 2024-04-26" not in flat and "26 April 2024" in flat
    assert "From: 23rd Meeting of the CAREC Customs Cooperation Committee, Astana" in flat
    survey = "Ten CAREC members answered the 2024 survey on the status of their AEO programmes."
    facts = facts_of(run.out)
    assert ("2024-08-15 to 2024-08-16", survey) in facts
    group = yaml_of(full_repo / "groups" / "carec.yaml")
    assert len(facts) == len(group["facts"])
    assert {text_ for _, text_ in facts} == {" ".join(f["text"].split()) for f in group["facts"]}


def facts_of(out: str) -> list[tuple[str, str]]:
    """The group's facts read back from the terminal: (date, text without its note), from the
    grid under "From: ..." (the date in the first 13 columns, wrapped after its "to")."""
    grid = out[out.index("\nFacts of ") :].split("\n\n")[0].splitlines()
    facts: list[tuple[list[str], list[str]]] = []
    in_note = False
    for line in grid:
        date, body = line[:13].strip(), line[15:].strip()
        if not line.startswith(("2", "u", " ")):  # the headings, and "From:" and its wrap
            continue
        if date and not (facts and facts[-1][0][-1].endswith(" to")):
            facts.append(([date], []))
            in_note = False
        elif date:
            facts[-1][0].append(date)
        in_note = in_note or body.startswith("Note:")
        if body and not in_note:
            facts[-1][1].append(body)
    return [(" ".join(d), " ".join(t)) for d, t in facts]


def test_carec_json(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec", "-f", "json")
    assert run.code == 0, run.err
    data = valid(run.out)
    assert data["group"]["id"] == "carec"
    group = yaml_of(full_repo / "groups" / "carec.yaml")
    assert {r["code"] for r in data["rows"]} == set(group["members"])
    outside = [c["code"] for c in data["columns"] if not c["member"]]
    assert outside == ["BY", "RU"]
    cells = {(c["row"], c["column"]): c for c in data["cells"]}
    china = cells[("CN", "MN")]
    assert (china["state"], china["in_force"], china["one_sided"]) == (
        "in-force",
        "2025-06-01",
        False,
    )
    assert china["url"] == "https://gmteight.com/latest/detail/326180"
    pairs = [{a["a"]["code"], a["b"]["code"]} for a in data["arrangements"]]
    assert len(pairs) == len({frozenset(p) for p in pairs})  # each arrangement once
    assert {"CN", "MN"} in pairs
    # The group's facts: every one of the file's, each with its source's title.
    assert len(data["group_facts"]) == len(group["facts"])
    titles = {s["id"]: s["title"] for s in group["sources"]}
    for fact in data["group_facts"]:
        assert fact["source_title"] == titles[fact["source"]]
    assert any("Ten CAREC members answered" in f["text"] for f in data["group_facts"])


def test_carec_markdown(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec", "-f", "markdown")
    assert run.code == 0, run.err
    tables = tables_of(run.out)
    head, *rows = tables[0]
    by_row = {row[0].split()[0]: dict(zip(head, row, strict=True)) for row in rows}
    assert by_row["CN"]["MN"] == CHINA_MONGOLIA
    assert by_row["MN"]["CN"] == CHINA_MONGOLIA
    assert head[-2:] == ["BY", "RU"]
    arrangements = tables[1]
    assert arrangements[0][:4] == ["Parties", "State and dates", "Recorded by", "Source"]
    china = next(r for r in arrangements if r[0].startswith("Mongolia (MN) and People"))
    assert china[1] == CHINA_MONGOLIA
    assert china[4] == "https://gmteight.com/latest/detail/326180"  # the address, as text
    facts = tables[2]
    survey = next(r for r in facts if r[1].startswith("Ten CAREC members answered"))
    assert survey[2] == "23rd Meeting of the CAREC Customs Cooperation Committee"


def tables_of(markdown: str) -> list[list[list[str]]]:
    """Every table of the rendered Markdown, as rows of cell texts (header row first): the
    text each cell renders to, escapes resolved."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    in_cell = False
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type in ("th_open", "td_open"):
            tables[-1][-1].append("")
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            tables[-1][-1][-1] = "".join(
                c.content for c in token.children or [] if c.type in ("text", "text_special")
            )
    return tables


def test_named_countries_in_the_order_given(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "mras", "mn", "cn", "-f", "json")
    data = valid(run.out)
    assert [r["code"] for r in data["rows"]] == ["MN", "CN"]
    assert data["group"] is None and data["group_facts"] == []
    # China's partners outside the two: their names from ISO's list.
    assert {c["code"]: c["name"] for c in data["columns"] if not c["member"]} == {
        "RU": "Russian Federation",
        "UZ": "Uzbekistan",
    }


def test_every_country_by_default(cli, full_repo):
    data = valid(cli("--data-dir", str(full_repo), "mras", "-f", "json").out)
    names = [yaml_of(p)["country"]["name"] for p in (full_repo / "countries").glob("*.yaml")]
    assert [r["name"] for r in data["rows"]] == sorted(names, key=str.casefold)


# --- one side only, members without a file, files with errors -----------------------------------


def drop_mras(path: Path) -> None:
    """The country file without its mras block (and so without its side of each MRA)."""
    text_ = path.read_text(encoding="utf-8")
    start = text_.index("\nmras:\n")
    end = text_.find("\n\n", start + 1)
    path.write_text(text_[:start] + (text_[end:] if end != -1 else "\n"), encoding="utf-8")


def test_one_sided_arrangement_is_marked(cli, full_repo):
    drop_mras(full_repo / "countries" / "mongolia.yaml")  # China's file alone records it now
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec")
    assert run.code == 0, run.err
    matrix = matrix_of(run.out)
    assert matrix["MN"]["CN"] == "In force* 2025-06-01"  # Mongolia's row: only China's word
    assert matrix["CN"]["MN"] == CHINA_MONGOLIA  # China's own record: no mark
    assert "* recorded only in the column's file" in run.out
    assert "Recorded by CN." in " ".join(run.out.split())
    data = valid(cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-f", "json").out)
    cells = {(c["row"], c["column"]): c for c in data["cells"]}
    assert cells[("MN", "CN")]["one_sided"] is True
    assert cells[("MN", "CN")]["recorded_by"] == "CN"
    assert cells[("CN", "MN")]["one_sided"] is False
    china = next(
        a for a in data["arrangements"] if {a["a"]["code"], a["b"]["code"]} == {"CN", "MN"}
    )
    assert china["recorded_by"] == ["CN"]
    markdown = cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-f", "markdown").out
    head, *rows = tables_of(markdown)[0]
    mongolia = next(dict(zip(head, r, strict=True)) for r in rows if r[0].startswith("MN "))
    assert mongolia["CN"] == "In force* 2025-06-01"


def test_sides_that_differ_are_both_shown(cli, full_repo):
    path = full_repo / "countries" / "mongolia.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    in_force: 2025-06-01\n", "    in_force: 2025-07-01\n"
        ),
        encoding="utf-8",
    )
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec")
    assert run.code == 0, run.err
    matrix = matrix_of(run.out)
    assert matrix["MN"]["CN"] == "In force 2025-07-01"  # each row its own file's record
    assert matrix["CN"]["MN"] == "In force 2025-06-01"
    assert "CN's file says In force 2025-06-01" in " ".join(run.out.split())
    data = valid(cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-f", "json").out)
    china = next(
        a for a in data["arrangements"] if {a["a"]["code"], a["b"]["code"]} == {"CN", "MN"}
    )
    assert china["sides_differ"] is True


def test_members_without_a_file_or_with_errors(cli, full_repo):
    (full_repo / "countries" / "turkmenistan.yaml").unlink()
    tajikistan = full_repo / "countries" / "tajikistan.yaml"
    tajikistan.write_text(tajikistan.read_text(encoding="utf-8") + "name: [\n", encoding="utf-8")
    uzbekistan = full_repo / "countries" / "uzbekistan.yaml"  # a state that does not exist
    uzbekistan.write_text(
        uzbekistan.read_text(encoding="utf-8").replace("state: reported", "state: rumoured"),
        encoding="utf-8",
    )
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec")
    assert run.code == 0, run.err
    matrix = matrix_of(run.out)
    assert matrix["TM"]["Country"] == "TM Turkmenistan (no file)"
    assert matrix["TJ"]["Country"] == "TJ Tajikistan (file has errors, left out)"
    assert matrix["UZ"]["Country"] == "UZ Uzbekistan (file has errors, left out)"
    assert "no country file for TM (members of carec)" in run.err
    assert "2 file(s) have errors and are left out above" in run.err
    assert "tajikistan.yaml" in run.err and "uzbekistan.yaml" in run.err
    # Uzbekistan's file is left out; China's record of their arrangement still shows.
    assert matrix["CN"]["UZ"] == "Reported 2025-01-16"
    assert matrix["UZ"]["CN"] == "Reported* 2025-01-16"
    assert "BY" not in matrix["CN"]  # only Uzbekistan's file named Belarus
    data = valid(cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-f", "json").out)
    rows = {r["code"]: r for r in data["rows"]}
    assert (rows["TM"]["has_file"], rows["TM"]["left_out"]) == (False, False)
    assert (rows["UZ"]["has_file"], rows["UZ"]["left_out"]) == (False, True)
    assert (rows["TJ"]["has_file"], rows["TJ"]["left_out"]) == (False, True)


def test_a_country_named_with_errors_stops_the_run(cli, full_repo):
    path = full_repo / "countries" / "uzbekistan.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("state: reported", "state: rumoured"),
        encoding="utf-8",
    )
    run = cli("--data-dir", str(full_repo), "mras", "uz")
    assert run.code == 2
    assert "'rumoured' is not a valid state" in run.err
    assert run.out == ""


def test_no_arrangement_at_all(cli, repo):
    drop_mras(repo / "countries" / "mongolia.yaml")
    run = cli("--data-dir", str(repo), "mras")
    assert run.code == 0, run.err
    assert "No arrangement is recorded in these countries' files." in run.out
    data = valid(cli("--data-dir", str(repo), "mras", "-f", "json").out)
    assert (data["cells"], data["arrangements"]) == ([], [])


def test_unknown_group(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "mras", "--group", "asean")
    assert run.code == 2
    assert "no group 'asean': known groups: carec" in run.err


# --- writing files -------------------------------------------------------------------------------


def test_output_file_by_its_ending(cli, full_repo, tmp_path):
    target = tmp_path / "carec.md"
    run = cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-o", str(target))
    assert run.code == 0, run.err
    assert f"wrote {target}" in run.err
    head, *rows = tables_of(target.read_text(encoding="utf-8"))[0]
    assert any(r[0].startswith("CN ") and CHINA_MONGOLIA in r for r in rows)
    plain = tmp_path / "carec.txt"
    cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-o", str(plain))
    assert matrix_of(plain.read_text(encoding="utf-8"))["CN"]["MN"] == CHINA_MONGOLIA


def test_no_workbook_but_a_hint(cli, full_repo, tmp_path):
    run = cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-o", str(tmp_path / "m.xlsx"))
    assert run.code == 2
    assert "safe-map export --group NAME -o FILE.xlsx" in run.err
    assert not (tmp_path / "m.xlsx").exists()


# --- hostile text ----------------------------------------------------------------------------------

MARKUP = "[link=http://evil.example]click[/link] [bold]b[/]"
PARTNER = f"{MARKUP} | Union"
NOTE = '=HYPERLINK("http://evil.example","x") | a|b *stars*'


def add_hostile_partner(path: Path) -> None:
    """An MRA with a group outside the data folder whose name is rich markup and whose notes
    begin with a formula; both pass `check` (text may hold brackets, = and |)."""
    text_ = path.read_text(encoding="utf-8")
    entry = (
        "mras:\n  - partner: evil-union\n    partner_name: " + json.dumps(PARTNER) + "\n"
        "    state: signed\n    signed: 2024-01-02\n    source: carec-ccc-23\n"
        "    notes: " + json.dumps(NOTE) + "\n"
    )
    path.write_text(text_.replace("mras:\n", entry, 1), encoding="utf-8")


def test_hostile_text_is_shown_as_written(cli, full_repo):
    add_hostile_partner(full_repo / "countries" / "mongolia.yaml")
    check = cli("--data-dir", str(full_repo), "check")
    assert check.code == 0, check.out  # warnings at most: the file stays in the matrix
    run = cli("--data-dir", str(full_repo), "mras", "-g", "carec")
    assert run.code == 0, run.err
    flat = " ".join(run.out.split())
    assert f"evil-union {PARTNER}" in flat  # the legend, markup as typed
    assert f"and {PARTNER} (evil-union): Signed 2024-01-02" in flat
    assert NOTE in flat

    data = valid(cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-f", "json").out)
    column = next(c for c in data["columns"] if c["code"] == "evil-union")
    assert column["name"] == PARTNER
    assert next(c for c in data["cells"] if c["column"] == "evil-union")["notes"] == NOTE

    markdown = cli("--data-dir", str(full_repo), "mras", "-g", "carec", "-f", "markdown").out
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<a " not in html and "<em>" not in html
    arrangements = tables_of(markdown)[1]
    row = next(r for r in arrangements if "evil-union" in r[0])
    assert row[0] == f"Mongolia (MN) and {PARTNER} (evil-union)"
    assert row[5] == "\u200b" + NOTE  # a formula's first character never starts the cell
    assert "&#8203;=HYPERLINK" in markdown


NASTY = "\x1b[2J\x1b]0;pwned\x07\x9b31m"


def test_control_characters_never_reach_the_terminal():
    """The second line of defence: `check` refuses these characters, and a file with them is
    left out; the renderers still neutralise any that reach them."""
    country, _ = load_country(ROOT / "countries" / "uzbekistan.yaml", "countries/uzbekistan.yaml")
    group, _ = load_group(ROOT / "groups" / "carec.yaml", "groups/carec.yaml")
    assert country is not None and group is not None
    for mra in country.mras:
        mra.partner_name = "Partner " + NASTY
        mra.notes = NASTY + " notes"
    group.facts[0].text = "Fact " + NASTY
    matrix = mra_matrix([("UZ", "Uzbekistan " + NASTY)], [country], {})
    buffer = io.StringIO()
    make_console(file=buffer, width=80, color=False).print(
        recognition.mras_terminal(matrix, group, frozenset())
    )
    shown = buffer.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\\x1b[2J" in shown and "Partner \\x1b[2J" in shown
    markdown = recognition.mras_markdown(matrix, group, frozenset())
    assert "\x1b" not in markdown and "\ufffd\\[2J" in markdown  # [ escaped, as Markdown
    dumped = text.dumps(recognition_json.mras_json(matrix, group, frozenset()))
    assert "\x1b" not in dumped and "\x9b" not in dumped
    assert json.loads(dumped)["arrangements"][0]["notes"] == NASTY + " notes"


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_help_lists_the_formats(cli, fmt):
    run = cli("mras", "-h")
    assert run.code == 0 and fmt in run.out and "csv" not in run.out


MANY = ["AU", "CA", "IL", "IN", "JP", "KR", "MY", "NZ", "PE", "SG", "TH", "US"]


def test_many_partners_split_the_matrix_and_lose_none(cli, full_repo):
    """Twelve more partners do not fit 80 columns: the matrix comes in parts, each with the row
    names, and every partner keeps its column."""
    path = full_repo / "countries" / "mongolia.yaml"
    more = "".join(
        f"  - partner: {code}\n    state: signed\n    signed: 2024-01-02\n"
        "    source: gmteight-cn-mn-mra\n"
        for code in MANY
    )
    path.write_text(path.read_text(encoding="utf-8").replace("mras:\n", "mras:\n" + more, 1))
    run = cli("--data-dir", str(full_repo), "mras", "--group", "carec")
    assert run.code == 0, run.err
    assert max(cell_len(line) for line in run.out.splitlines()) <= 80
    parts = [line for line in run.out.splitlines() if line.startswith("Part ")]
    assert len(parts) >= 2
    heads = [line.split()[1:] for line in run.out.splitlines() if line.split()[:1] == ["Country"]]
    shown = [code for head in heads for code in head]
    assert sorted(shown) == sorted(["MN", "CN", "UZ", "BY", "RU", *MANY])
    assert len(heads) == len(parts)


# --- docs/recognition.md shows real output -----------------------------------------------------


def doc_examples() -> list[tuple[str, list[str]]]:
    """Each `$ safe-map ...` block of docs/recognition.md: the command and its lines."""
    docs = (ROOT / "docs" / "recognition.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n\$ safe-map (.*?)\n(.*?)```", docs, flags=re.S)
    return [(command, body.rstrip("\n").split("\n")) for command, body in blocks]


@pytest.mark.parametrize("command, shown", doc_examples(), ids=[c for c, _ in doc_examples()])
def test_docs_examples_are_real_output(cli, full_repo, command, shown):
    """Every line the page shows is printed, in that order ("..." stands for lines left out).
    The one-sided example runs on the data with Mongolia's side removed, as the page says."""
    if command == "mras mn cn":
        drop_mras(full_repo / "countries" / "mongolia.yaml")
    run = cli("--data-dir", str(full_repo), *command.split())
    printed = (run.out + run.err).rstrip("\n").split("\n")
    at = 0
    for line in shown:
        if line.strip() == "...":
            continue
        assert line in printed[at:], f"not printed (after line {at}): {line!r}"
        at = printed.index(line, at) + 1
