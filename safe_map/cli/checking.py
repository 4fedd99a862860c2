"""The check command: validate data files and report every problem."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from safe_map.cli.app import CheckFormat, fail, repo_of


def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files to check (default: the whole data folder).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Report format.")
    ] = CheckFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Only these codes or prefixes (e.g. C003, C, Y0). Repeatable, or comma-separated.",
            metavar="CODE",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Skip these codes or prefixes. Repeatable, or comma-separated.",
            metavar="CODE",
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
        fail(f"safe-map: {err}")
    result = run_check(repo_of(ctx), paths or None, codes)
    for note in result.notes:  # about the run, not a file: on stderr, as ruff's warnings
        typer.echo(note, err=True)
    render = {
        CheckFormat.text: reporters.text,
        CheckFormat.json: partial(reporters.as_json, root=repo_of(ctx).root),
        CheckFormat.github: reporters.github,
    }[fmt]
    sys.stdout.write(render(result.diagnostics, result.files, strict))
    if result.failed(strict):
        raise typer.Exit(1)
