"""Commands that read the data and show it: assess, standards, countries, info, schema,
compare, region."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from safe_map import __version__
from safe_map.cli.app import (
    WORKBOOK,
    CountriesArgument,
    GroupOption,
    by_name,
    check_pillars,
    emit,
    fail,
    find_group,
    formats,
    group_files,
    load_country_checked,
    load_country_or_fail,
    output_file,
    output_format,
    pillars_option,
    render_rich,
    repo_of,
    stop_on_errors,
    today,
    without_cycle_collector,
    writable,
)

if TYPE_CHECKING:
    from safe_map.model import Country

# The formats each command writes: its --help and its error for a wrong -f list exactly these.
AssessFormat = formats("AssessFormat", "table", "json", "csv", "markdown")
StandardsFormat = formats("StandardsFormat", "table", "json", "csv", "markdown")
CountriesFormat = formats("CountriesFormat", "table", "json", "csv", "markdown")
CompareFormat = formats("CompareFormat", "table", "json", "markdown")
RegionFormat = formats("RegionFormat", "table", "json")

# --excel, on the commands that write CSV (render/csv_format.py has the reasons).
ExcelOption = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="With CSV: write it for spreadsheets: UTF-8 with a byte-order mark (Excel then "
        "opens non-Latin text intact; in LibreOffice's import dialog choose UTF-8) and CRLF "
        "line ends. Without --excel, CSV is for programs: plain UTF-8, LF line ends. In both, "
        "a cell that begins with =, +, -, @ or a tab gets a ' in front, so that it shows as "
        "text and never runs as a formula.",
    ),
]


def _csv_for(text: str, excel: bool) -> str | bytes:
    """CSV as emit() must write it: the spreadsheet form as exact bytes."""
    return text.encode("utf-8") if excel else text


def _check_excel(excel: bool, chosen: str) -> None:
    if excel and chosen != "csv":
        fail(f"safe-map: --excel applies to CSV, not {chosen}: add -f csv, or -o FILE.csv")


COUNTRY_HELP = "File name, country name or ISO code."


def assess(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help=COUNTRY_HELP, metavar="COUNTRY")],
    pillar: Annotated[list[int] | None, pillars_option()] = None,
    gaps: Annotated[bool, typer.Option("--gaps", help="Show only the standards not met.")] = False,
    fmt: Annotated[
        AssessFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format (with -o, the file name's ending chooses it: .json, .csv, .md).",
        ),
    ] = AssessFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file; to a folder, under a dated name.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    excel: ExcelOption = False,
    programme: Annotated[
        bool,
        typer.Option(
            "--programme",
            help="With -f csv: the AEO programme (one row per value, MRA and fact, each with its "
            "source) instead of the standards; the other formats show both.",
        ),
    ] = False,
) -> None:
    """The compliance matrix of a country: tables per pillar, summary, AEO programme,
    recommendations."""
    from safe_map.analysis import assess as build_report

    hint = f"`safe-map export {shlex.quote(country)} -o {shlex.quote(str(output))}` writes the "
    chosen = output_format(ctx, "assess", fmt, output, hint + "country's workbook")
    _check_excel(excel, chosen)
    if programme and chosen != "csv":
        fail(
            f"safe-map: --programme applies to CSV, not {chosen}: {chosen} shows the AEO "
            "programme with the standards; add -f csv for the programme's own table"
        )
    found, framework = load_country_or_fail(repo_of(ctx), country)
    check_pillars(framework, pillar)
    if programme:
        from safe_map.render import csv_format

        target = output_file(output, f"safe-map-{found.slug}-programme", chosen)
        emit(_csv_for(csv_format.programme_csv(found, excel), excel), target)
        return
    report = build_report(found, framework, pillar, only_gaps=gaps)
    target = output_file(output, f"safe-map-{found.slug}", chosen)
    emit(_render_report(report, chosen, target, repo_of(ctx).root, excel), target)


def _render_report(
    report, fmt: str, output: Path | None, root: Path, excel: bool = False
) -> str | bytes:
    from safe_map.render import csv_format, markdown, text

    if fmt == "json":
        return text.dumps(text.report_json(report, root=root))
    if fmt == "csv":
        return _csv_for(csv_format.report_csv(report, excel), excel)
    if fmt == "markdown":
        return markdown.report_markdown(report)
    from safe_map.render import terminal

    return render_rich(terminal.report(report), output)


def standards(
    ctx: typer.Context,
    framework_id: Annotated[
        str | None,
        typer.Option("--framework", help="Framework id.", metavar="ID", show_default=False),
    ] = None,
    pillar: Annotated[list[int] | None, pillars_option()] = None,
    fmt: Annotated[
        StandardsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StandardsFormat.table,
    excel: ExcelOption = False,
) -> None:
    """List the standards of the catalogue, pillar by pillar."""
    from safe_map.catalogue import load_catalogues
    from safe_map.render import csv_format, markdown, text

    _check_excel(excel, fmt.value)
    frameworks, problems = load_catalogues(repo_of(ctx))
    stop_on_errors(problems)
    if not frameworks:
        fail(f"safe-map: no catalogue in {repo_of(ctx).standards_dir}")
    if framework_id is None:
        framework = frameworks[sorted(frameworks)[-1]]
    elif framework_id in frameworks:
        framework = frameworks[framework_id]
    else:
        fail(
            f"safe-map: no framework '{framework_id}': choose from " + ", ".join(sorted(frameworks))
        )
    check_pillars(framework, pillar)
    if fmt.value == "json":
        emit(text.dumps(text.standards_json(framework, pillar)), None)
    elif fmt.value == "csv":
        emit(_csv_for(csv_format.standards_csv(framework, pillar, excel), excel), None)
    elif fmt.value == "markdown":
        emit(markdown.standards_markdown(framework, pillar), None)
    else:
        from safe_map.render import terminal

        render_rich(terminal.standards(framework, pillar), None)


def countries(
    ctx: typer.Context,
    fmt: Annotated[
        CountriesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CountriesFormat.table,
    excel: ExcelOption = False,
) -> None:
    """List the known countries with their overall score."""
    from safe_map.analysis import overall_score
    from safe_map.diagnostics import Severity
    from safe_map.render import csv_format, markdown, text
    from safe_map.workspace import load_workspace

    _check_excel(excel, fmt.value)
    workspace = load_workspace(repo_of(ctx))
    rows = []
    for country in sorted(workspace.countries, key=by_name):
        framework = workspace.framework_for(country)
        rows.append((country, framework, overall_score(country, framework) if framework else None))
    broken = {d.path for d in workspace.diagnostics if d.severity is Severity.ERROR}
    if fmt.value == "json":
        emit(text.dumps(text.countries_json(rows, root=repo_of(ctx).root)), None)
    elif fmt.value == "csv":
        emit(_csv_for(csv_format.countries_csv(rows, excel), excel), None)
    elif fmt.value == "markdown":
        emit(markdown.countries_markdown(rows), None)
    else:
        from safe_map.render import terminal

        render_rich(terminal.countries(rows), None)
    if broken:
        typer.echo(
            f"safe-map: {len(broken)} file(s) have errors and may be incomplete above: "
            "run `safe-map check`",
            err=True,
        )


def info(ctx: typer.Context) -> None:
    """Which version, data folder, parser, frameworks and countries are in use."""
    from safe_map.catalogue import load_catalogues
    from safe_map.yamlsource import parser_name

    repo = repo_of(ctx)
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


def schema(
    kind: Annotated[
        str,
        typer.Argument(
            help="A data file: country, catalogue, group or plan; or a command's --format json "
            "output: assess, check, standards, countries, compare, region, mras, plans, changes, "
            "or output/plan (the `plan` command's: plan alone is the data file's).",
            metavar="NAME",
        ),
    ] = "country",
) -> None:
    """Print a JSON Schema (draft-07): of a data file, for editors, or of a command's JSON."""
    from safe_map.render.json_schema import OUTPUT_SCHEMAS, output_schema_document
    from safe_map.render.text import dumps
    from safe_map.schema import SCHEMAS, schema_document

    output = kind.removeprefix("output/")
    if kind in SCHEMAS:
        sys.stdout.write(dumps(schema_document(kind)))
    elif output in OUTPUT_SCHEMAS and (kind != output or output not in SCHEMAS):
        sys.stdout.write(dumps(output_schema_document(output)))
    else:
        outputs = [f"output/{name}" if name in SCHEMAS else name for name in OUTPUT_SCHEMAS]
        fail(
            f"safe-map: no schema '{kind}': choose {', '.join(SCHEMAS)} (data files) or "
            f"{', '.join(outputs)} (the output of --format json)"
        )


def compare(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="First country (A).", metavar="COUNTRY_A")],
    second: Annotated[str, typer.Argument(help="Second country (B).", metavar="COUNTRY_B")],
    pillar: Annotated[list[int] | None, pillars_option()] = None,
    fmt: Annotated[
        CompareFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json or markdown (with -o, the file name's ending chooses it).",
        ),
    ] = CompareFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file; a .xlsx name writes a workbook; to a folder, under a "
            "dated name.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Two administrations side by side, and their readiness for mutual recognition."""
    from safe_map.analysis import compare as build

    chosen = output_format(ctx, "compare", fmt, output)
    repo = repo_of(ctx)
    a, framework = load_country_or_fail(repo, first)
    b, framework_b = load_country_or_fail(repo, second)
    if framework.id != framework_b.id:
        fail(
            f"safe-map: {a.name} is mapped against {framework.id} and {b.name} against "
            f"{framework_b.id}: compare countries mapped against the same framework"
        )
    if a.path == b.path:
        fail(f"safe-map: '{first}' and '{second}' are the same country: name two")
    check_pillars(framework, pillar)
    result = build(a, b, framework, pillar)
    target = output_file(output, f"safe-map-{a.slug}-{b.slug}", chosen)
    if chosen == WORKBOOK:
        assert target is not None
        from safe_map.files import write_atomic
        from safe_map.render import excel_compare

        writable(target)
        write_atomic(target, excel_compare.comparison_workbook(result, today()))
        typer.echo(f"wrote {target}", err=True)
        return
    from safe_map.render import markdown, text

    if chosen == "json":
        emit(text.dumps(text.comparison_json(result)), target)
    elif chosen == "markdown":
        emit(markdown.comparison_markdown(result), target)
    else:
        from safe_map.render import terminal

        emit(render_rich(terminal.comparison(result), target), target)


def region(
    ctx: typer.Context,
    countries: CountriesArgument = None,
    group: GroupOption = None,
    fmt: Annotated[
        RegionFormat, typer.Option("--format", "-f", help="table or json.")
    ] = RegionFormat.table,
) -> None:
    """The heat map: standards by countries, with each country's score, AEO programme and
    the MRAs its file records; with --group, the group's own facts under it.

    Named countries come in the order given, a group's and every country by name. A country
    named whose file has errors stops the run; in a group or every country, such a file is
    left out, with a warning."""
    from safe_map.analysis import overall_score

    repo = repo_of(ctx)
    queries = list(countries or [])
    named = len(queries)  # shown in the order given; the others by name
    missing: list[str] = []
    shown_group = find_group(repo, group) if group is not None else None
    if shown_group is not None:
        members, missing = group_files(repo, shown_group)
        queries += members
    files: dict[str, Path] = {}  # listed once: no lookup per country
    for path in repo.country_files():  # x.yaml before x.yml, as a lookup by name finds them
        files.setdefault(path.stem, path)
    if not queries and group is None:
        queries = list(files)
    from safe_map.catalogue import load_catalogues

    catalogues = load_catalogues(repo)
    stop_on_errors(catalogues[1])
    loaded: dict[str, Country] = {}
    in_order: list[str] = []  # the files of the countries named, in the order given
    framework = None
    broken: dict[str, list] = {}  # file -> its problems, for the files left out
    with without_cycle_collector():
        for index, query in enumerate(queries):
            if index < named:  # a country named by hand must show, or the run fails
                country, found_framework = load_country_or_fail(repo, query, catalogues)
                problems = []
            else:
                country, found_framework, problems = load_country_checked(
                    repo, query, catalogues, files.get(query)
                )
            if country is None or found_framework is None or _has_errors(problems):
                broken[country.path if country else query] = problems
                continue
            if framework is not None and found_framework.id != framework.id:
                fail(
                    f"safe-map: {country.name} is mapped against {found_framework.id}, others "
                    f"against {framework.id}: a heat map needs one framework"
                )
            framework = found_framework
            loaded.setdefault(country.path, country)
            if index < named and country.path not in in_order:
                in_order.append(country.path)
    if framework is None:
        stop_on_errors(p for problems in broken.values() for p in problems)
        fail("safe-map: no country to show: name countries, a --group, or add country files")
    chosen_countries = [loaded[path] for path in in_order] + sorted(
        (c for path, c in loaded.items() if path not in in_order), key=by_name
    )
    tallies = [overall_score(c, framework) for c in chosen_countries]
    if fmt.value == "json":
        from safe_map.render import text

        emit(
            text.dumps(text.heat_map_json(framework, chosen_countries, tallies, shown_group)),
            None,
        )
    else:
        from safe_map.render import terminal

        with without_cycle_collector():  # a map of many countries in parts makes as many objects
            render_rich(terminal.heat_map(framework, chosen_countries, tallies, shown_group), None)
    if missing:
        typer.echo(
            f"safe-map: no country file for {', '.join(missing)} (members of {group}): "
            "`safe-map init` creates one",
            err=True,
        )
    if broken:
        typer.echo(
            f"safe-map: {len(broken)} file(s) have errors and are left out above: "
            f"{', '.join(sorted(broken))}: run `safe-map check`",
            err=True,
        )


def _has_errors(problems) -> bool:
    from safe_map.diagnostics import Severity

    return any(d.severity is Severity.ERROR for d in problems)
