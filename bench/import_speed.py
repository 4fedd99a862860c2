"""Time `safe-map import` of filled-in questionnaires, as whole processes, on the shipped data.

    python bench/import_speed.py [--runs 7]

Exports a questionnaire per country in countries/, fills each in with openpyxl as a respondent
would, then times `python -m safe_map --data-dir DIR import ...` (perf_counter; peak RSS from
/usr/bin/time -v): one questionnaire, all eleven in one run, and both with --dry-run. Each run
gets a fresh copy of the data and of the filled workbooks. Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k not in ("SAFE_MAP_DATA", "PYTHONDONTWRITEBYTECODE")}
ENV["PYTHONPYCACHEPREFIX"] = str(ROOT / "bench" / "out" / "pycache")  # as an installed wheel
SAFE_MAP = [sys.executable, "-m", "safe_map", "--data-dir"]
ONE = "mongolia"


def safe_map(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SAFE_MAP, str(data), *args], capture_output=True, text=True, env=ENV)


def row_of(ws, column: int, value: str | None, start: int = 1) -> int:
    """The first row from `start` whose cell in `column` holds `value` (None: the first empty)."""
    for row in range(start, ws.max_row + 2):
        if ws.cell(row, column).value == value:
            return row
    sys.exit(f"{ws.title}: no '{value}' in column {column}")


def fill(path: Path) -> None:
    """Answer the questionnaire as a respondent would."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Instructions"]
    ws.cell(row_of(ws, 1, "Administration"), 2).value = "Benchmark Customs Administration"
    ws.cell(row_of(ws, 1, "Date of the answers"), 2).value = datetime.date(2026, 10, 1)
    ws = wb["Pillar 1"]
    header = {cell.value: cell.column for cell in ws[3]}
    status, notes, ident = header["Status"], header["Notes"], header["Id"]
    row = row_of(ws, ident, "p1-s1", 4)
    ws.cell(row, status).value, ws.cell(row, notes).value = "no", "Benchmark: not in force yet."
    ws.cell(row_of(ws, ident, "p1-s2", 4), status).value = "partial"
    ws = wb["Instruments"]
    row = row_of(ws, 1, None, 4)
    ws.cell(row, 1).value, ws.cell(row, 2).value = "Benchmark Law", "law"
    ws = wb["Citations"]
    row = row_of(ws, 1, None, 4)
    for column, value in ((1, "p1-s2"), (3, "Benchmark Law"), (4, "Article 1")):
        ws.cell(row, column).value = value
    wb.save(path)


def pristine(base: Path) -> list[str]:
    """base/data: the shipped data; base/books: a filled questionnaire per country."""
    data, books = base / "data", base / "books"
    for folder in ("standards", "countries", "groups"):
        shutil.copytree(ROOT / folder, data / folder)
    books.mkdir()
    countries = sorted(p.stem for p in (data / "countries").glob("*.yaml"))
    for country in countries:
        done = safe_map(data, "export", country, "-o", str(books / f"{country}.xlsx"))
        if done.returncode != 0:
            sys.exit(f"export {country} failed ({done.returncode}):\n{done.stderr}")
        fill(books / f"{country}.xlsx")
    return countries


def fresh(base: Path, run: Path) -> Path:
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(base, run)
    return run


def timed(run: Path, countries: list[str], extra: list[str]) -> tuple[float, float, float, str]:
    """One import under /usr/bin/time -v: wall and CPU seconds, peak RSS in MB, the output."""
    books = [str(run / "books" / f"{c}.xlsx") for c in countries]
    command = ["/usr/bin/time", "-v", *SAFE_MAP, str(run / "data"), "import", *extra, *books]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"import exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    field = dict(re.findall(r"^\s*([^:]+): (\S+)$", done.stderr, re.MULTILINE))
    cpu = float(field["User time (seconds)"]) + float(field["System time (seconds)"])
    return wall, cpu, int(field["Maximum resident set size (kbytes)"]) / 1024, done.stdout


def machine() -> str:
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    kb = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return (
        f"Machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {cpu.group(1) if cpu else 'unknown CPU'}, "
        f"{int(kb.group(1)) / 1024**2:.1f} GiB memory; Python {sys.version.split()[0]}; "
        f"{datetime.date.today().isoformat()}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure (7)")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is missing: apt-get install time")
    load = [" ".join(f"{x:.2f}" for x in os.getloadavg())]
    with tempfile.TemporaryDirectory() as tmp:
        base, run = Path(tmp) / "base", Path(tmp) / "run"
        countries = pristine(base)
        n = len(countries)
        print(f"{n} questionnaires exported and filled in: {', '.join(countries)}")
        said = timed(fresh(base, run), countries, [])[3]  # verify once: exit 0, then check
        wrote = sum(line.startswith("wrote countries/") for line in said.splitlines())
        print(f"real import of all {n}: exit 0, {wrote} country files written")
        check = safe_map(run / "data", "check")
        print(f"safe-map check afterwards: exit {check.returncode}, {check.stdout.strip()}")
        if check.returncode != 0:
            sys.exit(check.stderr)
        lines = ["| Figure | Median | Min | Max | Peak RSS | Target | Met? |", "|---" * 7 + "|"]
        cpus = []
        for label, which, extra, target in [
            (f"import 1 questionnaire ({ONE})", [ONE], [], 0.5),
            (f"import {n} questionnaires in one run", countries, [], 3.0),
            (f"extra: --dry-run, 1 questionnaire ({ONE})", [ONE], ["--dry-run"], None),
            (f"extra: --dry-run, {n} questionnaires", countries, ["--dry-run"], None),
        ]:
            timed(fresh(base, run), which, extra)  # warm-up, untimed
            walls, cpu, rss, _ = zip(
                *(timed(fresh(base, run), which, extra) for _ in range(args.runs)), strict=True
            )
            median = statistics.median(walls)
            cpus.append(f"{label}: {statistics.median(cpu):.3f} s")
            met = "" if target is None else ("yes" if median < target else "**no**")
            lines.append(
                f"| {label} | {median:.3f} s | {min(walls):.3f} s | {max(walls):.3f} s "
                f"| {max(rss):.0f} MB | {f'< {target:g} s' if target else ''} | {met} |"
            )
    load.append(" ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"\nWall time of the whole process, {args.runs} runs each (perf_counter); peak RSS")
    print("from /usr/bin/time -v, highest of the runs; a fresh data copy and workbooks per run.\n")
    print("\n".join(lines))
    print(f"\nCPU time (user + sys), median: {'; '.join(cpus)}.")
    print(f"{machine()} Load average {load[0]} at the start, {load[1]} at the end.")


if __name__ == "__main__":
    main()
