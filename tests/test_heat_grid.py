"""The heat map's tables are drawn line by line (render/terminal.py, _Grid) for speed: they
must be, character for character and style for style, what rich's Table draws for the same
cells, which stays the fallback for a width the table must shrink to fit."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from safe_map.analysis import overall_score
from safe_map.data import DataRepo
from safe_map.programme import programme_view
from safe_map.render.terminal import _heat_grid
from safe_map.workspace import load_workspace

from .conftest import ROOT


def render(renderable, width: int, color: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
    )
    console.print(renderable)
    return out.getvalue()


@pytest.fixture(scope="module")
def carec():
    workspace = load_workspace(DataRepo(ROOT, "test"))
    framework = workspace.frameworks["safe-2021"]
    countries = sorted(workspace.countries, key=lambda c: c.name)
    columns = [(c, overall_score(c, framework)) for c in countries]
    views = {id(c): programme_view(c) for c in countries}
    return framework, columns, views


@pytest.mark.parametrize("color", [False, True], ids=["plain", "styled"])
@pytest.mark.parametrize("count", [1, 3, 12])
def test_the_grid_draws_what_richs_table_draws(carec, color, count):
    framework, columns, views = carec
    grid = _heat_grid(framework, columns[:count], "A title: standards by country", views)
    width = grid.width  # wide enough: the grid draws it
    assert render(grid, width, color) == render(grid.table(), width, color)
    assert render(grid, 200, color) == render(grid.table(), 200, color)


def test_a_width_too_narrow_is_left_to_rich(carec):
    framework, columns, views = carec
    grid = _heat_grid(framework, columns[:3], "", views)
    narrow = grid.width - 10
    drawn = render(grid, narrow, False)
    assert drawn == render(grid.table(), narrow, False)
    assert max(len(line) for line in drawn.splitlines()) <= narrow


@pytest.mark.parametrize("title", ["Modern\tTechnology in\tInspection", "Risk\nManagement"])
def test_a_tab_or_a_line_break_in_a_title_is_drawn_as_rich_draws_it(carec, title):
    """Data may hold a tab or a line break (S007 allows both): rich expands or wraps them, so
    such a grid is left to rich's Table."""
    framework, columns, views = carec
    standard = framework.pillars[0].standards[2]
    kept = standard.title
    try:
        standard.title = title
        grid = _heat_grid(framework, columns[:3], "", views)
        assert render(grid, 100, False) == render(grid.table(), 100, False)
        assert "\t" not in render(grid, 100, False)
    finally:
        standard.title = kept
