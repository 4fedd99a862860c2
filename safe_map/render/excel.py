"""Excel workbooks (openpyxl, imported here only): a country workbook and a regional one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from safe_map.analysis import Report


def country_workbook(report: Report, generated: date) -> bytes:
    raise NotImplementedError("being written")


def regional_workbook(
    reports: list[Report], generated: date, progress: Callable[[int], None] | None = None
) -> bytes:
    raise NotImplementedError("being written")
