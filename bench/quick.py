"""The quick benchmark (about a minute): each figure beside its peer, floor or target, as a
ratio from the same run. CI runs it and prints the table; it never fails on a slow figure
(a shared machine drifts), only when a command itself fails.

    .venv/bin/python bench/quick.py [--rounds 7]     # also: make bench-quick

What it times, interleaved round after round so that the drift of a shared machine falls on
all alike (medians of the rounds, wall time of a real process, bytecode cached as after
`pip install`):

1. The pre-commit path: `safe-map check countries/mongolia.yaml` against
   `yamllint -d relaxed` on the same file, and `safe-map check` of the shipped folder against
   yamllint on the same files (ratio <= 1.0 wanted).
2. Every command on the shipped CAREC data against 0.2 s.
3. `region` and `compare` on 200 synthetic countries (bench/generate.py) against 1 s.
4. `export --all` of the 200 countries against openpyxl's own floor for the same cells,
   measured here: the exported workbook's values read back (python-calamine) and written
   again by openpyxl in write-only mode with one shared style (ratio <= 1.5 wanted).

yamllint is installed in bench/out/venvs/quick (or bench/run.py's benchenv is used) the first
time, from the package index pip is set up for; without it, its rows say so.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
SET_200 = OUT / "set-200"
VENVS = OUT / "venvs"
SAFE_MAP = Path(sys.executable).with_name("safe-map")

COMMANDS = [  # (label, arguments) on the shipped data, each against 0.2 s
    ("assess mongolia", ["assess", "mongolia"]),
    ("assess mongolia -f json", ["assess", "mongolia", "-f", "json"]),
    ("region --group carec", ["region", "--group", "carec"]),
    ("compare mongolia kazakhstan", ["compare", "mongolia", "kazakhstan"]),
    ("mras --group carec", ["mras", "--group", "carec"]),
    ("plans", ["plans"]),
    ("plan mx-aeo-ocs-2017", ["plan", "mx-aeo-ocs-2017"]),
    ("changes mongolia", ["changes", "mongolia"]),
    ("standards", ["standards"]),
    ("countries", ["countries"]),
]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode, as an installed tool runs
    env.update(PYTHONPYCACHEPREFIX=str(OUT / "pycache"), COLUMNS="80", NO_COLOR="1")
    return env


def yamllint() -> Path | None:
    """yamllint in a virtual environment of the bench's own, made the first time."""
    for venv in (VENVS / "benchenv", VENVS / "quick"):
        found = venv / "bin" / "yamllint"
        if found.exists():
            return found
    venv = VENVS / "quick"
    print(f"making {venv} with yamllint (once) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "yamllint"],
            check=True,
            capture_output=True,
        )
    except (subprocess.CalledProcessError, OSError) as err:
        print(f"  yamllint could not be installed ({err}): its rows are left out")
        shutil.rmtree(venv, ignore_errors=True)
        return None
    return venv / "bin" / "yamllint"


def ensure_set_200() -> None:
    if not (SET_200 / "countries").is_dir():
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), str(SET_200), "--countries", "200"],
            check=True,
            capture_output=True,
        )


def run_once(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: findings (check), not a failure of the tool
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr.decode()}")
    return elapsed


def interleaved(
    commands: dict[str, list[str]], cwd: Path, env: dict[str, str], rounds: int
) -> dict[str, float]:
    """The median wall time of each command, run round after round in turn after a warm-up."""
    for command in commands.values():
        run_once(command, cwd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(run_once(command, cwd, env))
    return {name: statistics.median(values) for name, values in times.items()}


def export_floor(workbook: Path) -> float:
    """Seconds openpyxl takes to write the same values on the same sheets in write-only mode
    with one shared style: the floor an export of those cells can approach."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(workbook))
    sheets = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
    start = time.perf_counter()
    out = Workbook(write_only=True)
    font = Font(name="Calibri", size=10)
    for name, rows in sheets:
        sheet = out.create_sheet(name)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value if value != "" else None)
                cell.font = font
                cells.append(cell)
            sheet.append(cells)
    with tempfile.TemporaryDirectory() as tmp:
        out.save(Path(tmp) / "floor.xlsx")
    return time.perf_counter() - start


def row(what: str, ours: float, against: str, other: float | None, wanted: float) -> str:
    if other is None:
        return f"| {what} | {ours:.3f} s | {against}: not available | — | — |"
    ratio = ours / other
    met = "yes" if ratio <= wanted else "no"
    return f"| {what} | {ours:.3f} s | {against} {other:.3f} s | {ratio:.2f} | {met} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    args = parser.parse_args()
    env = environment()
    started = time.perf_counter()
    lint = yamllint()
    ensure_set_200()
    safe_map = [str(SAFE_MAP)]
    shipped = ["standards", "countries", "groups", "plans"]
    files = sorted(str(p.relative_to(ROOT)) for f in shipped for p in (ROOT / f).glob("*.yaml"))
    lines = [
        "| what | safe-map | against | ratio | met |",
        "|---|---|---|---|---|",
    ]

    hook = {"ours-one": [*safe_map, "check", "countries/mongolia.yaml"]}
    hook["ours-all"] = [*safe_map, "check"]
    if lint:
        hook["lint-one"] = [str(lint), "-d", "relaxed", "countries/mongolia.yaml"]
        hook["lint-all"] = [str(lint), "-d", "relaxed", *files]
    hooks = interleaved(hook, ROOT, env, args.rounds * 2)
    lines.append(
        row("check one country file", hooks["ours-one"], "yamllint", hooks.get("lint-one"), 1.0)
    )
    lines.append(
        row(f"check the shipped data ({len(files)} files)", hooks["ours-all"], "yamllint",
            hooks.get("lint-all"), 1.0)
    )  # fmt: skip

    shown = interleaved(
        {label: [*safe_map, *argv] for label, argv in COMMANDS}, ROOT, env, args.rounds
    )
    for label, _argv in COMMANDS:
        lines.append(row(label, shown[label], "target", 0.2, 1.0))

    data = ["--data-dir", str(SET_200)]
    big = interleaved(
        {
            "region": [*safe_map, *data, "region"],
            "region -f json": [*safe_map, *data, "region", "-f", "json"],
            "compare": [*safe_map, *data, "compare", "synthetic-0001", "synthetic-0002"],
        },
        ROOT,
        env,
        max(2, args.rounds // 2),
    )
    for label, seconds in big.items():
        lines.append(row(f"{label}, 200 countries", seconds, "target", 1.0, 1.0))

    with tempfile.TemporaryDirectory() as tmp:
        export_times, floors = [], []
        for n in range(2):
            book = Path(tmp) / f"region-{n}.xlsx"  # a new file: export refuses to overwrite
            export = [*safe_map, *data, "export", "--all", "-o", str(book)]
            export_times.append(run_once(export, ROOT, env))
            floors.append(export_floor(book))
    lines.append(
        row("export --all, 200 countries", min(export_times), "openpyxl floor", min(floors), 1.5)
    )

    print()
    print(
        f"safe-map quick benchmark, {time.strftime('%Y-%m-%d')}, {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; medians of {args.rounds} "
        "interleaved rounds (export: best of 2)"
    )
    print("\n".join(lines))
    print(f"\n({time.perf_counter() - started:.0f} s; figures drift on a shared machine)")


if __name__ == "__main__":
    main()
