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
from safe_map.model import LEVEL_LABELS, Status
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
TITLE = string("The standard's title, as the catalogue gives it (see title_checked in standards).")
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


DISPLAY_TITLE = string(
    "The title as reports show it: with the level where two standards of a pillar share a title "
    "('Mutual co-operation (within one government; inferred)'); else the title."
)


def _sourced_fact(description: str) -> dict:
    """A dated fact and its source (a programme's, a group's)."""
    return obj(
        description,
        text=string("The fact."),
        date=string("When, as an ISO 8601 date, month, year or interval; '' if not given."),
        source=string("Id of its source: its own, or the programme's or group's."),
        source_title=string("The title of that source; '' when the file names no such source."),
        url=string("The source's address; '' if it has none."),
        note=string("An inference or doubt the file records; '' if none."),
    )


def _programme() -> dict:
    """assess's `programme`: the AEO programme and the MRAs, as the country file gives them."""
    from safe_map.model import ProgrammeStatus

    return obj(
        "The country's AEO programme and mutual recognition arrangements, as its file gives them "
        "(nothing inferred).",
        status=string(
            "The programme's status as a source reports it; '' when the file gives none.",
            enum=[s.value for s in ProgrammeStatus] + [""],
        ),
        status_label=string("The status in words: 'Operational', 'None found', 'Unknown'."),
        as_of=string("When a source reported the status (ISO 8601); '' if not given."),
        since=string("When the programme started (ISO 8601); '' if not given."),
        authority=string("The authority that runs it; '' if not given."),
        legal_basis=CITATIONS,
        responsible_unit=string("The unit responsible; '' if not given."),
        staff=nullable(integer("How many staff run it; null if not given.")),
        self_assessment_questionnaire=nullable(
            boolean("A self-assessment questionnaire is in use; null if not given.")
        ),
        validation_procedures=nullable(
            boolean("Evaluation and validation procedures are in place; null if not given.")
        ),
        paperless_trade_measures=array(
            string("A paperless trade measure, as the source lists it."),
            "The paperless trade measures in place supporting the programme.",
        ),
        source=string("Id of the programme's source: of every value that names none of its own."),
        status_source=string("Id of the source of the status (its own, else the programme's)."),
        since_source=string("Id of the source of 'since' (its own, else the programme's)."),
        authority_source=string(
            "Id of the source of the authority (its own, else the programme's)."
        ),
        legal_basis_sources=array(
            string("Id of a source."),
            "The source of each item of legal_basis, in order: its instrument's, else the "
            "programme's.",
        ),
        source_title=string("The title of that source; '' if none."),
        facts=array(
            _sourced_fact("A dated fact on the programme."),
            "The programme's facts, by date (undated last).",
        ),
        mras=array(_mra(), "The arrangements, by partner name."),
        notes=string("The file's notes on the programme; '' if none."),
    )


def _mra() -> dict:
    from safe_map.model import MraState

    return obj(
        "A mutual recognition arrangement, as this country's file records it.",
        partner=string("The partner: an ISO 3166 code, EU, or a group id."),
        partner_name=string("The partner's name."),
        state=string("Where the arrangement stands.", enum=[s.value for s in MraState]),
        signed=string("When it was signed (ISO 8601); '' if not given."),
        in_force=string("When it entered into force (ISO 8601); '' if not given."),
        reported=string("When a source reported it (ISO 8601); '' if not given."),
        source=string("Id of its source."),
        source_title=string("The title of that source; '' if the file has none."),
        url=string("The source's address; '' if it has none."),
        notes=string("The file's notes on it; '' if none."),
    )


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
                "A source the country file names (a meeting, a report, a web page).",
                id=string("The source's id in the country file."),
                title=string("The source's title."),
                date=string(
                    "When, as an ISO 8601 date or interval (2024-08-15/2024-08-16); '' if none."
                ),
                place=string("Where, e.g. 'Astana, Kazakhstan'; '' if not given."),
                publisher=string("Who published it; '' if not given."),
                accessed=string("When a web page that gives no date was read; '' if not given."),
                url=string("Its address; '' if none."),
                document=string("The document; '' if not given."),
                notes=string("How far to trust it (e.g. a secondary source); '' if nothing."),
                of_mapping=boolean(
                    "A source of the mapping itself; false for one named only by the programme "
                    "or the MRAs."
                ),
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
                display_title=DISPLAY_TITLE,
                level=string(
                    "within-government or between-governments, where the catalogue gives it; "
                    "'' if not.",
                    enum=[*LEVEL_LABELS, ""],
                ),
                level_inferred=boolean("Whether the level is the catalogue's reading."),
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
        programme=_programme(),
        recommendations=obj(
            "What to do next.",
            gaps=array(
                obj(
                    "A standard not met, with the catalogue's remedy.",
                    pillar=PILLAR,
                    number=NUMBER,
                    id=STANDARD_ID,
                    title=TITLE,
                    display_title=DISPLAY_TITLE,
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
            titles_checked=nullable(
                boolean(
                    "Whether the titles were checked against the framework's own text; null "
                    "if the catalogue does not say."
                )
            ),
            sources=array(
                obj(
                    "A source of the catalogue's facts.",
                    id=string("The source's id."),
                    title=string("Its title."),
                    publisher=string("Who published it; '' if not given."),
                    date=string("The date it gives (ISO 8601); '' if none."),
                    accessed=string("When a web page was read; '' if not given."),
                    url=string("Its address; '' if none."),
                    document=string("The document; '' if not given."),
                    notes=string("How far to trust it; '' if nothing is said."),
                ),
                "Where the catalogue's facts come from.",
            ),
            notes=string("What is certain in the catalogue and what is not; '' if nothing."),
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
                        display_title=DISPLAY_TITLE,
                        title_checked=nullable(
                            boolean(
                                "Whether this title was checked against the framework's own "
                                "text; null if the catalogue does not say."
                            )
                        ),
                        level=string(
                            "within-government or between-governments; '' if not given.",
                            enum=["within-government", "between-governments", ""],
                        ),
                        level_inferred=boolean("The level is the catalogue's reading."),
                        summary=string("What the standard asks, in the catalogue's words."),
                        remedy=string("What an administration that does not meet it should do."),
                        notes=string("What is certain of the standard and what is not."),
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
        programmes=obj(
            "The two AEO programmes, as assess's `programme` gives each, and the arrangement "
            "between the two as each file records it.",
            a=_programme(),
            b=_programme(),
            between={
                "description": "[A's record of B, B's record of A]; null where a file "
                "records none.",
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {
                    "description": "One file's record of the other country; null if none.",
                    "anyOf": [_mra(), {"type": "null"}],
                },
            },
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
                programme=obj(
                    "The country's AEO programme, as its file gives it.",
                    status=string(
                        "The programme's status as a source reports it; '' when the file gives "
                        "none.",
                        enum=_programme()["properties"]["status"]["enum"],
                    ),
                    mras_recorded=integer(
                        "Mutual recognition arrangements the country's own file records, in "
                        "any state."
                    ),
                    mras_in_force=integer(
                        "Of them, those in force, as the country's own file records them."
                    ),
                ),
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
                display_title=DISPLAY_TITLE,
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
        group=nullable(
            obj(
                "The group --group names, with its own facts; null without --group.",
                id=string("The group's id, e.g. carec."),
                name=string("The group's name."),
                facts=array(
                    _sourced_fact("A fact on the group (a survey, a workshop)."),
                    "The group's facts, in its file's order.",
                ),
            )
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


# --- mutual recognition and work plans (mras, plans, plan) -----------------------------------


def _mra_dates() -> dict:
    return {
        "signed": string("When it was signed, as an ISO 8601 date; '' if the file gives none."),
        "in_force": string("When it entered into force; '' if the file gives none."),
        "reported": string("When a source reported it (state reported); '' if none."),
    }


def _mra_source() -> dict:
    return {
        "source": string("Id of the source the record names, in the file that records it."),
        "source_title": string("That source's title; '' if the id is not among its sources."),
        "url": string("That source's address; '' if it gives none."),
        "notes": string("The record's notes; '' if none."),
    }


def mras() -> dict:
    from safe_map.render.recognition_json import MRAS_FORMAT_VERSION
    from safe_map.schema import MRA_STATES

    state = string("The state, as the file spells it.", enum=list(MRA_STATES))
    code = string("An ISO 3166-1 alpha-2 code, EU, or the id of a group.")
    return obj(
        "`safe-map mras --format json`: who recognises whom, as a matrix and a list.",
        format_version=version(MRAS_FORMAT_VERSION),
        group=nullable(
            obj(
                "The group shown with --group; null without it.",
                id=string("The group's id (groups/<id>.yaml)."),
                name=string("The group's name."),
            )
        ),
        rows=array(
            obj(
                "A row: a country named, a member of the group, or a country file.",
                code=string("ISO 3166-1 alpha-2 code.", pattern=ISO_PATTERN),
                name=string("The name its file gives; for a member without one, ISO's name."),
                has_file=boolean("Whether its country file was read (and shown)."),
                left_out=boolean("Its file has errors and was left out (a warning says so)."),
            ),
            "The rows: countries named in the order given, then the others by name.",
        ),
        columns=array(
            obj(
                "A column: a row's country, or a partner outside the rows.",
                code=code,
                name=string("The partner's name."),
                member=boolean("Whether it is one of the rows."),
            ),
            "Every row's country in row order, then the partners outside them by name.",
        ),
        cells=array(
            obj(
                "An arrangement between a row and a column, as one file records it.",
                row=string("The row's code.", pattern=ISO_PATTERN),
                column=code,
                state=state,
                **_mra_dates(),
                one_sided=boolean(
                    "Only the column's file records it: the row's own file does not."
                ),
                recorded_by=string("ISO code of the file this record comes from."),
                **_mra_source(),
            ),
            "The cells that hold an arrangement (empty cells are left out), row by row.",
        ),
        arrangements=array(
            obj(
                "An arrangement, once, whichever files record it.",
                a=obj("The first party (a row).", code=code, name=string("Its name.")),
                b=obj("The other party.", code=code, name=string("Its name.")),
                state=state,
                **_mra_dates(),
                recorded_by=array(
                    string("An ISO code."), "The files that record it: one or both sides."
                ),
                sides_differ=boolean(
                    "Both sides record it, with another state or other dates (check warns, C017)."
                ),
                **_mra_source(),
            ),
            "The arrangements in row, then column order; state, dates and source are a's record "
            "(b's when only b records it).",
        ),
        group_facts=array(
            obj(
                "A dated fact of the group, with its source.",
                text=string("The fact."),
                date=string("When, as an ISO 8601 date or interval; '' if not given."),
                source=string("Id of its source (its own, or the group's)."),
                source_title=string("That source's title; '' if unknown."),
                url=string("That source's address; '' if it gives none."),
                note=string("A note on the fact; '' if none."),
            ),
            "With --group, the group's own facts by date (undated last); else empty.",
        ),
    )


def _closed(what: str, **fields: dict) -> dict:
    """obj(), for an object with a field named `description` (a task's)."""
    return {
        "description": what,
        "type": "object",
        "additionalProperties": False,
        "required": list(fields),
        "properties": fields,
    }


def _plan_parties() -> dict:
    return array(
        obj(
            "A programme the plan brings together.",
            country=string("ISO 3166-1 alpha-2 code.", pattern=ISO_PATTERN),
            country_name=string("ISO's short name of the country."),
            programme=string("The programme, e.g. Authorized Economic Operator (AEO)."),
            authority=string("Who runs it, e.g. Customs; '' if not given."),
            notes=string("Notes on the party; '' if none."),
        ),
        "The parties, in the plan's order.",
    )


def _plan_progress() -> dict:
    return obj(
        "How many tasks have each status.",
        complete=integer("Tasks complete."),
        in_progress=integer("Tasks in progress."),
        pending=integer("Tasks pending."),
        total=integer("Every task."),
    )


PLAN_KIND = string(
    "domestic (two programmes of one country) or international (towards an MRA).",
    enum=["domestic", "international"],
)


def plans() -> dict:
    from safe_map.render.recognition_json import PLANS_FORMAT_VERSION

    return obj(
        "`safe-map plans --format json`: the work plans of the data folder.",
        format_version=version(PLANS_FORMAT_VERSION),
        plans=array(
            obj(
                "A work plan between programmes.",
                id=string("The plan's id (plans/<id>.yaml)."),
                title=string("The plan's title."),
                kind=PLAN_KIND,
                file=string("The plan file, relative to the data folder with '/'."),
                parties=_plan_parties(),
                progress=_plan_progress(),
            ),
            "Every plan, by id; empty when there is none.",
        ),
    )


def plan() -> dict:
    from safe_map.render.recognition_json import PLAN_FORMAT_VERSION
    from safe_map.schema import TASK_STATUSES

    task_status = string("complete, in-progress or pending.", enum=list(TASK_STATUSES))
    return obj(
        "`safe-map plan ID --format json`: one work plan, its tasks and its progress.",
        format_version=version(PLAN_FORMAT_VERSION),
        id=string("The plan's id (plans/<id>.yaml)."),
        title=string("The plan's title."),
        kind=PLAN_KIND,
        file=string("The plan file, relative to the data folder with '/'."),
        parties=_plan_parties(),
        objectives=array(string("An objective."), "The objectives, in the plan's order."),
        points=array(
            obj(
                "A point the parties compare.",
                point=string("What is compared, e.g. Legal framework."),
                status=string(
                    "complete, in-progress or pending; '' if the plan gives none.",
                    enum=[*TASK_STATUSES, ""],
                ),
                notes=string("Notes; '' if none."),
            ),
            "The points compared, in the plan's order.",
        ),
        tasks=array(
            _closed(
                "A task of the plan.",
                number=nullable(integer("The task's number; null if the plan gives none.", 1)),
                title=string("The task's title."),
                status=task_status,
                description=string("What the task is; '' if not given."),
                date=string("When it was done or is due, as an ISO 8601 date; '' if not given."),
                events=array(
                    obj(
                        "A dated step within the task.",
                        text=string("What happened."),
                        date=string("When, as an ISO 8601 date or interval; '' if not given."),
                        note=string("A note on it; '' if none."),
                    ),
                    "The task's events, in the plan's order.",
                ),
                notes=string("Notes; '' if none."),
            ),
            "The tasks, in the plan's order.",
        ),
        next_steps=array(string("A next step."), "The next steps, in the plan's order."),
        progress=_plan_progress(),
        source=nullable(
            obj(
                "The plan's source; null when its id is not among the plan's sources.",
                id=string("The source's id."),
                title=string("The source's title."),
                date=string("When it was published or held; '' if not given."),
                publisher=string("Who published it; '' if not given."),
                document=string("The document; '' if not given."),
                url=string("Its address; '' if not given."),
                accessed=string("When a web page was read; '' if not given."),
                notes=string("Notes on the source; '' if none."),
            )
        ),
        notes=string("The plan's notes; '' if none."),
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
    "mras": mras,
    "plans": plans,
    "plan": plan,
}


def output_schema_document(name: str) -> dict:
    """The JSON Schema of the JSON output of command `name` (a key of OUTPUT_SCHEMAS)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{SCHEMA_BASE}{name}.schema.json",
        "title": f"safe-map {name} --format json",
        **OUTPUT_SCHEMAS[name](),
    }
