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
    def written(self) -> bool:
        """The answers went (or, in a dry run, would go) into the file."""
        return self.outcome in ("imported", "would import")

    @property
    def standards_changed(self) -> int:
        return len(self.plan.standards) if self.plan and self.written else 0

    @property
    def instruments_added(self) -> int:
        return len(self.plan.added_instruments) if self.plan and self.written else 0

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
    debug: bool = False,
) -> ImportResult:
    """Import one workbook; the result says what happened and why, nothing is raised.
    `debug` adds the technical cause of a refusal to its message."""
    from safe_map.answers import read_answers
    from safe_map.files import WriteError, locked
    from safe_map.xlsxread import WorkbookRefused

    shown = str(path)
    try:
        answers = read_answers(path)
    except WorkbookRefused as err:
        detail = getattr(err, "detail", "")
        return _refused(
            shown,
            str(err),
            [f"{shown}: {err}"] + ([f"    detail: {detail}"] if debug and detail else []),
        )
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
    if not name or not name.isprintable() or len(name) > 100:
        return _refused(
            shown,
            "the workbook's country name is damaged",
            [
                f"{shown}: the hidden sheet's country name ('{_printable(name)}') has been "
                "changed: export a new questionnaire"
            ],
        )
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
    except WriteError as err:  # already one sentence naming the file
        return _refused(shown, "the country file cannot be written", [f"{shown}: {err}"])
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
    return ImportResult(shown, "refused", _short(reason), messages=messages, **extra)


def _short(reason: str) -> str:
    """A refusal's reason as the summary table shows it: its first clause."""
    first = reason.split(": ")[0]
    return first if len(first) <= 70 else first[:69] + "…"


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:80]


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
    from safe_map.checks.country import check_country
    from safe_map.countries import load_country
    from safe_map.iso3166 import code_for_name, name_of
    from safe_map.scaffold import file_stem

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
        if code_for_name(name) != iso:
            # The name becomes the new file's name and heading: it must be the country's.
            return _refused(
                shown,
                f"the workbook's country does not match {iso}",
                [
                    f"{shown}: the workbook names its country '{_printable(name)}', which is not "
                    f"the country of the ISO code {iso} ({name_of(iso)}): export a new "
                    f"questionnaire (`safe-map export {iso}`)"
                ],
            )
        stem = file_stem(name, iso)
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
        from safe_map.scaffold import country_file, schema_line

        assert plan.source is not None  # a change always comes with its source
        text = country_file(name, iso, framework, plan.source, schema_line(repo.root))
    else:
        from safe_map.yamlsource import read_text

        # Read as check reads it: a regular file inside the data folder, within the size bound.
        read, problems = read_text(target, _in_repo(repo, target))
        if read is None:
            return _refused(shown, f"{result.target} cannot be read", [str(p) for p in problems])
        text = read
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

    safe-map's own regional, comparison and plan workbooks hold nothing to lose; a questionnaire
    holding answers not yet imported does, and so may any other file."""
    from safe_map.answers import NotAQuestionnaire, read_answers
    from safe_map.countries import load_country
    from safe_map.xlsxread import WorkbookRefused

    try:
        answers = read_answers(path)
    except NotAQuestionnaire as err:
        if err.kind in ("regional", "comparison", "plan"):
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
    filled = answers.response
    recorded = current is not None and any(
        s.date == filled.get("date") and filled.get("administration", "") in s.title
        for s in current.sources
    )
    response = [k for k, v in filled.items() if v] if not recorded else []
    if not pending and not plan.problems and not response:
        return None
    if pending:
        what = wbc.joined(pending)
    elif plan.problems:
        what = "answers that cannot be imported yet"
    else:
        what = "a filled-in response block"
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
        if not isinstance(sources, CommentedSeq):
            sources = data["sources"] = CommentedSeq()
        if not any(isinstance(s, dict) and s.get("id") == source_id for s in sources):
            trailing = _pop_trailing(sources)
            sources.append(_source_map(plan.source, CommentedMap))
            _put_trailing(sources, trailing)
    if plan.instruments:
        instruments = data.get("instruments")
        if not isinstance(instruments, CommentedMap):
            instruments = data["instruments"] = CommentedMap()
        instruments.fa.set_block_style()
        trailing = _pop_trailing(instruments)
        for change in plan.instruments:
            entry = instruments.get(change.id)
            if entry is None:
                entry = instruments[change.id] = CommentedMap()
            for key in wbc.INSTRUMENT_FIELDS:
                _set(entry, key, getattr(change.after, key))
            if source_id:
                entry["source"] = source_id
        _put_trailing(instruments, trailing)
    assessments = data.get("assessments")
    if not isinstance(assessments, CommentedMap):
        assessments = data["assessments"] = CommentedMap()
    for change in plan.standards:
        entry = assessments.get(change.standard_id)
        if not isinstance(entry, CommentedMap):
            entry = assessments[change.standard_id] = CommentedMap()
        # The blank line or the next pillar's comment that follows the entry stays after it.
        trailing = _pop_trailing(entry)
        _insert(entry, "status", change.after.status)
        _set(entry, "notes", change.after.notes)
        _citations(entry, change, CommentedMap, CommentedSeq)
        if source_id:
            _insert(entry, "source", source_id)
        _put_trailing(entry, trailing)
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
    elif old is None:
        _insert(entry, key, _scalar(value))
    elif wbc.clean(str(old)) != wbc.clean(value):
        entry[key] = _scalar(value)


def _last_leaf(node):
    """The innermost last (container, key) of a YAML node: where ruamel keeps the comment that
    follows the node (a blank line, the next section's comment)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node)[-1]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
        else:
            return None
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            node = value
            continue
        return node, key


def _is_block(value) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def _pop_trailing(node):
    """Take the comment that follows `node` off its last line, to be put back after edits."""
    leaf = _last_leaf(node)
    if leaf is None:
        return None
    container, key = leaf
    comment = container.ca.items.get(key)
    if not comment or len(comment) < 3 or comment[2] is None:
        return None
    token = comment[2]
    comment[2] = None
    if not any(comment):
        del container.ca.items[key]
    if _is_block(container[key]):
        token.value = "\n" + token.value  # a block scalar ends its own line
    return token


def _put_trailing(node, token) -> None:
    if token is None:
        return
    leaf = _last_leaf(node)
    if leaf is None:
        return
    container, key = leaf
    if _is_block(container[key]) and token.value.startswith("\n"):
        token.value = token.value[1:]
    comment = container.ca.items.setdefault(key, [None, None, None, None])
    while len(comment) < 4:
        comment.append(None)
    comment[2] = token


def _source_map(source: Source, CommentedMap):
    entry = CommentedMap()
    entry["id"] = source.id
    entry["title"] = source.title
    if source.document:
        entry["document"] = source.document
    entry["date"] = source.date
    return entry


def _citations(entry, change, CommentedMap, CommentedSeq) -> None:
    """Edit the citations list in place: the file's citations that remain keep their order and
    formatting, the removed ones go, the new ones come last in the workbook's order."""
    wanted = [c.key() for c in change.after.citations]
    if not wanted:
        if "citations" in entry:
            del entry["citations"]
        return
    seq = entry.get("citations")
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        _insert(entry, "citations", seq)
    remaining = list(wanted)
    for i in range(len(seq) - 1, -1, -1):
        item = seq[i]
        key = _item_key(item)
        if key in remaining:
            remaining.remove(key)
        else:
            del seq[i]
    for citation in change.after.citations:
        if citation.key() in remaining:
            remaining.remove(citation.key())
            item = CommentedMap()
            item["instrument"] = citation.instrument
            for field_name in wbc.CITATION_FIELDS:
                value = getattr(citation, field_name)
                if value:
                    item[field_name] = _scalar(value)
            seq.append(item)


def _item_key(item) -> tuple[str, ...] | None:
    from safe_map.workbook import CitationState

    if not isinstance(item, dict):
        return None
    return CitationState(
        str(item.get("instrument", "")),
        *(str(item.get(f, "")) for f in wbc.CITATION_FIELDS),
    ).key()


# The order keys of an assessment take when the import adds them.
_ASSESSMENT_ORDER = ("status", "citations", "notes", "source_title", "target_date", "source")


def _insert(entry, key: str, value) -> None:
    """Add `key` to an assessment where the format's order puts it, not at the end."""
    if key in entry:
        entry[key] = value
        return
    rank = _ASSESSMENT_ORDER.index(key) if key in _ASSESSMENT_ORDER else len(_ASSESSMENT_ORDER)
    position = len(entry)
    for i, existing in enumerate(entry):
        if existing in _ASSESSMENT_ORDER and _ASSESSMENT_ORDER.index(existing) > rank:
            position = i
            break
    entry.insert(position, key, value)
