"""The AEO programme where people look (issue 11): in `assess` (terminal, JSON, Markdown; the
CSV stays one row per standard) and in `region` (a programme row under the heat map, and the
group's own facts with --group).

Every fact shows its source; a country whose file gives no programme facts shows one line
and nothing invented; text from the data stays text in every format.
"""

from __future__ import annotations

import csv
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
from safe_map.groups import load_groups
from safe_map.programme import programme_view
from safe_map.render import markdown, terminal, text

from .test_markdown import READERS, Page, read
from .test_neutralise import shown

CHINA = "peoples-republic-of-china.yaml"
NO_FACTS = "No source gives facts on this country's AEO programme."
MARKUP = "[link=http://evil.example]click[/link] [bold]b[/]"
FORMULA = '=HYPERLINK("http://evil.example","x")'
PIPES = "a | pipe | and *stars*"


def section(out: str, heading: str, until: str) -> list[str]:
    """The lines of a terminal report from the line `heading` up to the line `until`."""
    lines = out.splitlines()
    start = lines.index(heading)
    return lines[start : lines.index(until, start)]


def sources_listed(lines: list[str]) -> dict[str, str]:
    """The section's list of sources: number -> title (and address, on the lines after)."""
    listed: dict[str, str] = {}
    number = None
    for line in lines[lines.index("Sources") + 1 :]:
        found = re.match(r"\s*\[(\d+)\] (.*)", line)
        if found:
            number = found.group(1)
            listed[number] = found.group(2)
        elif number is not None and line.strip():
            listed[number] += " " + line.strip()
    return listed


def cited(line: str, listed: dict[str, str]) -> str:
    """The title of the source a line marks with [n]."""
    return listed[re.search(r"\[(\d+)\]\s*$", line).group(1)]


def valid(cli, name: str, out: str) -> dict:
    """The JSON printed, after checking it against the schema `safe-map schema NAME` prints."""
    data = json.loads(out)
    schema = json.loads(cli("schema", name).out)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    return data


def edit(path: Path, change) -> None:
    yaml = YAML()
    data = yaml.load(path)
    change(data)
    yaml.dump(data, path)


# --- assess, in the terminal -----------------------------------------------------------------


def test_china_shows_its_programme_its_mras_and_their_sources(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "assess", "china")
    assert run.code == 0, run.err
    assert max(cell_len(line) for line in run.out.splitlines()) <= 80
    lines = section(run.out, "AEO programme", "Recommendations")
    # after the summary and its key, before the recommendations
    assert run.out.index("Summary") < run.out.index("AEO programme")
    listed = sources_listed(lines)
    status = next(line for line in lines if line.strip().startswith("Status"))
    assert "Operational, as of 2024-08-15 to 2024-08-16" in status
    assert cited(status, listed) == "23rd Meeting of the CAREC Customs Cooperation Committee"
    basis = [line for line in lines if "• GACC Order" in line]
    assert [line.split("•")[1].split("[")[0].strip() for line in basis] == [
        "GACC Order No. 251",
        "GACC Order No. 282 (2026-01-13)",  # the instrument's date, which its title lacks
    ]
    mongolia = next(line for line in lines if "Mongolia (MN)" in line)
    assert "in force 2025-06-01" in mongolia
    assert cited(mongolia, listed).startswith(
        "News on the China-Mongolia AEO mutual recognition https://gmteight.com/"
    )
    russia = next(line for line in lines if "Russian Federation (RU)" in line)
    assert "signed 2022-02-04" in russia and "in force" not in russia  # not said: not shown
    order = next(i for i, line in enumerate(lines) if "2026-01-13: GACC Order No. 282" in line)
    fact = " ".join(line.strip() for line in lines[order : order + 2])
    assert cited(fact, listed).startswith("News on GACC Order No. 282")


def test_afghanistan_shows_none_found_with_its_source(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "assess", "afghanistan")
    assert run.code == 0, run.err
    lines = section(run.out, "AEO programme", "Recommendations")
    status = next(line for line in lines if line.strip().startswith("Status"))
    assert "None found, as of 2026" in status
    assert cited(status, sources_listed(lines)).startswith("Search of public web sources")
    assert "Mutual recognition" not in lines  # no MRA in the file: none shown


def test_a_country_whose_file_gives_no_programme_shows_one_line(cli, full_repo):
    path = full_repo / "countries" / "georgia.yaml"
    before = cli("--data-dir", str(full_repo), "assess", "georgia").out
    edit(path, lambda data: data.pop("programme"))
    assert "mras" not in YAML().load(path)
    run = cli("--data-dir", str(full_repo), "assess", "georgia")
    assert run.code == 0, run.err
    assert section(run.out, "AEO programme", "Recommendations") == ["AEO programme", NO_FACTS, ""]
    # the rest of the report is the report it was: only the programme section differs (and
    # the header, which names no source of the programme's when there is no programme)
    assert (
        run.out.split("AEO programme")[0].split("Pillar 1")[1]
        == (before.split("AEO programme")[0].split("Pillar 1")[1])
    )
    assert run.out.split("Recommendations")[1] == before.split("Recommendations")[1]

    data = valid(cli, "assess", cli("--data-dir", str(full_repo), "assess", "ge", "-f", "json").out)
    assert data["programme"]["status"] == "" and data["programme"]["status_label"] == "Unknown"
    assert data["programme"]["facts"] == [] and data["programme"]["mras"] == []

    page = read(
        cli("--data-dir", str(full_repo), "assess", "ge", "-f", "markdown").out, "markdown-it"
    )
    h2 = page.texts("h2")
    assert h2.index("AEO programme") == h2.index("Recommendations") - 1
    assert NO_FACTS in page.texts("p")


def test_the_pillar_3_titles_are_told_apart(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "assess", "mongolia", "--pillar", "3")
    lines = run.out.splitlines()
    rule = next(line for line in lines if line.lstrip().startswith("Standard"))
    width = rule.index("Legal basis")  # the Standard column, wrapped over its lines
    column = " ".join(" ".join(line[:width] for line in lines).split())
    assert "1. Mutual co-operation (within one government; inferred) 2." in column
    assert "7. Mutual co-operation (between governments; inferred) 8." in column
    data = json.loads(cli("--data-dir", str(full_repo), "assess", "mn", "-f", "json").out)
    p3s1 = next(s for s in data["standards"] if s["id"] == "p3-s1")
    assert p3s1["title"] == "Mutual co-operation"  # the title stays the title
    assert p3s1["display_title"] == "Mutual co-operation (within one government; inferred)"
    assert p3s1["level"] == "within-government" and p3s1["level_inferred"] is True
    csv_out = cli("--data-dir", str(full_repo), "assess", "mn", "-f", "csv").out
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    titles = {r["id"]: r["title"] for r in rows}
    assert titles["p3-s7"] == "Mutual co-operation (between governments; inferred)"


# --- assess, JSON and Markdown ---------------------------------------------------------------


def test_china_json_carries_the_facts_with_their_sources(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "assess", "china", "-f", "json")
    assert run.code == 0, run.err
    programme = valid(cli, "assess", run.out)["programme"]
    assert programme["status"] == "operational"
    assert programme["as_of"] == "2024-08-15/2024-08-16"
    assert "GACC Order No. 282 (2026-01-13)" in programme["legal_basis"]
    assert programme["source_title"] == "23rd Meeting of the CAREC Customs Cooperation Committee"
    order = next(f for f in programme["facts"] if f["date"] == "2026-01-13")
    assert order["source"] == "cnsonews-order-282"
    assert order["source_title"] == "News on GACC Order No. 282"
    assert order["url"].startswith("https://")
    assert all(f["source_title"] for f in programme["facts"])  # every fact names its source
    mras = {m["partner"]: m for m in programme["mras"]}
    assert mras["MN"]["state"] == "in-force" and mras["MN"]["in_force"] == "2025-06-01"
    assert mras["MN"]["partner_name"] == "Mongolia"
    assert mras["RU"]["in_force"] == "" and mras["RU"]["signed"] == "2022-02-04"


@pytest.mark.parametrize("reader", READERS)
def test_china_markdown_has_the_programme_the_mra_table_and_the_facts(cli, full_repo, reader):
    run = cli("--data-dir", str(full_repo), "assess", "china", "-f", "markdown")
    assert run.code == 0, run.err
    page = read(run.out, reader)
    h2 = page.texts("h2")
    assert h2.index("Summary") + 1 == h2.index("AEO programme") == h2.index("Recommendations") - 1
    items = page.texts("li")
    assert "Status: Operational, as of 2024-08-15 to 2024-08-16" in items
    # Each value names its own source where it is not the programme's (the survey's).
    guide = "Invest in Beijing: thematic guide on Customs AEO"
    assert "Authority: GACC (source: " + guide + ")" in items
    basis = next(i for i in items if i.startswith("Legal basis: "))
    assert basis.startswith("Legal basis: GACC Order No. 251 (source: ")
    assert "; GACC Order No. 282 (2026-01-13) (source: " in basis
    assert "Source: 23rd Meeting of the CAREC Customs Cooperation Committee" in page.texts("p")
    mras = page.tables[-1]
    assert mras[0] == ["Partner", "State", "Date", "Source", "Notes"]
    assert [row[:4] for row in mras[1:]] == [
        [
            "Mongolia (MN)",
            "In force",
            "in force 2025-06-01",
            "News on the China-Mongolia AEO mutual recognition",
        ],
        [
            "Russian Federation (RU)",
            "Signed",
            "signed 2022-02-04",
            "China and Russia signed the AEO mutual recognition arrangement",
        ],
        [
            "Uzbekistan (UZ)",
            "Reported",
            "reported 2025-01-16",
            "News on Uzbekistan's AEO mutual recognition (statement of 16 January 2025)",
        ],
    ]
    assert (
        "2026-01-13: GACC Order No. 282 of 13 January 2026 replaces Order No. 251, effective "
        "1 April 2026. (source: News on GACC Order No. 282)"
    ) in items


def test_the_csv_stays_one_row_per_standard(cli, full_repo):
    """The programme is not in the CSV: a second table in one file would break every program
    that reads it as the standards (the JSON carries the programme exactly)."""
    run = cli("--data-dir", str(full_repo), "assess", "china", "-f", "csv")
    rows = list(csv.reader(io.StringIO(run.out)))
    assert rows[0][:4] == ["pillar", "number", "id", "title"]
    assert len(rows) == 27 and all(re.fullmatch(r"p\d-s\d+", row[2]) for row in rows[1:])
    assert "enterprise credit management" not in run.out


# --- hostile text ----------------------------------------------------------------------------


@pytest.fixture
def hostile_china(full_repo: Path) -> Path:
    """China's programme with text that is markup for rich, a formula, and Markdown table
    syntax, where each starts a field; `check` accepts all of it."""

    def spoil(data) -> None:
        programme = data["programme"]
        programme["authority"] = MARKUP
        programme["facts"][0]["text"] = FORMULA
        programme["facts"][1]["text"] = PIPES
        programme["facts"][2]["text"] = MARKUP
        data["mras"][0]["notes"] = PIPES
        data["mras"][1]["notes"] = FORMULA

    edit(full_repo / "countries" / CHINA, spoil)
    return full_repo


def test_hostile_text_stays_text_in_every_format(cli, hostile_china):
    data_dir = ("--data-dir", str(hostile_china))
    assert cli(*data_dir, "check", str(hostile_china / "countries" / CHINA)).code == 0

    out = cli(*data_dir, "assess", "china").out
    flat = " ".join(out.split())
    assert f"Authority {MARKUP} [2]" in flat  # shown as typed: no link, no style, no error
    assert FORMULA in flat and PIPES in flat

    programme = valid(cli, "assess", cli(*data_dir, "assess", "china", "-f", "json").out)[
        "programme"
    ]
    assert programme["authority"] == MARKUP
    assert {FORMULA, PIPES, MARKUP} <= {f["text"] for f in programme["facts"]}

    md = cli(*data_dir, "assess", "china", "-f", "markdown").out
    for reader in READERS:
        page = read(md, reader)  # only the report's own tags: no link, no emphasis
        items = page.texts("li")
        assert any(i.startswith(f"Authority: {MARKUP}") for i in items)
        assert any(i.startswith("\u200b" + FORMULA) for i in items)  # never a formula pasted
        assert (
            f"2021-11-01: {PIPES} (source: Invest in Beijing: thematic guide on Customs AEO)"
            in items
        )
        mras = page.tables[-1]
        assert all(len(row) == 5 for row in mras)  # the pipes did not make cells
        assert mras[1][4] == PIPES and mras[2][4] == "\u200b" + FORMULA

    assert FORMULA not in cli(*data_dir, "assess", "china", "-f", "csv").out


def test_escape_sequences_are_shown_not_run(full_repo):
    """`check` refuses control characters (S007), so this calls the renderers on a loaded
    country that holds them, as test_neutralise does: text can come from elsewhere."""
    china, _ = load_country(full_repo / "countries" / CHINA, f"countries/{CHINA}")
    nasty = "\x1b[2J\x1b]0;pwned\x07cleared"
    china.programme.facts[0].text = nasty
    china.programme.authority = nasty
    china.mras[0].notes = nasty

    for colour in (False, True):
        screen = shown(terminal.programme(china), colour)
        assert "\x1b[2J" not in screen and "\x07" not in screen
        assert "\\x1b[2J\\x1b]0;pwned\\x07cleared" in screen
    page = Page(
        MarkdownIt("commonmark")
        .enable("table")
        .render("\n".join(markdown.programme_markdown(china)))
    )
    assert "\ufffd[2J\ufffd]0;pwned\ufffdcleared" in " ".join(page.texts("li"))
    dumped = text.dumps(text.programme_json(programme_view(china)))
    assert "\x1b" not in dumped and json.loads(dumped)["authority"] == nasty

    groups, _ = load_groups(full_repo / "groups", str)
    carec = groups["carec"]
    carec.facts[0].text = nasty
    screen = shown(terminal.group_facts(carec), True)
    assert "\x1b[2J" not in screen and "\\x1b[2J" in screen
    assert "\x1b" not in text.dumps(text.group_json(carec))


# --- region ----------------------------------------------------------------------------------


def row_of(out: str, label: str) -> dict[str, str]:
    """A row of the heat map by country: {'CN': 'Op', ...}."""
    lines = out.splitlines()
    heads = next(line for line in lines if line.lstrip().startswith("Standard")).split()[1:]
    values = next(line for line in lines if line.lstrip().startswith(label))
    return dict(zip(heads, values[len(f" {label}") :].split(), strict=True))


def test_region_shows_each_programme_and_the_groups_facts(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "--group", "carec")
    assert run.code == 0, run.err
    assert max(cell_len(line) for line in run.out.splitlines()) <= 80
    assert "Part " not in run.out  # eleven countries still one table at 80 columns
    status = row_of(run.out, "AEO programme")
    assert status["CN"] == "Op" and status["AF"] == "NF" and status["MN"] == "?"
    assert "Op Operational" in run.out and "NF None found" in run.out and "? Unknown" in run.out
    recorded = row_of(run.out, "MRAs recorded")
    assert recorded["CN"] == "3" and recorded["UZ"] == "3" and recorded["KZ"] == "0"
    in_force = row_of(run.out, "of them in force")
    assert in_force["CN"] == "1" and in_force["MN"] == "1" and in_force["UZ"] == "0"

    lines = run.out.splitlines()
    facts = lines[
        lines.index("Central Asia Regional Economic Cooperation (CAREC): the group's facts") :
    ]
    listed = sources_listed(facts)
    survey = next(i for i, line in enumerate(facts) if "Ten CAREC members answered" in line)
    line = " ".join(part.strip() for part in facts[survey : survey + 2])
    assert line.startswith("• 2024-08-15 to 2024-08-16: Ten CAREC members answered the 2024")
    assert cited(line, listed) == "23rd Meeting of the CAREC Customs Cooperation Committee"
    respondents = " ".join(" ".join(facts).split())
    assert "All ten respondents reported senior-level support" in respondents


def test_region_without_a_group_shows_no_group_facts(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "cn", "mn")
    assert run.code == 0, run.err
    assert "the group's facts" not in run.out
    assert row_of(run.out, "AEO programme") == {"CN": "Op", "MN": "?"}
    data = valid(cli, "region", cli("--data-dir", str(full_repo), "region", "cn", "-f", "json").out)
    assert data["group"] is None


def test_region_json_carries_programmes_and_group_facts(cli, full_repo):
    run = cli("--data-dir", str(full_repo), "region", "--group", "carec", "-f", "json")
    assert run.code == 0, run.err
    data = valid(cli, "region", run.out)
    programmes = {c["iso"]: c["programme"] for c in data["countries"]}
    assert programmes["CN"] == {"status": "operational", "mras_recorded": 3, "mras_in_force": 1}
    assert programmes["AF"] == {"status": "none-found", "mras_recorded": 0, "mras_in_force": 0}
    assert data["group"]["id"] == "carec"
    survey = next(f for f in data["group"]["facts"] if f["text"].startswith("Ten CAREC"))
    assert survey["source"] == "carec-ccc-23"
    assert survey["source_title"] == "23rd Meeting of the CAREC Customs Cooperation Committee"
    p3s7 = next(s for s in data["standards"] if s["id"] == "p3-s7")
    assert p3s7["display_title"] == "Mutual co-operation (between governments; inferred)"


def test_the_programme_as_a_csv_table_of_its_own(cli, full_repo):
    """`assess -f csv --programme`: a row per value, MRA and fact, each with its source; the
    standards' CSV stays one row per standard; other formats refuse the option."""
    import csv
    import io

    path = full_repo / "countries" / "peoples-republic-of-china.yaml"
    edit(path, lambda data: data["programme"]["facts"][0].__setitem__("text", FORMULA))
    run = cli("--data-dir", str(full_repo), "assess", "china", "-f", "csv", "--programme")
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    [status] = by_kind["status"]
    assert status["value"] == "Operational" and status["date"] == "2024-08-15/2024-08-16"
    assert status["source"] == "23rd Meeting of the CAREC Customs Cooperation Committee"
    [authority] = by_kind["authority"]
    assert authority["source"] == "Invest in Beijing: thematic guide on Customs AEO"
    assert authority["url"].startswith("https://english.beijing.gov.cn/")
    mongolia = next(r for r in by_kind["mra"] if r["label"] == "Mongolia (MN)")
    assert (mongolia["value"], mongolia["date"]) == ("In force", "2025-06-01")
    texts = [r["value"] for r in by_kind["fact"]]
    assert "'" + FORMULA in texts  # a formula stays text in a spreadsheet
    assert all(r["source"] for r in rows)  # every row names its source
    refused = cli("--data-dir", str(full_repo), "assess", "china", "--programme")
    assert refused.code == 2 and "--programme applies to CSV" in refused.err


def test_compare_sets_the_two_programmes_side_by_side(cli, full_repo):
    """For negotiators: each side's programme and the arrangement between the two, as each
    file records it; the JSON carries both programmes with their sources."""
    data = ("--data-dir", str(full_repo))
    run = cli(*data, "compare", "mongolia", "china")
    assert run.code == 0, run.err
    flat = " ".join(run.out.split())
    assert "AEO programmes" in run.out
    assert "Mutual recognition between them: In force 2025-06-01 (both files)." in flat
    assert "GACC Order No. 282" in flat and "2021 AEO Regulations" in flat
    payload = valid(cli, "compare", cli(*data, "compare", "mongolia", "china", "-f", "json").out)
    mine, theirs = payload["programmes"]["between"]
    assert (mine["partner"], mine["in_force"]) == ("CN", "2025-06-01")
    assert (theirs["partner"], theirs["in_force"]) == ("MN", "2025-06-01")
    assert payload["programmes"]["b"]["status"] == "operational"
    assert payload["programmes"]["b"]["legal_basis_sources"]  # each value keeps its source
    # One side silent: each file's own account, in words.
    edit(
        full_repo / "countries" / "peoples-republic-of-china.yaml",
        lambda doc: doc.__setitem__("mras", [m for m in doc["mras"] if m["partner"] != "MN"]),
    )
    flat = " ".join(cli(*data, "compare", "mongolia", "china").out.split())
    assert (
        "In force 2025-06-01 as Mongolia's file records it; none in People's Republic of "
        "China's file." in flat
    )
    between = json.loads(cli(*data, "compare", "mn", "cn", "-f", "json").out)["programmes"]
    assert between["between"][1] is None
    page = read(cli(*data, "compare", "mn", "cn", "-f", "markdown").out, "markdown-it")
    assert "AEO programmes" in page.texts("h2")
