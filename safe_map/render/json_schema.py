"""The JSON Schemas (draft-07) of every `--format json` output, declared once.

`safe-map schema NAME` prints them and safe_map/schemas/output/NAME.schema.json ships them
(`make schemas` writes the files; a test fails when a file and this module disagree, and
another validates each command's real output against its schema). docs/json.md documents
the shapes and what a format_version promises.

Every object is closed (`additionalProperties: false`) and lists every field as required:
a schema describes exactly the output of the safe-map that prints it. Programs that read the
JSON should ignore fields they do not know, since a minor version may add some.
"""

from __future__ import annotations

from safe_map.analysis import READINESS
from safe_map.model import Status
from safe_map.render import diagnostics, text

SCHEMA_BASE = "urn:safe-map:schema:output:"
STATUSES = [s.value for s in Status]
ISO_PATTERN = r"^[A-Z]{2}$"

# --- small builders --------------------------------------------------------------------------


def obj(description: str, **fields: dict) -> dict:
    """A closed object whose fields are all present."""
    return {
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": list(fields),
        "properties": fields,
    }


def array(items: dict, description: str) -> dict:
    return {"description": description, "type": "array", "items": items}


def string(description: str, **more: object) -> dict:
    return {"description": description, "type": "string", **more}


def integer(description: str, minimum: int = 0) -> dict:
    return {"description": description, "type": "integer", "minimum": minimum}


def boolean(description: str) -> dict:
    return {"description": description, "type": "boolean"}


def nullable(schema: dict) -> dict:
    """`schema`, or null: the type becomes a list and an enum gains null."""
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def version(number: int) -> dict:
    return {
        "description": "The version of this JSON shape: it changes only when a field is removed, "
        "renamed, or changes type or meaning (docs/json.md).",
        "type": "integer",
        "const": number,
    }


def status(description: str, among: list[str] | None = None) -> dict:
    return string(description, enum=among or STATUSES)


# --- shared pieces ---------------------------------------------------------------------------

PILLAR = integer("Pillar number, from 1.", 1)
NUMBER = integer("Number of the standard within its pillar, from 1.", 1)
STANDARD_ID = string("The standard's stable id in the catalogue, e.g. p1-s4.")
TITLE = string("The standard's official title.")
CITATIONS = array(
    string("One legal basis, e.g. 'Customs Law of Mongolia, Provision 33'."),
    "The legal bases cited, as display strings, in the file's order.",
)
SCORE = {
    "description": "(yes + ½ partial) / (yes + partial + no + planned), from 0 to 1, rounded to "
    "4 places; null when nothing is scored (every standard not assessed or not applicable).",
    "type": ["number", "null"],
    "minimum": 0,
    "maximum": 1,
}


def tally_fields() -> dict:
    """counts, met, total and score: one pillar's or the whole framework's tally."""
    return {
        "counts": obj(
            "How many standards have each status.",
            **{s: integer(f"Standards with status {s}.") for s in STATUSES},
        ),
        "met": integer("Standards with status yes."),
        "total": integer("All the standards counted, whatever their status."),
        "score": SCORE,
    }


def tally(description: str) -> dict:
    return obj(description, **tally_fields())


def country(description: str, with_file: bool = False) -> dict:
    fields = {
        "name": string("The country's name, as its file gives it."),
        "iso": string("ISO 3166-1 alpha-2 code.", pattern=ISO_PATTERN),
    }
    if with_file:
        fields["file"] = string(
            "The country file, relative to the data folder with '/' (countries/mongolia.yaml), "
            "however the data folder was found."
        )
    return obj(description, **fields)


FRAMEWORK_ID = string("Id of the framework (catalogue), e.g. safe-2021.")
EDITION = string("The framework's edition, e.g. 2021.")

# --- one schema per command ------------------------------------------------------------------


def assess() -> dict:
    return obj(
        "`safe-map assess COUNTRY --format json`: a country's compliance matrix, summary and "
        "recommendations.",
        format_version=version(text.JSON_FORMAT_VERSION),
        tool=obj(
            "The program that wrote this.",
            name={"description": "Always safe-map.", "type": "string", "const": "safe-map"},
            version=string("safe-map's version."),
        ),
        country=country("The country assessed.", with_file=True),
        framework=obj(
            "The framework the country is mapped against.",
            id=FRAMEWORK_ID,
            title=string("The framework's full title."),
            edition=EDITION,
        ),
        sources=array(
            obj(
                "A source of the mapping (a meeting, a report).",
                id=string("The source's id in the country file."),
                title=string("The source's title."),
                date=string(
                    "When, as an ISO 8601 date or interval (2024-08-15/2024-08-16); '' if none."
                ),
                place=string("Where, e.g. 'Astana, Kazakhstan'; '' if not given."),
            ),
            "The sources the country file names, in its order.",
        ),
        standards=array(
            obj(
                "A standard and how the country meets it.",
                pillar=PILLAR,
                number=NUMBER,
                id=STANDARD_ID,
                title=TITLE,
                status=status("How far the country's legal basis implements the standard."),
                target_date=nullable(
                    string(
                        "When planned work is due, as the file gives it (an ISO 8601 date); "
                        "null when the file gives none."
                    )
                ),
                citations=CITATIONS,
                notes=string(
                    "The assessment's notes, then each citation's note; '' when there are none."
                ),
            ),
            "The standards shown (all, those of --pillar, or the gaps with --gaps), in "
            "framework order.",
        ),
        summary=obj(
            "Counts and scores, per pillar shown and overall.",
            pillars=array(
                obj(
                    "One pillar's tally.",
                    pillar=PILLAR,
                    name=string("The pillar's name."),
                    **tally_fields(),
                ),
                "The pillars shown, in order.",
            ),
            overall=tally("The tally over the pillars shown."),
        ),
        recommendations=obj(
            "What to do next.",
            gaps=array(
                obj(
                    "A standard not met, with the catalogue's remedy.",
                    pillar=PILLAR,
                    number=NUMBER,
                    id=STANDARD_ID,
                    title=TITLE,
                    status=status("Why it is a gap.", [s.value for s in Status if s.is_gap]),
                    remedy=string("What an administration that does not meet it should do."),
                ),
                "Every standard shown that is partial, no or planned, in framework order.",
            ),
            not_assessed=array(STANDARD_ID, "Ids of the standards shown that nobody has assessed."),
            country=array(
                obj(
                    "A recommendation the country file records.",
                    text=string("The recommendation."),
                    source=string("Id of the source it comes from; '' if not given."),
                ),
                "The country file's own recommendations, in its order.",
            ),
        ),
    )


def check() -> dict:
    return obj(
        "`safe-map check --format json`: every problem found in the data files.",
        format_version=version(diagnostics.JSON_FORMAT_VERSION),
        files_checked=integer("How many files were checked."),
        errors=integer("Diagnostics of severity error (all of them with --strict)."),
        warnings=integer("Diagnostics of severity warning (none with --strict)."),
        diagnostics=array(
            obj(
                "One problem, where it is and what to do (docs/checks.md documents each code).",
                path=string(
                    "The file, relative to the data folder with '/' (countries/mongolia.yaml); "
                    "a file named on the command line outside the data folder: its absolute path."
                ),
                line=integer("Line, from 1.", 1),
                column=integer("Column, from 1.", 1),
                code=string(
                    "The rule's stable code: Y (YAML), S (structure), C (country files), "
                    "F (catalogues), then three digits. New codes may appear in a minor version.",
                    pattern=r"^[A-Z][0-9]{3}$",
                ),
                severity=string(
                    "error fails the check (exit 1); warning does not, unless --strict.",
                    enum=["error", "warning"],
                ),
                message=string("What is wrong and how to fix it, in one sentence."),
            ),
            "The problems, by file, line and column.",
        ),
    )


def standards() -> dict:
    return obj(
        "`safe-map standards --format json`: the standards of one framework, pillar by pillar.",
        format_version=version(text.JSON_FORMAT_VERSION),
        framework=obj(
            "The framework listed.",
            id=FRAMEWORK_ID,
            title=string("The framework's full title."),
            publisher=string("Who publishes it, e.g. the World Customs Organization; '' if none."),
            edition=EDITION,
            date=string("When it was published, as an ISO 8601 date; '' if not given."),
            status=string(
                "current, superseded or draft; '' if the catalogue does not say.",
                enum=["current", "superseded", "draft", ""],
            ),
        ),
        pillars=array(
            obj(
                "One pillar and its standards.",
                number=PILLAR,
                name=string("The pillar's official name."),
                standards=array(
                    obj(
                        "One standard.",
                        id=STANDARD_ID,
                        number=NUMBER,
                        title=TITLE,
                        summary=string("What the standard asks, in the catalogue's words."),
                        remedy=string("What an administration that does not meet it should do."),
                    ),
                    "The pillar's standards, in order.",
                ),
            ),
            "The pillars shown (all, or those of --pillar), in order.",
        ),
    )


def countries() -> dict:
    return obj(
        "`safe-map countries --format json`: every country of the data folder, by name.",
        format_version=version(text.JSON_FORMAT_VERSION),
        countries=array(
            obj(
                "A country with its overall tally.",
                name=string("The country's name, as its file gives it."),
                iso=string("ISO 3166-1 alpha-2 code.", pattern=ISO_PATTERN),
                file=string(
                    "The country file, relative to the data folder with '/' "
                    "(countries/mongolia.yaml)."
                ),
                framework=string("Id of the framework the file names."),
                met=nullable(
                    integer("Standards with status yes; null when the framework is unknown.")
                ),
                total=nullable(
                    integer("Standards of the framework; null when the framework is unknown.")
                ),
                score=SCORE,
            ),
            "The countries whose file could be read, sorted by name.",
        ),
    )


def compare() -> dict:
    side = obj(
        "One side's assessment of the standard.",
        status=status("That side's status."),
        citations=CITATIONS,
    )
    readiness_counts = {
        "both": integer("Standards both sides assessed, that both meet."),
        "only_a": integer("Standards both sides assessed, that only A meets."),
        "only_b": integer("Standards both sides assessed, that only B meets."),
        "neither": integer("Standards both sides assessed, that neither meets."),
        "unknown": integer("Standards at least one side has not assessed."),
        "assessed_by_both": integer(
            "Standards both sides assessed: both + only_a + only_b + neither."
        ),
    }
    assert set(READINESS) <= set(readiness_counts), "a readiness without its count"
    return obj(
        "`safe-map compare A B --format json`: two countries side by side, and their readiness "
        "for mutual recognition.",
        format_version=version(text.COMPARISON_FORMAT_VERSION),
        framework=obj("The framework both are mapped against.", id=FRAMEWORK_ID, edition=EDITION),
        a=country("Country A, the first named."),
        b=country("Country B, the second named."),
        standards=array(
            obj(
                "One standard, both sides, and whether they match.",
                pillar=PILLAR,
                number=NUMBER,
                id=STANDARD_ID,
                title=TITLE,
                a=side,
                b=side,
                agree={
                    "description": "Both sides have the same status; null when one side has not "
                    "assessed the standard.",
                    "type": ["boolean", "null"],
                },
                readiness=string(
                    "both meet it, only_a, only_b, neither, or unknown (a side has not assessed "
                    "it).",
                    enum=list(READINESS),
                ),
            ),
            "The standards compared (all, or those of --pillar), in framework order.",
        ),
        readiness=obj(
            "Readiness counts, per pillar compared and overall.",
            pillars=array(
                obj(
                    "One pillar's readiness counts.",
                    pillar=PILLAR,
                    name=string("The pillar's name."),
                    **readiness_counts,
                ),
                "The pillars compared, in order.",
            ),
            overall=obj("Readiness over the pillars compared.", **readiness_counts),
        ),
    )


def region() -> dict:
    return obj(
        "`safe-map region --format json`: the heat map, standards by countries.",
        format_version=version(text.JSON_FORMAT_VERSION),
        framework=obj(
            "The framework every country is mapped against.", id=FRAMEWORK_ID, edition=EDITION
        ),
        countries=array(
            obj(
                "A country with its overall tally.",
                name=string("The country's name, as its file gives it."),
                iso=string(
                    "ISO 3166-1 alpha-2 code: the key of `standards[].statuses`.",
                    pattern=ISO_PATTERN,
                ),
                **tally_fields(),
            ),
            "The countries shown: those named in the order given, then the others by name.",
        ),
        standards=array(
            obj(
                "One standard and each country's status.",
                id=STANDARD_ID,
                pillar=PILLAR,
                number=NUMBER,
                title=TITLE,
                statuses={
                    "description": "Each country's status, by ISO code (one key per country "
                    "shown).",
                    "type": "object",
                    "propertyNames": {"pattern": ISO_PATTERN},
                    "additionalProperties": status("The country's status."),
                },
            ),
            "Every standard of the framework, in order.",
        ),
    )


def changes() -> dict:
    return obj(
        "`safe-map changes COUNTRY --format json`: what changed in a country's mapping since a "
        "git revision or a date.",
        format_version=version(text.JSON_FORMAT_VERSION),
        country=country("The country."),
        since=string("The revision or date compared with, as given to --since."),
        existed_before=boolean(
            "Whether the country file existed then; if not, every standard counts as "
            "not-assessed before."
        ),
        changes=array(
            obj(
                "A standard whose status or citations changed.",
                id=STANDARD_ID,
                pillar=PILLAR,
                number=NUMBER,
                title=TITLE,
                before=status("Its status then."),
                after=status("Its status now."),
                citations_added=array(string("A legal basis."), "Legal bases cited now, not then."),
                citations_removed=array(
                    string("A legal basis."), "Legal bases cited then, not now."
                ),
            ),
            "The standards that changed, in framework order.",
        ),
        scores=array(
            obj(
                "One pillar's tally then and now, or the overall one.",
                pillar=nullable(integer("Pillar number; null for the overall tally.", 1)),
                before=tally("The tally then."),
                after=tally("The tally now."),
            ),
            "Each pillar's tallies, then the overall tallies (pillar null).",
        ),
    )


# --- the registry ----------------------------------------------------------------------------

OUTPUT_SCHEMAS = {
    "assess": assess,
    "check": check,
    "standards": standards,
    "countries": countries,
    "compare": compare,
    "region": region,
    "changes": changes,
}


def output_schema_document(name: str) -> dict:
    """The JSON Schema of the JSON output of command `name` (a key of OUTPUT_SCHEMAS)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{SCHEMA_BASE}{name}.schema.json",
        "title": f"safe-map {name} --format json",
        **OUTPUT_SCHEMAS[name](),
    }
