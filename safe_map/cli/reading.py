"""Commands that read the data and show it: assess, standards, countries, info, schema,
compare, region."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from safe_map import __version__
from safe_map.cli.app import (
    Format,
    check_pillars,
    emit,
    fail,
    group_files,
    load_country_or_fail,
    pillars_option,
    render_rich,
    repo_of,
    stop_on_errors,
    today,
    writable,
)


def assess(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="File name, country name or ISO code.")],
    pillar: Annotated[list[int] | None, pillars_option()] = None,
    gaps: Annotated[bool, typer.Option("--gaps", help="Show only the standards not met.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", show_default=False)
    ] = None,
) -> None:
    """The compliance matrix of a country: tables per pillar, summary, recommendations."""
    from safe_map.analysis import assess as build_report

    found, framework = load_country_or_fail(repo_of(ctx), country)
    check_pillars(framework, pillar)
    report = build_report(found, framework, pillar, only_gaps=gaps)
    emit(_render_report(report, fmt, output), output)


def _render_report(report, fmt: Format, output: Path | None) -> str:
    from safe_map.render import text

    if fmt is Format.json:
        return text.dumps(text.report_json(report))
    if fmt is Format.csv:
        return text.report_csv(report)
    if fmt is Format.markdown:
        return text.report_markdown(report)
    from safe_map.render import terminal

    return render_rich(terminal.report(report), output)


def standards(
    ctx: typer.Context,
    framework_id: Annotated[
        str | None, typer.Option("--framework", help="Framework id.", show_default=False)
    ] = None,
    pillar: Annotated[list[int] | None, pillars_option()] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """List the standards of the catalogue, pillar by pillar."""
    from safe_map.render import text
    from safe_map.workspace import load_catalogues

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
    if fmt is Format.json:
        emit(text.dumps(text.standards_json(framework, pillar)), None)
    elif fmt is Format.csv:
        emit(text.standards_csv(framework, pillar), None)
    elif fmt is Format.markdown:
        emit(text.standards_markdown(framework, pillar), None)
    else:
        from safe_map.render import terminal

        render_rich(terminal.standards(framework, pillar), None)


def countries(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """List the known countries with their overall score."""
    from safe_map.analysis import format_score, overall_score
    from safe_map.diagnostics import Severity
    from safe_map.render import text
    from safe_map.workspace import load_workspace

    workspace = load_workspace(repo_of(ctx))
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
        emit(text.dumps({"countries": data}), None)
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
        emit("\n".join(lines) + "\n", None)
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
    from safe_map.workspace import load_catalogues
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
    kind: Annotated[str, typer.Argument(help="country, catalogue or group.")] = "country",
) -> None:
    """Print the JSON Schema (draft-07) of country files or of catalogues, for editors."""
    from safe_map.render.text import dumps
    from safe_map.schema import SCHEMAS, schema_document

    if kind not in SCHEMAS:
        fail(f"safe-map: no schema '{kind}': choose " + ", ".join(SCHEMAS))
    sys.stdout.write(dumps(schema_document(kind)))


def compare(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="First country (A).")],
    second: Annotated[str, typer.Argument(help="Second country (B).")],
    pillar: Annotated[list[int] | None, pillars_option()] = None,
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
    if output is not None and output.suffix.lower() == ".xlsx":
        from safe_map.files import write_atomic
        from safe_map.render import excel_compare

        writable(output)
        write_atomic(output, excel_compare.comparison_workbook(result, today()))
        typer.echo(f"wrote {output}", err=True)
        return
    from safe_map.render import text

    if fmt is Format.json:
        emit(text.dumps(text.comparison_json(result)), output)
    elif fmt is Format.markdown:
        emit(text.comparison_markdown(result), output)
    elif fmt is Format.csv:
        fail("safe-map: compare has no csv format: use table, json, markdown or -o FILE.xlsx")
    else:
        from safe_map.render import terminal

        emit(render_rich(terminal.comparison(result), output), output)


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

    repo = repo_of(ctx)
    queries = list(countries or [])
    missing: list[str] = []
    if group is not None:
        members, missing = group_files(repo, group)
        queries += members
    if not queries and group is None:
        queries = [p.stem for p in repo.country_files()]
    from safe_map.workspace import load_catalogues

    catalogues = load_catalogues(repo)
    loaded = {}
    framework = None
    for query in queries:
        country, found_framework = load_country_or_fail(repo, query, catalogues)
        if framework is not None and found_framework.id != framework.id:
            fail(
                f"safe-map: {country.name} is mapped against {found_framework.id}, others "
                f"against {framework.id}: a heat map needs one framework"
            )
        framework = found_framework
        loaded.setdefault(country.path, country)
    if framework is None:
        fail("safe-map: no country to show: name countries, a --group, or add country files")
    chosen_countries = list(loaded.values())
    tallies = [overall_score(c, framework) for c in chosen_countries]
    if fmt is Format.json:
        from safe_map.render import text

        emit(text.dumps(text.heat_map_json(framework, chosen_countries, tallies)), None)
    elif fmt is Format.table:
        from safe_map.render import terminal

        render_rich(terminal.heat_map(framework, chosen_countries, tallies), None)
    else:
        fail("safe-map: region shows as table or json")
    if missing:
        typer.echo(
            f"safe-map: no country file for {', '.join(missing)} (members of {group}): "
            "`safe-map init` creates one",
            err=True,
        )
