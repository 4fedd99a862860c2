"""Building Country objects from countries/*.yaml."""

from __future__ import annotations

from pathlib import Path

from safe_map.diagnostics import Diagnostic
from safe_map.model import (
    Assessment,
    Citation,
    Country,
    Instrument,
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
    for node in get_list(root, "sources"):
        source_id = get_text(node, "id")
        if source_id:
            country.sources.append(
                Source(
                    id=source_id,
                    title=get_text(node, "title"),
                    date=get_date(node, "date"),
                    event=get_text(node, "event"),
                    place=get_text(node, "place"),
                    document=get_text(node, "document"),
                    url=get_text(node, "url"),
                    mark=node.mark,
                    value_marks=value_marks(node),
                )
            )
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
                    mark=node.mark,
                    value_marks=value_marks(node),
                )
            )
    programme = root.get("programme")
    if isinstance(programme, Mapping):
        country.programme = Programme(
            source=get_text(programme, "source"),
            status=get_text(programme, "status"),
            responsible_unit=get_text(programme, "responsible_unit"),
            staff=get_int(programme, "staff"),
            self_assessment_questionnaire=get_bool(programme, "self_assessment_questionnaire"),
            validation_procedures=get_bool(programme, "validation_procedures"),
            paperless_trade_measures=get_texts(programme, "paperless_trade_measures"),
            facts=get_texts(programme, "facts"),
            notes=get_text(programme, "notes"),
            value_marks=value_marks(programme),
        )
    return country


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
