"""`--format json` is a stable interface: every command's JSON validates against the schema
shipped in safe_map/schemas/output/ (the one `safe-map schema NAME` prints), on the shipped
data and on data that exercises every shape (planned work with target dates, unknown
readiness, files with errors); and file paths are relative to the data folder, however it
was found."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import typer.main

from safe_map.cli import app
from safe_map.model import Country
from safe_map.programme import programme_view
from safe_map.render.json_schema import OUTPUT_SCHEMAS, output_schema_document
from safe_map.render.text import programme_json
from safe_map.schema import SCHEMAS

from .conftest import CORPUS, ROOT

OUTPUT_DIR = ROOT / "safe_map" / "schemas" / "output"


def shipped_schema(name: str) -> dict:
    return json.loads((OUTPUT_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def valid(name: str, out: str) -> dict:
    """The JSON printed, after checking it against the shipped schema of `name`."""
    data = json.loads(out)
    validator = jsonschema.Draft7Validator(shipped_schema(name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return data


# --- the schemas themselves ------------------------------------------------------------------


def test_every_command_with_json_has_a_schema():
    commands = typer.main.get_command(app).commands
    with_json = {
        name
        for name, command in commands.items()
        for param in command.params
        if param.name == "fmt" and "json" in getattr(param.type, "choices", ())
    }
    assert with_json == set(OUTPUT_SCHEMAS)


@pytest.mark.parametrize("name", list(OUTPUT_SCHEMAS))
def test_shipped_schema_is_current_and_printed_by_the_cli(cli, name):
    shipped = shipped_schema(name)
    assert shipped == output_schema_document(name), "stale schema: run `make schemas`"
    run = cli("schema", f"output/{name}")  # as `make schemas` asks for it
    assert run.code == 0
    assert json.loads(run.out) == shipped
    if name not in SCHEMAS:  # `plan` alone is the data file's schema
        assert json.loads(cli("schema", name).out) == shipped
    jsonschema.Draft7Validator.check_schema(shipped)
    assert shipped["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_no_stray_schema_file():
    assert sorted(p.name for p in OUTPUT_DIR.iterdir()) == sorted(
        f"{name}.schema.json" for name in OUTPUT_SCHEMAS
    )


def test_the_schemas_say_what_every_field_means():
    def walk(schema: dict, where: str) -> None:
        assert schema.get("description"), f"{where} has no description"
        for key, child in schema.get("properties", {}).items():
            walk(child, f"{where}.{key}")
        if isinstance(schema.get("items"), dict):
            walk(schema["items"], f"{where}[]")
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"], f"{where}{{}}")
        if schema.get("type") == "object" and "properties" in schema:
            assert schema["additionalProperties"] is False, f"{where} is open"
            assert schema["required"] == list(schema["properties"]), where

    for name in OUTPUT_SCHEMAS:
        walk(shipped_schema(name), name)


def test_the_docs_describe_every_field():
    """docs/json.md has a section per command, and its table names every top-level field
    (format_version has a section of its own)."""
    docs = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    sections = {part.split()[0]: part for part in docs.split("## `safe-map ")[1:]}
    assert set(sections) == set(OUTPUT_SCHEMAS)
    for name, section in sections.items():
        for field in set(shipped_schema(name)["properties"]) - {"format_version"}:
            assert f"`{field}" in section, f"docs/json.md, {name}: no word on {field}"


def test_unknown_schema_lists_every_name(cli):
    run = cli("schema", "planet")
    assert run.code == 2
    for name in [*SCHEMAS, *OUTPUT_SCHEMAS]:
        assert name in run.err
    assert "output/plan" in run.err  # the plan command's, told from the plan file's


def test_a_name_shared_by_a_data_file_and_a_command(cli):
    assert json.loads(cli("schema", "plan").out)["title"] == "safe-map plan"
    output = json.loads(cli("schema", "output/plan").out)
    assert output["$id"].endswith("output:plan.schema.json") or "output" in output["$id"]
    assert "tasks" in output["properties"] and output != json.loads(cli("schema", "plan").out)


def test_a_wrong_output_fails_its_schema():
    """The schemas are strict: a missing field, a new status or a wrong type is refused."""
    validator = jsonschema.Draft7Validator(shipped_schema("compare"))
    good = {"status": "yes", "citations": []}
    # a side whose file records no programme, as the renderer writes it
    programme = programme_json(programme_view(Country("A", "MN", "safe-2021", "a.yaml")))
    pair = {
        "pillar": 1,
        "number": 1,
        "id": "p1-s1",
        "title": "T",
        "a": good,
        "b": good,
        "agree": True,
        "readiness": "both",
    }
    counts = dict.fromkeys(
        ["both", "only_a", "only_b", "neither", "unknown", "assessed_by_both"], 0
    )
    doc = {
        "format_version": 2,
        "framework": {"id": "safe-2021", "edition": "2021"},
        "a": {"name": "A", "iso": "MN"},
        "b": {"name": "B", "iso": "KZ"},
        "standards": [pair],
        "readiness": {"pillars": [], "overall": counts},
        "programmes": {"a": programme, "b": programme, "between": [None, None]},
    }
    assert validator.is_valid(doc)
    assert not validator.is_valid({**doc, "format_version": 1})
    assert not validator.is_valid({**doc, "standards": [{**pair, "readiness": "maybe"}]})
    assert not validator.is_valid({**doc, "standards": [{**pair, "agree": "yes"}]})
    assert not validator.is_valid({**doc, "a": {"name": "A"}})
    assert not validator.is_valid({**doc, "extra": 1})


# --- every command on the shipped data -------------------------------------------------------

SHIPPED_RUNS = [
    ("assess", "mongolia"),
    ("assess", "mongolia", "--gaps"),
    ("assess", "kazakhstan", "--pillar", "2"),
    ("check",),
    ("standards",),
    ("standards", "--pillar", "3"),
    ("countries",),
    ("compare", "mongolia", "kazakhstan"),
    ("compare", "mongolia", "kazakhstan", "--pillar", "1"),
    ("region",),
    ("region", "--group", "carec"),
    ("region", "mn", "kz"),
    ("mras",),
    ("mras", "--group", "carec"),
    ("mras", "mn", "cn"),
    ("plans",),
    ("plan", "mx-aeo-ocs-2017"),
]


@pytest.mark.parametrize("args", SHIPPED_RUNS, ids=" ".join)
def test_shipped_data(cli, monkeypatch, tmp_path, args):
    monkeypatch.chdir(tmp_path)  # the bundled data, not the current folder's
    run = cli(*args, "-f", "json")
    assert run.code == 0, run.err
    valid(args[0], run.out)


# --- data that exercises every shape ---------------------------------------------------------

MONGOLIA_CHANGES = {
    "  p3-s3:\n    status: no\n": "  p3-s3:\n    status: planned\n    target_date: 2027-06\n",
    "  p3-s4:\n    status: no\n": (
        "  p3-s4:\n    status: partial\n    citations:\n      - instrument: customs-law\n"
        "        provision: Article 272\n"
    ),
    "  p3-s5:\n    status: no\n": "  p3-s5:\n    status: not-applicable\n",
}


def rewrite(path: Path, changes: dict[str, str]) -> str:
    text = path.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def varied(data: Path) -> Path:
    """Mongolia with planned, partial and not-applicable standards; Kazakhstan assessed in
    part (some unknown to a comparison), meeting some standards Mongolia does not."""
    text = rewrite(data / "countries" / "mongolia.yaml", MONGOLIA_CHANGES)
    text = text.replace("name: Mongolia", "name: Kazakhstan").replace("iso: MN", "iso: KZ")
    text = text.replace("  p1-s1:\n    status: yes\n", "  p1-s1:\n    status: no\n")
    text = text.replace("  p2-s2:\n    status: yes\n", "  p2-s2:\n    status: not-assessed\n")
    text = text.replace("  p3-s6:\n    status: no\n", "  p3-s6:\n    status: not-assessed\n")
    text = text.replace("  p3-s4:\n    status: partial\n", "  p3-s4:\n    status: yes\n")
    (data / "countries" / "kazakhstan.yaml").write_text(text, encoding="utf-8")
    return data


@pytest.fixture
def varied_repo(full_repo: Path) -> Path:
    return varied(full_repo)


def test_varied_data_is_clean(cli, varied_repo):
    run = cli("--data-dir", str(varied_repo), "check", "-f", "json")
    data = valid("check", run.out)
    assert (run.code, data["errors"]) == (0, 0), data["diagnostics"]


@pytest.mark.parametrize("args", SHIPPED_RUNS, ids=" ".join)
def test_varied_data(cli, varied_repo, args):
    run = cli("--data-dir", str(varied_repo), *args, "-f", "json")
    assert run.code == 0, run.err
    valid(args[0], run.out)


def test_planned_work_with_its_target_date(cli, varied_repo):
    run = cli("--data-dir", str(varied_repo), "assess", "mongolia", "-f", "json")
    data = valid("assess", run.out)
    by_id = {s["id"]: s for s in data["standards"]}
    assert by_id["p3-s3"]["status"] == "planned"
    assert by_id["p3-s3"]["target_date"] == "2027-06"
    assert by_id["p3-s5"]["status"] == "not-applicable"
    assert {g["status"] for g in data["recommendations"]["gaps"]} == {"no", "partial", "planned"}


def test_compare_with_every_readiness(cli, varied_repo):
    run = cli("--data-dir", str(varied_repo), "compare", "mn", "kz", "-f", "json")
    data = valid("compare", run.out)
    assert {s["readiness"] for s in data["standards"]} == {
        "both",
        "only_a",
        "only_b",
        "neither",
        "unknown",
    }
    assert {s["agree"] for s in data["standards"]} == {True, False, None}


def test_countries_with_an_unknown_framework(cli, repo):
    text = (repo / "countries" / "mongolia.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Mongolia", "name: Kazakhstan").replace("iso: MN", "iso: KZ")
    (repo / "countries" / "kazakhstan.yaml").write_text(
        text.replace("framework: safe-2021", "framework: safe-2099"), encoding="utf-8"
    )
    run = cli("--data-dir", str(repo), "countries", "-f", "json")
    data = valid("countries", run.out)
    unknown = next(c for c in data["countries"] if c["iso"] == "KZ")
    assert (unknown["framework"], unknown["met"], unknown["score"]) == ("safe-2099", None, None)


# --- check on files with errors --------------------------------------------------------------


@pytest.fixture
def spoilt_repo(repo: Path) -> Path:
    """The catalogue, Mongolia and every corpus file: errors and warnings of every kind."""
    for path in sorted(CORPUS.glob("*.yaml")):
        shutil.copy(path, repo / "countries" / path.name)
    return repo


@pytest.mark.parametrize("strict", [(), ("--strict",)], ids=["", "strict"])
def test_check_with_errors(cli, spoilt_repo, strict):
    run = cli("--data-dir", str(spoilt_repo), "check", "-f", "json", *strict)
    assert run.code == 1
    data = valid("check", run.out)
    assert data["errors"] > 0 and data["diagnostics"]
    assert (data["warnings"] == 0) == bool(strict)  # --strict makes every warning an error
    assert len(data["diagnostics"]) == data["errors"] + data["warnings"]
    assert {d["path"] for d in data["diagnostics"]} <= {
        f"countries/{p.name}" for p in (spoilt_repo / "countries").iterdir()
    }


def test_check_a_file_outside_the_data_folder(cli, repo, tmp_path):
    outside = tmp_path / "elsewhere" / "bad.yaml"
    outside.parent.mkdir()
    shutil.copy(CORPUS / "bad_status.yaml", outside)
    run = cli("--data-dir", str(repo), "check", str(outside), "-f", "json")
    data = valid("check", run.out)
    assert {d["path"] for d in data["diagnostics"]} == {outside.resolve().as_posix()}


# --- changes, which reads git ----------------------------------------------------------------


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_changes(cli, repo):
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "-m", "1")
    varied(repo)  # Mongolia changed, Kazakhstan new since the commit
    run = cli("--data-dir", str(repo), "changes", "mongolia", "-f", "json")
    data = valid("changes", run.out)
    assert data["existed_before"] is True
    assert {c["id"] for c in data["changes"]} == {"p3-s3", "p3-s4", "p3-s5"}
    assert data["scores"][-1]["pillar"] is None
    run = cli("--data-dir", str(repo), "changes", "kazakhstan", "-f", "json")
    assert valid("changes", run.out)["existed_before"] is False


# --- paths relative to the data folder -------------------------------------------------------


def file_paths(cli, *data: str) -> tuple[str, set[str], set[str]]:
    """country.file of assess, countries[].file, and check's diagnostics[].path."""
    assess = valid("assess", cli(*data, "assess", "mongolia", "-f", "json").out)
    countries = valid("countries", cli(*data, "countries", "-f", "json").out)
    check = valid("check", cli(*data, "check", "-f", "json").out)
    return (
        assess["country"]["file"],
        {c["file"] for c in countries["countries"]},
        {d["path"] for d in check["diagnostics"]},
    )


def spoil(data: Path) -> None:
    """A warning in Mongolia (an instrument never cited), so that check reports a path."""
    unused = "instruments:\n  unused-law:\n    title: A Law Never Cited\n"
    rewrite(data / "countries" / "mongolia.yaml", {"instruments:\n": unused})


def test_paths_with_the_bundled_data(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assess, countries, _ = file_paths(cli)
    assert assess == "countries/mongolia.yaml"
    assert countries == {f"countries/{p.name}" for p in (ROOT / "countries").glob("*.yaml")}


@pytest.mark.parametrize("how", ["--data-dir", "relative --data-dir", "current folder", "env"])
def test_paths_with_a_data_folder(cli, monkeypatch, repo, tmp_path, how):
    spoil(repo)
    data: tuple[str, ...] = ()
    if how == "--data-dir":
        monkeypatch.chdir(tmp_path.parent)
        data = ("--data-dir", str(repo))
    elif how == "relative --data-dir":
        monkeypatch.chdir(repo.parent)
        data = ("--data-dir", repo.name)
    elif how == "current folder":
        monkeypatch.chdir(repo / "countries")
    else:
        monkeypatch.chdir(tmp_path.parent)
        monkeypatch.setenv("SAFE_MAP_DATA", str(repo))
    assess, countries, check = file_paths(cli, *data)
    assert assess == "countries/mongolia.yaml"
    assert countries == {"countries/mongolia.yaml"}
    assert check == {"countries/mongolia.yaml"}
