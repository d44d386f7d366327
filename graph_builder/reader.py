"""PROVISIONAL reader (to be replaced by the full one): UTF-8 only, identity normalisation."""
from __future__ import annotations

import hashlib
from array import array
from pathlib import Path

from .model import Source


def read(path) -> Source:
    raw = Path(path).read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    offsets = array("i", range(len(text) + 1))
    starts = array("i", [0] + [i + 1 for i, c in enumerate(text) if c == "\n"])
    return Source(path=str(path), original=text, text=text, offsets=offsets, encoding="utf-8",
                  sha256=hashlib.sha256(raw).hexdigest(), line_starts=starts)
