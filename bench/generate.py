"""Write a synthetic safe-map data repository for benchmarks.

    python bench/generate.py OUTDIR --countries N [--seed S]

OUTDIR/standards/safe-2021.yaml is a copy of the shipped catalogue; OUTDIR/countries/ gets N
country files of about 10 KB each, shaped like countries/mongolia.yaml: the yaml-language-server
line, a comment header, country name and ISO code, framework, sources, 5-8 instruments, all the
catalogue's standards assessed (yes/partial/no/planned/not-assessed) with citations holding
provisions, headings and excerpts, recommendations and a programme.

Every file is valid on its own (`safe-map check` finds nothing in it). Across files, the checker
forbids two files with the same ISO code (C010) and there are only 249 ISO 3166-1 codes, so a set
of more than 249 countries cannot be free of C010: country i gets the ISO code i mod 249 (in a
shuffled order), and the 200-file set is clean. Names are fictional ("Synthetic 0001"), so no
name is tied to a code (C008) and the file name is the name's slug (C009).

Standard library only, deterministic for a given seed. Dates lie between 1995 and 2025, never in
the future; target dates of planned work may lie ahead, as the checker allows.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "standards" / "safe-2021.yaml"
EXAMPLE = ROOT / "countries" / "mongolia.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../safe_map/schemas/country.schema.json"

STATUSES = ("yes", "partial", "no", "planned", "not-assessed")
STATUS_WEIGHTS = (40, 20, 18, 10, 12)
KINDS = ("law", "code", "regulation", "decree", "directive", "order", "agreement")
PROGRAMME_STATUSES = ("operational", "pilot", "in-development", "none-found", "unknown")

WORDS = (
    "customs authority shall ensure that goods declarations cargo manifests and transport "
    "documents are lodged electronically before loading at the place of departure the officer "
    "responsible for risk management may request additional information from the carrier the "
    "freight forwarder or the authorised economic operator where the consignment presents a "
    "risk to security or safety of the supply chain inspection of containers shall be carried "
    "out with non intrusive equipment wherever possible and the results recorded in the "
    "automated system for later review by the audit division mutual recognition arrangements "
    "with partner administrations shall be concluded on the basis of compatible programmes and "
    "validation procedures the director general shall approve the regulation on performance "
    "measurement integrity of staff training and the exchange of information with other "
    "government agencies at the border including the police the veterinary service and the "
    "phytosanitary inspection"
).split()
TOPICS = (
    "Risk Management",
    "Advance Electronic Information",
    "Cargo Inspection",
    "Authorised Economic Operators",
    "Mutual Recognition",
    "Border Agency Cooperation",
    "Integrity of Customs Officers",
    "Outbound Security Inspections",
    "Data Exchange",
    "Business Continuity",
    "Seals and Container Security",
    "Performance Measurement",
)
TARGET = 10_240  # bytes: the issue asks for files of about 10 KB, as mongolia.yaml is
WRAP = 78  # keeps yamllint -d relaxed (line-length 80) quiet, as an officer's editor would


def standard_ids(catalogue: Path) -> list[str]:
    # the standards' ids (p1-s1 ...), not the catalogue's sources'
    text = catalogue.read_text(encoding="utf-8")
    ids = re.findall(r"^\s+- id: (p\d+-s\d+)\s*$", text, re.M)
    if not ids:
        sys.exit(f"{catalogue}: no standard ids found")
    return ids


def iso_codes() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from safe_map.iso3166 import COUNTRIES

    return sorted(COUNTRIES)


def schema_line() -> str:
    """The first line of the shipped example, so that the generated files look like it."""
    try:
        first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return SCHEMA_LINE
    return first if first.startswith("# yaml-language-server:") else SCHEMA_LINE


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words[0] = words[0].capitalize()
    return " ".join(words)


def item(rng: random.Random, low: int, high: int, end: str = "") -> str:
    """A list item's text, short enough for one line."""
    return textwrap.wrap(sentence(rng, low, high), width=WRAP - 8)[0] + end


def folded(key: str, text: str, indent: int) -> list[str]:
    """`key: >-` and the text wrapped below it, as the shipped files write long text."""
    pad = " " * indent
    body = textwrap.wrap(text, width=max(40, WRAP - indent - 2))
    return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in body)]


def a_date(rng: random.Random, full: bool = True) -> str:
    year = rng.randint(1995, 2025)
    if not full:
        return str(year)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def country_file(index: int, iso: str, ids: list[str], rng: random.Random) -> tuple[str, str]:
    """(file stem, YAML text) of synthetic country number `index`."""
    name = f"Synthetic {index:04d}"
    stem = name.lower().replace(" ", "-")
    lines = [
        schema_line(),
        "#",
        f"# {name}: written by bench/generate.py for benchmarks, shaped like",
        "# countries/mongolia.yaml; every fact in it is invented.",
        "country:",
        f"  name: {name}",
        f"  iso: {iso}",
        "framework: safe-2021",
        "",
        "sources:",
    ]
    sources = [f"synthetic-meeting-{n + 1}" for n in range(rng.randint(1, 3))]
    for n, source in enumerate(sources):
        start = rng.randint(2015, 2025)
        lines += [
            f"  - id: {source}",
            f"    title: Synthetic Customs Cooperation Meeting No. {index * 3 + n}",
            "    event: Synthetic Customs Cooperation Committee",
            "    place: Synthetic City",
            f"    date: {start}-0{rng.randint(1, 9)}-1{rng.randint(0, 8)}",
            *folded("document", f"Slides on {rng.choice(TOPICS)}: " + sentence(rng, 20, 30), 4),
        ]
    lines += ["", "instruments:"]
    instruments = []
    for n in range(rng.randint(5, 8)):
        kind = rng.choice(KINDS)
        ident = f"{kind}-{n + 1}-{rng.randint(1990, 2025)}"
        instruments.append(ident)
        lines += [
            f"  {ident}:",
            f"    title: {rng.choice(TOPICS)} {kind.capitalize()} No. {rng.randint(1, 999)}",
            f"    kind: {kind}",
        ]
        if rng.random() < 0.7:
            lines += [
                f'    number: "{rng.randint(1, 999)}"',
                f'    date: "{a_date(rng, full=False)}"' if n % 2 else f"    date: {a_date(rng)}",
                "    issuer: Synthetic Customs Administration",
            ]
        if rng.random() < 0.5:
            lines += folded("notes", sentence(rng, 15, 30), 4)

    statuses = rng.choices(STATUSES, weights=STATUS_WEIGHTS, k=len(ids))
    if not any(s in ("yes", "partial") for s in statuses):
        statuses[0] = "yes"
    cited: dict[str, list[str]] = {i: [] for i in ids}
    backed = [i for i, s in zip(ids, statuses, strict=True) if s in ("yes", "partial")]
    for standard in backed:
        cited[standard] = rng.sample(instruments, rng.choice((1, 1, 1, 2, 2, 3)))
    for instrument in set(instruments) - {i for c in cited.values() for i in c}:
        cited[rng.choice(backed)].append(instrument)  # no instrument left uncited (C005)

    lines += ["", "assessments:"]
    pillar = ""
    for standard, status in zip(ids, statuses, strict=True):
        if standard.split("-")[0] != pillar:
            pillar = standard.split("-")[0]
            lines.append(f"  # Pillar {pillar[1:]}")
        lines += [f"  {standard}:", f"    status: {status}"]
        if rng.random() < 0.3:
            lines.append(f"    source_title: {rng.choice(TOPICS)}")
        if rng.random() < 0.2:
            lines.append(f"    source: {rng.choice(sources)}")
        if status == "planned":
            lines.append(f"    target_date: {rng.randint(2025, 2030)}-12")
        if cited[standard]:
            lines.append("    citations:")
            for instrument in cited[standard]:
                lines.append(f"      - instrument: {instrument}")
                if rng.random() < 0.8:
                    lines.append(f"        provision: Article {rng.randint(1, 400)}")
                if rng.random() < 0.4:
                    lines.append(f"        heading: {rng.choice(TOPICS)}")
                if rng.random() < 0.5:
                    lines += folded("excerpt", sentence(rng, 8, 20), 8)
        elif rng.random() < 0.6:
            lines.append("    notes: The source gives no legal basis.")

    lines += ["", "recommendations:"]
    for _ in range(rng.randint(2, 5)):
        text = sentence(rng, 10, 35)
        if len(text) < 60:
            lines.append(f"  - text: {text}")
        else:
            block = folded("text", text, 4)
            lines += ["  - " + block[0].lstrip(), *block[1:]]
        lines.append(f"    source: {rng.choice(sources)}")
        if rng.random() < 0.5:
            lines.append(f"    pillar: {rng.randint(1, 3)}")

    lines += [
        "",
        "programme:",
        f"  source: {sources[0]}",
        f"  status: {rng.choice(PROGRAMME_STATUSES)}",
        "  responsible_unit: Risk Management Division",
        f"  staff: {rng.randint(0, 40)}",
        f"  self_assessment_questionnaire: {rng.choice(('true', 'false'))}",
        f"  validation_procedures: {rng.choice(('true', 'false'))}",
        "  paperless_trade_measures:",
        *(f"    - {item(rng, 4, 9)}" for _ in range(rng.randint(2, 6))),
        "  facts:",
        *(f"    - text: {item(rng, 5, 10, '.')}" for _ in range(rng.randint(1, 4))),
        *folded("notes", sentence(rng, 25, 50), 2),
    ]
    text = "\n".join(lines) + "\n"
    # Files vary with the draws above; more facts bring the small ones up to about TARGET bytes.
    facts = lines.index("  facts:") + 1
    while len(text.encode()) < TARGET - 60:
        lines.insert(facts, f"    - text: {item(rng, 5, 10, '.')}")
        text = "\n".join(lines) + "\n"
    return stem, text


def generate(outdir: Path, count: int, seed: int = 0) -> list[Path]:
    ids = standard_ids(CATALOGUE)
    codes = iso_codes()
    random.Random(seed).shuffle(codes)
    (outdir / "standards").mkdir(parents=True, exist_ok=True)
    countries = outdir / "countries"
    if countries.is_dir():
        for old in countries.glob("*.yaml"):
            old.unlink()
    countries.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CATALOGUE, outdir / "standards" / CATALOGUE.name)
    written = []
    for index in range(1, count + 1):
        rng = random.Random(f"{seed}:{index}")
        stem, text = country_file(index, codes[(index - 1) % len(codes)], ids, rng)
        path = countries / f"{stem}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="data repository to write")
    parser.add_argument("--countries", "-n", type=int, required=True, help="how many files")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.countries < 1:
        parser.error("--countries must be at least 1")
    paths = generate(args.outdir, args.countries, args.seed)
    sizes = sorted(p.stat().st_size for p in paths)
    print(
        f"wrote {len(paths)} country files to {args.outdir / 'countries'}: "
        f"{sizes[0] / 1024:.1f}-{sizes[-1] / 1024:.1f} KB, median {sizes[len(sizes) // 2] / 1024:.1f}"
        f" KB, total {sum(sizes) / 1_048_576:.1f} MB"
        + (
            f" ({args.countries - len(set(iso_codes()))} files reuse an ISO code: C010)"
            if args.countries > len(iso_codes())
            else ""
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
