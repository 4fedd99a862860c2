"""`safe-map countries` as a table: no blank first line, and the name to type never cut."""

from __future__ import annotations

from rich.cells import cell_len


def test_output_starts_with_the_header_not_a_blank_line(cli):
    run = cli("countries")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0].split() == ["Country", "ISO", "File", "Met", "Assessed", "Score"]


def test_file_name_is_never_cut(cli):
    for columns in ("80", "70", "60"):
        run = cli("countries", env={"COLUMNS": columns})
        assert run.code == 0, run.err
        assert max(cell_len(line) for line in run.out.splitlines()) <= int(columns)
        words = run.out.split()
        assert "peoples-republic-of-china" in words and "kyrgyz-republic" in words
        assert "…" not in run.out  # what does not fit folds onto the next line, nothing is cut


def test_the_file_name_shown_is_the_one_to_type(cli):
    lines = cli("countries").out.splitlines()
    at = lines[0].index("File")
    row = next(line for line in lines if "People's" in line)
    assert cli("assess", row[at:].split()[0], "-f", "json").code == 0
