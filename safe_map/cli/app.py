"""The typer app, its global options, the entry point, and the helpers every command shares.

Heavy modules (rich, openpyxl, jsonschema, the checker) are imported inside the functions that
need them, so that starting a command costs only what that command uses.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple, NoReturn

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from safe_map import __version__
from safe_map.data import DataRepo, DataRepoError, locate

if TYPE_CHECKING:
    from datetime import date

    from rich.console import RenderableType

    from safe_map.diagnostics import Diagnostic
    from safe_map.groups import Group as CountryGroup
    from safe_map.model import Country, Framework

GLOBAL_OPTIONS = {"--data-dir": 1, "--debug": 0}  # options of the app, with how many values


class Group(TyperGroup):
    """The app's command group, with the conventions of git, ruff and pip.

    - The global options (--data-dir, --debug) are accepted after the command too:
      `safe-map check --data-dir X` reads as `safe-map --data-dir X check`.
    - Placeholders read as words in capitals (COUNTRY, FILE, NUMBER), not typer's `{country}`
      and `<str>`; a repeatable argument is named in the singular (`[COUNTRY]...`).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if type(param) is TyperArgument:
                    param.__class__ = _Argument
                elif isinstance(param, TyperOption) and param.metavar is None:
                    param.metavar = _PLACEHOLDERS.get(param.type.name)

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._global_options_first(args))

    def _global_options_first(self, args: list[str]) -> list[str]:
        """`args` with the global options found after the command moved before it."""
        at = 0  # skip the app's own options to find the command
        while at < len(args) and args[at].startswith("-") and args[at] != "--":
            at += 1 + GLOBAL_OPTIONS.get(args[at], 0)
        command = self.commands.get(args[at]) if at < len(args) else None
        if command is None:
            return args
        own = {name for p in command.params for name in getattr(p, "opts", [])}
        moved: list[str] = []
        kept = list(args[: at + 1])
        rest = list(args[at + 1 :])
        while rest:
            arg = rest.pop(0)
            name = arg.split("=", 1)[0]
            if arg == "--":
                kept += [arg, *rest]
                break
            if name not in GLOBAL_OPTIONS or name in own:
                kept.append(arg)
                continue
            moved.append(arg)
            if "=" not in arg and GLOBAL_OPTIONS[name]:
                if not rest:
                    fail(f"safe-map: {name} needs a value: e.g. {name} my-data")
                moved.append(rest.pop(0))
        return [*args[:at], *moved, *kept[at:]]


_PLACEHOLDERS = {"str": "TEXT", "path": "PATH", "integer": "NUMBER", "int range": "NUMBER"}


class _Argument(TyperArgument):
    """An argument shown as COUNTRY, [COUNTRY]... or FILE, not typer's {country}."""

    def make_metavar(self, ctx, *, usage: bool = False) -> str:
        name = self.metavar or (self.name or "").upper()
        if self.nargs != 1 and self.metavar is None:  # the dots say "one or more"
            name = name[:-3] + "Y" if name.endswith("IES") else name.removesuffix("S")
        if usage and not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def get_error_hint(self, ctx) -> str:
        return f"'{self.make_metavar(ctx)}'"


# (command, module under safe_map.cli, function name), in the order help lists them: filled
# by safe_map/cli/__init__.py.
COMMANDS: list[tuple[str, str, str]] = []


class App(typer.Typer):
    """The typer app, whose commands are registered when typer first asks for them: all of
    them, or only the one a run names (`only`), with the same functions and options."""

    only: str | None = None

    @property  # type: ignore[override]
    def registered_commands(self) -> list:
        # Loaded for the `only` of this run; again when another run (in the same process, as
        # tests do) wants another command or all of them.
        if self._loaded_for != (self.only,):
            self._loaded_for = (self.only,)
            self._commands = []
            self._load(self.only)
        return self._commands

    @registered_commands.setter
    def registered_commands(self, value: list) -> None:  # typer's __init__ sets []
        self._commands = value
        self._loaded_for: tuple[str | None, ...] = ()  # nothing loaded yet

    def _load(self, only: str | None) -> None:
        from importlib import import_module

        for name, module, function in COMMANDS:
            if only is None or name == only:
                command = getattr(import_module(f"safe_map.cli.{module}"), function)
                self.command(None if name == function else name)(command)


app = App(
    name="safe-map",
    help="Map national customs law against the WCO SAFE Framework of Standards.",
    cls=Group,
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["--help", "-h"]},  # errors say "Try --help"
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# Declared once for the commands that take a set of countries (region, mras).
CountriesArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Countries (default: every country).", metavar="COUNTRY", show_default=False
    ),
]
GroupOption = Annotated[
    str | None,
    typer.Option(
        "--group",
        "-g",
        help="A group of countries from groups/ (e.g. carec).",
        metavar="NAME",
        show_default=False,
    ),
]


class Format(str, Enum):
    """Every text format; commands now declare their own with formats()."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class OutputFormat(NamedTuple):
    """A format -f can name: how messages call it and the file endings that choose it."""

    name: str
    label: str
    suffixes: tuple[str, ...]  # the first names default files


OUTPUT_FORMATS = {
    f.name: f
    for f in (
        OutputFormat("table", "a table", (".txt",)),
        OutputFormat("json", "JSON", (".json",)),
        OutputFormat("csv", "CSV", (".csv",)),
        OutputFormat("markdown", "Markdown", (".md", ".markdown")),
    )
}
WORKBOOK = "workbook"  # not a -f choice: a .xlsx output file chooses it
NEUTRAL_SUFFIXES = (".txt", "")  # these endings leave the choice to -f (default table)


def formats(name: str, *choices: str) -> type[Enum]:
    """The -f choices of one command: exactly the formats it writes, so that its --help and
    its error for a wrong -f list those and no other. `name` names the Enum (e.g. AssessFormat).
    """
    unknown = [c for c in choices if c not in OUTPUT_FORMATS]
    assert not unknown, f"no output format {unknown}: add it to OUTPUT_FORMATS"
    return Enum(name, [(c, c) for c in choices], type=str)  # type: ignore[return-value]


def output_format(
    ctx: typer.Context,
    command: str,
    fmt: Enum,
    output: Path | None,
    workbook_hint: str | None = None,
) -> str:
    """The format a command writes: -f, or else the output file's ending, or else table.

    Refuses (exit 2) an ending the command cannot write and an ending that contradicts -f.
    A .xlsx output chooses the workbook when `workbook_hint` is None; otherwise the command
    writes no workbooks and the hint says which command does.
    """
    choices = type(fmt)
    from_command_line = ctx.get_parameter_source("fmt").name not in ("DEFAULT", "DEFAULT_MAP")
    given = fmt.value if from_command_line else None
    if output is None or output.is_dir():
        return given or "table"
    suffix = output.suffix.lower()
    names = [c.value for c in choices]
    if suffix == ".xlsx":
        if workbook_hint is not None:
            fail(
                f"safe-map: {command} writes text ({_listed(names)}), not workbooks: {workbook_hint}"
            )
        if given is not None:
            fail(
                f"safe-map: -o {output} writes a workbook, so -f {given} does not apply: leave "
                f"out -f, or write to {output.with_suffix(OUTPUT_FORMATS[given].suffixes[0])}"
            )
        return WORKBOOK
    chosen = next((f.name for f in OUTPUT_FORMATS.values() if suffix in f.suffixes), None)
    if chosen is None or suffix in NEUTRAL_SUFFIXES:
        return given or "table"
    if chosen not in names:
        writes = names + (["a workbook (.xlsx)"] if workbook_hint is None else [])
        fail(
            f"safe-map: {command} cannot write {OUTPUT_FORMATS[chosen].label} ({output}): it "
            f"writes {_listed(writes)}"
        )
    if given is not None and given != chosen:
        fail(
            f"safe-map: -o {output} is a {OUTPUT_FORMATS[chosen].label} file but -f {given} asks "
            f"for {OUTPUT_FORMATS[given].label}: leave out -f (the file name's ending chooses the "
            f"format), or write to {output.with_suffix(OUTPUT_FORMATS[given].suffixes[0])}"
        )
    return chosen


def output_file(output: Path | None, stem: str, fmt: str) -> Path | None:
    """The file to write: `output` itself, or, when it is a folder, `stem` with the format's
    ending inside it (as `export -o FOLDER` does)."""
    if output is None or not output.is_dir():
        return output
    suffix = ".xlsx" if fmt == WORKBOOK else OUTPUT_FORMATS[fmt].suffixes[0]
    return output / f"{stem}-{today().isoformat()}{suffix}"


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message.rstrip("\n"), err=True)
    raise typer.Exit(code)


def repo_of(ctx: typer.Context) -> DataRepo:
    return ctx.obj["repo"]


def emit(text: str | bytes, output: Path | None) -> None:
    """Write to stdout or to `output`; bytes go out exactly (CSV for spreadsheets: a BOM and
    CRLF line ends that stdout's own encoding and newline translation must not touch)."""
    if output is None or str(output) == "-":  # "-o -": the screen, as other tools read it
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    from safe_map.files import through_link, write_atomic

    writable(output)
    written = write_atomic(output, text)  # WriteError (a read-only folder, ...): see main()
    typer.echo(f"wrote {through_link(output, written)}", err=True)


def writable(output: Path) -> None:
    from safe_map.files import problem

    folder = output.parent if str(output.parent) else Path(".")
    try:
        if output.is_dir():
            fail(f"safe-map: {output}: is a folder: give a file name, e.g. {output / 'report.txt'}")
        if not folder.is_dir():
            fail(f"safe-map: {output}: folder '{folder}' does not exist: create it first")
    except OSError as err:  # a name too long, a loop of links: said plainly, as main() would
        fail(f"safe-map: {problem(err, output) or err}")


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
            "--data-dir",
            help="Data folder holding standards/ and countries/.",
            metavar="FOLDER",
            show_default=False,
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
    # No min=1: check_pillars names the pillars there are, in words, for 0 as for 9.
    return typer.Option(
        "--pillar",
        "-p",
        help="Only this pillar (repeat for several).",
        metavar="NUMBER",
        show_default=False,
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
    from safe_map.catalogue import load_catalogues

    frameworks, problems = catalogues if catalogues is not None else load_catalogues(repo)
    country, framework, found = load_country_checked(repo, query, (frameworks, problems), path)
    stop_on_errors([*problems, *found])  # a file that cannot be read always comes with an error
    assert country is not None and framework is not None
    return country, framework


def load_country_checked(
    repo: DataRepo,
    query: str,
    catalogues: tuple[dict[str, Framework], list[Diagnostic]],
    path: Path | None = None,
) -> tuple[Country | None, Framework | None, list[Diagnostic]]:
    """The country named by `query`, its framework and the problems of its file (the country is
    None when the file cannot be read); exit 2 when no file matches `query`."""
    from safe_map.checks.country import check_country
    from safe_map.countries import load_country
    from safe_map.workspace import find_country

    if path is None:
        found = find_country(repo, query)
        if found.path is None:
            fail(f"safe-map: {found.problem(str(repo.countries_dir))}")
        path = found.path
    frameworks, _ = catalogues
    country, problems = load_country(path, repo.shown(path))
    if country is None:
        return None, None, problems
    problems += check_country(country, frameworks, today())
    return country, frameworks.get(country.framework_id), problems


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Python's cycle collector off, for work that makes many objects and either no reference
    cycles (parsed files are plain trees of nodes and model objects; a heat map's tables are
    rendered and dropped: freed as soon as unused all the same) or cycles that all live until
    the work ends (a workbook's cells and sheets, until it is saved). The collector's passes
    over the growing heap find nothing to free, and cost a tenth of a 200-country region and
    a fifth of its export; peak memory is the same (measured in bench/README.md)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def by_name(country: Country) -> str:
    """The order countries are shown in, everywhere: by name, as people look them up."""
    return country.name.casefold()


def check_pillars(framework: Framework, pillars: list[int] | None) -> None:
    known = [str(p.number) for p in framework.pillars]
    for number in pillars or []:
        if str(number) not in known:
            fail(f"safe-map: there is no pillar {number}: choose {_listed(known)}")


def stop_on_errors(problems: Iterable[Diagnostic]) -> None:
    from safe_map.diagnostics import Severity
    from safe_map.render.diagnostics import one_line

    errors = sorted({d for d in problems if d.severity is Severity.ERROR})
    if errors:
        fail(  # one line per problem, as `check` prints them
            "\n".join(one_line(str(d)) for d in errors) + f"\nsafe-map: {len(errors)} error(s) in "
            "the data: fix them and run again (`safe-map check` lists every problem)"
        )


def find_group(repo: DataRepo, name: str) -> CountryGroup:
    """The group --group names; else exit 2 with the errors of the group files, or naming the
    groups there are."""
    from safe_map.groups import load_groups

    groups, problems = load_groups(repo.groups_dir, repo.shown)
    stop_on_errors(problems)
    if name.lower() not in groups:
        known = ", ".join(sorted(groups)) or f"none (add groups/{name.lower()}.yaml)"
        fail(f"safe-map: no group '{name}': known groups: {known}")
    return groups[name.lower()]


def group_files(repo: DataRepo, group: CountryGroup) -> tuple[list[str], list[str]]:
    """The country file names of a group's members, and the members with no file."""
    from safe_map.workspace import find_country_file

    files, missing = [], []
    for iso in group.members:
        path, _ = find_country_file(repo, iso)
        if path is None:
            missing.append(iso)
        else:
            files.append(path.stem)
    return files, missing


def today() -> date:
    from datetime import date

    return date.today()


def _named_command(args: list[str]) -> str | None:
    """The command a run names (after the app's own options), if it is one of ours and nothing
    asks for the whole app (help, completion); else None, and every command is loaded."""
    at = 0
    while at < len(args) and args[at].startswith("-") and args[at] != "--":
        at += 1 + GLOBAL_OPTIONS.get(args[at], 0)
    if at >= len(args) or any(a in ("--help", "-h") for a in args[:at]):
        return None
    return args[at] if any(args[at] == name for name, _m, _f in COMMANDS) else None


def main() -> None:
    """Entry point: the one place that turns escaped errors into messages and exit codes."""
    debug = "--debug" in sys.argv
    app.only = _named_command(sys.argv[1:])
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("safe-map: interrupted", err=True)
        sys.exit(130)
    except Exception as err:
        from safe_map.files import WriteError, problem

        # What the user can put right (a read-only folder, a full disk, a name too long) is
        # said as such, exit 2; only what is left is called a bug.
        if isinstance(err, WriteError):
            plain: str | None = str(err)
        else:
            plain = problem(err) if isinstance(err, OSError) else None
        if debug:
            raise
        if plain is not None:
            typer.echo(f"safe-map: {plain}", err=True)
            sys.exit(2)
        typer.echo(  # a bug: say so plainly, no traceback unless asked
            f"safe-map: internal error: {type(err).__name__}: {err}\n"
            "This is a bug in safe-map, not in your data. Please report it, with the command "
            "you ran; run it again with --debug to see the details.",
            err=True,
        )
        sys.exit(2)
    finally:
        app.only = None  # the next run in this process (tests) loads what it names
