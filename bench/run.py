"""Time `safe-map check` beside yamllint and check-jsonschema, and print the figures.

    make bench                   # = .venv/bin/python bench/run.py (about 30 minutes)
    python bench/run.py --runs 10 --json bench/out/results.json
    python bench/run.py --quick  # fewer runs: one run of the slow tools on 2,000 files

What it does, in order (bench/README.md has the figures it gave):

1. Builds the synthetic data repositories bench/out/set-1, set-200 and set-2000 with
   bench/generate.py when they are missing (set-1 measures the fixed cost of a run).
2. Makes the comparison tools in their own virtual environments, never the project's, under
   bench/out/venvs/ (git-ignored, inside the repository; `rm -rf bench/out` removes them):
   benchenv (yamllint and check-jsonschema as pip installs them: ruamel.yaml 0.19 without
   its C extension), benchenv-c (the same plus ruamel.yaml[oldlibyaml], the C parser),
   t28 and t29 (the project installed -e, with typer 0.28 and with typer 0.29).
3. Start-up (the shipped data, `--help`, imports, typer 0.28 against 0.29): sub-second commands
   run interleaved, round after round, timed with perf_counter, so that the load of a shared
   machine falls on all of them alike.
4. The sets: `safe-map check`, yamllint -d relaxed and check-jsonschema with the shipped schema,
   each with hyperfine when installed (else a perf_counter loop).
5. In-process, in fresh interpreters: the cost per file of each stage with ruamel's C parser and
   with its pure-Python one, and the cost per file of `run_check` on the 200 and the 2,000
   files (alternated, best of five), with and without Python's cyclic garbage collector.
   `--in-process` runs only this part (about 3 minutes).

Timed runs get PYTHONPYCACHEPREFIX=bench/out/pycache and no PYTHONDONTWRITEBYTECODE, so every
tool runs from cached bytecode as an installed wheel does; the shipped-data check is also timed
in the environment as it is (PYTHONDONTWRITEBYTECODE=1 recompiles the project on every run).
Figures are medians, with the minimum beside them; the targets are judged on the median.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
PYCACHE = OUT / "pycache"
SCHEMA = OUT / "country.schema.json"
# Everything the bench makes stays in bench/out/ (git-ignored), never elsewhere on the machine.
VENVS = OUT / "venvs"
BENCHENV = VENVS / "benchenv"  # yamllint + check-jsonschema as pip installs them
BENCHENV_C = VENVS / "benchenv-c"  # the same with ruamel.yaml's C extension
TYPER_ENVS = {"0.28": VENVS / "t28", "0.29": VENVS / "t29"}
SETS = (1, 200, 2000)
DONTWRITE = os.environ.get("PYTHONDONTWRITEBYTECODE", "unset")

sys.path.insert(0, str(BENCH))


# --- environment ---------------------------------------------------------------------------


def project_bin() -> Path:
    here = Path(sys.executable).parent
    if (here / "safe-map").exists():
        return here
    return ROOT / ".venv" / "bin"


def timed_env(bytecode: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SAFE_MAP_DATA", None)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def make_venv(venv: Path, *installs: tuple[str, ...]) -> Path:
    """A virtual environment with the packages, made once and reused."""
    if not (venv / "bin" / "python").exists():
        print(f"  making {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        # Separate installs, in order: the project pins typer<0.29, so typer 0.29 goes in after.
        for packages in installs:
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *packages],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
    return venv / "bin"


def machine(python: Path) -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    hyperfine = shutil.which("hyperfine")
    timer = "perf_counter loop over subprocess runs"
    if hyperfine:
        timer = subprocess.run([hyperfine, "--version"], capture_output=True, text=True).stdout
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": version,
        "system": f"{platform.system()} {platform.release()}",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "timer for the sets": timer.strip(),
        "date": date.today().isoformat(),
        "commit": subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
        ).stdout.strip(),
    }


# --- timing ----------------------------------------------------------------------------------


def stats(label: str, command: str, times: list[float], exit_code: int) -> dict[str, object]:
    return {
        "label": label,
        "command": command,
        "exit": exit_code,
        "runs": len(times),
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "mean": statistics.fmean(times),
    }


def show(row: dict) -> None:
    print(
        f"  {row['label']:<62} median {row['median']:7.3f} s  min {row['min']:7.3f} s"
        f"  (exit {row['exit']}, {row['runs']} runs)",
        flush=True,
    )


def interleaved(
    commands: dict[str, tuple[str, list[str], dict[str, str]]], rounds: int, warmup: int = 3
) -> dict[str, dict]:
    """Wall time of short commands, run round-robin: {key: (label, argv, env)} -> stats."""
    times: dict[str, list[float]] = {key: [] for key in commands}
    exits: dict[str, int] = {}
    for n in range(warmup + rounds):
        for key, (_, argv, env) in commands.items():
            start = time.perf_counter()
            run = subprocess.run(
                argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            took = time.perf_counter() - start
            exits[key] = run.returncode
            if n >= warmup:
                times[key].append(took)
    rows = {}
    for key, (label, argv, _) in commands.items():
        rows[key] = stats(label, " ".join(argv), times[key], exits[key])
        show(rows[key])
    return rows


def bench(label: str, command: str, cwd: Path, runs: int, warmup: int) -> dict[str, object]:
    """Wall time of a shell command, with hyperfine when it is installed."""
    env = timed_env()
    rc = subprocess.run(
        command, shell=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ).returncode
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            subprocess.run(
                [hyperfine, "--style", "none", "--ignore-failure", "--warmup", str(warmup)]
                + ["--runs", str(runs), "--export-json", export.name, command],
                cwd=cwd,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            times = json.loads(Path(export.name).read_text())["results"][0]["times"]
    else:
        times = []
        for n in range(warmup + runs):
            start = time.perf_counter()
            subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True)
            if n >= warmup:
                times.append(time.perf_counter() - start)
    row = stats(label, command, times, rc)
    row["cwd"] = str(cwd)
    show(row)
    return row


# --- data sets -------------------------------------------------------------------------------


def ensure_set(count: int) -> Path:
    from generate import generate

    folder = OUT / f"set-{count}"
    have = len(list((folder / "countries").glob("*.yaml"))) if folder.is_dir() else 0
    catalogue = folder / "standards" / "safe-2021.yaml"
    shipped = ROOT / "standards" / "safe-2021.yaml"
    fresh = catalogue.exists() and catalogue.read_bytes() == shipped.read_bytes()
    if have != count or not fresh:
        print(f"  generating {folder} ({count} country files) ...", flush=True)
        generate(folder, count, seed=0)
    return folder


def verdict(safe_map: Path, folder: Path) -> dict[str, object]:
    """What `safe-map check` says about a data folder: exit code, summary line, codes found."""
    run = subprocess.run(
        [str(safe_map), "--data-dir", str(folder), "check"],
        capture_output=True,
        text=True,
        env=timed_env(),
    )
    codes: dict[str, int] = {}
    for code in re.findall(r":\d+:\d+: ([A-Z]\d{3}) ", run.stdout):
        codes[code] = codes.get(code, 0) + 1
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr.strip()
    sizes = [p.stat().st_size for p in (folder / "countries").glob("*.yaml")]
    return {
        "exit": run.returncode,
        "summary": summary,
        "codes": codes,
        "median bytes": statistics.median(sizes),
    }


# --- start-up --------------------------------------------------------------------------------


def importtime(python: Path, repeats: int = 5) -> list[tuple[str, float, float]]:
    """Imports of `safe-map check`, top level and one below, by cumulative time:
    (module, cumulative ms, self ms), medians of several runs."""
    samples: dict[str, list[tuple[int, int]]] = {}
    for _ in range(repeats):
        run = subprocess.run(
            [str(python), "-X", "importtime", "-m", "safe_map", "check"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=timed_env(),
        )
        for line in run.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if match and len(match.group(3)) <= 3:
                name = ("  " if len(match.group(3)) > 1 else "") + match.group(4)
                samples.setdefault(name, []).append((int(match.group(2)), int(match.group(1))))
    rows = [
        (
            name,
            statistics.median(c for c, _ in values) / 1000,
            statistics.median(s for _, s in values) / 1000,
        )
        for name, values in samples.items()
    ]
    return sorted(rows, key=lambda r: -r[1])


def parser_in_use(safe_map: Path) -> str:
    run = subprocess.run([str(safe_map), "info"], cwd=ROOT, capture_output=True, text=True)
    for line in run.stdout.splitlines():
        if line.startswith("parser:"):
            return line.split(":", 1)[1].strip()
    return f"unknown (safe-map info said: {run.stdout.strip() or run.stderr.strip()})"


# --- in-process ------------------------------------------------------------------------------

STAGES = r"""
import json, sys, time
from datetime import date
from pathlib import Path
if sys.argv[1] == "pure":
    sys.modules["_ruamel_yaml"] = None  # as if ruamel.yaml.clib were not installed
from ruamel.yaml import YAML
from safe_map import yamlsource
from safe_map.checks.country import check_country
from safe_map.countries import build_country, load_country
from safe_map.data import DataRepo
from safe_map.schema import COUNTRY, validate
from safe_map.workspace import load_catalogues

paths = [Path(p) for p in sys.argv[3:]]
texts = [p.read_text(encoding="utf-8") for p in paths]
frameworks, _ = load_catalogues(DataRepo(paths[0].parent.parent, "bench"))
repeats = int(sys.argv[2])
today = date(2026, 11, 27)
pure = sys.argv[1] == "pure"

def per_file(work):
    best = None
    for _ in range(repeats):
        start = time.perf_counter()
        for i, text in enumerate(texts):
            work(i, text)
        took = (time.perf_counter() - start) / len(texts)
        best = took if best is None else min(best, took)
    return best * 1000

roots = [yamlsource.parse(t, str(p))[0] for p, t in zip(paths, texts)]
countries = [build_country(r, str(p)) for p, r in zip(paths, roots)]
out = {"parser": yamlsource.parser_name(), "files": len(paths),
       "bytes": sum(len(t.encode()) for t in texts) / len(texts)}
if hasattr(yamlsource, "_events"):
    out["YAML events only (the parser)"] = per_file(
        lambda i, t: sum(1 for _ in yamlsource._events(t)))
out["parse: events to nodes with line and column"] = per_file(
    lambda i, t: yamlsource.parse(t, "x"))
out["validate against the schema"] = per_file(lambda i, t: validate(roots[i], COUNTRY))
out["build the Country"] = per_file(lambda i, t: build_country(roots[i], "x"))
out["country rules"] = per_file(lambda i, t: check_country(countries[i], frameworks, today))
out["whole file: read, parse, validate, build, rules"] = per_file(
    lambda i, t: check_country(load_country(paths[i], str(paths[i]))[0], frameworks, today))
safe = YAML(typ="safe", pure=pure)
out["for comparison: ruamel safe compose (nodes)"] = per_file(lambda i, t: safe.compose(t))
rt = YAML()
out["for comparison: ruamel round-trip load"] = per_file(lambda i, t: rt.load(t))
print(json.dumps(out))
"""

WHOLE = r"""
import gc, json, sys, time
from pathlib import Path
from safe_map.checker import run_check
from safe_map.data import DataRepo

if sys.argv[2] == "off":
    gc.disable()
repo = DataRepo(Path(sys.argv[1]).resolve(), "bench")
count = len(repo.country_files())
start = time.perf_counter()
result = run_check(repo, None)  # what `safe-map check` runs, without the start-up
done = time.perf_counter()
print(json.dumps({"files": count, "total": (done - start) / count * 1000,
                  "diagnostics": len(result.diagnostics)}))
"""


def run_json(python: Path, *args: str) -> dict[str, object]:
    run = subprocess.run(
        [str(python), "-c", *args], capture_output=True, text=True, env=timed_env(), cwd=ROOT
    )
    if run.returncode != 0:
        return {"error": run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "failed"}
    return json.loads(run.stdout)


def per_file_in_process(python: Path, sets: dict[int, Path], rounds: int = 5) -> dict:
    """ms per file to load and check each set, best of `rounds` fresh interpreters, alternated."""
    best: dict[str, dict] = {}
    for _ in range(rounds):
        for n in (200, 2000):
            for gc_mode in ("on", "off"):
                got = run_json(python, WHOLE, str(sets[n]), gc_mode)
                key = f"{n} files, gc {gc_mode}"
                if "error" in got:
                    best[key] = got
                elif key not in best or got["total"] < best[key]["total"]:
                    best[key] = got
    for key, got in best.items():
        if "error" in got:
            print(f"  {key}: {got['error']}")
        else:
            print(f"  {key:<20} {got['total']:6.2f} ms per file")
    return best


def in_process(python: Path, sets: dict[int, Path]) -> tuple[dict, dict]:
    print("per file, in-process, by stage (best of 5 passes over 50 files of set-200):")
    sample = sorted((sets[200] / "countries").glob("*.yaml"))[:50]
    stages = {
        mode: run_json(python, STAGES, mode, "5", *map(str, sample)) for mode in ("c", "pure")
    }
    for mode, got in stages.items():
        print(f"  {mode}: {got.get('parser', got.get('error'))}")
        for key, value in got.items():
            if isinstance(value, float) and key != "bytes":
                print(f"    {key:<50}{value:8.2f} ms")
    print("per file, in-process, run_check on whole sets (best of 5 fresh interpreters):")
    return stages, per_file_in_process(python, sets)


# --- the run ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (5)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a first look")
    parser.add_argument("--no-typer", action="store_true", help="skip typer 0.28 vs 0.29")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="only the in-process figures (stages, cost per file of 200 and 2,000): 3 min",
    )
    parser.add_argument(
        "--json", type=Path, default=OUT / "results.json", help="where to write the figures"
    )
    args = parser.parse_args(argv)
    runs = 3 if args.quick else max(args.runs, 5)
    slow_runs, slow_warmup = (1, 0) if args.quick else (3, 0)  # other tools on 2,000 files
    OUT.mkdir(parents=True, exist_ok=True)

    binary = project_bin()
    safe_map, python = binary / "safe-map", binary / "python"
    print("machine:", flush=True)
    info = machine(python)
    for key, value in info.items():
        print(f"  {key + ':':<24}{value}")

    print("setting up:", flush=True)
    sets = {n: ensure_set(n) for n in SETS}
    if args.in_process:
        in_process(python, sets)
        return 0
    tools = make_venv(BENCHENV, ("yamllint", "check-jsonschema"))
    tools_c = make_venv(BENCHENV_C, ("yamllint", "check-jsonschema", "ruamel.yaml[oldlibyaml]"))
    typer_bins = {}
    if not args.no_typer:
        for version, venv in TYPER_ENVS.items():
            typer_bins[version] = make_venv(venv, ("-e", str(ROOT)), (f"typer=={version}.*",))
    SCHEMA.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA.write_text(
        subprocess.run(
            [str(safe_map), "schema", "country"], capture_output=True, text=True, check=True
        ).stdout
    )
    parser_name = parser_in_use(safe_map)
    verdicts = {n: verdict(safe_map, folder) for n, folder in sets.items()}
    verdicts["shipped"] = verdict(safe_map, ROOT)
    for n, v in verdicts.items():
        name = n if n == "shipped" else f"set-{n}"
        print(f"  {name}: exit {v['exit']}, {v['summary']}, codes {v['codes'] or 'none'}")
    print(f"  parser in use: {parser_name}")
    installed = {}
    for version, bin_ in typer_bins.items():
        installed[version] = subprocess.run(
            [str(bin_ / "python"), "-c", "import typer; print(typer.__version__)"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"  {TYPER_ENVS[version]}: typer {installed[version]}")

    print("start-up, interleaved (wall, perf_counter):", flush=True)
    env, as_is = timed_env(), timed_env(bytecode=False)
    sm, py = str(safe_map), str(python)
    short = {
        "shipped": ("safe-map check, shipped data", [sm, "check"], env),
        "shipped-as-is": (
            f"same, environment as is (PYTHONDONTWRITEBYTECODE={DONTWRITE})",
            [sm, "check"],
            as_is,
        ),
        "hook": (
            "safe-map check countries/mongolia.yaml (one file, as pre-commit passes it)",
            [sm, "check", "countries/mongolia.yaml"],
            env,
        ),
        "help": ("safe-map --help", [sm, "--help"], env),
        "python": ("python -c pass", [py, "-c", "pass"], env),
        "import-cli": ("python -c 'import safe_map.cli'", [py, "-c", "import safe_map.cli"], env),
        "import-typer": ("python -c 'import typer'", [py, "-c", "import typer"], env),
    }
    for version, bin_ in typer_bins.items():
        label = f"typer {installed[version]}"
        short[f"typer-{version}-check"] = (
            f"{label}: safe-map check",
            [str(bin_ / "safe-map"), "check"],
            env,
        )
        short[f"typer-{version}-help"] = (
            f"{label}: safe-map --help",
            [str(bin_ / "safe-map"), "--help"],
            env,
        )
    rows = interleaved(short, rounds=max(20, 4 * runs))

    print("the sets (wall, start-up included):", flush=True)
    yl, cj, cjc = tools / "yamllint", tools / "check-jsonschema", tools_c / "check-jsonschema"
    schema = f"--schemafile {SCHEMA} countries/*.yaml"
    for n, folder in sets.items():
        files = f"{n} file" + ("s" if n > 1 else "")
        rows[f"sm-{n}"] = bench(
            f"safe-map check, {files}", f"{sm} --data-dir . check", folder, runs, 1
        )
        if n > 249:
            rows[f"sm-{n}-ignore"] = bench(
                f"safe-map check --ignore C010, {n} files",
                f"{sm} --data-dir . check --ignore C010",
                folder,
                runs,
                1,
            )
        if n == 1:
            continue
        r, w = (runs, 1) if n <= 200 else (slow_runs, slow_warmup)
        rows[f"yl-{n}"] = bench(
            f"yamllint -d relaxed, {n} files", f"{yl} -d relaxed countries/*.yaml", folder, r, w
        )
        rows[f"cjc-{n}"] = bench(
            f"check-jsonschema, C parser, {n} files", f"{cjc} {schema}", folder, r, w
        )
        rows[f"cj-{n}"] = bench(
            f"check-jsonschema as pip installs it (pure Python), {n} files",
            f"{cj} {schema}",
            folder,
            r,
            w,
        )

    print("start-up: python -X importtime -m safe_map check (medians of 5):", flush=True)
    imports = importtime(python)
    for name, cumulative, own in imports[:15]:
        print(f"  {cumulative:7.1f} ms cumulative {own:6.1f} ms self  {name}")

    stages, whole = in_process(python, sets)

    # Linearity from wall times: the 1-file set's time is the fixed cost, the rest is per file.
    fixed = rows["sm-1"]["median"]
    big = rows.get("sm-2000-ignore") or rows["sm-2000"]
    linear = {
        "fixed (1 file), s": fixed,
        "per file, 200, ms": (rows["sm-200"]["median"] - fixed) / 199 * 1000,
        "per file, 2000, ms": (big["median"] - fixed) / 1999 * 1000,
    }
    per_200 = linear["per file, 200, ms"]
    linear["ratio 2000/200 (wall)"] = (
        linear["per file, 2000, ms"] / per_200 if per_200 > 0 else float("nan")
    )
    try:
        linear["ratio 2000/200 (in-process)"] = (
            whole["2000 files, gc on"]["total"] / whole["200 files, gc on"]["total"]
        )
    except (KeyError, TypeError):
        pass

    report = render(info, parser_name, verdicts, rows, imports, stages, whole, linear)
    print()
    print(report)
    results = {
        "machine": info,
        "parser": parser_name,
        "verdicts": verdicts,
        "timings": rows,
        "imports": imports[:30],
        "per_file_stages": stages,
        "per_file_sets": whole,
        "linearity": linear,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str))
    (OUT / "results.md").write_text(report)
    print(f"wrote {args.json} and {OUT / 'results.md'}")
    return 0


def render(info, parser_name, verdicts, rows, imports, stages, whole, linear) -> str:
    def s(key: str) -> str:
        row = rows.get(key)
        return f"{row['median']:.3f} s | {row['min']:.3f} s" if row else "not run | "

    def met(ok: bool) -> str:
        return "yes" if ok else "**no**"

    lines = [
        f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"{info['system']}, load average {info['load average at start']} at the start; "
        f"{info['date']}, commit {info.get('commit', '?')}. Parser: {parser_name}.",
        "",
        "| What | Median | Min | Target | Met |",
        "|---|---|---|---|---|",
    ]
    shipped = rows["shipped"]["median"]
    found = re.search(r"(\d+) (files )?checked", str(verdicts.get("shipped", {}).get("summary")))
    shipped_files = f"{found.group(1)} files" if found else "all files"
    lines += [
        f"| `safe-map check`, shipped data ({shipped_files}) | {s('shipped')} | < 0.25 s | "
        f"{met(shipped < 0.25)} |",
        f"| same, environment as is (PYTHONDONTWRITEBYTECODE={DONTWRITE}) "
        f"| {s('shipped-as-is')} | | |",
        f"| `safe-map check countries/mongolia.yaml` (one file, as pre-commit runs it) "
        f"| {s('hook')} | | |",
        f"| `safe-map --help` | {s('help')} | | |",
        f"| `python -c pass` | {s('python')} | | |",
        f"| `python -c 'import typer'` | {s('import-typer')} | | |",
        f"| `python -c 'import safe_map.cli'` | {s('import-cli')} | | |",
    ]
    for key in sorted(k for k in rows if k.startswith("typer-")):
        lines.append(f"| {rows[key]['label']} | {s(key)} | | |")
    for what in ("check", "help"):
        old, new = rows.get(f"typer-0.28-{what}"), rows.get(f"typer-0.29-{what}")
        if old and new:
            lines.append(
                f"| typer 0.29 − 0.28, `{what}` | "
                f"+{1000 * (new['median'] - old['median']):.0f} ms | "
                f"+{1000 * (new['min'] - old['min']):.0f} ms | | |"
            )
    for n in (1, 200, 2000):
        ignore = f"sm-{n}-ignore" in rows
        sm = rows[f"sm-{n}-ignore" if ignore else f"sm-{n}"]
        if n == 200 and f"cjc-{n}" in rows:
            target = f"< check-jsonschema ({rows[f'cjc-{n}']['median']:.2f} s)"
            verdict_ = met(sm["median"] < rows[f"cjc-{n}"]["median"])
        else:
            target = verdict_ = ""
        flag = " --ignore C010" if ignore else ""
        key = f"sm-{n}-ignore" if ignore else f"sm-{n}"
        files = f"{n} file" + ("s" if n > 1 else "")
        lines.append(f"| `safe-map check{flag}`, {files} | {s(key)} | {target} | {verdict_} |")
        if ignore:
            lines.append(
                f"| `safe-map check`, {n} files, C010 errors printed | {s(f'sm-{n}')} | | |"
            )
        if n == 1:
            continue
        lines += [
            f"| yamllint -d relaxed, {n} files | {s(f'yl-{n}')} | | |",
            f"| check-jsonschema with ruamel's C parser, {n} files | {s(f'cjc-{n}')} | | |",
            f"| check-jsonschema as pip installs it (pure Python), {n} files | {s(f'cj-{n}')} | | |",
        ]
    ratio = linear["ratio 2000/200 (wall)"]
    inproc = linear.get("ratio 2000/200 (in-process)")
    lines.append(
        f"| per file (wall − 1-file run): 200 files {linear['per file, 200, ms']:.2f} ms, "
        f"2,000 files {linear['per file, 2000, ms']:.2f} ms | ratio {ratio:.2f} | "
        + (f"in-process {inproc:.2f} " if inproc else "")
        + f"| linear | {met(0.8 <= (inproc or ratio) <= 1.25)} |"
    )
    lines += ["", "Per file, in-process, ms (50 files of about 10 KB):", ""]
    lines += ["| Stage | C parser | pure Python |", "|---|---|---|"]
    for key, value in stages.get("c", {}).items():
        if isinstance(value, float) and key != "bytes":
            pure = stages.get("pure", {}).get(key)
            lines.append(
                f"| {key} | {value:.2f} | {pure:.2f} |" if pure else f"| {key} | {value:.2f} | |"
            )
    lines += ["", "`run_check` on whole sets, in-process, ms per file:", ""]
    lines += ["| Set | ms per file |", "|---|---|"]
    for key, got in whole.items():
        if "error" not in got:
            lines.append(f"| {key} | {got['total']:.2f} |")
    lines += ["", "Slowest imports of `safe-map check` (python -X importtime, ms):", ""]
    lines += ["| Module | cumulative | self |", "|---|---|---|"]
    lines += [f"| {name.strip()} | {c:.1f} | {o:.1f} |" for name, c, o in imports[:12]]
    said = [f"{n if n == 'shipped' else f'set-{n}'}: {v['summary']}" for n, v in verdicts.items()]
    lines += ["", "Verdicts: " + "; ".join(said)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
