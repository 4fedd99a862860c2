"""The data format, declared once.

The same declarations drive the structural validator (which reports with file, line and
column) and the JSON Schemas shipped for editors (`safe-map schema`), so the two cannot drift.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union

from safe_map.diagnostics import EXCERPT, Diagnostic, excerpt
from safe_map.yamlsource import Mapping, Node, Scalar, Sequence, describe, is_bare_year

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# ISO 8601 calendar dates: a year, a month, a day, or an interval of two such (2024-08-15/2024-08-16).
_DATE = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
DATE_PATTERN = rf"^{_DATE}(/{_DATE})?$"
STATUSES = ("yes", "partial", "no", "planned", "not-assessed", "not-applicable")

# What an editor shows for a date (on hover, and when the form is wrong) instead of the pattern.
# A pattern cannot know calendars: the editor takes 2024-02-30; `safe-map check` does not (S005).
DATE_HELP = (
    "A date like 2024-08-15; 2024-08 or 2024 when only the month or the year is known; a "
    "period as 2024-08-15/2024-08-16. The editor checks the form only, and takes a day that "
    "does not exist, such as 2024-02-30: safe-map check finds those."
)
DATE_ERROR = (
    "Write a date like 2024-08-15 (or 2024-08, or 2024, or a period such as 2024-08-15/2024-08-16)."
)
STATUS_ERROR = (
    "Write one of: " + ", ".join(STATUSES) + ". If the editor refuses yes or no, it reads the "
    "file as YAML 1.1, where they mean true and false: set it to YAML 1.2 "
    '("yaml.yamlVersion": "1.2"), as docs/data-format.md says.'
)


# The kinds of value, as named tuples: immutable like frozen dataclasses, and much cheaper to
# define at start-up, which a pre-commit hook pays on every commit.


class Text(NamedTuple):
    description: str = ""
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    kind: str = "text"  # text | id | date | status ... (used in messages)
    error: str = ""  # what an editor says of a wrong value (the schema's errorMessage)


class Integer(NamedTuple):
    description: str = ""
    minimum: int | None = None


class Boolean(NamedTuple):
    description: str = ""


class ListOf(NamedTuple):
    item: Spec
    description: str = ""


class Obj(NamedTuple):
    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    description: str = ""
    name: str = "mapping"


class MapOf(NamedTuple):
    """A mapping whose keys are ids chosen by the user (instrument ids, standard ids)."""

    value: Spec
    key_pattern: str = ID_PATTERN
    description: str = ""
    key_kind: str = "id"


Spec = Union[Text, Integer, Boolean, ListOf, Obj, MapOf]

TEXT = Text()
ID = Text(pattern=ID_PATTERN, kind="id")
DATE = Text(DATE_HELP, DATE_PATTERN, kind="date", error=DATE_ERROR)


def _date(what: str) -> Text:
    """A date field: what it is the date of, then how to write a date."""
    return Text(f"{what} {DATE_HELP}", DATE_PATTERN, kind="date", error=DATE_ERROR)


SOURCE = Obj(
    name="source",
    fields={
        "id": ID,
        "title": TEXT,
        "publisher": Text("Who published it: an administration, a newspaper, a website."),
        "event": TEXT,
        "place": TEXT,
        "date": _date("The date the source gives: when it was issued, or the event held."),
        "accessed": _date("When a web page that gives no date was read."),
        "document": TEXT,
        "url": TEXT,
        "notes": Text("How far to trust it, e.g. that it is a secondary source."),
    },
    required=("id", "title"),  # a date or accessed, and where to find it: check's C016
)

FACT = Obj(
    name="fact",
    fields={
        "text": Text("The fact, in a sentence."),
        "date": _date("When it happened or was true."),
        "source": Text(
            "Id of the source that says it (else the block's source).", ID_PATTERN, kind="id"
        ),
        "note": Text("An inference or a doubt."),
    },
    required=("text",),
)

LEVELS = ("within-government", "between-governments")

# --- the catalogue: standards/*.yaml -------------------------------------------------------

STANDARD = Obj(
    name="standard",
    fields={
        "id": Text("Stable id that country files use, e.g. p1-s4.", ID_PATTERN, kind="id"),
        "number": Integer("Number within its pillar, from 1.", minimum=1),
        "title": Text("The standard's title, without words of ours."),
        "title_checked": Boolean(
            "Whether this title was checked against the framework's own text (overrides the "
            "framework's titles_checked)."
        ),
        "level": Text(
            "At which level the standard works: " + ", ".join(LEVELS) + ".",
            enum=LEVELS,
            kind="level",
        ),
        "level_inferred": Boolean("The level is our reading, not the framework's words."),
        "summary": Text("What the standard asks, in our own words."),
        "remedy": Text("What an administration that does not meet it should do."),
        "specifications": ListOf(TEXT, "Headings of the standard's technical specifications."),
        "notes": TEXT,
    },
    required=("id", "number", "title", "summary", "remedy"),
)

PILLAR = Obj(
    name="pillar",
    fields={
        "number": Integer("Pillar number, from 1.", minimum=1),
        "name": Text("Official name of the pillar."),
        "summary": TEXT,
        "standards": ListOf(STANDARD),
    },
    required=("number", "name", "standards"),
)

FRAMEWORK = Obj(
    name="framework",
    fields={
        "id": Text("Id that country files name in 'framework:'.", ID_PATTERN, kind="id"),
        "title": TEXT,
        "short_title": TEXT,
        "publisher": TEXT,
        "edition": TEXT,
        "date": _date("The date of this edition."),
        "status": Text(enum=("current", "superseded", "draft"), kind="status"),
        "titles_checked": Boolean(
            "Whether the titles were checked against the framework's own text."
        ),
        "sources": ListOf(SOURCE, "Where the catalogue's facts come from."),
        "notes": TEXT,
    },
    required=("id", "title", "publisher", "edition"),
)

CATALOGUE = Obj(
    name="catalogue",
    description="A framework of standards (safe-map catalogue).",
    fields={"framework": FRAMEWORK, "pillars": ListOf(PILLAR)},
    required=("framework", "pillars"),
)

# --- a country: countries/*.yaml -----------------------------------------------------------

# The kinds of legal instrument (also the Kind drop-down of the questionnaire's Instruments).
INSTRUMENT_KINDS = (
    "law",
    "code",
    "regulation",
    "decree",
    "directive",
    "order",
    "agreement",
    "other",
)

INSTRUMENT = Obj(
    name="instrument",
    fields={
        "title": Text("The name a reader knows it by, e.g. 'Customs Law of Mongolia'."),
        "kind": Text(enum=INSTRUMENT_KINDS, kind="instrument kind"),
        "number": TEXT,
        "date": _date("The date of the instrument."),
        "issuer": TEXT,
        "notes": TEXT,
        "source": ID,
    },
    required=("title",),
)

CITATION = Obj(
    name="citation",
    fields={
        "instrument": Text(
            "Id of an instrument defined under 'instruments:'.", ID_PATTERN, kind="id"
        ),
        "provision": Text("Article, provision or paragraph, e.g. 'Article 272'."),
        "heading": TEXT,
        "excerpt": Text("The words of the source, quoted."),
        "note": TEXT,
    },
    required=("instrument",),
)

ASSESSMENT = Obj(
    name="assessment",
    fields={
        "status": Text(
            "One of: " + ", ".join(STATUSES) + ".", enum=STATUSES, kind="status", error=STATUS_ERROR
        ),
        "citations": ListOf(CITATION),
        "notes": TEXT,
        "source_title": Text("The standard's title as the source wrote it, if it differs."),
        "target_date": _date("When the work planned is due; it may lie in the future."),
        "source": ID,
    },
    required=("status",),
)

RECOMMENDATION = Obj(
    name="recommendation",
    fields={"text": TEXT, "source": ID, "pillar": Integer(minimum=1), "note": TEXT},
    required=("text",),
)

PROGRAMME_STATUSES = ("operational", "pilot", "in-development", "none-found", "unknown")
MRA_STATES = ("under-negotiation", "signed", "in-force", "suspended", "reported")

PROGRAMME = Obj(
    name="programme",
    fields={
        "source": Text(
            "Id of the source of every fact here that names none of its own.",
            ID_PATTERN,
            kind="id",
        ),
        "status": Text(
            "One of: " + ", ".join(PROGRAMME_STATUSES) + ". none-found: the sources at hand "
            "found no programme.",
            enum=PROGRAMME_STATUSES,
            kind="programme status",
        ),
        "status_source": Text(
            "Id of the source of the status, when it is not the programme's source.",
            ID_PATTERN,
            kind="id",
        ),
        "as_of": _date("When a source reported that status."),
        "since": _date("When the programme started, or took its first applications."),
        "since_source": Text(
            "Id of the source of 'since', when it is not the programme's source.",
            ID_PATTERN,
            kind="id",
        ),
        "authority": Text("The administration that runs it."),
        "authority_source": Text(
            "Id of the source of 'authority', when it is not the programme's source.",
            ID_PATTERN,
            kind="id",
        ),
        "legal_basis": ListOf(CITATION, "The instruments the programme rests on."),
        "responsible_unit": TEXT,
        "staff": Integer(minimum=0),
        "self_assessment_questionnaire": Boolean("A self-assessment questionnaire is in use."),
        "validation_procedures": Boolean("Evaluation and validation procedures are in place."),
        "paperless_trade_measures": ListOf(TEXT),
        "facts": ListOf(FACT, "Dated facts, each with its source."),
        "notes": TEXT,
    },
)

MRA = Obj(
    name="mutual recognition arrangement",
    fields={
        "partner": Text(
            "ISO 3166-1 alpha-2 code of the partner, EU, or the id of a group under groups/.",
            r"^([A-Z]{2}|[a-z0-9][a-z0-9-]*)$",
            kind="partner",
        ),
        "partner_name": Text("The partner's name, for a partner that is not a country."),
        "state": Text(
            "One of: " + ", ".join(MRA_STATES) + ". reported: a source says the two recognise "
            "each other, not whether it is signed or in force.",
            enum=MRA_STATES,
            kind="state",
        ),
        "signed": _date("When it was signed."),
        "in_force": _date("When it entered into force."),
        "reported": _date("When a source reported it."),
        "source": ID,
        "notes": TEXT,
    },
    required=("partner", "state"),
)

COUNTRY = Obj(
    name="country file",
    description="One country's legal basis mapped against a framework (safe-map country file).",
    fields={
        "country": Obj(
            name="country",
            fields={
                "name": TEXT,
                "iso": Text("ISO 3166-1 alpha-2 code.", r"^[A-Z]{2}$", kind="ISO code"),
            },
            required=("name", "iso"),
        ),
        "framework": Text("Id of the framework in standards/.", ID_PATTERN, kind="id"),
        "sources": ListOf(SOURCE),
        "instruments": MapOf(INSTRUMENT),
        "assessments": MapOf(ASSESSMENT),
        "recommendations": ListOf(RECOMMENDATION),
        "programme": PROGRAMME,
        "mras": ListOf(MRA, "Mutual recognition arrangements of the AEO programme."),
        "notes": TEXT,
    },
    required=("country", "framework"),  # sources: check's C014 asks for one with the first fact
)

GROUP = Obj(
    name="group",
    description="A group of countries, e.g. the members of a regional programme.",
    fields={
        "id": ID,
        "name": TEXT,
        "members": ListOf(Text("ISO 3166-1 alpha-2 code.", r"^[A-Z]{2}$", kind="ISO code")),
        "source": Text("Where the membership comes from: a source id, or a text."),
        "sources": ListOf(SOURCE),
        "facts": ListOf(FACT, "The group's own facts: surveys, workshops, meetings."),
        "notes": TEXT,
    },
    required=("id", "name", "members"),
)

TASK_STATUSES = ("complete", "in-progress", "pending")
ISO = Text("ISO 3166-1 alpha-2 code.", r"^[A-Z]{2}$", kind="ISO code")

EVENT = Obj(
    name="event",
    fields={"text": TEXT, "date": _date("When it happened."), "note": TEXT},
    required=("text",),
)

PLAN = Obj(
    name="work plan",
    description="A work plan between two programmes (safe-map plan file).",
    fields={
        "id": Text("The plan's id; the file is named after it.", ID_PATTERN, kind="id"),
        "title": TEXT,
        "kind": Text(
            "domestic (two programmes of one country) or international (towards an MRA).",
            enum=("domestic", "international"),
            kind="plan kind",
        ),
        "parties": ListOf(
            Obj(
                name="party",
                fields={"country": ISO, "programme": TEXT, "authority": TEXT, "notes": TEXT},
                required=("country", "programme"),
            ),
            "The programmes the plan brings together.",
        ),
        "objectives": ListOf(TEXT),
        "points": ListOf(
            Obj(
                name="point",
                fields={
                    "point": Text("What is compared, e.g. Legal framework."),
                    "status": Text(enum=TASK_STATUSES, kind="status"),
                    "notes": TEXT,
                },
                required=("point",),
            ),
            "The points the parties compare.",
        ),
        "tasks": ListOf(
            Obj(
                name="task",
                fields={
                    "number": Integer(minimum=1),
                    "title": TEXT,
                    "description": TEXT,
                    "status": Text(
                        "One of: " + ", ".join(TASK_STATUSES) + ".",
                        enum=TASK_STATUSES,
                        kind="status",
                    ),
                    "date": _date("When it was done, or is due."),
                    "events": ListOf(EVENT),
                    "notes": TEXT,
                },
                required=("title", "status"),
            )
        ),
        "next_steps": ListOf(TEXT),
        "source": ID,
        "sources": ListOf(SOURCE),
        "notes": TEXT,
    },
    required=("id", "title", "kind", "parties", "tasks", "source"),
)

# --- the validator -------------------------------------------------------------------------


def validate(node: Node, spec: Spec, where: str = "") -> list[Diagnostic]:
    out: list[Diagnostic] = []
    _check(node, spec, where, out)
    return out


def _part(key: str) -> str:
    """A key as the path to a value shows it: an excerpt of a long or unprintable one."""
    return key if len(key) <= EXCERPT and key.isprintable() else excerpt(key)


def _label(where: str) -> str:
    return f"'{where}'" if where else "the file"


def _check(node: Node, spec: Spec, where: str, out: list[Diagnostic]) -> None:
    if isinstance(spec, Obj):
        if not isinstance(node, Mapping):
            out.append(
                node.mark.diagnostic(
                    "S003",
                    f"{_label(where)} should be a mapping of "
                    f"key: value lines, found {describe(node)}",
                )
            )
            return
        for key, value in node.pairs:
            child = f"{where}.{_part(key.text)}" if where else _part(key.text)
            if key.text not in spec.fields:
                out.append(key.mark.diagnostic("S001", _unknown_key(key.text, spec, where)))
                continue
            _check(value, spec.fields[key.text], child, out)
        present = set(node.keys())
        for key in spec.required:
            if key not in present:
                out.append(
                    node.mark.diagnostic(
                        "S002",
                        f"{_label(where)} lacks the required key '{key}': add '{key}:'"
                        f" to this {spec.name}",
                    )
                )
    elif isinstance(spec, MapOf):
        if not isinstance(node, Mapping):
            out.append(
                node.mark.diagnostic(
                    "S003",
                    f"{_label(where)} should be a mapping of id: entries, found {describe(node)}",
                )
            )
            return
        for key, value in node.pairs:
            if not re.match(spec.key_pattern, key.text):
                out.append(key.mark.diagnostic("S006", _bad_id(key.text)))
            _check(value, spec.value, f"{where}.{_part(key.text)}", out)
    elif isinstance(spec, ListOf):
        if not isinstance(node, Sequence):
            out.append(
                node.mark.diagnostic(
                    "S003", f"{_label(where)} should be a list ('- ' items), found {describe(node)}"
                )
            )
            return
        for i, item in enumerate(node.items):
            _check(item, spec.item, f"{where}[{i + 1}]", out)
    elif isinstance(spec, Text):
        _check_text(node, spec, where, out)
    elif isinstance(spec, Integer):
        if not isinstance(node, Scalar) or node.kind != "int":
            out.append(
                node.mark.diagnostic(
                    "S003", f"{_label(where)} should be a whole number, found {describe(node)}"
                )
            )
        elif spec.minimum is not None and int(node.text, 0) < spec.minimum:
            out.append(
                node.mark.diagnostic(
                    "S004",
                    f"{_label(where)} should be {spec.minimum} or more, found {excerpt(node.text)}",
                )
            )
    elif isinstance(spec, Boolean):
        if not isinstance(node, Scalar) or node.kind != "bool":
            out.append(
                node.mark.diagnostic(
                    "S003", f"{_label(where)} should be true or false, found {describe(node)}"
                )
            )


def _check_text(node: Node, spec: Text, where: str, out: list[Diagnostic]) -> None:
    if spec.kind == "date" and is_bare_year(node):
        return  # `date: 2021`: YAML reads a number, docs/data-format.md a year
    if not isinstance(node, Scalar) or node.kind != "str":
        hint = ""
        if isinstance(node, Scalar) and node.kind in ("int", "float", "bool"):
            hint = f': put it in quotes ("{excerpt(node.text)}")'
        elif isinstance(node, Scalar) and node.kind == "null":
            hint = ": fill it in or remove the key"
        out.append(
            node.mark.diagnostic(
                "S003", f"{_label(where)} should be {spec.kind}, found {describe(node)}{hint}"
            )
        )
        return
    value = node.text
    if spec.enum is not None and value not in spec.enum:
        close = [e for e in spec.enum if e.lower() == value.strip().lower()]
        hint = f"write '{close[0]}'" if close else "use one of: " + ", ".join(spec.enum)
        out.append(
            node.mark.diagnostic(
                "S004",
                f"'{excerpt(value)}' is not a valid {spec.kind} for {_label(where)}: {hint}",
            )
        )
    elif spec.pattern is not None and not re.match(spec.pattern, value):
        if spec.kind == "date":
            out.append(
                node.mark.diagnostic(
                    "S005",
                    f"'{excerpt(value)}' is not an ISO date: write YYYY-MM-DD, YYYY-MM or YYYY "
                    "(or a range such as 2024-08-15/2024-08-16)",
                )
            )
        elif spec.kind == "id":
            out.append(node.mark.diagnostic("S006", _bad_id(value)))
        else:
            out.append(
                node.mark.diagnostic(
                    "S004",
                    f"'{excerpt(value)}' is not a valid {spec.kind} for {_label(where)}"
                    + (": write two capital letters, e.g. MN" if spec.kind == "ISO code" else ""),
                )
            )
    elif not value.strip():
        out.append(
            node.mark.diagnostic("S003", f"{_label(where)} is empty: fill it in or remove the key")
        )


def _bad_id(value: str) -> str:
    suggestion = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "my-id"
    return (
        f"'{excerpt(value)}' is not a valid id: use lower-case letters, digits and hyphens "
        f"(e.g. '{excerpt(suggestion)}')"
    )


def _unknown_key(key: str, spec: Obj, where: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(spec.fields), n=1, cutoff=0.6)
    allowed = ", ".join(spec.fields)
    if close:
        return f"unknown key '{excerpt(key)}' in {_label(where)}: did you mean '{close[0]}'?"
    return f"unknown key '{excerpt(key)}' in {_label(where)}: allowed keys are {allowed}"


# --- JSON Schema (draft-07) for editors ----------------------------------------------------


def json_schema(spec: Spec, title: str, schema_id: str) -> dict:
    doc = {"$schema": "http://json-schema.org/draft-07/schema#", "$id": schema_id, "title": title}
    doc.update(_to_json(spec))
    return doc


def _to_json(spec: Spec) -> dict:
    out: dict = {}
    if getattr(spec, "description", ""):
        out["description"] = spec.description
    if isinstance(spec, Obj):
        out.update(
            type="object",
            additionalProperties=False,
            properties={k: _to_json(v) for k, v in spec.fields.items()},
        )
        if spec.required:
            out["required"] = list(spec.required)
    elif isinstance(spec, MapOf):
        out.update(
            type="object",
            propertyNames={"pattern": spec.key_pattern},
            additionalProperties=_to_json(spec.value),
        )
    elif isinstance(spec, ListOf):
        out.update(type="array", items=_to_json(spec.item))
    elif isinstance(spec, Text) and spec.kind == "date":
        # Editors show the description on hover (the YAML language server prefers the Markdown
        # one) and errorMessage / patternErrorMessage in place of "does not match the pattern".
        out["markdownDescription"] = _markdown(spec.description)
        text = {"type": "string", "pattern": spec.pattern}
        if spec.error:
            text.update(errorMessage=spec.error, patternErrorMessage=spec.error)
        # A bare year (2021) is read by YAML as a number: a date all the same.
        year = {"type": "integer", "minimum": 1000, "maximum": 9999}
        out["anyOf"] = [text, year]
    elif isinstance(spec, Text):
        if spec.error:
            out["errorMessage"] = spec.error
        out["type"] = "string"
        if spec.enum is not None:
            out["enum"] = list(spec.enum)
        elif spec.pattern is not None:
            out["pattern"] = spec.pattern
        else:
            out["pattern"] = r"\S"  # not empty or blank, as the validator requires
    elif isinstance(spec, Integer):
        out["type"] = "integer"
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
    elif isinstance(spec, Boolean):
        out["type"] = "boolean"
    return out


_DATES = re.compile(r"\b[0-9]{4}(?:-[0-9]{2}){0,2}(?:/[0-9]{4}(?:-[0-9]{2}){0,2})?\b")


def _markdown(text: str) -> str:
    """A description as Markdown: dates and commands as code."""
    text = _DATES.sub(lambda m: f"`{m.group()}`", text)
    return text.replace("safe-map check", "`safe-map check`")


SCHEMAS = {"catalogue": CATALOGUE, "country": COUNTRY, "group": GROUP, "plan": PLAN}
SCHEMA_BASE = "urn:safe-map:schema:"


def schema_document(name: str) -> dict:
    spec = SCHEMAS[name]
    title = {"catalogue": "safe-map catalogue", "country": "safe-map country file"}.get(
        name, f"safe-map {name}"
    )
    return json_schema(spec, title, f"{SCHEMA_BASE}{name}.schema.json")
