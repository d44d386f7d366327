"""Gazette-level facts: title, city, issue numbers, editorial lines and the table of contents."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from ..model import ContentsEntry
from . import patterns
from .text import FULLWIDTH_DIGITS, Line, cjk_number, despace, parse_date

JURISDICTION = re.compile(
    r"^(?:中共|中国共产党)?(?P<place>[\u3400-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|区|旗))"
    r"(?=人民政府|政府|人民代表大会|人大|政协|委|党委|公报|发展|办公|$)")


def jurisdiction_of(name: str) -> Optional[str]:
    """忻州市人民政府办公室 -> 忻州市; 苏州市人民政府 -> 苏州市; 中共忻州市委 -> 忻州市."""
    match = JURISDICTION.match(despace(name))
    return match.group("place") if match else None


@dataclass
class IssueMeta:
    title: str = ""
    city: str = ""
    year: Optional[int] = None
    issue: Optional[int] = None
    issue_label: Optional[str] = None
    total_issue: Optional[int] = None
    published: Optional[date] = None
    editorial: dict[str, str] = field(default_factory=dict)


def gazette_title(lines: list[Line]) -> Optional[Line]:
    """The first short line that names a gazette (…公报) near the top of the file."""
    for line in lines[:40]:
        compact = despace(line.clean).strip("《》")
        if 3 <= len(compact) <= 30 and compact.endswith("公报") and "《" not in compact:
            return line
    return None


def issue_meta(front: list[Line]) -> IssueMeta:
    """Read the cover and masthead lines (everything before the contents / first document)."""
    meta = IssueMeta()
    title_line = gazette_title(front)
    if title_line is not None:
        meta.title = despace(title_line.clean).strip("《》")
        meta.city = jurisdiction_of(meta.title) or ""
    for line in front:
        text = line.clean
        if meta.issue is None and (m := patterns.regex("issue_number").search(text)):
            meta.year = int(m.group("year").translate(FULLWIDTH_DIGITS))
            meta.issue = cjk_number(m.group("issue"))
            meta.issue_label = despace(m.group(0))
        if meta.total_issue is None and (m := patterns.regex("total_issue").search(text)):
            meta.total_issue = int(m.group("total").translate(FULLWIDTH_DIGITS))
        if meta.published is None and (m := patterns.regex("published").search(text)):
            meta.published = parse_date(patterns.regex("date").search(m.group(0)))
        meta.editorial.update(editorial_pairs(line))
    return meta


def editorial_pairs(line: Line) -> dict[str, str]:
    """'主办：X' / '编 辑：A B' -> {key: value}; 'X主办' (masthead) -> {'主办': X}."""
    compact = despace(line.clean)
    for key in patterns.editorial_keys():
        match = re.match(rf"^{re.escape(key)}[:：](?P<value>.+)$", compact)
        if match:
            spaced = re.sub(r"^[^:：]*[:：]\s*", "", line.clean).strip()
            return {key: spaced}
        if compact.endswith(key) and key in ("主办", "主管", "承办", "编辑", "出版", "印刷", "发行") \
                and 2 < len(compact) - len(key) <= 30 and not re.search(r"\d|[，,。:：]", compact):
            return {key: compact[: -len(key)]}
    return {}


def is_contents_heading(line: Line) -> bool:
    return bool(patterns.regex("contents_heading").match(despace(line.clean)))


def category_of(line: Line) -> Optional[str]:
    match = patterns.regex("category").match(despace(line.clean))
    return match.group("category") if match else None


def contents_number_line(line: Line) -> Optional[tuple[str, Optional[int]]]:
    """'忻政发〔2023〕1 号 (2)' -> (number, 2); None unless the line is a 文号 with a page number."""
    from .text import normalise_number

    number = patterns.regex("doc_number")
    page = patterns.embedded("page_ref")
    match = re.fullmatch(rf"(?P<num>{number.pattern})(?:{page})", line.clean)
    if not match:
        return None
    inner = number.match(match.group("num"))
    return normalise_number(inner), int(match.group("page").translate(FULLWIDTH_DIGITS))


def contents_title_with_page(line: Line) -> Optional[tuple[str, int]]:
    """'某某办法 ........ 12' -> (title, 12): an entry without 文号."""
    match = re.fullmatch(r"(?P<title>.+?)(?:[.．·•…⋯_—\-]{3,}[ \t\u3000]*[(（]?|[ \t\u3000]+[(（])"
                         r"[ \t\u3000]*(?P<page>[0-9０-９]{1,4})[)）]?", line.clean)
    if not match:
        return None
    return despace(match.group("title")), int(match.group("page").translate(FULLWIDTH_DIGITS))


def parse_contents(lines: list[Line]) -> list[ContentsEntry]:
    """Entries of a 目录 block: titles (possibly wrapped) followed by a 文号 line with a page number."""
    entries: list[ContentsEntry] = []
    category: Optional[str] = None
    pending: list[str] = []
    for line in lines:
        if is_contents_heading(line):
            continue
        if (found := category_of(line)) is not None:
            category, pending = found, []
            continue
        if (numbered := contents_number_line(line)) is not None:
            entries.append(ContentsEntry("".join(pending), numbered[0], numbered[1], category))
            pending = []
            continue
        if (paged := contents_title_with_page(line)) is not None:
            entries.append(ContentsEntry("".join(pending) + paged[0], None, paged[1], category))
            pending = []
            continue
        pending.append(despace(line.clean))
    return entries
