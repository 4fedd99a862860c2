"""Time `safe-map export --all` (the regional workbook) on a synthetic data repository.

    python bench/generate.py bench/out/set-200 --countries 200   # once
    python bench/export.py bench/out/set-200 [--runs 3] [--out /tmp/region.xlsx]

Runs `/usr/bin/time -v safe-map --data-dir DIR export --all -o OUT.xlsx` (the safe-map beside
this Python, i.e. the project's virtual environment) and prints, per run, the wall time, the
CPU time and the peak resident memory, then the median; and, in-process, how that time splits
between loading the data and writing the workbook (excel.regional_workbook), for the same
countries. Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_run(data: Path, out: Path) -> dict[str, float]:
    """One export under /usr/bin/time -v: wall seconds, CPU seconds, peak RSS in MB."""
    safe_map = Path(sys.executable).with_name("safe-map")
    command = ["/usr/bin/time", "-v", str(safe_map), "--data-dir", str(data)]
    command += ["export", "--all", "-o", str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"export failed ({done.returncode}):\n{done.stderr}")
    report = done.stderr

    def field(name: str) -> str:
        match = re.search(rf"^\s*{re.escape(name)}: (.+)$", report, re.MULTILINE)
        if not match:
            sys.exit(f"no '{name}' in the output of /usr/bin/time -v:\n{report}")
        return match.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return {
        "wall": wall,
        "cpu": cpu,
        "rss": int(field("Maximum resident set size (kbytes)")) / 1024,
    }


def split(data: Path) -> tuple[int, float, float, int]:
    """In-process: countries, seconds to load and assess them, seconds to build the workbook,
    and the workbook's size in bytes."""
    from datetime import date

    from safe_map.analysis import assess
    from safe_map.data import locate
    from safe_map.render import excel
    from safe_map.workspace import load_workspace

    start = time.perf_counter()
    workspace = load_workspace(locate(data))
    reports = [
        assess(c, workspace.framework_for(c))
        for c in workspace.countries
        if workspace.framework_for(c) is not None
    ]
    loaded = time.perf_counter()
    workbook = excel.regional_workbook(reports, date.today())
    return len(reports), loaded - start, time.perf_counter() - loaded, len(workbook)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="data repository (from bench/generate.py)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--out", type=Path, help="workbook to write (default: a temporary file)")
    args = parser.parse_args()
    if not (args.data / "countries").is_dir():
        sys.exit(
            f"{args.data}: no countries/ folder: make one with "
            f"python bench/generate.py {args.data} --countries 200"
        )
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is missing: apt-get install time")
    countries = len(list((args.data / "countries").glob("*.yaml")))
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "region.xlsx"
        print(f"safe-map export --all: {countries} countries from {args.data}")
        runs = []
        for i in range(1, args.runs + 1):
            run = timed_run(args.data, out)
            runs.append(run)
            print(
                f"  run {i}: wall {run['wall']:.2f} s, cpu {run['cpu']:.2f} s, "
                f"peak RSS {run['rss']:.0f} MB"
            )
        size = out.stat().st_size
    median = {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss")}
    print(
        f"median: wall {median['wall']:.2f} s, cpu {median['cpu']:.2f} s, "
        f"peak RSS {median['rss']:.0f} MB, workbook {size / 1e6:.1f} MB"
    )
    n, load, build, _ = split(args.data)
    print(
        f"in-process, {n} countries: load and assess {load:.2f} s, regional_workbook {build:.2f} s"
    )


if __name__ == "__main__":
    main()
