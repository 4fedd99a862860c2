"""`safe-map changes COUNTRY --since REV`: what moved since a revision, read from git."""

from __future__ import annotations

import json
import os
import subprocess


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def commit_all(repo, message):
    git(repo, "add", ".")
    git(repo, "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "-m", message)


def test_changes_since_previous_commit(cli, repo):
    git(repo, "init", "-q")
    commit_all(repo, "first")
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  p3-s6:\n    status: no\n",
        "  p3-s6:\n    status: partial\n    citations:\n      - instrument: customs-law\n"
        "        provision: Article 272\n",
    )
    text = text.replace("        provision: Provision 35\n", "        provision: Provision 36\n")
    path.write_text(text, encoding="utf-8")
    commit_all(repo, "second")
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "HEAD~1", "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    changed = {c["id"]: c for c in data["changes"]}
    assert set(changed) == {"p1-s2", "p3-s6"}
    assert (changed["p3-s6"]["before"], changed["p3-s6"]["after"]) == ("no", "partial")
    assert changed["p1-s2"]["citations_added"] == ["Customs Law of Mongolia, Provision 36"]
    assert changed["p1-s2"]["citations_removed"] == ["Customs Law of Mongolia, Provision 35"]
    pillar3 = data["scores"][2]
    assert pillar3["before"]["score"] == round(4 / 9, 4)
    assert pillar3["after"]["score"] == round(4.5 / 9, 4)
    table = cli(
        "--data-dir", str(repo), "changes", "mn", "--since", "HEAD~1", env={"COLUMNS": "200"}
    ).out
    assert "✘ No → ◐ Partial" in table
    assert "+ Customs Law of Mongolia, Provision 36" in table


def test_no_change(cli, repo):
    git(repo, "init", "-q")
    commit_all(repo, "first")
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "HEAD")
    assert run.code == 0 and "No change in statuses or citations." in run.out


def test_not_a_git_repository(cli, repo):
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "HEAD~1")
    assert run.code == 2
    assert "is not in a git repository" in run.err


def test_unknown_revision(cli, repo):
    git(repo, "init", "-q")
    commit_all(repo, "first")
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "v9.9")
    assert run.code == 2 and "'v9.9' is not a revision of this repository" in run.err


def commit_on(repo, day, message):
    """A commit dated at noon on `day` (YYYY-MM-DD), author and committer alike."""
    stamp = f"{day}T12:00:00"
    git(repo, "add", ".")
    subprocess.run(
        [
            "git",
            "-c",
            "user.email=t@example.org",
            "-c",
            "user.name=T",
            "commit",
            "-q",
            "-m",
            message,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
    )


P3_S6_PARTIAL = (
    "  p3-s6:\n    status: partial\n    citations:\n      - instrument: customs-law\n"
    "        provision: Article 272\n"
)


def make_p3_s6_partial(repo):
    path = repo / "countries" / "mongolia.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  p3-s6:\n    status: no\n", P3_S6_PARTIAL), encoding="utf-8")


def test_since_defaults_to_the_last_commit_so_uncommitted_edits_show(cli, repo):
    git(repo, "init", "-q")
    commit_all(repo, "first")
    make_p3_s6_partial(repo)  # not committed
    run = cli("--data-dir", str(repo), "changes", "mongolia", "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["since"] == "HEAD"
    assert [(c["id"], c["before"], c["after"]) for c in data["changes"]] == [
        ("p3-s6", "no", "partial")
    ]


def test_a_date_means_since_the_start_of_that_day(cli, repo):
    git(repo, "init", "-q")
    commit_on(repo, "2026-01-05", "first")
    make_p3_s6_partial(repo)
    commit_on(repo, "2026-01-06", "second, during the day asked about")
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "2026-01-06", "-f", "json")
    assert run.code == 0, run.err
    assert [c["id"] for c in json.loads(run.out)["changes"]] == ["p3-s6"]
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "2026-01-07", "-f", "json")
    assert json.loads(run.out)["changes"] == []  # nothing changed since the 7th began
    # nothing was committed before the 5th began: the file did not exist then, all is new
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "2026-01-05", "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["existed_before"] is False
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "2024-02-30")
    assert run.code == 2 and "'2024-02-30' is not a real calendar date" in run.err


def test_standards_are_named_as_assess_names_them(cli, repo):
    git(repo, "init", "-q")
    commit_all(repo, "first")
    make_p3_s6_partial(repo)
    run = cli("--data-dir", str(repo), "changes", "mongolia", env={"COLUMNS": "200"})
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert "Pillar 3: Customs-to-Other Government and Inter-Government Agencies" in lines
    [row] = [ln for ln in lines if "Harmonization" in ln]
    assert row.split()[:5] == ["6.", "Harmonization", "of", "data", "filing"]
    assert "P3.6" not in run.out
    assert "Pillar 1:" not in run.out  # pillars without a change are left out


def test_formats_offered_are_the_formats_shown(cli, repo):
    help_text = cli("changes", "--help").out
    assert "table" in help_text and "json" in help_text
    assert "csv" not in help_text and "markdown" not in help_text
    for refused in ("csv", "markdown"):
        run = cli("--data-dir", str(repo), "changes", "mongolia", "-f", refused)
        assert run.code == 2 and f"'{refused}' is not one of" in run.err


def test_nothing_committed_yet(cli, repo):
    git(repo, "init", "-q")
    run = cli("--data-dir", str(repo), "changes", "mongolia")
    assert run.code == 2
    assert "nothing is committed yet" in run.err
