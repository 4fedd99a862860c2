"""`safe-map import`: a returned questionnaire, merged into its country's file.

Each workbook is all or nothing: it is read (bounded, strictly), its country file is found from
the data folder and the workbook's ISO code (never from a path the workbook holds), the answers
are merged three ways (safe_map.merge), the edits are applied with ruamel.yaml's round trip so
comments, key order and every line not edited stay as they were, and the result must pass every
rule of `check` before it replaces the file. Imports into one data folder take a lock, so two
imports started together wait for each other and lose nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from safe_map import workbook as wbc
from safe_map.data import DataRepo
from safe_map.diagnostics import Diagnostic, Severity
from safe_map.merge import MergePlan, merge
from safe_map.model import Country, Framework, Source

LOCK_FILE = ".safe-map.lock"


@dataclass
class ImportResult:
    workbook: str  # as the user named it
    outcome: str  # imported, would import, no changes, conflicts, refused
    reason: str = ""  # one line for the summary table
    country: str = ""
    target: str = ""  # the country file, as shown
    created: bool = False
    plan: MergePlan | None = None
    messages: list[str] = field(default_factory=list)  # the details, one per line

    @property
    def standards_changed(self) -> int:
        return len(self.plan.standards) if self.plan else 0

    @property
    def instruments_added(self) -> int:
        return len(self.plan.added_instruments) if self.plan else 0

    @property
    def conflicts(self) -> int:
        return len(self.plan.conflicts) if self.plan else 0


def import_workbook(
    repo: DataRepo,
    path: Path,
    frameworks: dict[str, Framework],
    today: date,
    *,
    dry_run: bool = False,
    prefer_workbook: bool = False,
) -> ImportResult:
    """Import one workbook; the result says what happened and why, nothing is raised."""
    from safe_map.answers import read_answers
    from safe_map.files import locked
    from safe_map.xlsxread import WorkbookRefused

    shown = str(path)
    try:
        answers = read_answers(path)
    except WorkbookRefused as err:
        return _refused(shown, str(err), [f"{shown}: {err}"])
    meta = answers.meta
    framework = frameworks.get(meta.get("framework", ""))
    if framework is None:
        return _refused(
            shown,
            f"made for the framework '{meta.get('framework')}', which this data folder lacks",
            [
                f"{shown}: made for the framework '{meta.get('framework')}', which has no "
                f"catalogue in {repo.standards_dir}: import it into the data folder it came from"
            ],
        )
    iso = meta.get("iso", "").upper()
    name = meta.get("country", "")
    try:
        with locked(repo.root / LOCK_FILE):
            return _import_locked(
                repo,
                path,
                shown,
                answers,
                framework,
                frameworks,
                iso,
                name,
                today,
                dry_run,
                prefer_workbook,
            )
    except OSError as err:
        return _refused(
            shown,
            "the data folder cannot be written",
            [
                f"{shown}: cannot write in {repo.root} ({err.strerror or err}): is the folder "
                "read-only? Nothing was written"
            ],
        )


def _refused(shown: str, reason: str, messages: list[str], **extra) -> ImportResult:
    return ImportResult(shown, "refused", reason, messages=messages, **extra)


def _import_locked(
    repo: DataRepo,
    path: Path,
    shown: str,
    answers,
    framework: Framework,
    frameworks: dict[str, Framework],
    iso: str,
    name: str,
    today: date,
    dry_run: bool,
    prefer_workbook: bool,
) -> ImportResult:
    from safe_map.checks.country import check_country, slug
    from safe_map.countries import load_country
    from safe_map.iso3166 import code_for_name, name_of

    target, others = find_by_iso(repo, iso)
    current: Country | None = None
    if target is not None:
        current, found = load_country(target, _in_repo(repo, target))
        if current is not None:
            found += check_country(current, frameworks, today)
        errors = [d for d in found if d.severity is Severity.ERROR]
        if current is None or errors:
            return _refused(
                shown,
                f"{_in_repo(repo, target)} has errors",
                [str(d) for d in errors]
                + [
                    f"{shown}: {_in_repo(repo, target)} has errors of its own: fix them first "
                    "(`safe-map check`), then import again; nothing written"
                ],
                country=name,
            )
        if _name_key(current.name) != _name_key(name) and code_for_name(name) != current.iso:
            return _refused(
                shown,
                f"made for {name} ({iso}), not {current.name}",
                [
                    f"{shown}: made for {name} ({iso}), but {_in_repo(repo, target)} holding {iso} "
                    f"describes {current.name}: import it into the data folder it came from"
                ],
                country=name,
            )
        if current.framework_id != framework.id:
            return _refused(
                shown,
                f"made for {framework.id}, the file maps against {current.framework_id}",
                [
                    f"{shown}: made for the framework '{framework.id}', but "
                    f"{_in_repo(repo, target)} maps against '{current.framework_id}'"
                ],
                country=name,
            )
    else:
        if name_of(iso) is None:
            return _refused(
                shown,
                f"'{iso}' is not an ISO country code",
                [f"{shown}: the workbook's ISO code '{iso}' is not a country code"],
            )
        stem = slug(name) or iso.lower()
        target = repo.countries_dir / f"{stem}.yaml"
        if target.exists() or target.is_symlink():
            return _refused(
                shown,
                f"{_in_repo(repo, target)} exists for another country",
                [
                    f"{shown}: {_in_repo(repo, target)} exists but does not describe {iso}: "
                    "rename one of the two"
                ],
                country=name,
            )
    plan = merge(answers, current, framework, path.name, today, prefer_workbook)
    result = ImportResult(
        shown, "", country=name, target=_in_repo(repo, target), created=current is None, plan=plan
    )
    result.messages += [f"{shown}: note: {n}" for n in plan.notices]
    if plan.problems:
        result.outcome = "refused"
        result.reason = f"{len(plan.problems)} problem(s) in the workbook"
        result.messages += [p.shown(shown) for p in plan.problems]
        result.messages.append(
            f"{shown}: {len(plan.problems)} problem(s): correct them in the workbook and import "
            "it again; nothing written"
        )
        return result
    if plan.conflicts:
        result.outcome = "conflicts"
        result.reason = f"{len(plan.conflicts)} standard(s) or instrument(s) changed on both sides"
        for c in plan.conflicts:
            result.messages += [
                f"{shown}: {c.ref}: conflict on {c.what}: changed in the workbook and in "
                f"{result.target} since the workbook was made",
                f"    in {result.target}: {c.in_file}",
                f"    in the workbook: {c.in_workbook}",
            ]
        result.messages.append(
            f"{shown}: nothing written: make the two agree (edit the file or the workbook), or "
            "import with --prefer-workbook to take the workbook's answers"
        )
        return result
    if not plan.changed:
        result.outcome = "no changes"
        return result
    if current is None:
        from safe_map.scaffold import country_file

        assert plan.source is not None  # a change always comes with its source
        text = country_file(name, iso, framework, plan.source, _schema_line(repo))
    else:
        text = target.read_text(encoding="utf-8")
    new_text = apply(text, plan, add_source=current is not None)
    errors = verify(repo, new_text, _in_repo(repo, target), frameworks, today, others)
    if errors:
        result.outcome = "refused"
        result.reason = "the result would fail check"
        result.messages += [str(d) for d in errors]
        result.messages.append(
            f"{shown}: with these answers {result.target} would fail `safe-map check` (the "
            "lines above are of the file as it would be): correct the workbook and import it "
            "again; nothing written"
        )
        return result
    for change in plan.standards:
        result.messages.append(
            f"{change.standard_id} {change.title}: " + "; ".join(change.describe(plan.labels))
        )
    for change in plan.instruments:
        verb = "added" if change.before is None else "changed"
        result.messages.append(f"instrument {change.id} {verb}: {change.after.title}")
    if dry_run:
        result.outcome = "would import"
        return result
    from safe_map.files import write_atomic

    write_atomic(target, new_text)
    result.outcome = "imported"
    return result


def overwrite_risk(
    repo: DataRepo, path: Path, frameworks: dict[str, Framework], today: date
) -> str | None:
    """Why writing a workbook over `path` would lose someone's work; None when it would not.

    safe-map's own regional and comparison workbooks hold nothing to lose; a questionnaire
    holding answers not yet imported does, and so may any other file."""
    from safe_map.answers import NotAQuestionnaire, read_answers
    from safe_map.countries import load_country
    from safe_map.xlsxread import WorkbookRefused

    try:
        answers = read_answers(path)
    except NotAQuestionnaire as err:
        if err.kind in ("regional", "comparison"):
            return None
        if err.kind == "country":
            return (
                "is a questionnaire made by an older safe-map and may hold answers: import or "
                "keep it, write elsewhere with -o, or pass --force to replace it"
            )
        return (
            f"exists and is not a workbook safe-map wrote ({err}): choose another name with -o, "
            "or pass --force to replace it"
        )
    except WorkbookRefused as err:
        return f"exists and cannot be read ({err}): choose another name with -o, or --force"
    framework = frameworks.get(answers.meta.get("framework", ""))
    if framework is None:
        return None
    target, _ = find_by_iso(repo, answers.meta.get("iso", "").upper())
    current = load_country(target, _in_repo(repo, target))[0] if target is not None else None
    plan = merge(answers, current, framework, path.name, today)
    pending = [c.standard_id for c in plan.standards] + [c.id for c in plan.instruments]
    pending += [c.what.split(" ")[0] for c in plan.conflicts]
    if not pending and not plan.problems:
        return None
    what = wbc.joined(pending) if pending else "answers that cannot be imported yet"
    return (
        f"holds answers not yet imported ({what}): import it first (`safe-map import "
        f"{path}`), write elsewhere with -o, or pass --force to replace it"
    )


def _in_repo(repo: DataRepo, path: Path) -> str:
    """A data file as messages name it: relative to the data folder (countries/x.yaml)."""
    try:
        return path.relative_to(repo.root).as_posix()
    except ValueError:
        return str(path)


def _name_key(name: str) -> str:
    return wbc.clean(name).casefold()


def _schema_line(repo: DataRepo) -> str:
    from safe_map.scaffold import SCHEMA_LINE

    if (repo.root / "schemas" / "country.schema.json").is_file():
        return "# yaml-language-server: $schema=../schemas/country.schema.json"
    return SCHEMA_LINE


def find_by_iso(repo: DataRepo, iso: str) -> tuple[Path | None, list[Country]]:
    """The country file holding `iso`, and the identities of the others (for C010)."""
    from safe_map.countries import load_country

    found: Path | None = None
    others: list[Country] = []
    for path in repo.country_files():
        country, _ = load_country(path, repo.shown(path))
        if country is None:
            continue
        if country.iso.upper() == iso and found is None:
            found = path
        else:
            others.append(Country(country.name, country.iso, country.framework_id, country.path))
    return found, others


def verify(
    repo: DataRepo,
    text: str,
    shown: str,
    frameworks: dict[str, Framework],
    today: date,
    others: list[Country],
) -> list[Diagnostic]:
    """Every error `safe-map check` would report on the file with this text."""
    from safe_map.checks.country import check_countries, check_country
    from safe_map.countries import build_country
    from safe_map.schema import COUNTRY, validate
    from safe_map.yamlsource import MAX_BYTES, parse

    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return [
            Diagnostic(
                shown,
                1,
                1,
                "Y007",
                f"the file would be {size / 1_048_576:.1f} MB, more than the "
                f"{MAX_BYTES // 1_048_576} MB a data file may be: the answers are too long",
            )
        ]
    root, found = parse(text, shown)
    if root is not None:
        found += validate(root, COUNTRY)
        country = build_country(root, shown)
        if country is not None:
            found += check_country(country, frameworks, today)
            found += check_countries([*others, country])
    return sorted({d for d in found if d.severity is Severity.ERROR and d.path == shown})


def apply(text: str, plan: MergePlan, add_source: bool = True) -> str:
    """The country file's text with the plan applied, everything else kept as it was."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    source_id = plan.source.id if plan.source is not None else ""
    if add_source and plan.source is not None:
        sources = data.get("sources")
        if sources is None:
            sources = data["sources"] = CommentedSeq()
        if not any(isinstance(s, dict) and s.get("id") == source_id for s in sources):
            entry = _source_map(plan.source, CommentedMap)
            _take_trailing_blank(sources[-1] if len(sources) else None, entry)
            sources.append(entry)
    if plan.instruments:
        instruments = data.get("instruments")
        if not isinstance(instruments, CommentedMap):
            instruments = data["instruments"] = CommentedMap()
        instruments.fa.set_block_style()
        for change in plan.instruments:
            entry = instruments.get(change.id)
            if entry is None:
                entry = instruments[change.id] = CommentedMap()
            for key in wbc.INSTRUMENT_FIELDS:
                _set(entry, key, getattr(change.after, key))
            if source_id:
                entry["source"] = source_id
    assessments = data.get("assessments")
    if not isinstance(assessments, CommentedMap):
        assessments = data["assessments"] = CommentedMap()
    for change in plan.standards:
        entry = assessments.get(change.standard_id)
        if not isinstance(entry, CommentedMap):
            entry = assessments[change.standard_id] = CommentedMap()
        entry["status"] = change.after.status
        _set(entry, "notes", change.after.notes)
        _citations(entry, change, CommentedMap, CommentedSeq)
        if source_id:
            entry["source"] = source_id
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _scalar(value: str):
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value) if "\n" in value else value


def _set(entry, key: str, value: str) -> None:
    """Set a text field, keeping its formatting when the text did not really change."""
    old = entry.get(key)
    if not value:
        if key in entry:
            del entry[key]
    elif old is None or wbc.clean(str(old)) != wbc.clean(value):
        entry[key] = _scalar(value)


def _take_trailing_blank(previous, entry) -> None:
    """Keep the blank line that closed the list after the new last item: ruamel keeps it as
    a comment of the previous item's last key."""
    if previous is None or not hasattr(previous, "ca") or not len(previous):
        return
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    last = list(previous)[-1]
    comment = previous.ca.items.pop(last, None)
    if comment is None or len(comment) < 3 or comment[2] is None:
        return
    if isinstance(previous[last], (FoldedScalarString, LiteralScalarString)):
        # a block scalar ends its own line: its comment holds one newline less
        comment[2].value = "\n" + comment[2].value
    entry.ca.items[list(entry)[-1]] = comment


def _source_map(source: Source, CommentedMap):
    entry = CommentedMap()
    entry["id"] = source.id
    entry["title"] = source.title
    if source.document:
        entry["document"] = source.document
    entry["date"] = source.date
    return entry


def _citations(entry, change, CommentedMap, CommentedSeq) -> None:
    """Edit the citations list in place, so untouched citations keep their formatting."""
    wanted = change.after.citations
    if not wanted:
        if "citations" in entry:
            del entry["citations"]
        return
    seq = entry.get("citations")
    if not isinstance(seq, CommentedSeq):
        seq = entry["citations"] = CommentedSeq()
    for i, citation in enumerate(wanted):
        if i < len(seq) and isinstance(seq[i], CommentedMap):
            item = seq[i]
        else:
            item = CommentedMap()
            if i < len(seq):
                seq[i] = item
            else:
                seq.append(item)
        _set(item, "instrument", citation.instrument)
        for key in wbc.CITATION_FIELDS:
            _set(item, key, getattr(citation, key))
    while len(seq) > len(wanted):
        del seq[len(wanted)]
