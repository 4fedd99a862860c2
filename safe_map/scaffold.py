"""`safe-map init`: the text of a new country file, every standard not-assessed."""

from __future__ import annotations

import json

from safe_map.model import Framework, Source

SCHEMA_LINE = "# yaml-language-server: $schema=../safe_map/schemas/country.schema.json"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def country_file(
    name: str, iso: str, framework: Framework, source: Source, schema_line: str = SCHEMA_LINE
) -> str:
    lines = [
        schema_line,
        "#",
        f"# {name}: legal basis mapped against {framework.title} ({framework.edition}).",
        "# Every standard starts as not-assessed: change a status only when a source says it,",
        "# and cite the instrument and provision that implement the standard.",
        "country:",
        f"  name: {_q(name)}",
        f"  iso: {iso}",
        f"framework: {framework.id}",
        "",
        "sources:",
        f"  - id: {source.id}",
        f"    title: {_q(source.title)}",
    ]
    for key in ("event", "place", "document", "url"):
        value = getattr(source, key)
        if value:
            lines.append(f"    {key}: {_q(value)}")
    lines.append(f"    date: {_q(source.date)}")
    lines += ["", "instruments: {}", "", "assessments:"]
    for pillar in framework.pillars:
        lines.append(f"  # Pillar {pillar.number}: {pillar.name}")
        for standard in pillar.standards:
            lines.append(f"  {standard.id}:  # {standard.number}. {standard.title}")
            lines.append("    status: not-assessed")
    return "\n".join(lines) + "\n"
