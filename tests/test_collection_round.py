"""One whole collection round, as a secretariat runs it: a data folder of its own, a new member
file, a questionnaire out, a respondent's answers back in, then the checks and the views."""

from __future__ import annotations

import json

from tests.test_import import fill


def test_a_whole_round(cli, tmp_path, monkeypatch):
    folder = tmp_path / "carec-data"
    made = cli("new", str(folder))
    assert made.code == 0, made.err
    monkeypatch.chdir(folder)  # inside the folder, every command uses its data

    init = cli(
        "init",
        "Armenia",
        "--iso",
        "AM",
        "--source-title",
        "Secretariat's list of respondents",
        "--source-date",
        "2026-09-01",
    )
    assert init.code == 0, init.err
    assert (folder / "countries" / "armenia.yaml").is_file()

    book = tmp_path / "armenia.xlsx"
    assert cli("export", "armenia", "-o", str(book)).code == 0
    fill(
        book,
        response={
            "Administration": "State Revenue Committee of Armenia",
            "Contact person": "Customs risk management unit",
            "Date of the answers": "2026-09-30",
        },
        statuses={
            "p1-s4": ("partial", "Risk profiles cover imports only."),
            "p2-s1": ("yes", "The AEO institute is set by the Code."),
            "p3-s9": ("no", None),
        },
        instruments=[
            {"title": "Customs Code of the Eurasian Economic Union", "kind": "code"},
            {"title": "Law on Customs Regulation", "kind": "law", "number": "HO-114-N"},
        ],
        citations=[
            ("p1-s4", "Customs Code of the Eurasian Economic Union", "Article 376"),
            ("p2-s1", "Customs Code of the Eurasian Economic Union", "Article 433"),
            ("p2-s1", "Law on Customs Regulation", "Article 20"),
        ],
    )
    imported = cli("import", str(book))
    assert imported.code == 0, imported.err
    assert "wrote countries/armenia.yaml: 3 standard(s) changed, 2 instrument(s) added" in (
        imported.out
    )

    check = cli("check")
    assert check.code == 0, check.out + check.err

    report = json.loads(cli("assess", "armenia", "-f", "json").out)
    rows = {r["id"]: r for r in report["standards"]}
    assert rows["p2-s1"]["status"] == "yes"
    assert rows["p1-s4"]["status"] == "partial"
    assert rows["p3-s9"]["status"] == "no"
    assert rows["p1-s1"]["status"] == "not-assessed"

    region = json.loads(cli("region", "-f", "json").out)
    armenia = next(c for c in region["countries"] if c["iso"] == "AM")
    assert armenia["counts"]["yes"] == 1 and armenia["counts"]["partial"] == 1
    text = (folder / "countries" / "armenia.yaml").read_text(encoding="utf-8")
    assert "source: questionnaire-2026-09-30" in text
    assert "title: Answers to the safe-map questionnaire from State Revenue Committee" in text
