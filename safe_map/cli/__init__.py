"""The command line: parse options, choose the data, call the core, hand results to a renderer.

The app, its global options and the entry point are in cli/app.py; the commands, one module per
family, are registered here in the order `safe-map --help` lists them.
"""

from __future__ import annotations

from safe_map.cli import checking, history, reading, recognition, scaffolding, workbooks
from safe_map.cli.app import app, main

app.command()(reading.assess)
app.command()(reading.standards)
app.command()(reading.countries)
app.command()(reading.info)
app.command()(checking.check)
app.command()(reading.schema)
app.command()(reading.compare)
app.command()(reading.region)
app.command()(recognition.mras)
app.command()(recognition.plans)
app.command()(recognition.plan)
app.command()(history.changes)
app.command()(scaffolding.new)
app.command()(scaffolding.init)
app.command("import")(workbooks.import_workbook)
app.command()(workbooks.export)

__all__ = ["app", "main"]
