"""Scaffolding: `new` makes a data folder of one's own; `init` adds a country file to it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from safe_map.cli.app import fail, repo_of, today


def new(
    folder: Annotated[
        Path, typer.Argument(help="The folder to create (it must not exist, or be empty).")
    ],
    empty: Annotated[
        bool, typer.Option("--empty", help="Start with no country files (countries/ empty).")
    ] = False,
) -> None:
    """Create a data folder of your own (a copy of the shipped data), ready for git."""
    from safe_map.data import bundled_root
    from safe_map.scaffold import NewFolderError, new_data_folder

    try:
        made = new_data_folder(folder, bundled_root(), empty=empty)
    except NewFolderError as err:
        fail(f"safe-map: {err}")
    typer.echo(f"created {folder}:")
    for line in _made_summary(made):
        typer.echo(f"  {line}")
    typer.echo(
        "Next:\n"
        f"  cd {_quoted(folder)}\n"
        "  git init\n"
        "  pre-commit install     (checks the files before every commit)\n"
        "  safe-map check\n"
        "README.md in the folder says how to work in it."
    )


def _made_summary(made: list[Path]) -> list[str]:
    """One line per folder made (with its file count), then the single files."""
    counts: dict[str, int] = {}
    files: list[str] = []
    for path in made:
        if len(path.parts) > 1:
            counted = 0 if path.name == ".gitkeep" else 1
            counts[path.parts[0]] = counts.get(path.parts[0], 0) + counted
        else:
            files.append(path.name)
    lines = [f"{name + '/':<24}{_files(n)}" for name, n in counts.items()]
    return lines + files


def _files(n: int) -> str:
    return "empty" if n == 0 else f"{n} file{'' if n == 1 else 's'}"


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def init(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The country's name, e.g. 'Kyrgyz Republic'.")],
    iso: Annotated[str, typer.Option("--iso", help="ISO 3166-1 alpha-2 code, e.g. KG.")],
    source_title: Annotated[
        str | None,
        typer.Option(
            "--source-title",
            help="The document the mapping's facts come from, with --source-date. Leave both "
            "out while every standard is not-assessed: a file names its source with its first "
            "fact.",
            show_default=False,
        ),
    ] = None,
    source_date: Annotated[
        str | None,
        typer.Option(
            "--source-date",
            help="Date of the source, YYYY-MM-DD (or YYYY-MM, YYYY).",
            show_default=False,
        ),
    ] = None,
    source_id: Annotated[str, typer.Option("--source-id", help="Short id for the source.")] = (
        "source-1"
    ),
    source_place: Annotated[str, typer.Option("--source-place", help="Place of the source.")] = "",
    source_document: Annotated[str, typer.Option("--source-document", help="The document.")] = "",
    framework_id: Annotated[str, typer.Option("--framework", help="Framework id.")] = "safe-2021",
) -> None:
    """Create countries/<name>.yaml with every standard not-assessed, valid for check."""
    from safe_map.checks import check_country
    from safe_map.countries import build_country
    from safe_map.data import read_only_message
    from safe_map.diagnostics import Severity
    from safe_map.files import write_atomic
    from safe_map.model import Source
    from safe_map.scaffold import country_file, file_stem, init_problems, schema_line
    from safe_map.schema import COUNTRY, validate
    from safe_map.workspace import find_country_file, load_catalogues
    from safe_map.yamlsource import parse

    repo = repo_of(ctx)
    if repo.is_bundled:
        fail(read_only_message("init"))
    frameworks, problems = load_catalogues(repo)
    if framework_id not in frameworks:
        fail(
            f"safe-map: no framework '{framework_id}': choose from "
            + (", ".join(sorted(frameworks)) or "none")
        )
    iso = iso.strip().upper()
    name = _as_written(name.strip(), iso)
    described = [
        option
        for option, value, unset in (
            ("--source-id", source_id, "source-1"),
            ("--source-place", source_place, ""),
            ("--source-document", source_document, ""),
        )
        if value != unset
    ]
    wrong = init_problems(
        name,
        iso,
        source_title,
        source_date,
        today(),
        tuple(described),
        texts=(("--source-place", source_place), ("--source-document", source_document)),
        ids=(("--source-id", source_id),),
    )
    if wrong:
        fail(
            "".join(f"safe-map: {problem}\n" for problem in wrong)
            + "safe-map: nothing written: correct the options above and run init again"
        )
    path = repo.countries_dir / f"{file_stem(name, iso)}.yaml"
    if path.is_symlink():  # even one leading nowhere: init would write where it points
        fail(
            f"safe-map: {repo.shown(path)} is a symbolic link: init writes only a new plain "
            "file; remove the link first"
        )
    if path.exists():
        fail(f"safe-map: {repo.shown(path)} already exists: edit it, or remove it first")
    existing, _ = find_country_file(repo, iso)
    if existing is not None:
        fail(f"safe-map: {iso} is already described in {repo.shown(existing)}")
    source = None
    if source_title is not None and source_date is not None:
        source = Source(
            id=source_id,
            title=source_title,
            date=source_date,
            place=source_place,
            document=source_document,
        )
    text = country_file(name.strip(), iso, frameworks[framework_id], source, schema_line(repo.root))
    shown = repo.shown(path)
    root, problems = parse(text, shown)
    if root is not None:
        problems += validate(root, COUNTRY)
        country = build_country(root, shown)
        if country is not None:
            problems += check_country(country, frameworks, today())
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if errors:  # what the option checks above let through: said without the unwritten file
        fail(
            "".join(f"safe-map: {d.code} {d.message}\n" for d in errors)
            + "safe-map: nothing written: correct the options above and run init again"
        )
    write_atomic(path, text)
    standards = len(frameworks[framework_id].standards)
    if source is None:
        typer.echo(
            f"wrote {shown}: {standards} standards, all not-assessed, no source yet. Next: name "
            "the source under 'sources:', add instruments and statuses, then `safe-map check`.",
            err=True,
        )
        return
    typer.echo(
        f"wrote {shown}: {standards} standards, all "
        "not-assessed. Next: add instruments and statuses, then `safe-map check`.",
        err=True,
    )


def _as_written(name: str, iso: str) -> str:
    """A name typed all in lower case ('armenia') as the country's name is written, when it is
    the name of that ISO code; any other name as given ('Kyrgyz Republic' stays)."""
    from safe_map.iso3166 import code_for_name, name_of

    if name == name.lower() and code_for_name(name) == iso:
        return name_of(iso) or name
    return name
