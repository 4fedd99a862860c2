"""Commands that write Excel workbooks and read them back: export, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from safe_map.cli.app import fail, group_files, load_country_or_fail, repo_of, today, writable


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

    repo = repo_of(ctx)
    queries = list(countries or [])
    paths: dict[str, Path] = {}
    if all_countries:
        paths = {p.stem: p for p in repo.country_files()}  # known files: no lookup needed
        queries += list(paths)
    if group is not None:
        members, missing = group_files(repo, group)
        queries += members
        if missing:
            typer.echo(
                f"safe-map: no country file for {', '.join(missing)} (members of "
                f"{group}): they are left out",
                err=True,
            )
    if not queries:
        fail("safe-map: name at least one country, --group or --all: e.g. safe-map export mongolia")
    from safe_map.workspace import load_catalogues

    catalogues = load_catalogues(repo)
    seen: dict[str, object] = {}
    for query in queries:
        country, framework = load_country_or_fail(repo, query, catalogues, paths.get(query))
        seen.setdefault(country.path, build_report(country, framework))
    reports = list(seen.values())
    today = date.today()
    if output is None:
        name = reports[0].country.slug if len(reports) == 1 else "region"
        output = Path(f"safe-map-{name}-{today.isoformat()}.xlsx")
    if output.suffix.lower() != ".xlsx":
        fail(f"safe-map: {output}: the workbook name must end in .xlsx")
    writable(output)
    from safe_map.render import excel

    if len(reports) == 1:
        data = excel.country_workbook(reports[0], today)
    else:
        with _progress(len(reports)) as advance:
            data = excel.regional_workbook(reports, today, progress=advance)
    try:
        write_atomic(output, data)
    except OSError as err:
        fail(
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

    repo = repo_of(ctx)
    if not workbook.is_file():
        fail(f"safe-map: {workbook}: no such workbook: check the path")
    try:
        content = read_workbook(workbook)
    except ImportRefused as err:
        fail(f"safe-map: {err}\nnothing written")
    target = repo.countries_dir / f"{content.meta.get('file', '')}.yaml"
    if not content.meta.get("file") or not target.is_file():
        fail(
            f"safe-map: {workbook} was made for {content.meta.get('country')}, whose file "
            f"{repo.shown(target)} is not in this data folder: run the import in the data "
            "folder the workbook came from (or use --data-dir)\nnothing written"
        )
    catalogues = load_catalogues(repo)
    country, framework = load_country_or_fail(repo, target.stem, catalogues)
    try:
        changes, problems = plan(content, country, framework, workbook)
    except ImportRefused as err:
        fail(f"safe-map: {err}\nnothing written")
    if problems:
        fail(
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
            found += check_country(rebuilt, catalogues[0], today())
    errors = [d for d in found if d.severity is Severity.ERROR]
    if errors:
        fail(
            "\n".join(str(d) for d in errors) + "\nsafe-map: with these edits the file "
            "would fail `safe-map check` (line numbers are of the edited file): correct the "
            "workbook and import again; nothing written"
        )
    if dry_run:
        typer.echo(f"dry run: {len(changes)} standard(s) would change in {shown}; nothing written")
        return
    write_atomic(target, new_text)
    typer.echo(f"wrote {shown}: {len(changes)} standard(s) changed")
