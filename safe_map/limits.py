"""Sizes the data must fit, shared by the rules, the workbook writer and the workbook reader.

A module of its own so that `check` can name a limit without importing the workbook code."""

MAX_CELL_TEXT = 32767  # Excel's limit on the characters of one cell
