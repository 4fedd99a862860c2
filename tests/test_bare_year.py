"""A bare year is a date (docs/data-format.md lists `2021`), though YAML reads it as a number."""

from __future__ import annotations

import json

import jsonschema

from safe_map.schema import schema_document


def test_a_bare_year_is_a_date(cli, repo):
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text()
    assert 'date: "2019"' in text
    path.write_text(text.replace('date: "2019"', "date: 2019"))
    run = cli("--data-dir", str(repo), "check")
    assert run.code == 0, run.out
    assert run.out == "2 files checked, no problems\n"
    report = json.loads(cli("--data-dir", str(repo), "assess", "mn", "-f", "json").out)
    assert "2019" in json.dumps(report)
    document = {"date": 2019}
    source = schema_document("country")["properties"]["sources"]["items"]
    jsonschema.Draft7Validator(source).validate({"id": "x", "title": "t", **document})
    path.write_text(text.replace('date: "2019"', "date: 19"))
    assert "S003" in cli("--data-dir", str(repo), "check").out
