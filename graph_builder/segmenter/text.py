"""Lines of the normalised text and the small conversions every other module needs."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from ..model import Span
from . import patterns

CJK_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "0": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# markdown / html decoration some converters add around PDF text
DECORATION_HEAD = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]*|[-*•][ \t]+(?=\S))")
DECORATION_ANYWHERE = re.compile(r"\*\*|</?(?:p|br|b|strong|span|div)\s*/?>", re.I)
SPACES = re.compile(r"[ \t\u3000\u00a0]+")
SENTENCE_END = "。！？；;!?"


@dataclass(frozen=True)
class Line:
    index: int
    span: Span  # the line without surrounding white space, in normalised coordinates
    raw: str  # source text of span
    clean: str  # decoration removed, white space trimmed (inner spaces kept)

    @property
    def compact(self) -> str:
        return despace(self.clean)

    @property
    def has_tab(self) -> bool:
        return "\t" in self.raw


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of ``text`` (blank lines carry no structure in PDF-converted gazettes)."""
    lines: list[Line] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group(0)
        stripped = raw.strip(" \r\u3000\u00a0\ufeff")
        if not stripped.strip():
            continue
        start = match.start() + raw.index(stripped[0])
        clean = clean_line(stripped)
        if not clean:
            continue
        lines.append(Line(len(lines), Span(start, start + len(stripped)), stripped, clean))
    return lines


def clean_line(raw: str) -> str:
    without = DECORATION_ANYWHERE.sub("", raw.strip())
    previous = None
    while previous != without:
        previous = without
        without = DECORATION_HEAD.sub("", without).strip()
    return without.strip(" \t\u3000")


@lru_cache(maxsize=4096)  # Line.compact asks again for the same line
def despace(text: str) -> str:
    """Remove white space except between two Latin letters/digits (PDF text spaces out CJK freely)."""
    return SPACES.sub(lambda m: " " if _latin_pair(text, m.start(), m.end()) else "", text).strip()


_LATIN = string.ascii_letters
_LATIN_OR_DIGIT = string.ascii_letters + string.digits


def _latin_pair(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(before) and before in _LATIN and bool(after) and after in _LATIN_OR_DIGIT


def cjk_number(text: str) -> Optional[int]:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105, 12 -> 12; None when not a numeral."""
    text = text.strip().translate(FULLWIDTH_DIGITS)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in CJK_DIGITS:
            current = CJK_DIGITS[char]
        elif char in "十拾":
            total += (current or 1) * 10
            current = 0
        elif char in "百佰":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def digit_string_number(text: str) -> Optional[int]:
    """Year written digit by digit: 二〇二三 -> 2023."""
    text = text.translate(FULLWIDTH_DIGITS)
    if text.isascii() and text.isdigit():
        return int(text)
    if all(c in CJK_DIGITS for c in text):
        return int("".join(str(CJK_DIGITS[c]) for c in text))
    return None


def parse_date(match: re.Match) -> Optional[date]:
    year = digit_string_number(match.group("y"))
    month = cjk_number(match.group("m"))
    day = cjk_number(match.group("d"))
    try:
        return date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def date_only(line: Line) -> Optional[date]:
    """The date when the line is nothing but a date (the signing date line)."""
    match = patterns.regex("date").fullmatch(line.clean)
    return parse_date(match) if match else None


def normalise_number(match: re.Match) -> str:
    """忻政办发[2022]15 号 -> 忻政办发〔2022〕15号 (from a doc_number match)."""
    org = despace(match.group("org"))
    year = match.group("year").translate(FULLWIDTH_DIGITS)
    seq = str(int(match.group("seq").translate(FULLWIDTH_DIGITS)))
    return f"{org}〔{year}〕{seq}号"


def normalise_number_text(text: str) -> Optional[str]:
    match = patterns.regex("doc_number").search(text)
    return normalise_number(match) if match else None


def ends_with_genre(text: str) -> bool:
    text = text.rstrip(")）")
    return any(text.endswith(genre) for genre in patterns.genres())


def ends_with_issuer_suffix(text: str) -> bool:
    return any(text.endswith(suffix) for suffix in patterns.issuer_suffixes())


def looks_like_org_name(text: str) -> bool:
    """A short line that is nothing but the name of a body (a title head or a signature line)."""
    compact = despace(text)
    return (2 <= len(compact) <= 40 and ends_with_issuer_suffix(compact)
            and not re.search(r"[。，,；;：:！？《》“”\"]", compact))


def span_of_lines(lines: list[Line]) -> Span:
    return Span(lines[0].span.start, lines[-1].span.end)
