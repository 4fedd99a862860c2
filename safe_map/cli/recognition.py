"""Commands on mutual recognition and work plans: mras, plans, plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from safe_map.cli.app import (
    WORKBOOK,
    CountriesArgument,
    GroupOption,
    by_name,
    emit,
    fail,
    find_group,
    formats,
    load_country_checked,
    load_country_or_fail,
    output_file,
    output_format,
    render_rich,
    repo_of,
    stop_on_errors,
    today,
    writable,
)

if TYPE_CHECKING:
    from safe_map.data import DataRepo
    from safe_map.diagnostics import Diagnostic
    from safe_map.groups import Group
    from safe_map.model import Country, Framework
    from safe_map.plans import Plan

# The formats each command writes: its --help and its error for a wrong -f list exactly these.
MrasFormat = formats("MrasFormat", "table", "json", "markdown")
PlansFormat = formats("PlansFormat", "table", "json", "markdown")
PlanFormat = formats("PlanFormat", "table", "json", "markdown")

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file; to a folder, under a dated name.",
        metavar="FILE",
        show_default=False,
    ),
]


# --- mras ------------------------------------------------------------------------------------


@dataclass
class Selection:
    """The rows of the matrix and the files behind them."""

    members: list[tuple[str, str]] = field(default_factory=list)  # (ISO code, name), row order
    countries: list[Country] = field(default_factory=list)  # the files read without errors
    group: Group | None = None
    left_out: dict[str, str] = field(default_factory=dict)  # ISO code (or file) -> its file
    missing: list[str] = field(default_factory=list)  # members of the group with no file


def mras(
    ctx: typer.Context,
    countries: CountriesArgument = None,
    group: GroupOption = None,
    fmt: Annotated[
        MrasFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json or markdown (with -o, the file name's ending chooses it).",
        ),
    ] = MrasFormat.table,
    output: OutputOption = None,
) -> None:
    """Who recognises whom: the mutual recognition arrangements, as a matrix and a list.

    Rows are the countries named, a group's members, or every country; columns add the
    partners outside them that their files record. With --group, the group's own facts
    follow. A country named whose file has errors stops the run; in a group or every
    country, such a file is left out, with a warning."""
    from safe_map.recognition import mra_matrix

    hint = "`safe-map export --group NAME -o FILE.xlsx` writes the regional workbook, with a "
    chosen = output_format(ctx, "mras", fmt, output, hint + "Mutual recognition sheet")
    repo = repo_of(ctx)
    chosen_rows = select(repo, list(countries or []), group)
    names = partner_names(repo, chosen_rows.countries)
    matrix = mra_matrix(chosen_rows.members, chosen_rows.countries, names)
    left_out = frozenset(chosen_rows.left_out)
    stem = f"safe-map-mras-{chosen_rows.group.id}" if chosen_rows.group else "safe-map-mras"
    target = output_file(output, stem, chosen)
    if chosen == "json":
        from safe_map.render.recognition_json import mras_json
        from safe_map.render.text import dumps

        emit(dumps(mras_json(matrix, chosen_rows.group, left_out)), target)
    elif chosen == "markdown":
        from safe_map.render.recognition import mras_markdown

        emit(mras_markdown(matrix, chosen_rows.group, left_out), target)
    else:
        from safe_map.render.recognition import mras_terminal

        emit(render_rich(mras_terminal(matrix, chosen_rows.group, left_out), target), target)
    if chosen_rows.missing:
        typer.echo(
            f"safe-map: no country file for {', '.join(chosen_rows.missing)} (members of "
            f"{group}): `safe-map init` creates one",
            err=True,
        )
    if chosen_rows.left_out:
        typer.echo(
            f"safe-map: {len(chosen_rows.left_out)} file(s) have errors and are left out above: "
            f"{', '.join(sorted(chosen_rows.left_out.values()))}: run `safe-map check`",
            err=True,
        )


def select(repo: DataRepo, named: list[str], group_name: str | None) -> Selection:
    """The countries named (in the order given; a file with errors stops the run), then a
    group's members or, with neither, every country file, by name (files with errors left
    out)."""
    from safe_map.catalogue import load_catalogues

    catalogues = load_catalogues(repo)
    stop_on_errors(catalogues[1])
    chosen = Selection()
    for query in named:
        country, _ = load_country_or_fail(repo, query, catalogues)
        if all(iso != country.iso for iso, _ in chosen.members):
            chosen.members.append((country.iso, country.name))
            chosen.countries.append(country)
    if group_name is not None:
        chosen.group = find_group(repo, group_name)
        _add_members(repo, chosen, catalogues)
    elif not named:
        found = []
        for path in repo.country_files():
            country, problems = _read(repo, path, catalogues)
            if country is None or has_errors(problems):
                chosen.left_out[repo.shown(path)] = repo.shown(path)
            else:
                found.append(country)
        for country in sorted(found, key=by_name):
            chosen.members.append((country.iso, country.name))
            chosen.countries.append(country)
    return chosen


def _add_members(
    repo: DataRepo, chosen: Selection, catalogues: tuple[dict[str, Framework], list[Diagnostic]]
) -> None:
    """The group's members not named already, by name: each with its file, or a row that
    says it has none (or that its file has errors)."""
    from safe_map import iso3166

    assert chosen.group is not None
    files: dict[str, tuple[Country, bool]] = {}  # ISO code -> the country, whether broken
    unreadable: dict[str, str] = {}  # ISO code the file name says -> the file
    for path in repo.country_files():
        country, problems = _read(repo, path, catalogues)
        if country is not None:
            files.setdefault(country.iso, (country, has_errors(problems)))
        else:  # no ISO code to go by: the file's name says whose it is (kg.yaml, georgia.yaml)
            stem = path.stem.replace("-", " ").replace("_", " ")
            code = stem.upper() if iso3166.name_of(stem) else iso3166.code_for_name(stem)
            unreadable.setdefault(code or path.stem, repo.shown(path))
    named = {iso for iso, _ in chosen.members}
    rows: list[tuple[str, str]] = []
    for iso in chosen.group.members:
        if iso in named:
            continue
        if iso in files:
            country, broken = files[iso]
            rows.append((iso, country.name))
            if broken:
                chosen.left_out[iso] = country.path
            else:
                chosen.countries.append(country)
            continue
        rows.append((iso, iso3166.name_of(iso) or iso))
        if iso in unreadable:
            chosen.left_out[iso] = unreadable[iso]
        else:
            chosen.missing.append(iso)
    chosen.members += sorted(rows, key=lambda row: row[1].casefold())


def _read(
    repo: DataRepo, path: Path, catalogues: tuple[dict[str, Framework], list[Diagnostic]]
) -> tuple[Country | None, list[Diagnostic]]:
    country, _framework, problems = load_country_checked(repo, path.stem, catalogues, path)
    return country, problems


def has_errors(problems: list[Diagnostic]) -> bool:
    from safe_map.diagnostics import Severity

    return any(d.severity is Severity.ERROR for d in problems)


def partner_names(repo: DataRepo, countries: list[Country]) -> dict[str, str]:
    """The name of every partner the files record: a group of the data folder by its name (an
    MRA with a group), else ISO's short name (or EU's), else the code itself."""
    from safe_map.groups import load_groups
    from safe_map.programme import partner_name

    groups, _ = load_groups(repo.groups_dir, repo.shown)  # a broken group file: `check` says
    named = {g.id: g.name for g in groups.values()}
    codes = {mra.partner for country in countries for mra in country.mras}
    return {code: named.get(code) or partner_name(code) for code in codes}


# --- plans -----------------------------------------------------------------------------------


def load_plans_checked(repo: DataRepo) -> tuple[list[Plan], dict[str, list]]:
    """The plans of the data folder whose files have no errors; and the files that have,
    with their problems (left out, as `region` leaves out a broken country file)."""
    from safe_map.checks.facts import check_plan
    from safe_map.diagnostics import Severity
    from safe_map.plans import load_plans

    plans, problems = load_plans(repo.plans_dir, repo.shown)
    for plan in plans:
        problems += check_plan(plan, today())
    broken: dict[str, list] = {}
    for problem in problems:
        if problem.severity is Severity.ERROR:
            broken.setdefault(problem.path, []).append(problem)
    return [p for p in plans if p.path not in broken], broken


def _left_out(broken: dict[str, list]) -> None:
    if broken:
        typer.echo(
            f"safe-map: {len(broken)} plan file(s) have errors and are left out: "
            f"{', '.join(sorted(broken))}: run `safe-map check`",
            err=True,
        )


def no_plans(repo: DataRepo) -> str:
    return (
        f"no work plans in {repo.plans_dir}: a plan goes in plans/<id>.yaml, in the format "
        'docs/data-format.md describes ("Work plan").'
    )


def plans(
    ctx: typer.Context,
    fmt: Annotated[
        PlansFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json or markdown (with -o, the file name's ending chooses it).",
        ),
    ] = PlansFormat.table,
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
) -> None:
    """List the work plans between programmes, with their progress.

    A plan file with errors is left out, with a warning that names it."""
    chosen = output_format(ctx, "plans", fmt, output, "`safe-map plan ID -o FILE.xlsx` writes one")
    repo = repo_of(ctx)
    found, broken = load_plans_checked(repo)
    target = output_file(output, "safe-map-plans", chosen)
    if chosen == "json":
        from safe_map.render.recognition_json import plans_json
        from safe_map.render.text import dumps

        emit(dumps(plans_json(found, root=repo.root)), target)
        if not found and not broken:
            typer.echo(f"safe-map: {no_plans(repo)}", err=True)
    elif not found and not broken:
        emit("N" + no_plans(repo)[1:] + "\n", target)  # a sentence of its own
    elif chosen == "markdown":
        from safe_map.render.recognition import plans_markdown

        emit(plans_markdown(found), target)
    else:
        from safe_map.render.recognition import plans_terminal

        emit(render_rich(plans_terminal(found), target), target)
    _left_out(broken)


def plan(
    ctx: typer.Context,
    plan_id: Annotated[str, typer.Argument(help="The plan's id (`safe-map plans`).", metavar="ID")],
    fmt: Annotated[
        PlanFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json or markdown (with -o, the file name's ending chooses it; "
            "a .xlsx name writes a workbook).",
        ),
    ] = PlanFormat.table,
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
    """One work plan: parties, objectives, points compared, tasks, progress and source."""
    chosen = output_format(ctx, "plan", fmt, output)
    repo = repo_of(ctx)
    plans, broken = load_plans_checked(repo)
    found = find_plan(repo, plans, plan_id, broken)
    target = output_file(output, f"safe-map-plan-{found.id}", chosen)
    if chosen == WORKBOOK:
        assert target is not None
        from safe_map.files import write_atomic
        from safe_map.render.excel_plan import plan_workbook

        writable(target)
        write_atomic(target, plan_workbook(found, today()))
        typer.echo(f"wrote {target}", err=True)
    elif chosen == "json":
        from safe_map.render.recognition_json import plan_json
        from safe_map.render.text import dumps

        emit(dumps(plan_json(found, root=repo.root)), target)
    elif chosen == "markdown":
        from safe_map.render.recognition import plan_markdown

        emit(plan_markdown(found), target)
    else:
        from safe_map.render.recognition import plan_terminal

        emit(render_rich(plan_terminal(found), target), target)


def find_plan(
    repo: DataRepo, plans: list[Plan], wanted: str, broken: dict[str, list] | None = None
) -> Plan:
    """The plan with id `wanted` (in any case); else exit 2: with the errors of its file when
    that file is broken, or naming the plans there are."""
    key = wanted.strip().casefold()
    for candidate in plans:
        if candidate.id.casefold() == key:
            return candidate
    for path, problems in (broken or {}).items():
        if Path(path).stem.casefold() == key:
            stop_on_errors(problems)
    if not plans:
        fail(f"safe-map: no plan '{wanted}': {no_plans(repo)}")
    fail(f"safe-map: no plan '{wanted}': known plans: {', '.join(p.id for p in plans)}")
