"""Regexes and word lists of the segmenter, loaded once from graph_builder/patterns/."""
from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

PATTERN_DIR = Path(__file__).resolve().parent.parent / "patterns"


def _column(filename: str) -> tuple[str, ...]:
    with open(PATTERN_DIR / filename, encoding="utf-8", newline="") as handle:
        return tuple(row[0].strip() for row in csv.reader(handle) if row and row[0].strip())[1:]


@lru_cache(maxsize=1)
def raw_patterns() -> dict[str, str]:
    """The regex sources; ``{name}`` inside a pattern refers to another pattern (no nesting of groups)."""
    rows = [json.loads(line) for line in (PATTERN_DIR / "segment_regex.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    sources = {row["name"]: row["pattern"] for row in rows}
    expanded: dict[str, str] = {}

    def expand(name: str) -> str:
        if name not in expanded:
            expanded[name] = re.sub(r"\{([a-z_]+)\}",
                                    lambda m: _strip_names(expand(m.group(1))) if m.group(1) in sources else m.group(0),
                                    sources[name])
        return expanded[name]

    for name in sources:
        expand(name)
    return expanded


def _strip_names(source: str) -> str:
    """An embedded pattern loses its group names so that one regex never defines a name twice."""
    return re.sub(r"\(\?P<[a-z_]+>", "(?:", source)


@lru_cache(maxsize=None)
def regex(name: str) -> re.Pattern:
    return re.compile(raw_patterns()[name])


def embedded(name: str) -> str:
    """The pattern source with its group names kept, for use inside a larger pattern."""
    return raw_patterns()[name]


@lru_cache(maxsize=1)
def genres() -> tuple[str, ...]:
    return tuple(sorted(_column("document_genres.csv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def issuer_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_column("issuer_suffixes.csv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def editorial_keys() -> tuple[str, ...]:
    return tuple(sorted(_column("editorial_keys.csv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def section_markers() -> tuple[dict, ...]:
    """Numbering schemes of 公文 bodies, each with its rank (outer < inner) and compiled regex."""
    rows = [json.loads(line) for line in (PATTERN_DIR / "section_markers.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    for row in rows:
        row["regex"] = re.compile(row["pattern"])
    return tuple(sorted(rows, key=lambda row: row["rank"]))


@lru_cache(maxsize=1)
def table_header_words() -> tuple[str, ...]:
    return _column("table_header_words.csv")


@lru_cache(maxsize=1)
def recipients_stop_words() -> tuple[str, ...]:
    return _column("recipients_stop.csv")
