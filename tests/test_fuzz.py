"""Property: whatever the text, the loader and the checker give diagnostics, never an exception."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_map.checks import check_country
from safe_map.countries import build_country
from safe_map.data import DataRepo
from safe_map.schema import COUNTRY, validate
from safe_map.workspace import load_catalogues
from safe_map.yamlsource import parse

from .conftest import ROOT, SCALE

FRAMEWORKS, _ = load_catalogues(DataRepo(ROOT, "tests"))
MONGOLIA = (ROOT / "countries" / "mongolia.yaml").read_text(encoding="utf-8")
LINES = MONGOLIA.splitlines(keepends=True)

YAMLISH = st.text(
    alphabet=st.sampled_from(
        list("abcyesno-:[]{},&*!|>'\"#%@`? \t\n0123456789.~\\")
        + ["\u00e9", "\ufeff", "\x00", "\u2028"]
    ),
    max_size=300,
)


def run_everything(text: str) -> None:
    root, problems = parse(text, "fuzz.yaml")
    assert all(p.path == "fuzz.yaml" and p.line >= 1 and p.col >= 1 for p in problems)
    if root is None:
        return
    validate(root, COUNTRY)
    country = build_country(root, "countries/fuzz.yaml")
    if country is not None:
        check_country(country, FRAMEWORKS, date(2026, 1, 1))


@settings(max_examples=400 * SCALE, deadline=None)
@given(YAMLISH)
def test_arbitrary_yamlish_text(text):
    run_everything(text)


@st.composite
def mutated_mongolia(draw):
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "indent", "dedent", "cut", "swap", "junk"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i][2:]
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))] + "\n"
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        else:
            lines[i] = draw(YAMLISH) + "\n"
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=300 * SCALE, deadline=None)
@given(mutated_mongolia())
def test_mutated_copies_of_the_shipped_file(text):
    run_everything(text)


@settings(
    max_examples=25 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutated_mongolia())
def test_check_command_always_ends_with_an_exit_code(cli, tmp_path, text):
    path = Path(tmp_path) / "mutant.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("check", str(path))
    assert run.code in (0, 1)
    assert run.out.rstrip().splitlines()[-1].endswith(("no problems", "checked)"))
