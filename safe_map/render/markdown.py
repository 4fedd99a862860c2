"""Markdown of an assessment report, the catalogue, the list of countries and a comparison.

Written for CommonMark with GFM tables (GitHub, GitLab, cmark-gfm, markdown-it), so that it
renders the same everywhere and safely:

- No raw HTML, ever: a renderer in safe mode (cmark-gfm's default, GitHub's filter) strips it,
  and one in unsafe mode would pass it through.
- Every piece of text that comes from the data is escaped with `escape`, so a note reads as
  the literal text it holds and can never add emphasis, a link, an image, HTML, a heading, a
  list or a table cell.
- Control characters, and characters XML cannot hold, become U+FFFD (render/neutralise.py): the
  Markdown is printed to terminals and CI logs as well as rendered (issue 10, item 2).
- Data text that begins with = + - or @ begins with an invisible zero-width space (U+200B,
  written `&#8203;`), so that a table, list or heading copied from the rendered page into a
  spreadsheet gives a cell of text, not a formula (issue 10, item 3; LibreOffice runs
  `=1+1` pasted from an HTML table and not `&#8203;=1+1`, as the tests show). A backslash
  escape would not do: it renders as the character itself, and the formula with it; an
  apostrophe would show. The space is invisible in every renderer and to the eye, is kept by
  CommonMark (it is not whitespace there, so a cell does not trim it), and is written as a
  character reference so that a reader of the Markdown source sees it. The cost: the text
  copied from such a cell holds one invisible character more than the data. A tab or a carriage
  return cannot begin data text here: whitespace is collapsed and trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from safe_map.analysis import (
    READINESS,
    READINESS_NOTE,
    Comparison,
    Report,
    Row,
    Tally,
    format_score,
)
from safe_map.model import Country, Framework, Status
from safe_map.programme import (
    FactView,
    MraView,
    between_text,
    mapping_sources,
    programme_view,
)
from safe_map.render.neutralise import FORMULA_STARTS, replaced

# Characters with a meaning anywhere in a line, backslash-escaped wherever they stand (CommonMark
# lets any ASCII punctuation be escaped, and an escaped one is always literal):
#   \ escape   ` code   * _ emphasis   [ ] links, images and footnotes   < > HTML, autolinks,
#   block quotes   & entity references (&lt;)   ~ strikethrough (GFM)   | table cells (GFM)
#   # headings, and their closing sequence   $ maths (GitHub, GitLab)   { } attributes and
#   roles (kramdown, MyST)   @ e-mail autolinks and mentions.
_ALWAYS = re.compile(r"([\\`*_\[\]<>&~|#${}@])")
# Characters that are markup only in some places, escaped only there, so that "Risk-Management"
# and "Provision 38.2.7" stay readable in the Markdown source:
#   a leading - or + (a bullet list), or digits then . or ) (an ordered list);
_LEADING_MARKER = re.compile(r"^([-+]|\d{1,9}[.)])")
#   a . before a letter (www.example.org, a bare domain: the GFM and linkify autolinks), and a
#   : before anything but a space (http://, mailto:x: the same): data text never becomes a link.
_AUTOLINK = re.compile(r"([.](?=[A-Za-z])|:(?=\S))")
# CommonMark's whitespace: a line break would end a table row, a list item or a heading, and
# indentation could open a code block, so a run of it becomes one space (as HTML shows it anyway).
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# Before data text that a spreadsheet would run as a formula (see the module's docstring).
ZERO_WIDTH_SPACE = "&#8203;"


def escape(text: str) -> str:
    """Data text as Markdown that renders as exactly that text, in a table cell or anywhere
    else in a line: `*stars*` -> `\\*stars\\*`, `a|b` -> `a\\|b`.

    In a GFM table a `\\|` is taken by the table itself (the cell then reads `|`); elsewhere
    CommonMark reads it as an escaped `|`: the same text either way. Control characters
    become U+FFFD; text that begins with a formula's first character (= + - @) gets a
    zero-width space in front: `=1+1` -> `&#8203;=1+1`.
    """
    text = replaced(_SPACES.sub(" ", text).strip())
    guard = ZERO_WIDTH_SPACE if text.startswith(FORMULA_STARTS) else ""
    text = _AUTOLINK.sub(r"\\\1", _ALWAYS.sub(r"\\\1", text))
    # Last, so that "1.x" (no list: its . escaped above) is not escaped twice.
    return guard + _LEADING_MARKER.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def _lines(parts: Iterable[str]) -> str:
    """Several pieces of data text in one table cell.

    A GFM table cell is one line: the only line break it renders is the raw HTML `<br>`, which
    safe renderers strip (cmark-gfm's default leaves `Provision 33<!-- raw HTML omitted -->CGA
    ...`). So the pieces are joined with "; ", as in the CSV, and read the same everywhere."""
    return "; ".join(escape(p) for p in parts)


def _md_status(row: Row) -> str:
    """The status, with the date planned work is due when the file gives one."""
    shown = f"{row.status.symbol} {row.status.label}"
    return shown + (f" (by {escape(row.target_date)})" if row.target_date else "")


def report_markdown(report: Report) -> str:
    country, framework = report.country, report.framework
    lines = [f"# {escape(country.name)} ({escape(country.iso)}): {escape(framework.name)}", ""]
    if mapping_sources(country):  # the programme's are named with it
        lines += ["Source: " + "; ".join(escape(s.display) for s in mapping_sources(country)), ""]
    for p in report.pillars:
        lines += [f"## Pillar {p.pillar.number}: {escape(p.pillar.name)}", ""]
        if not p.rows:  # --gaps, and nothing to show: say so rather than an empty table
            lines += ["Every standard of this pillar is met.", ""]
            continue
        lines += ["| No. | Standard | Legal basis | Status | Notes |", "|---|---|---|---|---|"]
        for row in p.rows:
            basis = _lines(row.citations) or "—"
            lines.append(
                f"| {row.standard.number} | {escape(row.standard.display_title)} | {basis} | "
                f"{_md_status(row)} | {escape(row.notes)} |"
            )
        lines.append("")
    lines += [
        "## Summary",
        "",
        "| Pillar | " + " | ".join(s.label for s in Status) + " | Met | Score |",
    ]
    lines.append("|---" * (len(Status) + 3) + "|")
    for name, t in [
        (f"{p.pillar.number}. {escape(p.pillar.name)}", p.tally) for p in report.pillars
    ] + [("Overall", report.overall)]:
        counts = " | ".join(str(t.counts[s]) for s in Status)
        lines.append(f"| {name} | {counts} | {t.met} of {t.total} | {format_score(t.score)} |")
    # The programme before the recommendations, as in the terminal (render/terminal.py).
    lines += ["", *programme_markdown(country)]
    lines += ["## Recommendations", ""]
    for p in report.pillars:
        gaps = report.gaps_in(p.pillar.number)
        if gaps:
            lines += [f"### Pillar {p.pillar.number}: {escape(p.pillar.name)}", ""]
            for g in gaps:
                lines.append(
                    f"- **Standard {g.standard.number}, {escape(g.standard.display_title)}** "
                    f"({g.status.label}): {escape(g.standard.remedy)}"
                )
            lines.append("")
    if report.not_assessed:
        if report.gaps:  # a heading of its own, not under the last pillar's
            lines += ["### Not yet assessed", ""]
        lines += [f"- Assess the {len(report.not_assessed)} standards not yet assessed.", ""]
    if report.recommendations:
        lines += [f"### Recommendations for {escape(country.name)} from the source", ""]
        lines += [f"- {escape(r.text)}" for r in report.recommendations]
        lines.append("")
    return "\n".join(lines)


NO_PROGRAMME_FACTS = "No source gives facts on this country's AEO programme."


def _source(title: str, source: str) -> str:
    """'(source: Title)', the id where the file names no such source; '' for none."""
    return f" (source: {escape(title or source)})" if source else ""


def _fact_item(fact: FactView) -> str:
    date = f"{escape(fact.date.replace('/', ' to '))}: " if fact.date else ""
    note = f" Note: {escape(fact.note)}" if fact.note else ""
    return f"- {date}{escape(fact.text)}{_source(fact.source_title, fact.source)}{note}"


def _mra_row(m: MraView) -> str:
    return (
        f"| {escape(m.partner_name)} ({escape(m.partner)}) | {escape(m.state_label)} | "
        f"{escape(m.when) or '—'} | {escape(m.source_title or m.source)} | {escape(m.notes)} |"
    )


def programme_markdown(country: Country) -> list[str]:
    """'## AEO programme': the status and what the programme's source says of it, a table of
    the MRAs and a list of the facts, each with its source; one line when no source gives any.
    """
    lines = ["## AEO programme", ""]
    if country.programme is None and not country.mras:
        return [*lines, NO_PROGRAMME_FACTS, ""]
    view = programme_view(country)
    default = view.source_ref("").id

    def own(ref, value: str = "x") -> str:
        """' (source: Title)' after a value whose source is not the programme's."""
        if not value or ref.id == default:
            return ""
        return f" (source: {escape(ref.title or ref.id)})"

    if view.status == "unknown":  # a status no source gives is not cited (notes say why)
        lines.append("- Status: Unknown")
    elif view.status:
        as_of = f", as of {view.as_of.replace('/', ' to ')}" if view.as_of else ""
        lines.append(
            f"- Status: {escape(view.status_label + as_of)}{own(view.source_ref('status'))}"
        )
    else:
        lines.append("- Status: Unknown (no source gives it)")
    basis = [
        escape(c) + own(ref)
        for c, ref in zip(view.legal_basis, view.legal_basis_sources, strict=False)
    ]
    for label, value in (
        (
            "Since",
            escape(view.since.replace("/", " to ")) + own(view.source_ref("since"), view.since),
        ),
        ("Authority", escape(view.authority) + own(view.source_ref("authority"), view.authority)),
        ("Legal basis", "; ".join(basis)),
        ("Responsible unit", escape(view.responsible_unit)),
        ("Staff", "" if view.staff is None else str(view.staff)),
        ("In practice", _lines(view.practices)),
        ("Paperless trade measures", _lines(view.paperless_trade_measures)),
    ):
        if value:
            lines.append(f"- {label}: {value}")
    lines.append("")
    if view.source:  # the source of the list above, where a value names none of its own
        lines += [f"Source: {escape(view.source_title or view.source)}", ""]
    if view.notes:
        lines += [f"Notes: {escape(view.notes)}", ""]
    if view.mras:
        lines += [
            "### Mutual recognition",
            "",
            "| Partner | State | Date | Source | Notes |",
            "|---|---|---|---|---|",
            *[_mra_row(m) for m in view.mras],
            "",
        ]
    if view.facts:
        lines += ["### Facts", "", *[_fact_item(f) for f in view.facts], ""]
    return lines


def standards_markdown(framework: Framework, pillars: list[int] | None) -> str:
    lines = [f"# {escape(framework.title)} ({escape(framework.edition)})", ""]
    if framework.title_caveat:
        lines += [escape(framework.title_caveat), ""]
    for p in framework.pillars:
        if pillars and p.number not in pillars:
            continue
        lines += [
            f"## Pillar {p.number}: {escape(p.name)}",
            "",
            "| Id | No. | Title |",
            "|---|---|---|",
        ]
        lines += [
            f"| {escape(s.id)} | {s.number} | {escape(s.display_title)} |" for s in p.standards
        ]
        lines.append("")
    return "\n".join(lines)


def countries_markdown(rows: list[tuple[Country, Framework | None, Tally | None]]) -> str:
    """The list of countries: name, ISO code, standards met and overall score."""
    lines = ["| Country | ISO | Met | Score |", "|---|---|---|---|"]
    for c, _framework, t in rows:
        score = format_score(t.score) if t else "—"
        lines.append(
            f"| {escape(c.name)} | {escape(c.iso)} | {t.met if t else '—'} of "
            f"{t.total if t else '—'} | {score} |"
        )
    return "\n".join(lines) + "\n"


_AGREE_MD = {True: "yes", False: "no", None: "unknown"}


def comparison_markdown(result: Comparison) -> str:
    a, b = result.a, result.b
    a_iso, b_iso = escape(a.iso), escape(b.iso)
    lines = [
        f"# {escape(a.name)} ({a_iso}) and {escape(b.name)} ({b_iso}): "
        f"{escape(result.framework.name)}",
        "",
    ]
    for pillar, pairs in result.pillars:
        lines += [f"## Pillar {pillar.number}: {escape(pillar.name)}", ""]
        lines += [
            f"| Standard | {a_iso} | {a_iso} legal basis | {b_iso} | {b_iso} legal basis | Agree |",
            "|---|---|---|---|---|---|",
        ]
        for pair in pairs:
            lines.append(
                f"| {pair.standard.number}. {escape(pair.standard.display_title)} | "
                f"{pair.a.status.symbol} {pair.a.status.label} | "
                f"{_lines(pair.a.citations) or '—'} | "
                f"{pair.b.status.symbol} {pair.b.status.label} | "
                f"{_lines(pair.b.citations) or '—'} | "
                f"{_AGREE_MD[pair.agree]} |"
            )
        lines.append("")
    counted = [k for k in READINESS if k != "unknown"]
    lines += [
        "## Readiness for mutual recognition",
        "",
        f"| Pillar | assessed by both | both meet | only {a_iso} | only {b_iso} | neither meets |",
        "|---|---|---|---|---|---|",
    ]
    rows = [(f"{p.number}. {escape(p.name)}", p.number) for p, _ in result.pillars]
    for name, number in [*rows, ("Overall", None)]:
        r = result.readiness(number)
        lines.append(
            f"| {name} | {result.assessed(number)} of {sum(r.values())} | "
            + " | ".join(str(r[k]) for k in counted)
            + " |"
        )
    lines += ["", READINESS_NOTE, ""]
    lines += _programmes_markdown(a, b)
    return "\n".join(lines) + "\n"


def _programmes_markdown(a: Country, b: Country) -> list[str]:
    """The two AEO programmes side by side, and the arrangement between the two."""
    views = programme_view(a), programme_view(b)

    def status(view) -> str:
        if not view.status:
            return ""
        as_of = f", as of {view.as_of.replace('/', ' to ')}" if view.as_of else ""
        return view.status_label + as_of

    lines = [
        "## AEO programmes",
        "",
        f"| | {escape(a.name)} ({escape(a.iso)}) | {escape(b.name)} ({escape(b.iso)}) |",
        "|---|---|---|",
    ]
    for label, values in (
        ("Status", [status(v) for v in views]),
        ("Since", [v.since.replace("/", " to ") for v in views]),
        ("Authority", [v.authority for v in views]),
        ("Legal basis", [_lines(v.legal_basis) for v in views]),
        ("MRAs", [f"{len(v.mras)} recorded, {len(v.in_force)} in force" for v in views]),
    ):
        cells = [value if label == "Legal basis" else escape(value) for value in values]
        lines.append(f"| {label} | " + " | ".join(c or "—" for c in cells) + " |")
    lines += ["", f"Mutual recognition between them: {escape(between_text(a, b))}"]
    return lines
