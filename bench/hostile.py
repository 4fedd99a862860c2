"""Time and memory of refusing (or reading) hostile workbooks, each in a fresh process.

    python bench/hostile.py [--keep DIR]

Builds the hostile files of tests/test_xlsxread.py (HOSTILE) in a temporary folder, plus files
that sit just under each limit and must be read within bounds, then for each runs a fresh
`python -c` that opens it with safe_map.xlsxread and reads every sheet as `import` would
(rows 1-2,000, columns 1-12). It prints a Markdown table: the outcome, the wall time of the
whole process (start-up included), the time of the open and read alone, and the peak resident
memory of the process (getrusage ru_maxrss, start-up included). Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safe_map import xlsxread  # noqa: E402
from tests.test_xlsxread import (  # noqa: E402
    HOSTILE,
    NS,
    cells_sheet,
    inline,
    repack,
    sane,
    sheet,
    with_shared_strings,
    with_sheet,
)

CHILD = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from safe_map.xlsxread import WorkbookRefused, open_workbook
try:
    found = 0
    with open_workbook(Path(sys.argv[1])) as book:
        for name in book.sheetnames:
            table = book.table(name, 1, 2000, 12)
            found += len(table.cells) + len(table.problems)
    outcome = f"read: {found:,} cells and problems"
except WorkbookRefused as err:
    outcome = "refused: " + str(err)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak}))
"""


def exported(folder: Path) -> Path:
    """Mongolia's workbook as `safe-map export` writes it."""
    path = folder / "mongolia.xlsx"
    command = [sys.executable, "-m", "safe_map", "export", "mongolia", "-o", str(path)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return path


def one_row(cells: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        row = "".join(f'<c s="{i}"/>' for i in range(cells))  # varied: compresses ~10x, not 900x
        return with_sheet(folder, "row.xlsx", sheet(f'<row r="1">{row}</row>'))

    return build


def one_cell_attributes(count: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        names = " ".join(f'a{i:x}=""' for i in range(count))
        return with_sheet(folder, "attrs.xlsx", sheet(f'<row r="1"><c r="A1" {names}/></row>'))

    return build


def empty_rows(count: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        rows = "".join(f'<row r="{r}"/>' for r in range(1, count + 1))
        return with_sheet(folder, "rows.xlsx", sheet(rows))

    return build


def nested(depth: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return with_sheet(
            folder, "deep.xlsx", sheet('<row r="1">' + "<c>" * depth + "</c>" * depth + "</row>")
        )

    return build


def fonts(count: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        styles = f"<styleSheet {NS}><fonts>{'<font/>' * count}</fonts></styleSheet>"
        return repack(folder, "fonts.xlsx", {"xl/styles.xml": styles.encode()})

    return build


def long_shared_string(chars: int) -> Callable[[Path], Path]:
    """One shared string of random letters (compresses ~1.6x), referenced by 2,000 x 8 cells."""

    def build(folder: Path) -> Path:
        letters = bytes(random.Random(0).choices(b"abcdefghijklmnopqrstuvwxyz ", k=chars))
        shared = f"<sst {NS}><si><t>".encode() + letters + b"</t></si></sst>"
        rows = "".join(
            f'<row r="{r}">'
            + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCDEFGH")
            + "</row>"
            for r in range(1, 2001)
        )
        path = with_shared_strings(folder, "long.xlsx", shared)
        return _replace(path, "xl/worksheets/sheet1.xml", sheet(rows))

    return build


def xfd(folder: Path) -> Path:
    rows = (
        '<row r="1">' + inline("A1", "Standard id") + "</row>"
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    return with_sheet(folder, "xfd.xlsx", sheet(rows, dimension="A1:XFD1048576"))


def _replace(path: Path, member: str, data: bytes) -> Path:
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, data if info.filename == member else src.read(info))
    copy.replace(path)
    return path


# Read within bounds (or refused), each just under the limit it tests.
AT_THE_LIMITS: dict[str, Callable[[Path], Path]] = {
    "a sane workbook (openpyxl)": sane,
    "Mongolia as `export` writes it": exported,
    "every kind of bad cell": cells_sheet,
    "one cell at XFD1048576, dimension A1:XFD1048576": xfd,
    f"one row of {xlsxread.MAX_TAGS - 1_000:,} cells": one_row(xlsxread.MAX_TAGS - 1_000),
    f"one cell with {xlsxread.MAX_ATTRIBUTES - 1_000:,} attributes": one_cell_attributes(
        xlsxread.MAX_ATTRIBUTES - 1_000
    ),
    f"{xlsxread.MAX_ATTRIBUTES - 1_000:,} empty rows": empty_rows(xlsxread.MAX_ATTRIBUTES - 1_000),
    f"cells nested {xlsxread.MAX_TAGS // 2 - 1_000:,} deep": nested(xlsxread.MAX_TAGS // 2 - 1_000),
    f"styles: {xlsxread.MAX_EAGER_MARKUP - 1_000:,} fonts": fonts(
        xlsxread.MAX_EAGER_MARKUP - 1_000
    ),
    "a 15 MB shared string in 16,000 cells": long_shared_string(15_000_000),
}


def measure(path: Path) -> dict[str, object]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return {"outcome": f"CRASHED: {done.stderr.strip()[-200:]}", "wall": wall}
    result = json.loads(done.stdout)
    result["wall"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        cases = {name: build for name, (build, _words) in HOSTILE.items()}
        cases.update(AT_THE_LIMITS)
        print("| File | Outcome | Wall (process) | Open and read | Peak RSS |")
        print("|---|---|---|---|---|")
        for number, (name, build) in enumerate(cases.items()):
            folder = base / f"{number:02d}"
            folder.mkdir()
            path = build(folder)
            size = path.stat().st_size if path.is_file() and not path.is_symlink() else None
            shown = f"{name} ({size / 1024:,.0f} KB)" if size else name
            result = measure(path)
            outcome = str(result["outcome"])
            outcome = outcome if len(outcome) <= 70 else outcome[:67] + "..."
            seconds = result.get("seconds")
            peak = result.get("peak_mb")
            print(
                f"| {shown} | {outcome} | {result['wall']:.2f} s | "
                + (f"{seconds:.2f} s | {peak:.0f} MB |" if seconds is not None else "- | - |")
            )
            if path.exists() and not path.is_dir() and path.is_file():
                os.unlink(path)


if __name__ == "__main__":
    main()
