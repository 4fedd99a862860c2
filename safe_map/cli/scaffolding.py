"""The init command: create a new country file, valid for check."""

from __future__ import annotations

from typing import Annotated

import typer

from safe_map.cli.app import fail, repo_of, today


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

    repo = repo_of(ctx)
    frameworks, problems = load_catalogues(repo)
    if framework_id not in frameworks:
        fail(
            f"safe-map: no framework '{framework_id}': choose from "
            + (", ".join(sorted(frameworks)) or "none")
        )
    iso = iso.strip().upper()
    path = repo.countries_dir / f"{slug(name)}.yaml"
    if path.exists():
        fail(f"safe-map: {repo.shown(path)} already exists: edit it, or remove it first")
    existing, _ = find_country_file(repo, iso)
    if existing is not None:
        fail(f"safe-map: {iso} is already described in {repo.shown(existing)}")
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
            problems += check_country(country, frameworks, today())
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if errors:
        fail(
            "\n".join(str(d) for d in errors) + "\nsafe-map: nothing written: correct the "
            "options above and run init again"
        )
    write_atomic(path, text)
    typer.echo(
        f"wrote {shown}: {len(frameworks[framework_id].standards)} standards, all "
        "not-assessed. Next: add instruments and statuses, then `safe-map check`.",
        err=True,
    )
