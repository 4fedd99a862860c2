"""The JSON Schemas for editors, and their agreement with the validator.

Both come from safe_map/schema.py; these tests show they say the same about every file.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from safe_map.schema import CATALOGUE, COUNTRY, schema_document, validate
from safe_map.yamlsource import load, parse, to_python

from .conftest import CORPUS, ROOT

SCHEMA_DIR = ROOT / "safe_map" / "schemas"


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("name", ["country", "catalogue"])
def test_shipped_schema_is_current_and_printed_by_the_cli(cli, name):
    shipped = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    assert shipped == schema_document(name), "stale schema: run `make schemas`"
    run = cli("schema", name)
    assert run.code == 0
    assert json.loads(run.out) == shipped
    assert shipped["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_unknown_schema_name(cli):
    run = cli("schema", "planet")
    assert run.code == 2 and "choose catalogue, country, group" in run.err


def shipped_files() -> list[tuple[Path, str]]:
    return [(p, "catalogue") for p in sorted((ROOT / "standards").glob("*.yaml"))] + [
        (p, "country") for p in sorted((ROOT / "countries").glob("*.yaml"))
    ]


@pytest.mark.parametrize(("path", "kind"), shipped_files(), ids=lambda v: getattr(v, "name", v))
def test_shipped_files_validate_and_name_their_schema(path, kind):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../safe_map/schemas/{kind}.schema.json"
    root, problems = load(path)
    assert problems == []
    assert list(validator(kind).iter_errors(to_python(root))) == []


def _verdicts(text: str, kind: str) -> tuple[bool, bool] | None:
    root, problems = parse(text, "x.yaml")
    if root is None or problems:
        return None  # not YAML the schema could see
    spec = COUNTRY if kind == "country" else CATALOGUE
    ours = bool(validate(root, spec))
    theirs = bool(list(validator(kind).iter_errors(to_python(root))))
    return ours, theirs


def test_schema_and_validator_agree_on_the_corpus():
    compared = 0
    for path in sorted(CORPUS.glob("*.yaml")):
        verdicts = _verdicts(path.read_text(encoding="utf-8"), "country")
        if verdicts is None:
            continue
        assert verdicts[0] == verdicts[1], path.name
        compared += 1
    assert compared >= 15


MONGOLIA = (ROOT / "countries" / "mongolia.yaml").read_text(encoding="utf-8")
CATALOGUE_TEXT = (ROOT / "standards" / "safe-2021.yaml").read_text(encoding="utf-8")

# Structural mistakes an officer makes, each applied to a good file.
MUTATIONS = [
    ("status: yes", "status: Yes"),
    ("status: yes", "status: 1"),
    ("status: no", "status:"),
    ("  iso: MN", "  iso: mn"),
    ("  iso: MN", "  iso: MNG"),
    ("framework: safe-2021", "framework: SAFE 2021"),
    ("framework: safe-2021", "framework: [safe-2021]"),
    ("    date: 2021-03-17", "    date: 17.03.2021"),
    ("    date: 2021-03-17", "    date: 2021-13-01"),
    ('    number: "287"', "    number: 287"),
    ("  staff: 3", "  staff: three"),
    ("  staff: 3", "  staff: -3"),
    ("  self_assessment_questionnaire: true", "  self_assessment_questionnaire: yes"),
    ("  customs-law:\n", "  Customs_Law:\n"),
    ("        provision: Provision 33", "        provisions: Provision 33"),
    ("        provision: Provision 33", "        provision: [Provision 33]"),
    ("  - text: Optimize", "  - txt: Optimize"),
    ("    kind: law", "    kind: statute"),
    ("country:\n  name: Mongolia", "country:\n  nom: Mongolia"),
    ("sources:", "source:"),
    ("    title: Customs Law of Mongolia", "    title: ''"),
    ("    title: Customs Law of Mongolia", "    title: '   '"),
]


@pytest.mark.parametrize(("old", "new"), MUTATIONS)
def test_schema_and_validator_agree_on_each_mistake(old, new):
    assert old in MONGOLIA
    verdicts = _verdicts(MONGOLIA.replace(old, new, 1), "country")
    assert verdicts == (True, True)


CATALOGUE_MUTATIONS = [
    ("        number: 1\n", "        number: one\n"),
    ("  - number: 1\n", "  - number: 0\n"),
    ("      - id: p1-s1", "      - id: P1 S1"),
    ("        title: Integrated Supply Chain Management", "        titel: Integrated"),
    ("  status: superseded", "  status: withdrawn"),
    ('  edition: "2021"', "  edition: 2021"),
]


@pytest.mark.parametrize(("old", "new"), CATALOGUE_MUTATIONS)
def test_schema_and_validator_agree_on_catalogue_mistakes(old, new):
    assert old in CATALOGUE_TEXT
    assert _verdicts(CATALOGUE_TEXT.replace(old, new, 1), "catalogue") == (True, True)


def test_good_files_agree_too():
    assert _verdicts(MONGOLIA, "country") == (False, False)
    assert _verdicts(CATALOGUE_TEXT, "catalogue") == (False, False)


def test_a_file_may_name_no_source_until_it_states_a_fact():
    """`sources` is optional in both: check's C014 asks for one with the first fact."""
    text = (ROOT / "countries" / "afghanistan.yaml").read_text(encoding="utf-8")
    start = text.index("\nsources:\n") + 1
    end = text.index("\n\n", start) + 1
    assert _verdicts(text[:start] + "sources: []\n" + text[end:], "country") == (False, False)
    assert _verdicts(text[:start] + text[end:], "country") == (False, False)
    assert "sources" not in json.loads((SCHEMA_DIR / "country.schema.json").read_text())["required"]
