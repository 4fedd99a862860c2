"""Markdown reads as the data says in every CommonMark/GFM reader (issue 14, item 2).

Every Markdown output (assess, compare, standards, countries) is rendered by real readers:
markdown-it-py (CommonMark with GFM tables; and with linkify, as many wikis run it) and, where
installed, cmark-gfm (GitHub's own, through the cmarkgfm package) in its safe default and in
`--unsafe`. The HTML they write may hold only the tags the report itself makes (headings,
paragraphs, lists, bold, tables), none from the data: no raw HTML, no link, no image, no
emphasis, no code; and every heading, cell and list item reads exactly the data's text, taken
from the same command's JSON (line breaks and runs of spaces as one space, as HTML shows them).
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from safe_map.model import Status
from safe_map.render.markdown import escape

from .conftest import ROOT, SCALE

# Text that is markup somewhere in CommonMark, GFM, GitHub or a wiki; each one starts a field,
# where block markers count, and the note of p1-s2 holds them all, one a line.
HOSTILE = [
    "*stars* and **bold**",
    "<img src=x onerror=alert(1)>",
    "a\\|b and a|b",
    "[link](http://x)",
    "`tick` and ``two ticks``",
    "# not a heading",
    "1. not a list",
    "2) not a list",
    "- not a list",
    "+ not a list",
    "line one\nline two\n\n  line three",
    "www.example.org, mail@example.org, https://example.org/x and <https://example.org>",
    "_under_ __dunder__ ~~strike~~ ~sub~",
    "&lt; &amp; &#65; &copy",
    "$x^2$ and {attr} and {{ liquid }}",
    "![image](x.png)",
    "ends with a backslash \\",
    "    indented like code",
    "<!-- a comment -->",
    "> not a quote",
    "---",
    "| a | b |",
    "[^1] and [ ] and [x]",
    "@someone and #123",
    "mailto:someone@example.org",
    "Таможенный кодекс: 5 < 6 > 4",
]
EVERYTHING = "\n".join(HOSTILE)

# The tags the report's own Markdown makes; any other came from the data.
OWN_TAGS = set("h1 h2 h3 p ul li strong table thead tbody tr th td".split())


def norm(text: str) -> str:
    """The text a reader sees: CommonMark's whitespace runs as one space, ends trimmed, and
    before a formula's first character a zero-width space (issue 10, item 3)."""
    text = re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()
    return "\u200b" + text if text.startswith(("=", "+", "-", "@")) else text


class Page(HTMLParser):
    """Rendered HTML read back: its tags, headings, paragraphs, list items and table rows."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.comments: list[str] = []
        self.blocks: list[tuple[str, str]] = []  # (tag, text) of h1-h3, p, li
        self.tables: list[list[list[str]]] = []
        self._text: list[str] | None = None
        self._block: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th", "h1", "h2", "h3", "p", "li"):
            self._text, self._block = [], tag

    def handle_endtag(self, tag):
        if tag == self._block and self._text is not None:
            text = "".join(self._text)
            if tag in ("td", "th"):
                self.tables[-1][-1].append(text)
            else:
                self.blocks.append((tag, text))
            self._text = self._block = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def texts(self, tag: str) -> list[str]:
        return [text for t, text in self.blocks if t == tag]

    def rows(self) -> list[list[str]]:
        """Every body row of every table (the header row left out)."""
        return [row for table in self.tables for row in table[1:]]


def _markdown_it(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def _markdown_it_linkify(text: str) -> str:
    pytest.importorskip("linkify_it", reason="linkify-it-py not installed")
    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"]).render(text)


def _cmark_gfm(text: str) -> str:
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (cmark-gfm) not installed")
    return cmarkgfm.github_flavored_markdown_to_html(text)


def _cmark_gfm_unsafe(text: str) -> str:
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (cmark-gfm) not installed")
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


READERS = {
    "markdown-it": _markdown_it,
    "markdown-it+linkify": _markdown_it_linkify,
    "cmark-gfm": _cmark_gfm,
    "cmark-gfm --unsafe": _cmark_gfm_unsafe,
}


# cmark-gfm (so GitHub) links an e-mail address in text whatever escapes it: its autolink
# extension reads the text after escapes and character references are resolved (tried:
# `mail\@example\.org`, `mail&#64;example.org`). Only an invisible character inside the
# address would stop it, and that would change the text a reader copies. Such a link is the
# one piece of markup data text can make, and a harmless one: its target is the address shown.
EMAIL_LINK = re.compile(r'<a href="mailto:([\w.+-]+@[\w.-]+)">((?:mailto:)?\1)</a>')


def read(markdown: str, reader: str) -> Page:
    """Render with one reader; the HTML must hold only the report's own tags, bare."""
    html = READERS[reader](markdown)
    if reader.startswith("cmark-gfm"):
        html = EMAIL_LINK.sub(r"\2", html)
    page = Page(html)
    assert page.comments == []  # cmark-gfm's "raw HTML omitted" is a comment
    strange = [(t, a) for t, a in page.tags if t not in OWN_TAGS or a]
    assert strange == [], strange[:5]
    return page


# --- a data folder whose every text is hostile ---------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Mongolia (as mn.yaml: its name no longer gives a file name) and Kazakhstan (kz.yaml,
    with one citation), against a catalogue whose titles, remedies and pillar names are all
    hostile: each text of HOSTILE starts some field, and one note holds them all."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "standards", root / "standards")
    (root / "countries").mkdir()
    yaml = YAML()
    piece = iter(HOSTILE * 20).__next__

    catalogue = root / "standards" / "safe-2021.yaml"
    data = yaml.load(catalogue)
    data["framework"]["short_title"] = "*SAFE* <b>Framework</b>"
    data["framework"]["title"] = "[WCO](http://x) SAFE"
    for pillar in data["pillars"]:
        pillar["name"] = piece()
        for standard in pillar["standards"]:
            standard["title"] = piece()
            standard["remedy"] = piece()
    yaml.dump(data, catalogue)

    data = yaml.load(ROOT / "countries" / "mongolia.yaml")
    data["country"]["name"] = "# *Mongolia* <script>alert(1)</script>"
    data["sources"][0]["title"] = piece()
    for instrument in data["instruments"].values():
        instrument["title"] = piece()
    for assessment in data["assessments"].values():
        assessment["notes"] = piece()
        for citation in assessment.get("citations") or []:
            citation["provision"] = piece()
    data["assessments"]["p1-s2"]["notes"] = EVERYTHING
    for recommendation in data["recommendations"]:
        recommendation["text"] = piece()
    yaml.dump(data, root / "countries" / "mn.yaml")

    data = yaml.load(ROOT / "countries" / "kazakhstan.yaml")
    data["country"]["name"] = "Kazakhstan | `KZ`"
    data.pop("programme", None)  # its legal basis cites the instruments replaced here
    data["instruments"] = {"code": {"title": "- Customs *Code*", "kind": "law"}}
    data["assessments"]["p1-s1"] = {
        "status": "yes",
        "citations": [{"instrument": "code", "provision": "1. Article <1>"}],
    }
    yaml.dump(data, root / "countries" / "kz.yaml")
    return root


def run(cli, hostile: Path, *args: str) -> str:
    result = cli("--data-dir", str(hostile), *args)
    assert result.code == 0, result.err
    return result.out


def test_the_hostile_data_is_valid_data(cli, hostile):
    """The texts are legal in a data file, so every output must cope with them."""
    assert cli("--data-dir", str(hostile), "check").code == 0


@pytest.mark.parametrize("reader", READERS)
def test_assess_markdown_reads_as_the_data(cli, hostile, reader):
    data = json.loads(run(cli, hostile, "assess", "mn", "-f", "json"))
    page = read(run(cli, hostile, "assess", "mn", "-f", "markdown"), reader)
    country = data["country"]
    assert page.texts("h1") == [
        f"{norm(country['name'])} ({country['iso']}): *SAFE* <b>Framework</b> (2021)"
    ]
    source = data["sources"][0]
    assert page.texts("p")[0].startswith(
        "Source: "
        + ", ".join([norm(source["title"]), source["place"], source["date"].replace("/", " to ")])
    )
    pillars = data["summary"]["pillars"]
    assert page.texts("h2")[:3] == [f"Pillar {p['pillar']}: {norm(p['name'])}" for p in pillars]
    # The standards' tables and the summary's; the programme's MRA table comes after them.
    rows = [row for table in page.tables[: len(pillars) + 1] for row in table[1:]]
    assert len(rows) == 26 + len(pillars) + 1  # the standards, then the summary
    for row, standard in zip(rows, data["standards"], strict=False):
        number, title, basis, status, notes = row
        assert number == str(standard["number"])
        assert title == norm(standard["title"])
        assert basis == ("; ".join(norm(c) for c in standard["citations"]) or "—")
        assert status.endswith(Status(standard["status"]).label)
        assert notes == norm(standard["notes"])
    assert [r[0] for r in rows[26:]] == [f"{p['pillar']}. {norm(p['name'])}" for p in pillars] + [
        "Overall"
    ]
    after = page.blocks[page.blocks.index(("h2", "Recommendations")) :]
    items = [text for tag, text in after if tag == "li"]
    gaps = data["recommendations"]["gaps"]
    assert items[: len(gaps)] == [
        f"Standard {g['number']}, {norm(g['title'])} ({Status(g['status']).label}): "
        f"{norm(g['remedy'])}"
        for g in gaps
    ]
    assert items[len(gaps) :] == [norm(r["text"]) for r in data["recommendations"]["country"]]
    everything = next(r for r in rows if r[4] == norm(EVERYTHING))
    assert everything[4].startswith("*stars* and **bold** <img src=x onerror=alert(1)> a\\|b")


@pytest.mark.parametrize("reader", READERS)
def test_compare_markdown_reads_as_the_data(cli, hostile, reader):
    data = json.loads(run(cli, hostile, "compare", "mn", "kz", "-f", "json"))
    page = read(run(cli, hostile, "compare", "mn", "kz", "-f", "markdown"), reader)
    assert page.texts("h1") == [
        "# *Mongolia* <script>alert(1)</script> (MN) and Kazakhstan | `KZ` (KZ): "
        "*SAFE* <b>Framework</b> (2021)"
    ]
    # the standards' and the readiness tables; the programmes' comes last
    rows = [row for table in page.tables[:-1] for row in table[1:]]
    for row, standard in zip(rows, data["standards"], strict=False):
        assert row[0] == f"{standard['number']}. {norm(standard['title'])}"
        assert row[2] == ("; ".join(norm(c) for c in standard["a"]["citations"]) or "—")
        assert row[4] == ("; ".join(norm(c) for c in standard["b"]["citations"]) or "—")
    assert rows[0][4] == "\u200b- Customs *Code*, 1. Article <1>"
    names = [f"{p['pillar']}. {norm(p['name'])}" for p in data["readiness"]["pillars"]]
    assert [r[0] for r in rows[26:]] == [*names, "Overall"]


@pytest.mark.parametrize("reader", READERS)
def test_standards_markdown_reads_as_the_data(cli, hostile, reader):
    data = json.loads(run(cli, hostile, "standards", "-f", "json"))
    page = read(run(cli, hostile, "standards", "-f", "markdown"), reader)
    assert page.texts("h1") == ["[WCO](http://x) SAFE (2021)"]
    assert page.texts("h2") == [f"Pillar {p['number']}: {norm(p['name'])}" for p in data["pillars"]]
    expected = [
        [s["id"], str(s["number"]), norm(s["title"])]
        for p in data["pillars"]
        for s in p["standards"]
    ]
    assert page.rows() == expected


@pytest.mark.parametrize("reader", READERS)
def test_countries_markdown_reads_as_the_data(cli, hostile, reader):
    page = read(run(cli, hostile, "countries", "-f", "markdown"), reader)
    assert [row[:2] for row in page.rows()] == [
        ["# *Mongolia* <script>alert(1)</script>", "MN"],
        ["Kazakhstan | `KZ`", "KZ"],
    ]


def test_no_output_holds_raw_html_or_a_line_break_tag(cli, hostile):
    for args in (["assess", "mn"], ["compare", "mn", "kz"], ["standards"], ["countries"]):
        out = run(cli, hostile, *args, "-f", "markdown")
        assert "<br" not in out
        assert not re.search(r"(?<!\\)<", out), args  # every < from the data is escaped


# --- the shipped data: several citations in one cell ----------------------------------------


@pytest.mark.parametrize("reader", READERS)
def test_citations_in_one_cell_are_joined_with_semicolons(cli, reader):
    """GFM has no line break inside a table cell but raw HTML's <br>, which safe readers strip:
    the citations of one standard read as one line, separated by "; "."""
    page = read(cli("assess", "mongolia", "-f", "markdown").out, reader)
    assert page.rows()[0][2] == (
        "Customs Law of Mongolia, Provision 33; CGA Director General Directive No. 342 of 2022; "
        "CGA Director General Directive No. 287 of 2019"
    )


# --- escape(), the one function every piece of data text goes through ------------------------


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("*stars*", "\\*stars\\*"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("a\\|b", "a\\\\\\|b"),
        ("[link](http://x)", "\\[link\\](http\\://x)"),
        ("`tick`", "\\`tick\\`"),
        ("# heading", "\\# heading"),
        ("1. item", "1\\. item"),
        ("2) item", "2\\) item"),
        ("- item", "&#8203;\\- item"),
        ("=1+1", "&#8203;=1+1"),
        ("@SUM(1)", "&#8203;\\@SUM(1)"),
        ("\x1b[2J\x07", "\ufffd\\[2J\ufffd"),
        ("one\ntwo\n\n   three", "one two three"),
        ("www.example.org", "www\\.example\\.org"),
        ("a@example.org", "a\\@example\\.org"),
        ("&amp; $x$ ~y~ {z} _w_", "\\&amp; \\$x\\$ \\~y\\~ \\{z\\} \\_w\\_"),
        # Left as they are where they mean nothing: the shipped data reads unchanged.
        ("Risk-Management Systems", "Risk-Management Systems"),
        ("Provision 38.2.7: see (a) and 1.x!", "Provision 38.2.7: see (a) and 1\\.x!"),
        ("People's Republic of China", "People's Republic of China"),
    ],
)
def test_escape(text, markdown):
    assert escape(text) == markdown


# Any text: ASCII punctuation, letters, digits, spaces, line breaks, and some non-Latin letters.
ANY_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abwx:/.@-+=#*_`~|\\[]()<>!&;${}\"'^%?,") + list(" \t\n") + list("019Таж")
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: norm(t))


@settings(max_examples=300 * SCALE, deadline=None)
@given(ANY_TEXT)
def test_any_text_reads_as_itself_in_every_place_the_reports_put_it(text):
    shown = escape(text)
    markdown = "\n\n".join(
        [
            f"# {shown} (MN): title",
            f"Source: {shown}",
            f"- **Standard 1, {shown}** (No): {shown}\n- {shown}",
            f"| No. | Notes |\n|---|---|\n| 1 | {shown} |",
        ]
    )
    for reader in ("markdown-it", "cmark-gfm"):
        try:
            page = read(markdown, reader)
        except pytest.skip.Exception:
            continue
        want = norm(text)
        assert page.texts("h1") == [f"{want} (MN): title"], reader
        assert page.texts("p") == [f"Source: {want}"], reader
        assert page.texts("li") == [f"Standard 1, {want} (No): {want}", want], reader
        assert page.rows() == [["1", want]], reader
