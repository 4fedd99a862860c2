"""`safe-map plans` and `safe-map plan ID`: the work plans between programmes, their tasks and
progress, in the terminal, JSON (validated against the shipped schema) and Markdown (rendered
with markdown-it); counts are checked against the plan file as an independent YAML reader
sees it."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len
from ruamel.yaml import YAML

from safe_map.plans import load_plan
from safe_map.render import recognition, recognition_json, text
from safe_map.render.terminal import make_console

from .conftest import ROOT
from .test_mras import tables_of

PLAN_ID = "mx-aeo-ocs-2017"
PLAN_FILE = ROOT / "plans" / f"{PLAN_ID}.yaml"
OUTPUT = ROOT / "safe_map" / "schemas" / "output"


def plan_yaml(path: Path = PLAN_FILE) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def expected_progress(path: Path = PLAN_FILE) -> tuple[int, int, int]:
    """(complete, in progress, pending), counted from the file itself."""
    statuses = [t["status"] for t in plan_yaml(path)["tasks"]]
    return statuses.count("complete"), statuses.count("in-progress"), statuses.count("pending")


def valid(name: str, out: str) -> dict:
    """The JSON printed, checked against the shipped schema of `name`'s output (read from the
    file: `safe-map schema plan` prints the plan *file*'s schema)."""
    data = json.loads(out)
    schema = json.loads((OUTPUT / f"{name}.schema.json").read_text(encoding="utf-8"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft7Validator(schema).iter_errors(data)
    ]
    assert not errors, errors[:5]
    return data


@pytest.fixture
def plans_repo(full_repo: Path) -> Path:
    """The whole shipped data with its plans, free to change."""
    if not (full_repo / "plans").is_dir():
        shutil.copytree(ROOT / "plans", full_repo / "plans")
    return full_repo


# --- plans -------------------------------------------------------------------------------------


def test_plans_lists_the_plan_with_its_progress(cli, plans_repo):
    complete, in_progress, pending = expected_progress()
    run = cli("--data-dir", str(plans_repo), "plans")
    assert run.code == 0, run.err
    assert max(cell_len(line) for line in run.out.splitlines()) <= 80
    lines = run.out.splitlines()
    at = next(i for i, line in enumerate(lines) if PLAN_ID in line)
    progress_at = lines[at - 2].index("Progress")  # the column, from its head
    column = [line[progress_at:].strip() for line in lines[at : at + 3]]
    assert column == [f"{complete} complete", f"{in_progress} in progress", f"{pending} pending"]
    flat = " ".join(run.out.split())
    assert "domestic" in flat and "Cooperation between" in flat


def test_plans_json_and_markdown(cli, plans_repo):
    complete, in_progress, pending = expected_progress()
    data = valid("plans", cli("--data-dir", str(plans_repo), "plans", "-f", "json").out)
    (listed,) = data["plans"]
    assert listed["id"] == PLAN_ID and listed["file"] == f"plans/{PLAN_ID}.yaml"
    assert listed["progress"] == {
        "complete": complete,
        "in_progress": in_progress,
        "pending": pending,
        "total": len(plan_yaml()["tasks"]),
    }
    assert [p["programme"] for p in listed["parties"]] == [
        p["programme"] for p in plan_yaml()["parties"]
    ]
    assert listed["parties"][0]["country_name"] == "Mexico"
    run = cli("--data-dir", str(plans_repo), "plans", "-f", "markdown")
    head, row = tables_of(run.out)[0]
    shown = dict(zip(head, row, strict=True))
    assert shown["Id"] == PLAN_ID
    assert shown["Title"] == plan_yaml()["title"]
    assert shown["Progress"] == f"{complete} complete, {in_progress} in progress, {pending} pending"


def test_no_plans_says_where_they_go(cli, full_repo):
    shutil.rmtree(full_repo / "plans", ignore_errors=True)
    run = cli("--data-dir", str(full_repo), "plans")
    assert run.code == 0
    assert run.out.startswith("No work plans in ")
    assert "plans/<id>.yaml" in run.out and "docs/data-format.md" in run.out
    assert len(run.out.strip().splitlines()) == 1
    run = cli("--data-dir", str(full_repo), "plans", "-f", "json")
    assert valid("plans", run.out)["plans"] == []
    assert "plans/<id>.yaml" in run.err


def test_a_plan_file_with_errors_is_left_out_and_named(cli, plans_repo):
    """As `region` does with a broken country file: `plans` lists the others and names the
    file; `plan` of that id stops with its errors; another plan still shows."""
    (plans_repo / "plans" / "other.yaml").write_text(
        (plans_repo / "plans" / f"{PLAN_ID}.yaml")
        .read_text(encoding="utf-8")
        .replace(f"id: {PLAN_ID}", "id: other"),
        encoding="utf-8",
    )
    path = plans_repo / "plans" / f"{PLAN_ID}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: pending", "status: someday", 1),
        encoding="utf-8",
    )
    listed = cli("--data-dir", str(plans_repo), "plans")
    assert listed.code == 0
    assert "other" in listed.out and PLAN_ID not in listed.out
    assert f"plans/{PLAN_ID}.yaml" in listed.err and "left out" in listed.err
    run = cli("--data-dir", str(plans_repo), "plan", PLAN_ID)
    assert run.code == 2
    assert re.search(rf"{PLAN_ID}\.yaml:\d+:\d+: S004 'someday'", run.err), run.err
    assert "fix them and run again" in run.err
    assert run.out == ""
    assert cli("--data-dir", str(plans_repo), "plan", "other").code == 0


def test_plans_writes_a_file(cli, plans_repo, tmp_path):
    target = tmp_path / "plans.md"
    run = cli("--data-dir", str(plans_repo), "plans", "-o", str(target))
    assert run.code == 0, run.err
    assert f"| {PLAN_ID} |" in target.read_text(encoding="utf-8")
    refused = cli("--data-dir", str(plans_repo), "plans", "-o", str(tmp_path / "p.xlsx"))
    assert refused.code == 2 and "plan ID -o FILE.xlsx" in refused.err


# --- plan ID -----------------------------------------------------------------------------------


def task_block(out: str, number: int) -> str:
    """The lines of task `number` in the terminal's Tasks table, joined by single spaces."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^ +{number} +\S", line))
    end = next(
        (
            i
            for i, line in enumerate(lines[start + 1 :], start + 1)
            if re.match(r"^ +\d+ +\S", line)
        ),
        len(lines),
    )
    return " ".join(" ".join(lines[start:end]).split())


def test_plan_shows_the_tasks_and_their_events(cli, plans_repo):
    run = cli("--data-dir", str(plans_repo), "plan", PLAN_ID)
    assert run.code == 0, run.err
    assert max(cell_len(line) for line in run.out.splitlines()) <= 80
    task = next(t for t in plan_yaml()["tasks"] if t["number"] == 5)
    block = task_block(run.out, 5)
    assert block.startswith(f"5 {task['title']}")
    assert "◐ In progress" in block  # the task's status, in-progress in the file
    visit = " ".join(task["events"][0]["text"].split())
    assert f"2017-08-10 to 2017-08-11: {visit}" in block
    assert "2017-07: Civil Aviation participated as an observer" in block
    assert "undated: AEO participated as an observer" in block
    complete, in_progress, pending = expected_progress()
    flat = " ".join(run.out.split())
    assert f"{complete} complete, {in_progress} in progress, {pending} pending" in flat
    total = complete + in_progress + pending
    assert f"({complete} of {total} tasks complete)" in flat
    bar = next(line for line in run.out.splitlines() if line.startswith("Progress:"))
    assert bar.split()[1:] == [
        {"complete": "✔", "in-progress": "◐", "pending": "○"}[t["status"]]
        for t in plan_yaml()["tasks"]
    ]
    for heading in ("Parties", "Objectives", "Points compared", "Tasks", "Next steps", "Source"):
        assert heading in run.out.splitlines()
    assert "Safe Cargo Operator (OCS), Civil Aviation, Mexico" in flat
    assert "WCO-branded slides" in flat  # the source's document


def test_plan_json(cli, plans_repo):
    data = valid("plan", cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-f", "json").out)
    source = plan_yaml()
    assert [t["status"] for t in data["tasks"]] == [t["status"] for t in source["tasks"]]
    fifth = next(t for t in data["tasks"] if t["number"] == 5)
    assert [e["date"] for e in fifth["events"]] == [
        str(e.get("date", ""))
        for e in next(t for t in source["tasks"] if t["number"] == 5)["events"]
    ]
    assert fifth["events"][0]["date"] == "2017-08-10/2017-08-11"
    assert data["source"]["id"] == source["source"]
    assert data["points"][0] == {"point": source["points"][0]["point"], "status": "", "notes": ""}
    assert data["next_steps"] == [" ".join(s.split()) for s in source["next_steps"]]


def test_plan_markdown(cli, plans_repo):
    run = cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-f", "markdown")
    assert run.code == 0, run.err
    head, *rows = tables_of(run.out)[0]
    assert head == ["No.", "Task", "Status", "Date"]
    assert [r[1] for r in rows] == [t["title"] for t in plan_yaml()["tasks"]]
    html = MarkdownIt("commonmark").enable("table").render(run.out)
    section = html[html.index("<h3>5. Perform Joint Validation Visits as observers</h3>") :]
    section = section[: section.index("<h3>", 4)]
    visit = " ".join(
        next(t for t in plan_yaml()["tasks"] if t["number"] == 5)["events"][0]["text"].split()
    )
    assert f"<li><strong>2017-08-10/2017-08-11</strong>: {visit}</li>" in section


def test_unknown_plan_names_the_known_ones(cli, plans_repo):
    run = cli("--data-dir", str(plans_repo), "plan", "mx-aeo-2099")
    assert run.code == 2
    assert run.err.strip() == f"safe-map: no plan 'mx-aeo-2099': known plans: {PLAN_ID}"
    assert cli("--data-dir", str(plans_repo), "plan", PLAN_ID.upper()).code == 0  # any case


def test_plan_to_files(cli, plans_repo, tmp_path):
    target = tmp_path / "plan.md"
    run = cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-o", str(target))
    assert run.code == 0, run.err
    assert f"wrote {target}" in run.err
    head, *rows = tables_of(target.read_text(encoding="utf-8"))[0]
    assert len(rows) == len(plan_yaml()["tasks"])
    folder = tmp_path / "out"
    folder.mkdir()
    run = cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-o", str(folder), "-f", "json")
    (written,) = folder.iterdir()
    assert written.name.startswith(f"safe-map-plan-{PLAN_ID}-") and written.suffix == ".json"
    valid("plan", written.read_text(encoding="utf-8"))


def test_plan_workbook(cli, plans_repo, tmp_path):
    pytest.importorskip(
        "safe_map.render.excel_plan",
        reason="safe_map/render/excel_plan.py (plan_workbook) is written by another change",
    )
    from openpyxl import load_workbook

    target = tmp_path / "plan.xlsx"
    run = cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-o", str(target))
    assert run.code == 0, run.err
    assert f"wrote {target}" in run.err
    book = load_workbook(target)
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    for task in plan_yaml()["tasks"]:
        assert task["title"] in cells


def test_plan_workbook_refuses_a_format(cli, plans_repo, tmp_path):
    run = cli(
        "--data-dir", str(plans_repo), "plan", PLAN_ID, "-f", "json", "-o", str(tmp_path / "p.xlsx")
    )
    assert run.code == 2
    assert "writes a workbook, so -f json does not apply" in run.err


# --- hostile text ------------------------------------------------------------------------------

TITLE = "[link=http://evil.example]click[/link] =cmd() | a|b"


def test_hostile_task_title(cli, plans_repo):
    path = plans_repo / "plans" / f"{PLAN_ID}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Establish contacts", "title: " + json.dumps(TITLE)
        ),
        encoding="utf-8",
    )
    run = cli("--data-dir", str(plans_repo), "plan", PLAN_ID)
    assert run.code == 0, run.err
    assert task_block(run.out, 1).startswith(f"1 {TITLE}")  # markup shown as typed
    data = valid("plan", cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-f", "json").out)
    assert data["tasks"][0]["title"] == TITLE
    markdown = cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-f", "markdown").out
    assert "<a " not in MarkdownIt("commonmark").enable("table").render(markdown)
    head, *rows = tables_of(markdown)[0]
    assert rows[0][1] == TITLE  # one cell: the | did not split it
    # A title that begins with a formula's first character starts with a zero-width space.
    path.write_text(
        path.read_text(encoding="utf-8").replace(json.dumps(TITLE), json.dumps("=cmd() | x")),
        encoding="utf-8",
    )
    markdown = cli("--data-dir", str(plans_repo), "plan", PLAN_ID, "-f", "markdown").out
    head, *rows = tables_of(markdown)[0]
    assert rows[0][1] == "\u200b=cmd() | x"


NASTY = "\x1b[2J\x1b]0;pwned\x07\x9b31m"


def test_control_characters_in_a_plan_never_reach_the_terminal():
    """`check` refuses these characters (the plan would stop the command); the renderers are
    the second line of defence."""
    plan, _ = load_plan(PLAN_FILE, f"plans/{PLAN_ID}.yaml")
    assert plan is not None
    plan.tasks[0].title = "Task " + NASTY
    plan.tasks[4].events[0].text = NASTY + " visit"
    plan.parties[0].programme = "AEO " + NASTY
    for render in (recognition.plan_terminal, recognition.plans_terminal):
        buffer = io.StringIO()
        shown_plan = plan if render is recognition.plan_terminal else [plan]
        make_console(file=buffer, width=80, color=False).print(render(shown_plan))
        shown = buffer.getvalue()
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
        assert "\\x1b[2J" in shown
    for markdown in (recognition.plan_markdown(plan), recognition.plans_markdown([plan])):
        assert "\x1b" not in markdown and "\x9b" not in markdown and "\ufffd" in markdown
    dumped = text.dumps(recognition_json.plan_json(plan, root=ROOT))
    assert "\x1b" not in dumped and "\x9b" not in dumped
    assert json.loads(dumped)["tasks"][0]["title"] == "Task " + NASTY
