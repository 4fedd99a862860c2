"""The changes command: what changed in a country's mapping since a revision or a date."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safe_map.cli.app import emit, fail, load_country_or_fail, render_rich, repo_of


class ChangesFormat(str, Enum):
    """The formats `changes` can show: help lists exactly these."""

    table = "table"
    json = "json"


def changes(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="File name, country name or ISO code.")],
    since: Annotated[
        str,
        typer.Option(
            "--since",
            help="A git revision (HEAD~1, a tag, a commit), or a date (YYYY-MM-DD: since the "
            "start of that day). The default, HEAD, is the last commit: the changes not yet "
            "committed.",
        ),
    ] = "HEAD",
    fmt: Annotated[
        ChangesFormat, typer.Option("--format", "-f", help="table or json.")
    ] = ChangesFormat.table,
) -> None:
    """What changed in a country's mapping since a git revision or a date."""
    from safe_map.analysis import progress
    from safe_map.countries import build_country
    from safe_map.history import HistoryError, read_at, resolve_revision
    from safe_map.yamlsource import parse

    repo = repo_of(ctx)
    current, framework = load_country_or_fail(repo, country)
    path = repo.root / "countries" / Path(current.path).name
    try:
        commit = resolve_revision(path.parent, since)
        # "" when nothing was committed before: the file did not exist then
        then = read_at(path, commit, f"{current.path} at {since}") if commit else None
    except HistoryError as err:
        fail(f"safe-map: {err}")
    old = None
    if then is not None:
        if then.renamed_from is not None:
            typer.echo(
                f"safe-map: {current.path} was {then.renamed_from} at {since}: compared with "
                "that file",
                err=True,
            )
        root, problems = parse(then.text, f"{current.path}@{since}")
        old = build_country(root, current.path) if root is not None else None
        if old is None:
            fail(
                f"safe-map: the version of {current.path} at {since} cannot be read: "
                + "; ".join(str(p) for p in problems)
            )
    result = progress(old, current, framework, since)
    if fmt is ChangesFormat.json:
        from safe_map.render import text

        emit(text.dumps(text.changes_json(result)), None)
    else:
        from safe_map.render import terminal

        render_rich(terminal.changes(result), None)
