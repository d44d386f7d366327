"""Shared by the extractor tests: a fixture excerpt as one document (the segmenter is tested
elsewhere) and record rows compared as the evaluator compares them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from graph_builder.evaluate import normalise
from graph_builder.model import Document, Section, Span
from graph_builder.reader import read


def document_from_fixture(path: Path, meta: dict) -> Document:
    """The whole excerpt as one document body; number, title, issuer, date and city from ``meta``."""
    source = read(path)
    span = Span(0, len(source.text))
    return Document(number=meta.get("number"), title=meta["title"], issuer=meta.get("issuer"),
                    date=date.fromisoformat(meta["date"]) if meta.get("date") else None,
                    recipients=[], body=Section(0, "", "", span), span=span, source=source,
                    city=meta.get("city", ""))


def comparable_row(row: dict) -> dict:
    """A record row with its strings normalised as the evaluator does (the reader decides punctuation
    width and page-break joins)."""
    return {k: normalise(v) if isinstance(v, str) else v for k, v in row.items()}
