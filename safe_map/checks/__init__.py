"""Rules beyond the file format: one module per family, each yielding Diagnostic values.

`safe_map.checker` decides which files to read and applies these rules to them.
"""

from __future__ import annotations

from safe_map.checks.catalogue import check_framework
from safe_map.checks.country import check_countries, check_country

__all__ = ["check_countries", "check_country", "check_framework"]
