"""Shared language helpers for the extractors (PROVISIONAL sentence splitter; spaCy pipeline to come).

API kept stable: ``sentences(text, offset=0) -> list[(sentence_text, Span)]``.
"""
from __future__ import annotations

import re

from .model import Span

_SENTENCE_END = re.compile(r"[^。；;！!？?\n]*(?:[。；;！!？?]+[”’」』）)]*|\n|$)")


def sentences(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    out = []
    for m in _SENTENCE_END.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((text[s:e], Span(offset + s, offset + e)))
    return out
