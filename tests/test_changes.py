"""`safe-map changes COUNTRY --since REV`: what moved since a revision, read from git."""

from __future__ import annotations

import json
import os
import subprocess

import pytest


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


# Every input is hostile (issue 10, item 4): what git gives is read with a bound, decoded
# with care, followed through renames, and git's own refusals are told apart.


def test_a_huge_file_in_history_is_refused_by_its_size_not_read(cli, repo, monkeypatch):
    import safe_map.history as history
    from safe_map.yamlsource import MAX_BYTES

    git(repo, "init", "-q")
    path = repo / "countries" / "mongolia.yaml"
    good = path.read_bytes()
    path.write_bytes(good + b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    commit_all(repo, "a mistake: 2 MB of comment")
    path.write_bytes(good)
    commit_all(repo, "the mistake undone")
    calls = []
    real = history._git
    monkeypatch.setattr(history, "_git", lambda cwd, *args: calls.append(args) or real(cwd, *args))
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "HEAD~1")
    assert run.code == 2, run.out
    assert run.err == (
        f"safe-map: the version of {path} at HEAD~1 is 2.0 MB, more than the "
        "2 MB a data file may have: it is not read (compare with a later revision, where the "
        "file is a data file again)\n"
    )
    assert ("cat-file", "-s", calls[-1][-1]) == calls[-1]  # its size asked, its bytes never
    assert not [c for c in calls if c[:2] == ("cat-file", "blob")]


def test_bytes_that_are_not_utf8_in_history_are_named_not_a_crash(cli, repo):
    git(repo, "init", "-q")
    path = repo / "countries" / "mongolia.yaml"
    good = path.read_bytes()
    path.write_bytes(good.replace(b"country:\n", b"country:  # Mongolie en Latin-1: \xe9\n", 1))
    commit_all(repo, "saved as Latin-1")
    path.write_bytes(good)
    commit_all(repo, "saved as UTF-8 again")
    line = good[: good.index(b"country:\n")].count(b"\n") + 1
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "HEAD~1")
    assert run.code == 2
    assert run.err == (
        f"safe-map: the version of {path} at HEAD~1 is not UTF-8 (byte 0xe9 "
        f"at line {line}, column 34, as check's Y004 would say): it cannot be compared; "
        "compare with a later revision, saved as UTF-8\n"
    )
    # the version of HEAD is UTF-8: since then, nothing changed
    run = cli("--data-dir", str(repo), "changes", "mongolia")
    assert run.code == 0 and "No change in statuses or citations." in run.out


def test_a_renamed_file_is_followed_to_its_old_name(cli, repo):
    git(repo, "init", "-q")
    countries = repo / "countries"
    (countries / "mongolia.yaml").rename(countries / "mn.yaml")
    commit_all(repo, "first, under its ISO code")
    git(repo, "mv", "countries/mn.yaml", "countries/mongolia.yaml")
    commit_all(repo, "renamed to the country's name")
    make_p3_s6_partial(repo)
    commit_all(repo, "p3-s6 partial")
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "HEAD~2", "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["existed_before"] is True
    assert [(c["id"], c["before"], c["after"]) for c in data["changes"]] == [
        ("p3-s6", "no", "partial")
    ]
    assert run.err == (
        f"safe-map: {countries / 'mongolia.yaml'} was countries/mn.yaml at HEAD~2: compared "
        "with that file\n"
    )


def test_a_rename_staged_but_not_committed_is_followed(cli, repo):
    git(repo, "init", "-q")
    countries = repo / "countries"
    (countries / "mongolia.yaml").rename(countries / "mn.yaml")
    commit_all(repo, "first, under its ISO code")
    git(repo, "mv", "countries/mn.yaml", "countries/mongolia.yaml")
    make_p3_s6_partial(repo)
    run = cli("--data-dir", str(repo), "changes", "mongolia", "-f", "json")
    assert run.code == 0, run.err
    assert [c["id"] for c in json.loads(run.out)["changes"]] == ["p3-s6"]


def test_a_file_added_since_is_new(cli, repo, tmp_path):
    git(repo, "init", "-q")
    path = repo / "countries" / "mongolia.yaml"
    path.rename(tmp_path / "aside.yaml")
    (repo / "README.md").write_text("data\n", encoding="utf-8")
    commit_all(repo, "before the country")
    (tmp_path / "aside.yaml").rename(path)
    commit_all(repo, "the country")
    run = cli("--data-dir", str(repo), "changes", "mongolia", "--since", "HEAD~1", "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["existed_before"] is False
    assert run.err == ""


def test_git_not_installed_is_told_apart(cli, repo, tmp_path):
    git(repo, "init", "-q")
    commit_all(repo, "first")
    no_git = tmp_path / "bin-without-git"
    no_git.mkdir()
    run = cli("--data-dir", str(repo), "changes", "mongolia", env={"PATH": str(no_git)})
    assert run.code == 2
    assert run.err.startswith("safe-map: git is not installed (no `git` command found)")
    assert "not in a git repository" not in run.err


def isolated_git_config(monkeypatch, tmp_path):
    """No safe.directory from the machine's own configuration can trust the repository."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("SUDO_UID", raising=False)  # git trusts root's sudo user's repositories


DUBIOUS = "git refuses this repository (dubious ownership): it belongs to another user; run "


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_repository_of_another_user_is_told_apart_by_real_git(cli, repo, tmp_path, monkeypatch):
    git(repo, "init", "-q")
    commit_all(repo, "first")
    isolated_git_config(monkeypatch, tmp_path)
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 65534, 65534)  # nobody's
    run = cli("--data-dir", str(repo), "changes", "mongolia")
    assert run.code == 2
    assert run.err == (
        f"safe-map: {DUBIOUS}`git config --global --add safe.directory {repo}` if you trust it\n"
    )
    # once trusted, as the message says, it works
    subprocess.run(["git", "config", "--global", "--add", "safe.directory", str(repo)], check=True)
    assert cli("--data-dir", str(repo), "changes", "mongolia").code == 0


def test_a_repository_of_another_user_is_told_apart(cli, repo, monkeypatch):
    """The same with git's message as git 2.39 writes it, for a run that cannot chown."""
    import safe_map.history as history

    where = "/srv/shared data/safe-map"
    refusal = (
        f"fatal: detected dubious ownership in repository at '{where}'\n"
        "To add an exception for this directory, call:\n\n"
        f"\tgit config --global --add safe.directory '{where}'\n"
    )

    def refuse(*args, **kwargs):
        return subprocess.CompletedProcess(args, 128, b"", refusal.encode())

    monkeypatch.setattr(history.subprocess, "run", refuse)
    run = cli("--data-dir", str(repo), "changes", "mongolia")
    assert run.code == 2
    assert run.err == (
        f"safe-map: {DUBIOUS}`git config --global --add safe.directory '{where}'` if you trust it\n"
    )


def test_not_a_repository_is_neither_missing_git_nor_ownership(cli, repo, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above either
    run = cli("--data-dir", str(repo), "changes", "mongolia")
    assert run.code == 2
    assert run.err == (
        f"safe-map: {repo / 'countries'} is not in a git repository: `changes` reads the old "
        "version from git history (git init, then commit the data, to start tracking it)\n"
    )
