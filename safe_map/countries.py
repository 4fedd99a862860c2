"""Building Country objects from countries/*.yaml."""

from __future__ import annotations

import re
from pathlib import Path

from safe_map.diagnostics import Diagnostic
from safe_map.model import (
    Assessment,
    Citation,
    Country,
    Fact,
    Instrument,
    Mra,
    Programme,
    Recommendation,
    Source,
    Status,
)
from safe_map.schema import COUNTRY, validate
from safe_map.yamlsource import (
    Mapping,
    Node,
    Scalar,
    get_bool,
    get_date,
    get_int,
    get_list,
    get_map,
    get_text,
    get_texts,
    load,
    mark_of,
    value_marks,
)

_STATUSES = {s.value: s for s in Status}


def load_country(path: Path, shown: str) -> tuple[Country | None, list[Diagnostic]]:
    root, diagnostics = load(path, shown)
    if root is None:
        return None, diagnostics
    diagnostics += validate(root, COUNTRY)
    return build_country(root, shown), diagnostics


def build_country(root: Node, shown: str) -> Country | None:
    if not isinstance(root, Mapping):
        return None
    head = root.get("country")
    country = Country(
        name=get_text(head, "name"),
        iso=get_text(head, "iso"),
        framework_id=get_text(root, "framework"),
        path=shown,
        notes=get_text(root, "notes"),
        mark=head.mark if head is not None else root.mark,
        iso_mark=mark_of(head, "iso"),
        framework_mark=mark_of(root, "framework"),
        value_marks=value_marks(head, root),
    )
    country.sources = build_sources(get_list(root, "sources"))
    for key, node in get_map(root, "instruments"):
        country.instruments[key.text] = Instrument(
            id=key.text,
            title=get_text(node, "title") or key.text,
            kind=get_text(node, "kind"),
            number=get_text(node, "number"),
            date=get_date(node, "date"),
            issuer=get_text(node, "issuer"),
            notes=get_text(node, "notes"),
            source=get_text(node, "source"),
            mark=key.mark,
            value_marks=value_marks(node),
        )
    for key, node in get_map(root, "assessments"):
        status_node = node.get("status") if isinstance(node, Mapping) else None
        status = None
        if isinstance(status_node, Scalar):
            status = _STATUSES.get(status_node.text)
        # An unusable status is reported by the structural validator; the standard still
        # counts as listed, and its citations are still checked.
        status = status or Status.NOT_ASSESSED
        country.assessments[key.text] = Assessment(
            standard_id=key.text,
            status=status,
            citations=[
                _citation(c) for c in get_list(node, "citations") if get_text(c, "instrument")
            ],
            notes=get_text(node, "notes"),
            source_title=get_text(node, "source_title"),
            target_date=get_date(node, "target_date"),
            source=get_text(node, "source"),
            mark=key.mark,
            status_mark=status_node.mark if status_node is not None else key.mark,
            value_marks=value_marks(node),
        )
    for node in get_list(root, "recommendations"):
        text = get_text(node, "text")
        if text:
            country.recommendations.append(
                Recommendation(
                    text=text,
                    source=get_text(node, "source"),
                    pillar=get_int(node, "pillar"),
                    note=get_text(node, "note"),
                    mark=node.mark,
                    value_marks=value_marks(node),
                )
            )
    programme = root.get("programme")
    if isinstance(programme, Mapping):
        country.programme = Programme(
            source=get_text(programme, "source"),
            status=get_text(programme, "status"),
            as_of=get_date(programme, "as_of"),
            since=get_date(programme, "since"),
            authority=get_text(programme, "authority"),
            field_sources={
                key: get_text(programme, f"{key}_source")
                for key in ("status", "since", "authority")
                if get_text(programme, f"{key}_source")
            },
            legal_basis=[
                _citation(c)
                for c in get_list(programme, "legal_basis")
                if get_text(c, "instrument")
            ],
            responsible_unit=get_text(programme, "responsible_unit"),
            staff=get_int(programme, "staff"),
            self_assessment_questionnaire=get_bool(programme, "self_assessment_questionnaire"),
            validation_procedures=get_bool(programme, "validation_procedures"),
            paperless_trade_measures=get_texts(programme, "paperless_trade_measures"),
            facts=build_facts(get_list(programme, "facts")),
            notes=get_text(programme, "notes"),
            mark=mark_of(root, "programme"),
            value_marks=value_marks(programme),
        )
    for node in get_list(root, "mras"):
        partner = get_text(node, "partner")
        if partner:
            country.mras.append(
                Mra(
                    partner=partner,
                    state=get_text(node, "state"),
                    partner_name=get_text(node, "partner_name"),
                    signed=get_date(node, "signed"),
                    in_force=get_date(node, "in_force"),
                    reported=get_date(node, "reported"),
                    source=get_text(node, "source"),
                    notes=get_text(node, "notes"),
                    mark=node.mark,
                    value_marks=value_marks(node),
                )
            )
    return country


def build_sources(nodes: list[Node]) -> list[Source]:
    """The entries of a `sources:` list (of a country, a catalogue, a group, a plan)."""
    sources = []
    for node in nodes:
        source_id = get_text(node, "id")
        if source_id:
            sources.append(
                Source(
                    id=source_id,
                    title=get_text(node, "title"),
                    date=get_date(node, "date"),
                    event=get_text(node, "event"),
                    place=get_text(node, "place"),
                    document=get_text(node, "document"),
                    url=get_text(node, "url"),
                    publisher=get_text(node, "publisher"),
                    accessed=get_date(node, "accessed"),
                    notes=get_text(node, "notes"),
                    mark=node.mark,
                    value_marks=value_marks(node),
                )
            )
    return sources


def build_facts(nodes: list[Node]) -> list[Fact]:
    """The entries of a `facts:` list: a text, with its date, source and note."""
    facts = []
    for node in nodes:
        text = get_text(node, "text")
        if text:
            facts.append(
                Fact(
                    text=text,
                    date=get_date(node, "date"),
                    source=get_text(node, "source"),
                    note=get_text(node, "note"),
                    mark=node.mark,
                    value_marks=value_marks(node),
                )
            )
    return facts


def _citation(node: Node) -> Citation:
    return Citation(
        instrument=get_text(node, "instrument"),
        provision=get_text(node, "provision"),
        heading=get_text(node, "heading"),
        excerpt=get_text(node, "excerpt"),
        note=get_text(node, "note"),
        mark=node.mark,
        instrument_mark=mark_of(node, "instrument"),
        value_marks=value_marks(node),
    )


# A country file's ISO code, as `iso:` under `country:` writes it (the format has no other
# `iso:` key); read with a pattern, without parsing the YAML.
ISO_LINE = re.compile(r"^\s+iso:\s*[\"']?([A-Z]{2})[\"']?\s*(#.*)?$", re.MULTILINE)


def peek_iso(text: str) -> str:
    """The ISO code a country file's text gives, found without parsing it; '' if none."""
    match = ISO_LINE.search(text)
    return match.group(1) if match else ""


def peek_file_iso(path: Path) -> str:
    """peek_iso of a file, read with the loader's guards (a link out of the data folder, a
    pipe or a device is neither opened nor waited for: '')."""
    from safe_map.yamlsource import read_data_file

    data, _ = read_data_file(path, str(path))
    return "" if data is None else peek_iso(data.decode("utf-8", errors="replace"))
