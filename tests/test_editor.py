"""What an editor shows: friendly date help in the JSON Schemas, YAML 1.2 in a new data folder.

The YAML language server (VS Code's YAML extension) shows a schema's `description` (its
`markdownDescription` first) on hover, and `errorMessage` / `patternErrorMessage` in place of
its own "String does not match the pattern" and "Incorrect type"; it reads YAML 1.1 or 1.2 as
its setting `yaml.yamlVersion` says.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from safe_map.schema import DATE_PATTERN, schema_document

from .conftest import ROOT

SCHEMA_DIR = ROOT / "safe_map" / "schemas"


def date_fields(node: object, where: str = "") -> Iterator[tuple[str, dict]]:
    """Every property of a schema whose value is a date (the date pattern in an anyOf)."""
    if isinstance(node, dict):
        if any(alt.get("pattern") == DATE_PATTERN for alt in node.get("anyOf", [])):
            yield where, node
        for key, value in node.items():
            yield from date_fields(value, f"{where}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from date_fields(value, f"{where}/{n}")


def shipped(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_every_date_field_is_found():
    found = [w for name in ("country", "catalogue") for w, _ in date_fields(shipped(name))]
    assert [w.rsplit("/", 1)[1] for w in found] == [
        *("date", "accessed", "date", "target_date"),  # sources, instruments, assessments
        *("as_of", "since", "date"),  # the programme and its facts
        *("signed", "in_force", "reported"),  # mutual recognition
        *("date", "date", "accessed"),  # the catalogue: its edition and its sources
    ]


@pytest.mark.parametrize("name", ["country", "catalogue"])
def test_date_fields_describe_a_date_not_a_regex(name):
    for where, field in date_fields(shipped(name)):
        assert "A date like 2024-08-15" in field["description"], where
        assert "A date like `2024-08-15`" in field["markdownDescription"], where
        # The limit of a pattern, said where the editor shows it.
        assert "2024-02-30" in field["description"] and "safe-map check" in field["description"]
        [text] = [alt for alt in field["anyOf"] if alt.get("type") == "string"]
        for key in ("errorMessage", "patternErrorMessage"):
            assert text[key].startswith("Write a date like 2024-08-15"), (where, key)
            assert "[0-9]" not in text[key]


def test_the_status_message_says_how_to_set_the_editor():
    status = shipped("country")["properties"]["assessments"]["additionalProperties"]
    message = status["properties"]["status"]["errorMessage"]
    assert "yes, partial, no, planned, not-assessed, not-applicable" in message
    assert '"yaml.yamlVersion": "1.2"' in message and "docs/data-format.md" in message


def test_the_schema_takes_an_impossible_day_and_check_does_not(cli, repo):
    """A pattern cannot know calendars: the editor accepts 2024-02-30, check reports it."""
    schema = schema_document("country")
    jsonschema.Draft7Validator.check_schema(schema)  # the extra keywords keep it valid draft-07
    source = {"id": "s1", "title": "A source", "date": "2024-02-30"}
    document = {"country": {"name": "Mongolia", "iso": "MN"}, "framework": "safe-2021"}
    assert (
        list(jsonschema.Draft7Validator(schema).iter_errors({**document, "sources": [source]}))
        == []
    )
    wrong = {**source, "date": "30/02/2024"}
    [error] = jsonschema.Draft7Validator(schema).iter_errors({**document, "sources": [wrong]})
    assert error.schema["description"].startswith("The date the source gives")

    mongolia = repo / "countries" / "mongolia.yaml"
    text = mongolia.read_text(encoding="utf-8")
    mongolia.write_text(text.replace("date: 2024-08-15/2024-08-16", "date: 2024-02-30"), "utf-8")
    run = cli("--data-dir", str(repo), "check")
    assert "mongolia.yaml:19:11: S005 '2024-02-30' is not a real calendar date" in run.out


# --- `safe-map new` writes the editor's settings -------------------------------------------------


@pytest.fixture
def made(cli, tmp_path: Path) -> Path:
    dest = tmp_path / "our-data"
    run = cli("new", str(dest))
    assert run.code == 0, run.err
    assert "  .vscode/                1 file" in run.out.splitlines()
    return dest


def test_new_writes_vscode_settings_for_yaml_1_2(made):
    settings = json.loads((made / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == {
        "yaml.yamlVersion": "1.2",
        "yaml.schemas": {
            "./schemas/catalogue.schema.json": ["/standards/*.yaml", "/standards/*.yml"],
            "./schemas/group.schema.json": ["/groups/*.yaml", "/groups/*.yml"],
            "./schemas/country.schema.json": ["/countries/*.yaml", "/countries/*.yml"],
            "./schemas/plan.schema.json": ["/plans/*.yaml", "/plans/*.yml"],
        },
    }


def test_the_settings_lead_every_data_file_to_its_schema(made):
    """Each schema named exists, and each data file matches the globs of its own schema (the
    language server matches a glob against the end of the file's path), and only those."""
    schemas = json.loads((made / ".vscode" / "settings.json").read_text("utf-8"))["yaml.schemas"]
    for schema in schemas:
        assert (made / schema).is_file(), schema
    files = [
        p
        for p in made.rglob("*.y*ml")
        if p.parent.name in ("standards", "groups", "countries", "plans")
    ]
    assert len(files) == 15
    for path in files:
        shown = "/" + path.relative_to(made).as_posix()
        matching = [
            s for s, globs in schemas.items() if any(fnmatch.fnmatch(shown, g) for g in globs)
        ]
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert matching == ["./" + first_line.split("$schema=../")[1]], path


def test_the_folders_readme_tells_of_the_settings(made):
    readme = (made / "README.md").read_text(encoding="utf-8")
    assert "`.vscode/settings.json`" in readme and "YAML 1.2" in readme


def test_the_docs_say_how_to_set_other_editors():
    docs = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert "## Editors" in docs
    assert '"yaml.yamlVersion": "1.2"' in docs and "Neovim" in docs
