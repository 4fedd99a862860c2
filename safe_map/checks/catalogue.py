"""Rules for catalogues (standards/*.yaml): ids unique, numbering without gaps, no empty pillar."""

from __future__ import annotations

from collections.abc import Iterator

from safe_map.diagnostics import Diagnostic, excerpt
from safe_map.model import Framework, Pillar, Standard
from safe_map.yamlsource import Mark


def check_framework(framework: Framework) -> list[Diagnostic]:
    return list(_framework_rules(framework))


def _framework_rules(framework: Framework) -> Iterator[Diagnostic]:
    here = framework.mark or Mark(framework.path, 1, 1)
    seen: dict[str, Mark | None] = {}
    for pillar in framework.pillars:
        for standard in pillar.standards:
            mark = _at(standard, "id", here)
            if standard.id in seen:
                first = seen[standard.id]
                yield mark.diagnostic(
                    "F001",
                    f"standard id '{excerpt(standard.id)}' is used twice (first at line "
                    f"{first.line if first else '?'}): give each standard its own id",
                )
            seen.setdefault(standard.id, mark)
    yield from _numbering([(p.number, _at(p, "number", here)) for p in framework.pillars], "pillar")
    for pillar in framework.pillars:
        if not pillar.standards:
            yield (pillar.mark or here).diagnostic(
                "F003", f"pillar {pillar.number} has no standards: add them or remove the pillar"
            )
        yield from _numbering(
            [(s.number, _at(s, "number", here)) for s in pillar.standards],
            f"standard of pillar {pillar.number}",
        )


def _at(entry: Pillar | Standard, key: str, fallback: Mark) -> Mark:
    """Where the value `key` of a pillar or standard is; else where its entry starts."""
    return entry.value_marks.get(key) or entry.mark or fallback


def _numbering(numbered: list[tuple[int, Mark]], what: str) -> Iterator[Diagnostic]:
    for expected, (number, mark) in enumerate(numbered, start=1):
        if number != expected:
            yield mark.diagnostic(
                "F002",
                f"{what} numbered {number} where {expected} is expected: number them "
                "1, 2, 3, ... in order, with no gap or repeat",
            )
            return
