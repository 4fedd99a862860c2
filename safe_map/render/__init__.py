"""Renderers: the same results shown as a terminal table, JSON, CSV, Markdown or a workbook."""
