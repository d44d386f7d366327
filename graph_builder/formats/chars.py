"""Character-level folding: one character of the decoded text becomes one character.

Everything here keeps the string's length, so offsets stay the identity. A character that must
disappear (zero-width, control, the second dash of ——) is replaced by ``DELETED`` and dropped
later when the lines are emitted.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

DELETED = "\u200b"
# format characters and C0/C1 controls other than tab and line breaks
_DELETABLE = [*range(0x00, 0x09), 0x0B, 0x0E, *range(0x0F, 0x1C), 0x1F, 0x7F, *range(0x80, 0x85),
              *range(0x86, 0xA0), 0xAD, *range(0x200B, 0x2010), 0x2060, 0xFEFF]
_FULLWIDTH_ASCII = range(0xFF01, 0xFF5F)

_PROTECTED_ASCII = re.compile(r"(?<=\d),(?=\d{3}(?!\d))|(?<=\d):(?=\d\d(?!\d))|:(?=//)")
_YEAR_IN_SQUARE_BRACKETS = re.compile(r"\[((?:19|20)\d\d)\]")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)( *)([\-‐‑‒–—―~]{1,2})( *)((?:19|20)\d\d)(?!\d)")


def _unescape(field: str) -> str:
    return field.encode("ascii").decode("unicode_escape")


@lru_cache(maxsize=1)
def punctuation_fold() -> dict[str, str]:
    table = {}
    for line in (DATA / "char_fold.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, target = line.split("\t")[:2]
            table[_unescape(source)] = _unescape(target)
    return table


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    pairs = (line.split("\t") for line in (DATA / "t2s.tsv").read_text(encoding="utf-8").splitlines())
    return {trad: simp for trad, simp in pairs}


@lru_cache(maxsize=1)
def translation() -> dict[int, str]:
    table: dict[int, str] = {code: chr(code - 0xFEE0) for code in _FULLWIDTH_ASCII}
    table.update({ord(t): s for t, s in t2s_table().items()})
    table.update({ord(src): dst for src, dst in punctuation_fold().items()})
    table.update({code: DELETED for code in _DELETABLE})
    return {code: char for code, char in table.items() if chr(code) != char}


def fold_characters(text: str) -> str:
    folded = text.translate(translation())
    folded = _restore_protected_ascii(text, folded)
    folded = _YEAR_IN_SQUARE_BRACKETS.sub(r"〔\1〕", folded)
    return _YEAR_RANGE.sub(_canonical_year_range, folded)


def _restore_protected_ascii(original: str, folded: str) -> str:
    """Thousands separators (1,000), clock times (8:30) and URL colons stay ASCII."""
    pieces, last = [], 0
    for match in _PROTECTED_ASCII.finditer(original):
        pieces.append(folded[last:match.start()])
        pieces.append(match.group())
        last = match.end()
    if not pieces:
        return folded
    pieces.append(folded[last:])
    return "".join(pieces)


def _canonical_year_range(match: re.Match) -> str:
    first, space1, dash, space2, second = match.groups()
    if int(second) < int(first):
        return match.group()
    return first + DELETED * len(space1) + "—" + DELETED * (len(dash) - 1) + DELETED * len(space2) + second


def is_ideograph(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF or code == 0x3007)


def is_cjk_punctuation(char: str) -> bool:
    code = ord(char)
    return (0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2018 <= code <= 0x201F
            or 0x2014 <= code <= 0x2015 or code == 0x2026 or 0xFE30 <= code <= 0xFE6F)


def is_cjk(char: str) -> bool:
    return is_ideograph(char) or is_cjk_punctuation(char)
