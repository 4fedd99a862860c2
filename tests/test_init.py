"""`safe-map init`: a new country file, every standard not-assessed, valid for check."""

from __future__ import annotations

import shutil

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT

SOURCE = [
    "--source-title",
    "National AEO gap analysis",
    "--source-date",
    "2025-03-01",
    "--source-id",
    "gap-2025",
]


def test_init_scaffolds_a_valid_file(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Kyrgyz Republic", "--iso", "kg", *SOURCE)
    assert run.code == 0, run.err
    path = repo / "countries" / "kyrgyz-republic.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# Kyrgyz Republic: legal basis mapped against")
    assert "  p1-s4:  # 4. Risk-Management Systems\n    status: not-assessed\n" in text
    data = YAML(typ="safe").load(text)  # an independent reader
    assert data["country"] == {"name": "Kyrgyz Republic", "iso": "KG"}
    assert data["sources"][0]["id"] == "gap-2025"
    assert len(data["assessments"]) == 26
    assert {a["status"] for a in data["assessments"].values()} == {"not-assessed"}
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0 and "no problems" in check.out
    report = cli("--data-dir", str(repo), "assess", "kg", "-f", "json")
    assert report.code == 0


@pytest.mark.parametrize(
    ("schemas", "line"),
    [
        ("schemas", "# yaml-language-server: $schema=../schemas/country.schema.json"),
        (
            "safe_map/schemas",
            "# yaml-language-server: $schema=../safe_map/schemas/country.schema.json",
        ),
        (None, None),  # no schema to point at: no line that would lead nowhere
    ],
)
def test_the_schema_line_leads_to_a_schema(cli, repo, schemas, line):
    if schemas is not None:
        (repo / schemas).mkdir(parents=True)
        shutil.copy(ROOT / "safe_map" / "schemas" / "country.schema.json", repo / schemas)
    assert cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM").code == 0
    path = repo / "countries" / "armenia.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if line is None:
        assert "$schema" not in path.read_text(encoding="utf-8")
        assert first.startswith("# Armenia: legal basis")
        return
    assert first == line
    assert (path.parent / first.split("$schema=")[1]).resolve().is_file()


def test_init_refuses_what_check_would_reject(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Atlantis", "--iso", "XQ", *SOURCE)
    assert run.code == 2
    assert run.err == (
        "safe-map: --iso XQ is not an ISO 3166-1 alpha-2 country code: look the code up at "
        "https://www.iso.org/obp/ui/#search\n"
        "safe-map: nothing written: correct the options above and run init again\n"
    )
    assert not (repo / "countries" / "atlantis.yaml").exists()
    run = cli(
        "--data-dir",
        str(repo),
        "init",
        "Georgia",
        "--iso",
        "GE",
        "--source-title",
        "x",
        "--source-date",
        "next week",
    )
    assert run.code == 2
    assert "safe-map: --source-date 'next week' is not a date: write YYYY-MM-DD" in run.err
    assert not (repo / "countries" / "georgia.yaml").exists()


def test_init_errors_speak_of_the_options_not_of_an_unwritten_file(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AZ")
    assert run.code == 2
    assert run.err == (
        "safe-map: --iso AZ is the code of Azerbaijan, but the name given is Armenia (code AM): "
        "correct one of the two\n"
        "safe-map: nothing written: correct the options above and run init again\n"
    )
    assert "countries/" not in run.err
    assert list((repo / "countries").iterdir()) == [repo / "countries" / "mongolia.yaml"]


def test_init_names_every_wrong_option_at_once(cli, repo):
    run = cli("--data-dir", str(repo), "init", "???", "--iso", "A1", "--source-date", "2999-02-01")
    assert run.code == 2
    lines = run.err.splitlines()
    assert lines[0].startswith("safe-map: the name given, '???', has no letters")
    assert lines[1].startswith("safe-map: --iso A1 is not an ISO 3166-1 alpha-2 code")
    assert lines[2].startswith("safe-map: --source-date needs --source-title too")
    assert lines[3].startswith("safe-map: --source-date 2999-02-01: date 2999-02-01 lies in")
    assert lines[4] == "safe-map: nothing written: correct the options above and run init again"
    assert len(lines) == 5


def test_init_without_a_source_when_nothing_is_assessed(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM")
    assert run.code == 0, run.err
    assert "no source yet" in run.err
    text = (repo / "countries" / "armenia.yaml").read_text(encoding="utf-8")
    assert "\nsources: []\n" in text
    data = YAML(typ="safe").load(text)  # an independent reader
    assert data["sources"] == []
    assert {a["status"] for a in data["assessments"].values()} == {"not-assessed"}
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0 and "no problems" in check.out


@pytest.mark.parametrize(
    ("given", "needed"),
    [
        (["--source-title", "Gap analysis"], "--source-title needs --source-date too"),
        (["--source-date", "2025-03-01"], "--source-date needs --source-title too"),
        (["--source-place", "Yerevan"], "--source-place describe a source: give them with"),
    ],
)
def test_source_options_go_together(cli, repo, given, needed):
    run = cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM", *given)
    assert run.code == 2
    assert needed in run.err and "nothing written" in run.err
    assert not (repo / "countries" / "armenia.yaml").exists()


def test_a_file_without_a_source_takes_one_with_its_first_fact(cli, repo, tmp_path):
    """The first statuses come with the source that gives them: here a returned questionnaire."""
    from tests.test_import import fill

    assert cli("--data-dir", str(repo), "init", "Armenia", "--iso", "AM").code == 0
    book = tmp_path / "am.xlsx"
    assert cli("--data-dir", str(repo), "export", "armenia", "-o", str(book)).code == 0
    fill(
        book,
        response={
            "Administration": "State Revenue Committee of Armenia",
            "Date of the answers": "2026-09-30",
        },
        statuses={"p1-s4": ("partial", None)},
        instruments=[{"title": "Customs Code of the EAEU", "kind": "code"}],
        citations=[("p1-s4", "Customs Code of the EAEU", "Article 376")],
    )
    run = cli("--data-dir", str(repo), "import", str(book))
    assert run.code == 0, run.err
    check = cli("--data-dir", str(repo), "check")
    assert check.code == 0, check.out
    data = YAML(typ="safe").load((repo / "countries" / "armenia.yaml").read_text("utf-8"))
    [source] = data["sources"]
    assert data["assessments"]["p1-s4"]["status"] == "partial"
    assert data["assessments"]["p1-s4"]["source"] == source["id"]


def test_init_never_overwrites(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Mongolia", "--iso", "MN", *SOURCE)
    assert run.code == 2 and "already exists" in run.err
    run = cli("--data-dir", str(repo), "init", "Mongolie", "--iso", "MN", *SOURCE)
    assert run.code == 2 and "MN is already described in" in run.err


def test_a_name_typed_in_lower_case_is_written_as_the_country_is(cli, repo):
    run = cli("--data-dir", str(repo), "init", "armenia", "--iso", "am")
    assert run.code == 0, run.err
    text = (repo / "countries" / "armenia.yaml").read_text(encoding="utf-8")
    assert '  name: "Armenia"\n' in text
    # a name with capitals is the user's choice, kept as given
    run = cli("--data-dir", str(repo), "init", "Kyrgyz Republic", "--iso", "KG")
    assert run.code == 0, run.err
    assert (
        '  name: "Kyrgyz Republic"\n' in (repo / "countries" / "kyrgyz-republic.yaml").read_text()
    )


# Every input is hostile (issue 10, item 5): every value reaches the file through the YAML
# emitter, never through a template it can break; names in any script work; what cannot be
# written is refused with a message naming the option. Files are read back with ruamel.yaml.

TOP_KEYS = ["country", "framework", "sources", "instruments", "assessments"]


def read_back(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_a_name_with_a_line_break_is_refused_not_a_new_key(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Inj\nnotes", "--iso", "AM")
    assert run.code == 2
    assert run.err == (
        "safe-map: the name given is on more than one line ('Inj\\nnotes'): give it on one "
        "line\n"
        "safe-map: nothing written: correct the options above and run init again\n"
    )
    assert sorted(p.name for p in (repo / "countries").iterdir()) == ["mongolia.yaml"]


def test_a_source_id_that_is_not_an_id_is_refused(cli, repo):
    args = ["--source-title", "Gap analysis", "--source-date", "2025-03-01"]
    run = cli(
        "--data-dir", str(repo), "init", "Armenia", "--iso", "AM", *args, "--source-id", "x # y"
    )
    assert run.code == 2
    assert run.err.splitlines()[0] == (
        "safe-map: --source-id 'x # y' is not an id: use lower-case letters a-z, digits and "
        "hyphens, starting with a letter or a digit, e.g. gap-2025"
    )
    assert not (repo / "countries" / "armenia.yaml").exists()
    # a pattern's $ matches before a final line break: the whole value must match
    run = cli(
        "--data-dir", str(repo), "init", "Armenia", "--iso", "AM",
        "--source-title", "Gap analysis", "--source-date", "2025-03-01\n",
        "--source-id", "gap-2025\n",
    )  # fmt: skip
    assert run.code == 2
    assert run.err.splitlines()[:2] == [
        "safe-map: --source-id 'gap-2025\\n' is not an id: use lower-case letters a-z, digits "
        "and hyphens, starting with a letter or a digit, e.g. gap-2025",
        "safe-map: --source-date '2025-03-01\\n' is not a date: write YYYY-MM-DD (or YYYY-MM, "
        "or YYYY when only the year is known)",
    ]
    assert not (repo / "countries" / "armenia.yaml").exists()


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        ("--source-title", "Gap\nanalysis", "is on more than one line ('Gap\\nanalysis')"),
        ("--source-title", "Gap\u2028analysis", "is on more than one line ('Gap\\u2028analysis')"),
        (
            "--source-place",
            "\x1b]0;pwned\x07Yerevan",
            "holds the invisible or control character U+001B",
        ),
        ("--source-document", "Minutes\ufffe", "holds the invisible or control character U+FFFE"),
    ],
)
def test_source_texts_are_one_line_of_printable_text(cli, repo, option, value, problem):
    given = {"--source-title": "Gap analysis", option: value}
    args = [a for pair in given.items() for a in pair]
    run = cli(
        "--data-dir",
        str(repo),
        "init",
        "Armenia",
        "--iso",
        "AM",
        *args,
        "--source-date",
        "2025-03-01",
    )
    assert run.code == 2
    assert run.err.startswith(f"safe-map: {option} {problem}")
    assert "\x1b" not in run.err and "\x07" not in run.err  # shown escaped, never acted on
    assert not (repo / "countries" / "armenia.yaml").exists()


def test_what_yaml_would_misread_is_written_quoted(cli, repo):
    run = cli(
        "--data-dir", str(repo), "init", "Norway", "--iso", "NO",
        "--source-title", 'The "gap" report # 2: part 1', "--source-date", "2025-03-01",
        "--source-id", "2025-03-01",
        "--source-place", "Oslo: the ministry",
        "--source-document", "- a list? & *no alias* | > %",
    )  # fmt: skip
    assert run.code == 0, run.err
    path = repo / "countries" / "norway.yaml"
    data = read_back(path)
    assert list(data) == TOP_KEYS
    assert data["country"] == {"name": "Norway", "iso": "NO"}  # not the YAML 1.1 false
    assert data["sources"] == [
        {
            "id": "2025-03-01",  # not a date
            "title": 'The "gap" report # 2: part 1',
            "place": "Oslo: the ministry",
            "document": "- a list? & *no alias* | > %",
            "date": "2025-03-01",
        }
    ]
    assert '  iso: "NO"\n' in path.read_text(encoding="utf-8")
    assert cli("--data-dir", str(repo), "check").code == 0


@pytest.mark.parametrize(
    ("name", "iso", "stem"),
    [("Россия", "RU", "ru"), ("中国", "CN", "cn"), ("Ελλάδα", "GR", "gr"), ("ایران", "IR", "ir")],
)
def test_names_in_any_script_are_named_by_their_iso_code(cli, repo, name, iso, stem):
    run = cli("--data-dir", str(repo), "init", name, "--iso", iso)
    assert run.code == 0, run.err
    path = repo / "countries" / f"{stem}.yaml"
    assert run.err.startswith(f"wrote countries/{stem}.yaml: ") or str(path) in run.err
    data = read_back(path)
    assert data["country"] == {"name": name, "iso": iso}
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith(f"# {name}: legal basis")
    # Mongolia's file records an MRA with China, which a new China file does not: C017 warns,
    # rightly, and is not what this test is about.
    check = cli("--data-dir", str(repo), "check", "--ignore", "C017")
    assert check.code == 0 and "no problems" in check.out, check.out  # C009 accepts the code
    assert cli("--data-dir", str(repo), "assess", iso, "-f", "json").code == 0


def test_a_name_in_latin_letters_with_accents_keeps_its_ascii_file_name(cli, repo):
    run = cli("--data-dir", str(repo), "init", "Côte d’Ivoire", "--iso", "CI")
    assert run.code == 0, run.err
    assert read_back(repo / "countries" / "cote-divoire.yaml")["country"]["name"] == (
        "Côte d’Ivoire"
    )


def test_an_overlong_name_is_refused_with_a_message(cli, repo):
    run = cli("--data-dir", str(repo), "init", "A" * 300, "--iso", "AM")
    assert run.code == 2
    assert run.err == (
        "safe-map: the name given is 300 characters long, more than 100: give the country's "
        'short name, e.g. "Kyrgyz Republic"\n'
        "safe-map: nothing written: correct the options above and run init again\n"
    )
    # the longest short name ISO gives is written
    longest = "United Kingdom of Great Britain and Northern Ireland"
    assert cli("--data-dir", str(repo), "init", longest, "--iso", "GB").code == 0
    path = repo / "countries" / "united-kingdom-of-great-britain-and-northern-ireland.yaml"
    assert read_back(path)["country"] == {"name": longest, "iso": "GB"}


def test_a_name_whose_ascii_form_is_too_long_for_a_file_takes_the_iso_code(cli, repo):
    name = "\u2487" * 100  # PARENTHESIZED NUMBER TWENTY: 100 characters, "(20)" in ASCII each
    run = cli("--data-dir", str(repo), "init", name, "--iso", "AM")
    assert run.code == 2 and "has no letters" in run.err
    run = cli("--data-dir", str(repo), "init", "Armenia " + "\u3392" * 90, "--iso", "AM")
    assert run.code == 0, run.err  # U+3392 SQUARE MHZ: "MHz"; the ASCII form is 278 long
    assert (repo / "countries" / "am.yaml").is_file()


# The country file itself, as import also writes it: safe whatever the values, which may come
# from a mailed workbook rather than from init's checked options.


def shipped_framework():
    from safe_map.data import DataRepo
    from safe_map.workspace import load_catalogues

    frameworks, _ = load_catalogues(DataRepo(ROOT, "test"))
    return frameworks["safe-2021"]


def test_the_country_file_keeps_hostile_values_in_their_place():
    from dataclasses import replace

    from safe_map.model import Source
    from safe_map.scaffold import country_file

    framework = replace(shipped_framework(), title="SAFE\nnotes: injected\n#", edition="2021\r")
    source = Source(
        id="x # y",
        title="T\u2028itle\x85 \ufeff",
        date="2025\nnotes: x",
        place="\x1b[2J",
        document='"}\n: ]',
    )
    name = "Inj\nnotes: injected\u2029iso: XX"
    text = country_file(name, "AM", framework, source, "# schema\nnotes: injected")
    data = YAML(typ="safe").load(text)
    assert list(data) == TOP_KEYS
    assert data["country"] == {"name": name, "iso": "AM"}
    [read] = data["sources"]
    assert read == {
        "id": "x # y",
        "title": source.title,
        "place": source.place,
        "document": source.document,
        "date": source.date,
    }
    header = text[: text.index("\ncountry:\n")].split("\n")
    assert all(line.startswith("#") for line in header)
    assert len(header) == 5  # the schema line, "#", the name's line and two of advice
    assert "\x1b" not in text and "\u2028" not in text and "\x85" not in text


def test_any_text_round_trips_through_the_country_file():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from safe_map.model import Source
    from safe_map.scaffold import country_file

    framework = shipped_framework()
    texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)

    @settings(max_examples=150, deadline=None)
    @given(name=texts, title=texts, place=texts, source_id=texts)
    def round_trip(name, title, place, source_id):
        source = Source(id=source_id, title=title, date="2025", place=place)
        data = YAML(typ="safe").load(country_file(name, "NO", framework, source))
        assert list(data) == TOP_KEYS
        assert data["country"] == {"name": name, "iso": "NO"}
        [read] = data["sources"]
        assert (read["id"], read["title"], read["date"]) == (source_id, title, "2025")
        assert read.get("place", "") == place
        assert len(data["assessments"]) == 26

    round_trip()
