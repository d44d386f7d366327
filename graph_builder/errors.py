"""Two levels of error: skip this input (the run goes on) or stop the run.

Exit codes of the CLI (documented in the README):
  0 success · 1 some inputs were skipped (the graph was built from the others)
  2 usage error · 3 no input could be read (nothing replaced) · 4 validation failed · 5 internal error
"""
from __future__ import annotations

from typing import Optional

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_NO_INPUT = 3
EXIT_INVALID = 4
EXIT_INTERNAL = 5


class GovkgError(Exception):
    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, path: Optional[str] = None, line: Optional[int] = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class SkipInput(GovkgError):
    """This file or document cannot be used; the run continues with the others."""

    exit_code = EXIT_SKIPPED


class StopRun(GovkgError):
    """The run cannot go on (bad arguments, unwritable output, nothing readable)."""

    exit_code = EXIT_USAGE


class NoInput(StopRun):
    exit_code = EXIT_NO_INPUT


class ValidationFailed(StopRun):
    exit_code = EXIT_INVALID
