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

_PROTECTED_ASCII = re.compile(r",(?=\d{3}(?!\d))|:(?=\d\d(?!\d))|:(?=//)")
_YEAR_IN_SQUARE_BRACKETS = re.compile(r"\[((?:19|20)\d\d)\]")
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)( *)([\-‐‑‒–—―~]{1,2})( *)((?:19|20)\d\d)(?!\d)")


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
def t2s_phrases() -> dict[str, list[tuple[int, str, str]]]:
    """Character -> [(its index in the word, folded traditional word, simplified word)], longest
    first, for the characters the one-to-one fold leaves alone (data/t2s_phrases.tsv: 批覆 -> 批复)."""
    index: dict[str, list[tuple[int, str, str]]] = {}
    for line in (DATA / "t2s_phrases.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, simplified = line.split("\t")[:2]
            for position, (t, s) in enumerate(zip(traditional, simplified)):
                if t != s:
                    index.setdefault(t, []).append((position, traditional, simplified))
                    break
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[1]))
    return index


@lru_cache(maxsize=1)
def _phrase_anchor() -> re.Pattern:
    return re.compile("[" + "".join(re.escape(char) for char in sorted(t2s_phrases())) + "]")


def _word_across_edge(text: str, start: int, traditional: str, simplified: str) -> bool:
    """Does the text around the match read as a simplified word more frequent than what the fold
    would make of it (抽检|覆盖率: 覆盖 beats 复盖, so 检覆 is not folded)?"""
    from .lines import _lexicon

    words, end = _lexicon(), start + len(traditional)
    for size in (2, 3):
        for edge_start in (start - size + 1, end - 1):
            window = text[max(0, edge_start):edge_start + size]
            if len(window) < size or (edge_start >= start and edge_start + size <= end):
                continue
            offset = max(0, edge_start)
            folded_window = "".join(simplified[i - start] if start <= i < end else text[i]
                                    for i in range(offset, offset + size))
            if words.get(window, 0) > words.get(folded_window, 0):
                return True
    return False


def fold_phrases(folded: str) -> str:
    """Fold the words of data/t2s_phrases.tsv (same length, so offsets do not move)."""
    chars = None
    for match in _phrase_anchor().finditer(folded):
        at = match.start()
        for position, traditional, simplified in t2s_phrases()[match.group()]:
            start = at - position
            if start >= 0 and folded.startswith(traditional, start) \
                    and not _word_across_edge(folded, start, traditional, simplified):
                chars = chars if chars is not None else list(folded)
                chars[start:start + len(simplified)] = simplified
                break
    return folded if chars is None else "".join(chars)


@lru_cache(maxsize=1)
def translation() -> dict[int, str]:
    table: dict[int, str] = {code: chr(code - 0xFEE0) for code in _FULLWIDTH_ASCII}
    table.update({ord(t): s for t, s in t2s_table().items()})
    table.update({ord(src): dst for src, dst in punctuation_fold().items()})
    table.update({code: DELETED for code in _DELETABLE})
    return {code: char for code, char in table.items() if chr(code) != char}


@lru_cache(maxsize=2)
def _foldable(astral: bool) -> re.Pattern:
    """Runs of characters that change; BMP and astral apart (sre is fast on BMP-only sets)."""
    codes = [code for code in sorted(translation()) if (code > 0xFFFF) == astral]
    return re.compile("[" + "".join(re.escape(chr(code)) for code in codes) + "]+")


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _fold_run(match: re.Match) -> str:
    return match.group().translate(translation())


def fold_characters(text: str) -> str:
    # translating only the runs that change is several times faster than str.translate on all
    folded = _foldable(False).sub(_fold_run, text)
    if _ASTRAL.search(folded):
        folded = _foldable(True).sub(_fold_run, folded)
    folded = _restore_protected_ascii(text, folded)
    folded = fold_phrases(folded)
    folded = _YEAR_IN_SQUARE_BRACKETS.sub(r"〔\1〕", folded)
    return _YEAR_RANGE.sub(_canonical_year_range, folded)


def _restore_protected_ascii(original: str, folded: str) -> str:
    """Thousands separators (1,000), clock times (8:30) and URL colons stay ASCII."""
    pieces, last = [], 0
    for match in _PROTECTED_ASCII.finditer(original):
        if match.group() != ":" or original[match.end():match.end() + 2] != "//":
            if not original[match.start() - 1:match.start()].isdigit():
                continue
        pieces.append(folded[last:match.start()])
        pieces.append(match.group())
        last = match.end()
    if not pieces:
        return folded
    pieces.append(folded[last:])
    return "".join(pieces)


def _canonical_year_range(match: re.Match) -> str:
    first, space1, dash, space2, second = match.groups()
    if int(second) < int(first) or match.string[match.start() - 1:match.start()].isdigit():
        return match.group()
    return first + DELETED * len(space1) + "—" + DELETED * (len(dash) - 1) + DELETED * len(space2) + second


IDEOGRAPH = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def is_ideograph(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF or code == 0x3007)
