"""Inside-line clean-up on the whole folded text at once: markup and spaces become ``DELETED``.

Whole-text regex passes (instead of a Python loop per line) keep the reader linear and fast; the
string keeps its length, so offsets are still the identity until the emitter drops ``DELETED``.
Markup is recognised at line starts after "\\n" (files with bare "\\r" line ends keep it).
"""
from __future__ import annotations

import re

from .chars import DELETED

_IDEO = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2014\u2015\u2026\ufe30-\ufe6f"

_MARKUP = re.compile(
    r"(?m)^[ \u200b]*#{1,6} +|^[ \u200b]*[-*+>] +(?=\S)|\*\*"
    r"|</?[A-Za-z][A-Za-z0-9]{0,15}(?: [^<>\n]{0,200})?/?>"
)
# __emphasis__: exactly two underscores on each side of some text; runs of three or more are the
# blanks of a form (_____县（区）) and stay
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!_)__(?=[^_\s])([^_\n]{1,200}?)(?<=[^_\s])__(?!_)")
# ASCII angle brackets used as nested parentheses: 各县<市、区>人民政府 -> 各县（市、区）人民政府
# (CJK before the <, CJK text inside; HTML tags are already gone)
_ANGLE_PARENTHESES = re.compile(
    rf"(?<=[{_IDEO}{_CJK_PUNCT}\u200b])<(?=[{_IDEO}])([^<>\n\t]{{1,30}}?)>"
)
_SPACES = re.compile(" +")
# 1.1 编制目的: the space after a section number at the line start stays
_SECTION_NUMBER_SPACE = re.compile(
    rf"(?m)^([\u200b]*\d{{1,2}}(?:\.\d{{1,2}})*)(\u200b+)(?=[{_IDEO}])"
)


def _deleted(match: re.Match) -> str:
    return DELETED * (match.end() - match.start())


def _is_ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or (
        char >= "\uf900" and (char <= "\ufaff" or "\U00020000" <= char <= "\U0003ffff")) or char == "\u3007"


def _is_cjk_punctuation(char: str) -> bool:
    return ("\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or "\u2018" <= char <= "\u201f"
            or char in "\u2014\u2015\u2026" or "\ufe30" <= char <= "\ufe6f")


def _char_before(text: str, index: int) -> tuple[str, int]:
    index -= 1
    while index >= 0 and text[index] == DELETED:
        index -= 1
    return (text[index], index) if index >= 0 else ("\n", index)


def _char_after(text: str, index: int) -> tuple[str, int]:
    while index < len(text) and text[index] == DELETED:
        index += 1
    return (text[index], index) if index < len(text) else ("\n", index)


def space_run_is_separator(text: str, start: int, end: int) -> bool:
    """True when one space of the run stays (it separates two fields), False when all go.

    Dropped: at a line start or end, next to a tab, touching CJK punctuation, between CJK and
    a Latin letter or digit (2023 年, 1 号), between two lone ideographs (裴   峰, 目 录).
    """
    left, left_at = _char_before(text, start)
    right, right_at = _char_after(text, end)
    if left in "\n\r\f\t" or right in "\n\r\f\t":
        return False
    if _is_cjk_punctuation(left) or _is_cjk_punctuation(right):
        return False
    left_ideograph, right_ideograph = _is_ideograph(left), _is_ideograph(right)
    if left_ideograph and right_ideograph:
        lone_left = not _is_ideograph(_char_before(text, left_at)[0])
        lone_right = not _is_ideograph(_char_after(text, right_at + 1)[0])
        return not (lone_left and lone_right)
    if left_ideograph:
        return not right.isascii() or not right.isalnum()
    if right_ideograph:
        return not left.isascii() or not left.isalnum()
    return True


def _space_run(match: re.Match) -> str:
    length = match.end() - match.start()
    if space_run_is_separator(match.string, match.start(), match.end()):
        return " " if length == 1 else " " + DELETED * (length - 1)
    return DELETED * length


def clean_inline(folded: str, original: str) -> str:
    """Drop markup and the spaces that are layout, keep one space where it separates fields."""
    text = _MARKUP.sub(_deleted, folded)
    text = _UNDERSCORE_EMPHASIS.sub(lambda m: DELETED * 2 + m.group(1) + DELETED * 2, text)
    text = _ANGLE_PARENTHESES.sub(_angle_to_parentheses, text)
    text = _SPACES.sub(_space_run, text)
    return _SECTION_NUMBER_SPACE.sub(lambda m: _restore_section_space(m, original), text)


def _angle_to_parentheses(match: re.Match) -> str:
    inner = match.group(1)
    if not any(_is_ideograph(char) for char in inner) or re.search(r"[A-Za-z=/\"']", inner):
        return match.group()
    return "（" + inner + "）"


def _restore_section_space(match: re.Match, original: str) -> str:
    number, gap = match.group(1), match.group(2)
    if original[match.start(2)] not in " \u3000\u00a0":
        return match.group()
    return number + " " + DELETED * (len(gap) - 1)


def markdown_heading_lines(folded: str) -> set[int]:
    """Original offsets of line starts that carried a markdown heading mark (# …)."""
    return {m.start() for m in re.finditer(r"(?m)^[ \u200b]*#{1,6} +", folded)}
