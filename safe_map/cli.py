"""The command line: parse options, choose the data, call the core, hand results to a renderer."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from safe_map import __version__
from safe_map.data import DataRepo, DataRepoError, locate

app = typer.Typer(
    name="safe-map",
    help="Map national customs law against the WCO SAFE Framework of Standards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message.rstrip("\n"), err=True)
    raise typer.Exit(code)


def _repo(ctx: typer.Context) -> DataRepo:
    return ctx.obj["repo"]


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from safe_map.files import write_atomic

    _writable(output)
    write_atomic(output, text)
    typer.echo(f"wrote {output}", err=True)


def _writable(output: Path) -> None:
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        _fail(f"{output}: is a folder: give a file name, e.g. {output / 'report.txt'}")
    if not folder.is_dir():
        _fail(f"{output}: folder '{folder}' does not exist: create it first")


def _version_callback(value: bool) -> None:
    if value:
        try:
            repo = locate()
            data = f"data: {repo.root} ({repo.origin})"
        except DataRepoError as err:
            data = f"data: {err}"
        typer.echo(f"safe-map {__version__}\n{data}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", help="Data folder holding standards/ and countries/.", show_default=False
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and the data in use, then exit.",
        ),
    ] = False,
) -> None:
    """Map national customs law against the WCO SAFE Framework of Standards."""
    try:
        ctx.obj = {"repo": locate(data_dir), "debug": debug}
    except DataRepoError as err:
        _fail(f"safe-map: {err}")


def _pillars_option() -> object:
    return typer.Option(
        "--pillar", "-p", help="Only this pillar (repeat for several).", min=1, show_default=False
    )


def _load_country(repo: DataRepo, query: str, catalogues=None, path: Path | None = None):
    """The country and its framework, or exit 2 with every problem that stands in the way.

    `catalogues` is (frameworks, problems) from load_catalogues, when already loaded.
    """
    from safe_map.checks.country import check_country
    from safe_map.countries import load_country
    from safe_map.workspace import find_country_file, load_catalogues

    nearest: list[str] = []
    if path is None:
        path, nearest = find_country_file(repo, query)
    if path is None:
        hint = ", ".join(nearest) if nearest else "none yet"
        _fail(
            f"safe-map: no country '{query}' in {repo.countries_dir}\n"
            f"  known countries nearest to it: {hint}\n"
            "  give a file name, country name or ISO code; `safe-map countries` lists them all"
        )
    frameworks, problems = catalogues if catalogues is not None else load_catalogues(repo)
    problems = list(problems)
    country, found = load_country(path, repo.shown(path))
    problems += found
    if country is not None:
        from datetime import date

        problems += check_country(country, frameworks, date.today())
    _stop_on_errors(problems)  # a file that cannot be read always comes with an error
    assert country is not None
    return country, frameworks[country.framework_id]


@app.command()
def assess(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="File name, country name or ISO code.")],
    pillar: Annotated[list[int] | None, _pillars_option()] = None,
    gaps: Annotated[bool, typer.Option("--gaps", help="Show only the standards not met.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", show_default=False)
    ] = None,
) -> None:
    """The compliance matrix of a country: tables per pillar, summary, recommendations."""
    from safe_map.analysis import assess as build_report

    found, framework = _load_country(_repo(ctx), country)
    _check_pillars(framework, pillar)
    report = build_report(found, framework, pillar, only_gaps=gaps)
    _emit(_render_report(report, fmt, output), output)


def _check_pillars(framework, pillars: list[int] | None) -> None:
    known = [p.number for p in framework.pillars]
    for number in pillars or []:
        if number not in known:
            _fail(
                f"safe-map: {framework.id} has no pillar {number}: choose from "
                + ", ".join(map(str, known))
            )


def _render_report(report, fmt: Format, output: Path | None) -> str:
    from safe_map.render import text

    if fmt is Format.json:
        return text.dumps(text.report_json(report))
    if fmt is Format.csv:
        return text.report_csv(report)
    if fmt is Format.markdown:
        return text.report_markdown(report)
    from safe_map.render import terminal

    return _rich(terminal.report(report), output)


def _rich(renderable, output: Path | None) -> str:
    """Rich output: to the terminal as is, to a file as plain text without escape codes.

    Trailing blanks that rich pads table rows with are dropped, so piped text is clean.
    """
    from safe_map.render.terminal import make_console

    if output is None:
        console = make_console()
        with console.capture() as captured:
            console.print(renderable)
        sys.stdout.write(_strip_trailing(captured.get()))
        return ""
    import io

    buffer = io.StringIO()
    make_console(file=buffer, width=100, color=False).print(renderable)
    return _strip_trailing(buffer.getvalue())


def _strip_trailing(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


@app.command()
def standards(
    ctx: typer.Context,
    framework_id: Annotated[
        str | None, typer.Option("--framework", help="Framework id.", show_default=False)
    ] = None,
    pillar: Annotated[list[int] | None, _pillars_option()] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """List the standards of the catalogue, pillar by pillar."""
    from safe_map.render import text
    from safe_map.workspace import load_catalogues

    frameworks, problems = load_catalogues(_repo(ctx))
    _stop_on_errors(problems)
    if not frameworks:
        _fail(f"safe-map: no catalogue in {_repo(ctx).standards_dir}")
    if framework_id is None:
        framework = frameworks[sorted(frameworks)[-1]]
    elif framework_id in frameworks:
        framework = frameworks[framework_id]
    else:
        _fail(
            f"safe-map: no framework '{framework_id}': choose from " + ", ".join(sorted(frameworks))
        )
    _check_pillars(framework, pillar)
    if fmt is Format.json:
        _emit(text.dumps(text.standards_json(framework, pillar)), None)
    elif fmt is Format.csv:
        _emit(text.standards_csv(framework, pillar), None)
    elif fmt is Format.markdown:
        _emit(text.standards_markdown(framework, pillar), None)
    else:
        from safe_map.render import terminal

        _rich(terminal.standards(framework, pillar), None)


def _stop_on_errors(problems) -> None:
    from safe_map.diagnostics import Severity

    errors = sorted({d for d in problems if d.severity is Severity.ERROR})
    if errors:
        _fail(
            "\n".join(map(str, errors)) + f"\nsafe-map: {len(errors)} error(s) in "
            "the data: fix them and run again (`safe-map check` lists every problem)"
        )


@app.command()
def countries(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """List the known countries with their overall score."""
    from safe_map.analysis import format_score, overall_score
    from safe_map.diagnostics import Severity
    from safe_map.render import text
    from safe_map.workspace import load_workspace

    workspace = load_workspace(_repo(ctx))
    rows = []
    for country in sorted(workspace.countries, key=lambda c: c.name.casefold()):
        framework = workspace.framework_for(country)
        rows.append((country, framework, overall_score(country, framework) if framework else None))
    broken = {d.path for d in workspace.diagnostics if d.severity is Severity.ERROR}
    if fmt is Format.json:
        data = [
            {
                "name": c.name,
                "iso": c.iso,
                "file": c.path,
                "framework": c.framework_id,
                "met": t.met if t else None,
                "total": t.total if t else None,
                "score": None if t is None or t.score is None else round(t.score, 4),
            }
            for c, f, t in rows
        ]
        _emit(text.dumps({"countries": data}), None)
    elif fmt in (Format.csv, Format.markdown):
        lines = (
            ["name,iso,file,framework,met,total,score"]
            if fmt is Format.csv
            else ["| Country | ISO | Met | Score |", "|---|---|---|---|"]
        )
        for c, _framework, t in rows:
            score = format_score(t.score) if t else "—"
            if fmt is Format.csv:
                lines.append(
                    ",".join(
                        [
                            c.name,
                            c.iso,
                            c.path,
                            c.framework_id,
                            str(t.met if t else ""),
                            str(t.total if t else ""),
                            "" if t is None or t.score is None else f"{t.score:.4f}",
                        ]
                    )
                )
            else:
                lines.append(
                    f"| {c.name} | {c.iso} | {t.met if t else '—'} of "
                    f"{t.total if t else '—'} | {score} |"
                )
        _emit("\n".join(lines) + "\n", None)
    else:
        from safe_map.render import terminal

        _rich(terminal.countries(rows), None)
    if broken:
        typer.echo(
            f"safe-map: {len(broken)} file(s) have errors and may be incomplete above: "
            "run `safe-map check`",
            err=True,
        )


@app.command()
def info(ctx: typer.Context) -> None:
    """Which version, data folder, parser, frameworks and countries are in use."""
    from safe_map.workspace import load_catalogues
    from safe_map.yamlsource import parser_name

    repo = _repo(ctx)
    frameworks, _ = load_catalogues(repo)
    lines = [
        f"safe-map {__version__}",
        f"python:     {sys.version.split()[0]}",
        f"data:       {repo.root}",
        f"chosen by:  {repo.origin}",
        f"parser:     {parser_name()}",
        "frameworks: "
        + (
            ", ".join(
                f"{f.id} ({len(f.standards)} standards, {f.path})" for f in frameworks.values()
            )
            or "none"
        ),
        f"countries:  {len(repo.country_files())} file(s) in {repo.countries_dir}",
    ]
    typer.echo("\n".join(lines))


@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files to check (default: the whole data folder).", show_default=False),
    ] = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Report format.")
    ] = CheckFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Only these codes or prefixes (e.g. C003, C, Y0). Repeatable, or comma-separated.",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Skip these codes or prefixes. Repeatable, or comma-separated.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Validate data files: syntax, format, and the rules (exit 1 when errors are found)."""
    from safe_map.checker import run_check, select_codes
    from safe_map.render import diagnostics as reporters

    try:
        codes = select_codes(select, ignore)
    except ValueError as err:
        _fail(f"safe-map: {err}")
    result = run_check(_repo(ctx), paths or None, codes)
    render = {
        CheckFormat.text: reporters.text,
        CheckFormat.json: reporters.as_json,
        CheckFormat.github: reporters.github,
    }[fmt]
    sys.stdout.write(render(result.diagnostics, result.files, strict))
    if result.failed(strict):
        raise typer.Exit(1)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="country, catalogue or group.")] = "country",
) -> None:
    """Print the JSON Schema (draft-07) of country files or of catalogues, for editors."""
    from safe_map.render.text import dumps
    from safe_map.schema import SCHEMAS, schema_document

    if kind not in SCHEMAS:
        _fail(f"safe-map: no schema '{kind}': choose " + ", ".join(SCHEMAS))
    sys.stdout.write(dumps(schema_document(kind)))


@app.command()
def compare(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="First country (A).")],
    second: Annotated[str, typer.Argument(help="Second country (B).")],
    pillar: Annotated[list[int] | None, _pillars_option()] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json or markdown.")] = (
        Format.table
    ),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file; a .xlsx name writes a workbook.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Two administrations side by side, and their readiness for mutual recognition."""
    from safe_map.analysis import compare as build

    repo = _repo(ctx)
    a, framework = _load_country(repo, first)
    b, framework_b = _load_country(repo, second)
    if framework.id != framework_b.id:
        _fail(
            f"safe-map: {a.name} is mapped against {framework.id} and {b.name} against "
            f"{framework_b.id}: compare countries mapped against the same framework"
        )
    if a.path == b.path:
        _fail(f"safe-map: '{first}' and '{second}' are the same country: name two")
    _check_pillars(framework, pillar)
    result = build(a, b, framework, pillar)
    if output is not None and output.suffix.lower() == ".xlsx":
        from safe_map.files import write_atomic
        from safe_map.render import excel_compare

        _writable(output)
        write_atomic(output, excel_compare.comparison_workbook(result, _today()))
        typer.echo(f"wrote {output}", err=True)
        return
    from safe_map.render import text

    if fmt is Format.json:
        _emit(text.dumps(text.comparison_json(result)), output)
    elif fmt is Format.markdown:
        _emit(text.comparison_markdown(result), output)
    elif fmt is Format.csv:
        _fail("safe-map: compare has no csv format: use table, json, markdown or -o FILE.xlsx")
    else:
        from safe_map.render import terminal

        _emit(_rich(terminal.comparison(result), output), output)


def _today():
    from datetime import date

    return date.today()


def _group_files(repo: DataRepo, name: str) -> tuple[list[str], list[str]]:
    """The country file names of a group's members, and the members with no file."""
    from safe_map.groups import load_groups
    from safe_map.workspace import find_country_file

    groups, problems = load_groups(repo.groups_dir, repo.shown)
    _stop_on_errors(problems)
    if name.lower() not in groups:
        known = ", ".join(sorted(groups)) or f"none (add groups/{name.lower()}.yaml)"
        _fail(f"safe-map: no group '{name}': known groups: {known}")
    files, missing = [], []
    for iso in groups[name.lower()].members:
        path, _ = find_country_file(repo, iso)
        if path is None:
            missing.append(iso)
        else:
            files.append(path.stem)
    return files, missing


@app.command()
def region(
    ctx: typer.Context,
    countries: Annotated[
        list[str] | None,
        typer.Argument(help="Countries (default: every country).", show_default=False),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            help="A group of countries from groups/ (e.g. carec).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
) -> None:
    """The heat map: standards by countries, with each country's score."""
    from safe_map.analysis import overall_score

    repo = _repo(ctx)
    queries = list(countries or [])
    missing: list[str] = []
    if group is not None:
        members, missing = _group_files(repo, group)
        queries += members
    if not queries and group is None:
        queries = [p.stem for p in repo.country_files()]
    from safe_map.workspace import load_catalogues

    catalogues = load_catalogues(repo)
    loaded = {}
    framework = None
    for query in queries:
        country, found_framework = _load_country(repo, query, catalogues)
        if framework is not None and found_framework.id != framework.id:
            _fail(
                f"safe-map: {country.name} is mapped against {found_framework.id}, others "
                f"against {framework.id}: a heat map needs one framework"
            )
        framework = found_framework
        loaded.setdefault(country.path, country)
    if framework is None:
        _fail("safe-map: no country to show: name countries, a --group, or add country files")
    chosen_countries = list(loaded.values())
    tallies = [overall_score(c, framework) for c in chosen_countries]
    if fmt is Format.json:
        from safe_map.render import text

        _emit(text.dumps(text.heat_map_json(framework, chosen_countries, tallies)), None)
    elif fmt is Format.table:
        from safe_map.render import terminal

        _rich(terminal.heat_map(framework, chosen_countries, tallies), None)
    else:
        _fail("safe-map: region shows as table or json")
    if missing:
        typer.echo(
            f"safe-map: no country file for {', '.join(missing)} (members of {group}): "
            "`safe-map init` creates one",
            err=True,
        )


@app.command()
def changes(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="File name, country name or ISO code.")],
    since: Annotated[
        str,
        typer.Option(
            "--since", help="A git revision (HEAD~1, a tag, a commit) or a date (YYYY-MM-DD)."
        ),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
) -> None:
    """What changed in a country's mapping since a git revision or a date."""
    from safe_map.analysis import progress
    from safe_map.countries import build_country
    from safe_map.history import HistoryError, read_at, resolve_revision
    from safe_map.yamlsource import parse

    repo = _repo(ctx)
    current, framework = _load_country(repo, country)
    path = repo.root / "countries" / Path(current.path).name
    try:
        commit = resolve_revision(path.parent, since)
        old_text = read_at(path, commit)
    except HistoryError as err:
        _fail(f"safe-map: {err}")
    old = None
    if old_text is not None:
        root, problems = parse(old_text, f"{current.path}@{since}")
        old = build_country(root, current.path) if root is not None else None
        if old is None:
            _fail(
                f"safe-map: the version of {current.path} at {since} cannot be read: "
                + "; ".join(str(p) for p in problems)
            )
    result = progress(old, current, framework, since)
    if fmt is Format.json:
        from safe_map.render import text

        _emit(text.dumps(text.changes_json(result)), None)
    elif fmt is Format.table:
        from safe_map.render import terminal

        _rich(terminal.changes(result), None)
    else:
        _fail("safe-map: changes shows as table or json")


@app.command()
def init(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The country's name, e.g. 'Kyrgyz Republic'.")],
    iso: Annotated[str, typer.Option("--iso", help="ISO 3166-1 alpha-2 code, e.g. KG.")],
    source_title: Annotated[
        str,
        typer.Option(
            "--source-title",
            help="Where the mapping's facts come from (every file names a source).",
        ),
    ],
    source_date: Annotated[
        str,
        typer.Option("--source-date", help="Date of the source, YYYY-MM-DD (or YYYY-MM, YYYY)."),
    ],
    source_id: Annotated[str, typer.Option("--source-id", help="Short id for the source.")] = (
        "source-1"
    ),
    source_place: Annotated[str, typer.Option("--source-place", help="Place of the source.")] = "",
    source_document: Annotated[str, typer.Option("--source-document", help="The document.")] = "",
    framework_id: Annotated[str, typer.Option("--framework", help="Framework id.")] = "safe-2021",
) -> None:
    """Create countries/<name>.yaml with every standard not-assessed, valid for check."""
    from safe_map.checks import check_country
    from safe_map.checks.country import slug
    from safe_map.countries import build_country
    from safe_map.diagnostics import Severity
    from safe_map.files import write_atomic
    from safe_map.model import Source
    from safe_map.scaffold import country_file
    from safe_map.schema import COUNTRY, validate
    from safe_map.workspace import find_country_file, load_catalogues
    from safe_map.yamlsource import parse

    repo = _repo(ctx)
    frameworks, problems = load_catalogues(repo)
    if framework_id not in frameworks:
        _fail(
            f"safe-map: no framework '{framework_id}': choose from "
            + (", ".join(sorted(frameworks)) or "none")
        )
    iso = iso.strip().upper()
    path = repo.countries_dir / f"{slug(name)}.yaml"
    if path.exists():
        _fail(f"safe-map: {repo.shown(path)} already exists: edit it, or remove it first")
    existing, _ = find_country_file(repo, iso)
    if existing is not None:
        _fail(f"safe-map: {iso} is already described in {repo.shown(existing)}")
    source = Source(
        id=source_id,
        title=source_title,
        date=source_date,
        place=source_place,
        document=source_document,
    )
    text = country_file(name.strip(), iso, frameworks[framework_id], source)
    shown = repo.shown(path)
    root, problems = parse(text, shown)
    if root is not None:
        problems += validate(root, COUNTRY)
        country = build_country(root, shown)
        if country is not None:
            problems += check_country(country, frameworks, _today())
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if errors:
        _fail(
            "\n".join(str(d) for d in errors) + "\nsafe-map: nothing written: correct the "
            "options above and run init again"
        )
    write_atomic(path, text)
    typer.echo(
        f"wrote {shown}: {len(frameworks[framework_id].standards)} standards, all "
        "not-assessed. Next: add instruments and statuses, then `safe-map check`.",
        err=True,
    )


@app.command("import")
def import_workbook(
    ctx: typer.Context,
    workbook: Annotated[
        Path, typer.Argument(help="A workbook written by `safe-map export COUNTRY` and edited.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes; write nothing.")
    ] = False,
) -> None:
    """Bring the statuses, notes and citations edited in a workbook back into the YAML."""
    from safe_map.checks import check_country
    from safe_map.countries import build_country
    from safe_map.diagnostics import Severity
    from safe_map.files import write_atomic
    from safe_map.importer import ImportRefused, apply, plan, read_workbook
    from safe_map.schema import COUNTRY, validate
    from safe_map.workspace import load_catalogues
    from safe_map.yamlsource import parse

    repo = _repo(ctx)
    if not workbook.is_file():
        _fail(f"safe-map: {workbook}: no such workbook: check the path")
    try:
        content = read_workbook(workbook)
    except ImportRefused as err:
        _fail(f"safe-map: {err}\nnothing written")
    target = repo.countries_dir / f"{content.meta.get('file', '')}.yaml"
    if not content.meta.get("file") or not target.is_file():
        _fail(
            f"safe-map: {workbook} was made for {content.meta.get('country')}, whose file "
            f"{repo.shown(target)} is not in this data folder: run the import in the data "
            "folder the workbook came from (or use --data-dir)\nnothing written"
        )
    catalogues = load_catalogues(repo)
    country, framework = _load_country(repo, target.stem, catalogues)
    try:
        changes, problems = plan(content, country, framework, workbook)
    except ImportRefused as err:
        _fail(f"safe-map: {err}\nnothing written")
    if problems:
        _fail(
            "\n".join(str(p) for p in problems)
            + f"\nsafe-map: {len(problems)} problem(s) in the workbook: correct them in the "
            "workbook and import again; nothing written"
        )
    if not changes:
        typer.echo(f"{workbook}: no changes for {country.name}")
        return
    for change in changes:
        typer.echo(f"{change.standard_id} {change.title}: " + "; ".join(change.describe()))
    text = target.read_text(encoding="utf-8")
    new_text = apply(text, changes)
    shown = repo.shown(target)
    root, found = parse(new_text, shown)
    if root is not None:
        found += validate(root, COUNTRY)
        rebuilt = build_country(root, shown)
        if rebuilt is not None:
            found += check_country(rebuilt, catalogues[0], _today())
    errors = [d for d in found if d.severity is Severity.ERROR]
    if errors:
        _fail(
            "\n".join(str(d) for d in errors) + "\nsafe-map: with these edits the file "
            "would fail `safe-map check` (line numbers are of the edited file): correct the "
            "workbook and import again; nothing written"
        )
    if dry_run:
        typer.echo(f"dry run: {len(changes)} standard(s) would change in {shown}; nothing written")
        return
    write_atomic(target, new_text)
    typer.echo(f"wrote {shown}: {len(changes)} standard(s) changed")


@app.command()
def export(
    ctx: typer.Context,
    countries: Annotated[
        list[str] | None,
        typer.Argument(
            help="Countries (file name, name or ISO code). One gives a country workbook, several "
            "a regional one.",
            show_default=False,
        ),
    ] = None,
    all_countries: Annotated[
        bool, typer.Option("--all", help="Every country in the data.")
    ] = False,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            help="The countries of a group in groups/ (e.g. carec).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Workbook to write (.xlsx).", show_default=False),
    ] = None,
) -> None:
    """Write an Excel workbook: one country, or a region at a glance (heat map)."""
    from datetime import date

    from safe_map.analysis import assess as build_report
    from safe_map.files import write_atomic

    repo = _repo(ctx)
    queries = list(countries or [])
    paths: dict[str, Path] = {}
    if all_countries:
        paths = {p.stem: p for p in repo.country_files()}  # known files: no lookup needed
        queries += list(paths)
    if group is not None:
        members, missing = _group_files(repo, group)
        queries += members
        if missing:
            typer.echo(
                f"safe-map: no country file for {', '.join(missing)} (members of "
                f"{group}): they are left out",
                err=True,
            )
    if not queries:
        _fail(
            "safe-map: name at least one country, --group or --all: e.g. safe-map export mongolia"
        )
    from safe_map.workspace import load_catalogues

    catalogues = load_catalogues(repo)
    seen: dict[str, object] = {}
    for query in queries:
        country, framework = _load_country(repo, query, catalogues, paths.get(query))
        seen.setdefault(country.path, build_report(country, framework))
    reports = list(seen.values())
    today = date.today()
    if output is None:
        name = reports[0].country.slug if len(reports) == 1 else "region"
        output = Path(f"safe-map-{name}-{today.isoformat()}.xlsx")
    if output.suffix.lower() != ".xlsx":
        _fail(f"safe-map: {output}: the workbook name must end in .xlsx")
    _writable(output)
    from safe_map.render import excel

    if len(reports) == 1:
        data = excel.country_workbook(reports[0], today)
    else:
        with _progress(len(reports)) as advance:
            data = excel.regional_workbook(reports, today, progress=advance)
    try:
        write_atomic(output, data)
    except OSError as err:
        _fail(
            f"safe-map: {output}: cannot write the workbook ({err.strerror or err}): "
            "is it open in Excel, or the folder read-only?"
        )
    typer.echo(f"wrote {output}", err=True)


class _progress:
    """A rich progress bar on a terminal, for work long enough to wait for; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total >= 20 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            task = self.bar.add_task("Writing country sheets", total=self.total)
            return lambda done: self.bar.update(task, completed=done)
        return lambda done: None

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:
    """Entry point: the one place that turns escaped errors into messages and exit codes."""
    debug = "--debug" in sys.argv
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("safe-map: interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # a bug: say so plainly, no traceback unless asked
        if debug:
            raise
        typer.echo(
            f"safe-map: internal error: {type(err).__name__}: {err}\n"
            "This is a bug in safe-map, not in your data. Please report it, with the command "
            "you ran; run it again with --debug to see the details.",
            err=True,
        )
        sys.exit(2)
