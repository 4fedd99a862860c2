"""`safe-map changes COUNTRY --since REV`: what moved since a revision, read from git."""

from __future__ import annotations

import json
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
