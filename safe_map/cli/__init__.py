"""The command line: parse options, choose the data, call the core, hand results to a renderer.

The app, its global options and the entry point are in cli/app.py; the commands, one module per
family, are listed here in the order `safe-map --help` lists them. A run registers only the
command it names (the app loads the others when help, completion or a misspelt name needs
them): building every command's parser would cost a pre-commit hook more than its check.
"""

from __future__ import annotations

from safe_map.cli.app import COMMANDS, app, main

# (command, module under safe_map.cli, function): the one list of the commands.
COMMANDS.extend(
    [
        ("assess", "reading", "assess"),
        ("standards", "reading", "standards"),
        ("countries", "reading", "countries"),
        ("info", "reading", "info"),
        ("check", "checking", "check"),
        ("schema", "reading", "schema"),
        ("compare", "reading", "compare"),
        ("region", "reading", "region"),
        ("mras", "recognition", "mras"),
        ("plans", "recognition", "plans"),
        ("plan", "recognition", "plan"),
        ("changes", "history", "changes"),
        ("new", "scaffolding", "new"),
        ("init", "scaffolding", "init"),
        ("import", "workbooks", "import_workbook"),
        ("export", "workbooks", "export"),
    ]
)

__all__ = ["app", "main"]
