"""Commands agree with each other: one order of countries, one way with a file that has errors."""

from __future__ import annotations

import json


def _isos(run) -> list[str]:
    assert run.code == 0, run.err
    return [c["iso"] for c in json.loads(run.out)["countries"]]


def test_countries_are_shown_by_name_everywhere(cli, full_repo):
    data = ("--data-dir", str(full_repo))
    by_name = _isos(cli(*data, "countries", "-f", "json"))
    assert by_name[:3] == ["AF", "AZ", "GE"] and "CN" not in by_name[:3]  # People's Republic...
    assert _isos(cli(*data, "region", "-f", "json")) == by_name
    carec = [iso for iso in by_name if iso != "MX"]  # Mexico is in no group
    assert _isos(cli(*data, "region", "--group", "carec", "-f", "json")) == carec
    # Countries named on the command line keep the order they were given in.
    assert _isos(cli(*data, "region", "mn", "kz", "-f", "json")) == ["MN", "KZ"]
    assert _isos(cli(*data, "region", "uz", "-g", "carec", "-f", "json"))[:2] == ["UZ", "AF"]


def test_region_leaves_out_a_file_with_errors_and_says_so(cli, full_repo):
    path = full_repo / "countries" / "kazakhstan.yaml"
    path.write_text(path.read_text().replace("status: not-assessed", "status: maybe", 1))
    data = ("--data-dir", str(full_repo))
    countries = cli(*data, "countries", "-f", "json")
    assert countries.code == 0 and "run `safe-map check`" in countries.err
    for args in (["region"], ["region", "-g", "carec"]):
        run = cli(*data, *args, "-f", "json")
        assert run.code == 0, run.err
        assert "KZ" not in _isos(run) and "MN" in _isos(run)
        assert run.err.endswith(
            "safe-map: 1 file(s) have errors and are left out above: "
            f"{path}: run `safe-map check`\n"
        )
    # A country named by hand must show: its errors stop the run, as for assess or compare.
    for args in (["region", "kz"], ["region", "mn", "kz"]):
        named = cli(*data, *args)
        assert named.code == 2
        assert "S004" in named.err and "error(s) in the data" in named.err
