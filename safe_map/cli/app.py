"""The typer app, its global options, the entry point, and the helpers every command shares.

Heavy modules (rich, openpyxl, jsonschema, the checker) are imported inside the functions that
need them, so that starting a command costs only what that command uses.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from safe_map import __version__
from safe_map.data import DataRepo, DataRepoError, locate

if TYPE_CHECKING:
    from datetime import date

    from rich.console import RenderableType

    from safe_map.diagnostics import Diagnostic
    from safe_map.model import Country, Framework

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


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message.rstrip("\n"), err=True)
    raise typer.Exit(code)


def repo_of(ctx: typer.Context) -> DataRepo:
    return ctx.obj["repo"]


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from safe_map.files import write_atomic

    writable(output)
    write_atomic(output, text)
    typer.echo(f"wrote {output}", err=True)


def writable(output: Path) -> None:
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        fail(f"{output}: is a folder: give a file name, e.g. {output / 'report.txt'}")
    if not folder.is_dir():
        fail(f"{output}: folder '{folder}' does not exist: create it first")


def render_rich(renderable: RenderableType, output: Path | None) -> str:
    """Rich output: to the terminal as is, to a file as plain text without escape codes.

    Trailing blanks that rich pads table rows with are dropped, so piped text is clean.
    """
    from safe_map.render.terminal import make_console

    if output is None:
        console = make_console()
        with console.capture() as captured:
            console.print(renderable)
        sys.stdout.write(strip_trailing(captured.get()))
        return ""
    import io

    buffer = io.StringIO()
    make_console(file=buffer, width=100, color=False).print(renderable)
    return strip_trailing(buffer.getvalue())


def strip_trailing(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


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
        fail(f"safe-map: {err}")


def pillars_option() -> object:
    return typer.Option(
        "--pillar", "-p", help="Only this pillar (repeat for several).", min=1, show_default=False
    )


def load_country_or_fail(
    repo: DataRepo,
    query: str,
    catalogues: tuple[dict[str, Framework], list[Diagnostic]] | None = None,
    path: Path | None = None,
) -> tuple[Country, Framework]:
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
        fail(
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
    stop_on_errors(problems)  # a file that cannot be read always comes with an error
    assert country is not None
    return country, frameworks[country.framework_id]


def check_pillars(framework: Framework, pillars: list[int] | None) -> None:
    known = [p.number for p in framework.pillars]
    for number in pillars or []:
        if number not in known:
            fail(
                f"safe-map: {framework.id} has no pillar {number}: choose from "
                + ", ".join(map(str, known))
            )


def stop_on_errors(problems: Iterable[Diagnostic]) -> None:
    from safe_map.diagnostics import Severity

    errors = sorted({d for d in problems if d.severity is Severity.ERROR})
    if errors:
        fail(
            "\n".join(map(str, errors)) + f"\nsafe-map: {len(errors)} error(s) in "
            "the data: fix them and run again (`safe-map check` lists every problem)"
        )


def group_files(repo: DataRepo, name: str) -> tuple[list[str], list[str]]:
    """The country file names of a group's members, and the members with no file."""
    from safe_map.groups import load_groups
    from safe_map.workspace import find_country_file

    groups, problems = load_groups(repo.groups_dir, repo.shown)
    stop_on_errors(problems)
    if name.lower() not in groups:
        known = ", ".join(sorted(groups)) or f"none (add groups/{name.lower()}.yaml)"
        fail(f"safe-map: no group '{name}': known groups: {known}")
    files, missing = [], []
    for iso in groups[name.lower()].members:
        path, _ = find_country_file(repo, iso)
        if path is None:
            missing.append(iso)
        else:
            files.append(path.stem)
    return files, missing


def today() -> date:
    from datetime import date

    return date.today()


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
