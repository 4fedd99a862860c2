"""A country named by its ISO code is found by the `iso:` line of its file, read with a
pattern to spare parsing every file; the parsed file has the last word, so that a line the
pattern misreads (an `iso:` inside a folded text, a mapping before `country:`) never sends a
command to the wrong country or drops one from a group."""

from __future__ import annotations

import json
from pathlib import Path


def fool(full_repo: Path) -> None:
    """Kazakhstan's file, valid, with an `iso: MN` line the pattern reads first."""
    path = full_repo / "countries" / "kazakhstan.yaml"
    text = path.read_text(encoding="utf-8")
    head = 'country:\n  name: "Kazakhstan"\n  iso: KZ\n'
    assert head in text
    text = text.replace(head, 'country: {name: "Kazakhstan", iso: KZ}\n')
    text = text.rstrip("\n") + "\n"
    assert "\nnotes: >-\n" in text
    text = text.replace("\nnotes: >-\n", "\nnotes: >-\n  A line that reads\n  iso: MN\n", 1)
    path.write_text(text, encoding="utf-8")


def test_a_misleading_iso_line_does_not_change_the_country_found(cli, full_repo):
    fool(full_repo)
    data = ("--data-dir", str(full_repo))
    assert cli(*data, "check").code == 0  # the file is valid data
    found = json.loads(cli(*data, "assess", "MN", "-f", "json").out)["country"]
    assert (found["name"], found["iso"]) == ("Mongolia", "MN")
    shown = json.loads(cli(*data, "region", "--group", "carec", "-f", "json").out)
    assert {"MN", "KZ"} <= {c["iso"] for c in shown["countries"]}
