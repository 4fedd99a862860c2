"""Commands that write Excel workbooks and read them back: export, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from safe_map.cli.app import (
    by_name,
    fail,
    find_group,
    group_files,
    load_country_or_fail,
    render_rich,
    repo_of,
    stop_on_errors,
    today,
    without_cycle_collector,
    writable,
)


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
    forms: Annotated[
        bool,
        typer.Option(
            "--forms",
            help="One questionnaire per country instead of a regional workbook, written into "
            "the folder -o names (default: the current folder); members of --group with no "
            "file yet get a blank one.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Workbook to write (.xlsx); with --forms, the folder to write them into.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the output even if it holds answers not yet imported, or is not a "
            "workbook safe-map wrote.",
        ),
    ] = False,
) -> None:
    """Write an Excel workbook: one country's questionnaire, or a region at a glance.

    A single country with no file yet (named by name or ISO code) gets a blank questionnaire;
    importing it creates the file."""
    from datetime import date

    from safe_map.analysis import assess as build_report

    repo = repo_of(ctx)
    queries = list(countries or [])
    paths: dict[str, Path] = {}
    missing: list[str] = []
    if all_countries:
        paths = {p.stem: p for p in repo.country_files()}  # known files: no lookup needed
        queries += list(paths)
    chosen_group = find_group(repo, group) if group is not None else None
    if chosen_group is not None:
        members, missing = group_files(repo, chosen_group)
        queries += members
        if not queries and not forms:
            fail(_no_member_files(group, missing))
        if missing and not forms:
            typer.echo(
                f"safe-map: no country file for {', '.join(missing)} (members of "
                f"{group}): they are left out (--forms gives them blank questionnaires)",
                err=True,
            )
    if not queries and not missing:
        fail("safe-map: name at least one country, --group or --all: e.g. safe-map export mongolia")
    from safe_map.catalogue import load_catalogues

    catalogues = load_catalogues(repo)
    seen: dict[str, object] = {}
    blanks: set[str] = set()
    single = len(queries) == 1 and not all_countries and group is None
    with without_cycle_collector():  # many files, no reference cycles
        for query in queries:
            blank = _blank_form(repo, query, catalogues) if single or forms else None
            if blank is not None:
                seen.setdefault(blank.country.path, blank)
                blanks.add(blank.country.path)
                continue
            country, framework = load_country_or_fail(repo, query, catalogues, paths.get(query))
            seen.setdefault(country.path, build_report(country, framework))
    if forms:
        for iso in missing:
            blank = _blank_form(repo, iso, catalogues)
            if blank is not None:
                seen.setdefault(blank.country.path, blank)
                blanks.add(blank.country.path)
    reports = list(seen.values())
    if all_countries or group:  # as `countries` and `region` list them: by name
        reports.sort(key=lambda r: by_name(r.country))
    today = date.today()
    from safe_map.render import excel

    if forms:
        folder = output or Path(".")
        if folder.exists() and not folder.is_dir():
            fail(f"safe-map: {folder}: is a file: with --forms, -o names a folder")
        targets = [folder / f"safe-map-{r.country.slug}-{today.isoformat()}.xlsx" for r in reports]
        for target in targets:  # every refusal before the first write: all or nothing
            _refuse_overwrite(repo, target, catalogues[0], today, force)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            fail(f"safe-map: {folder}: cannot create the folder ({err.strerror or err})")
        for report, target in zip(reports, targets, strict=True):
            _write(target, report, report.country.path not in blanks, today, excel)
        return
    if output is None:
        name = reports[0].country.slug if len(reports) == 1 else "region"
        output = Path(f"safe-map-{name}-{today.isoformat()}.xlsx")
    elif output.is_dir():
        name = reports[0].country.slug if len(reports) == 1 else "region"
        output = output / f"safe-map-{name}-{today.isoformat()}.xlsx"
    if output.suffix.lower() != ".xlsx":
        fail(f"safe-map: {output}: the workbook name must end in .xlsx")
    writable(output)
    _refuse_overwrite(repo, output, catalogues[0], today, force)
    if len(reports) == 1:
        _write(output, reports[0], not blanks, today, excel)
        return
    try:
        # openpyxl's cells and sheets refer to each other, but all live until the workbook is
        # saved: the collector's passes over them (a fifth of the time) would free nothing.
        with _progress(len(reports)) as advance, without_cycle_collector():
            data = excel.regional_workbook(reports, today, progress=advance, group=chosen_group)
    except excel.TextTooLong as err:
        fail(f"safe-map: cannot export: {err}")
    _write_bytes(output, data)


def _no_member_files(group: str, missing: list[str]) -> str:
    """Why a group's regional workbook cannot be written: none of its members has a file."""
    from safe_map.iso3166 import name_of

    members = ", ".join(f"{name_of(code) or code} ({code})" for code in missing) or "none"
    return (
        f"safe-map: no member of {group} has a country file, so there is nothing to put in a "
        f"regional workbook (members without a file: {members}). Start a file with "
        "`safe-map init NAME --iso CODE`, or write a blank questionnaire with "
        f"`safe-map export COUNTRY` (`safe-map export --group {group} --forms` writes one "
        "for every member)"
    )


def _refuse_overwrite(repo, output: Path, frameworks, today, force: bool) -> None:
    if output.exists() and not force:
        from safe_map.importer import overwrite_risk

        risk = overwrite_risk(repo, output, frameworks, today)
        if risk:
            fail(f"safe-map: {output}: {risk}")


def _write(output: Path, report, exists: bool, today, excel) -> None:
    """One country's questionnaire, written atomically."""
    try:
        data = excel.country_workbook(report, today, exists=exists)
    except excel.TextTooLong as err:
        fail(f"safe-map: cannot export {report.country.name}: {err}")
    _write_bytes(output, data)


def _write_bytes(output: Path, data: bytes) -> None:
    from safe_map.files import WriteError, through_link, write_atomic

    try:
        written = write_atomic(output, data)
    except WriteError as err:
        fail(f"safe-map: {err}")
    except OSError as err:
        fail(
            f"safe-map: {output}: cannot write the workbook ({err.strerror or err}): "
            "is it open in Excel, or the folder read-only?"
        )
    typer.echo(f"wrote {through_link(output, written)}", err=True)


def _blank_form(repo, query: str, catalogues):
    """The report of a blank questionnaire when `query` names a country (by name or ISO code)
    that has no file in the data folder; None otherwise."""
    from safe_map.analysis import assess as build_report
    from safe_map.importer import find_by_iso
    from safe_map.iso3166 import code_for_name, name_of
    from safe_map.workbook import blank_country
    from safe_map.workspace import find_country_file

    if find_country_file(repo, query)[0] is not None:
        return None
    code = query.strip().upper() if name_of(query.strip()) else code_for_name(query)
    frameworks, _ = catalogues
    if code is None or not frameworks or find_by_iso(repo, code)[0] is not None:
        return None
    framework = frameworks[sorted(frameworks)[-1]]
    country = blank_country(name_of(code) or query.strip(), code, framework.id)
    typer.echo(
        f"safe-map: {country.name} ({code}) has no file yet: writing a blank questionnaire; "
        "importing it creates the file",
        err=True,
    )
    return build_report(country, framework)


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
    workbooks: Annotated[
        list[Path],
        typer.Argument(
            help="Questionnaires written by `safe-map export COUNTRY` and filled in (one or more).",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the changes, standard by standard; write nothing."),
    ] = False,
    prefer_workbook: Annotated[
        bool,
        typer.Option(
            "--prefer-workbook",
            help="Where a standard changed both in the workbook and in the file since the "
            "export, take the workbook's answer (by default such a conflict stops the import).",
        ),
    ] = False,
) -> None:
    """Merge returned questionnaires into the country files: each workbook all or nothing.

    Exit 0 when every workbook was imported (or had nothing new), 1 when one had conflicts,
    2 when one was refused.
    """
    from safe_map.catalogue import load_catalogues
    from safe_map.data import read_only_message
    from safe_map.importer import import_workbook as run_import

    repo = repo_of(ctx)
    if repo.is_bundled and not dry_run:
        fail(read_only_message("import"))
    frameworks, problems = load_catalogues(repo)
    stop_on_errors(problems)
    results = []
    for path in workbooks:
        result = run_import(
            repo,
            path,
            frameworks,
            today(),
            dry_run=dry_run,
            prefer_workbook=prefer_workbook,
            debug=bool(ctx.obj and ctx.obj.get("debug")),
        )
        results.append(result)
        stream_err = result.outcome in ("refused", "conflicts")
        for line in result.messages:
            typer.echo(line, err=stream_err)
        typer.echo(_verdict(result), err=stream_err)
    if len(results) > 1:
        from safe_map.render import terminal

        render_rich(terminal.import_summary(results), None)
    if any(r.outcome == "refused" for r in results):
        raise typer.Exit(2)
    if any(r.outcome == "conflicts" for r in results):
        raise typer.Exit(1)


def _verdict(result) -> str:
    """The closing line of one workbook's import."""
    what = f"{result.standards_changed} standard(s) changed"
    if result.instruments_added:
        what += f", {result.instruments_added} instrument(s) added"
    if result.outcome == "imported":
        made = "created" if result.created else "wrote"
        return f"{made} {result.target}: {what}"
    if result.outcome == "would import":
        return f"dry run: {what} in {result.target}; nothing written"
    if result.outcome == "no changes":
        return f"{result.workbook}: no changes for {result.country}"
    if result.outcome == "conflicts":
        return f"safe-map: {result.workbook}: {result.reason}; nothing written"
    return f"safe-map: {result.workbook}: refused ({result.reason}); nothing written"
