"""The changes command: what changed in a country's mapping since a revision or a date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from safe_map.cli.app import Format, emit, fail, load_country_or_fail, render_rich, repo_of


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

    repo = repo_of(ctx)
    current, framework = load_country_or_fail(repo, country)
    path = repo.root / "countries" / Path(current.path).name
    try:
        commit = resolve_revision(path.parent, since)
        old_text = read_at(path, commit)
    except HistoryError as err:
        fail(f"safe-map: {err}")
    old = None
    if old_text is not None:
        root, problems = parse(old_text, f"{current.path}@{since}")
        old = build_country(root, current.path) if root is not None else None
        if old is None:
            fail(
                f"safe-map: the version of {current.path} at {since} cannot be read: "
                + "; ".join(str(p) for p in problems)
            )
    result = progress(old, current, framework, since)
    if fmt is Format.json:
        from safe_map.render import text

        emit(text.dumps(text.changes_json(result)), None)
    elif fmt is Format.table:
        from safe_map.render import terminal

        render_rich(terminal.changes(result), None)
    else:
        fail("safe-map: changes shows as table or json")
