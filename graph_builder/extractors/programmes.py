"""Programmes: a document that issues a plan (印发…方案/计划/规划/预案/意见/办法/细则), or whose
own title is a plan, yields one Programme: the plan's title, its kind, and its period.

- the title: the 《》 title inside 关于印发《X》的通知, else the X of 关于印发X的通知, else the
  document title itself when it ends with a plan kind;
- the kind: the plan word the title ends with (before a bracketed period), from
  ``patterns/programme_kinds.jsonl`` (longest first: 实施方案 is a 方案);
- the period: (2023—2025年) / 2021-2025年 in the title, else 到2025年 / “十四五” in the document.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..model import Document, Evidence, Programme, Records, Span

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"

_ISSUING = re.compile(r"(?:印发|转发|下发|颁布|发布)(?:[^《》]{0,30}?)?《(?P<title>[^《》]+)》")
_ISSUING_BARE = re.compile(r"关于(?:印发|转发|下发|颁布|发布)(?P<title>.+?)的通知")
_TITLE_PERIOD = re.compile(r"[（(〔]?\s*(?P<start>(?:19|20)\d{2})\s*(?:年)?\s*[—–\-－~～至到]+\s*(?P<end>(?:19|20)\d{2})\s*年?\s*[）)〕]?")
_DUE_YEAR = re.compile(r"(?:到|至|截至|截止到?)\s*(?P<end>(?:19|20)\d{2})\s*年")
_FIVE_YEAR_IN_TITLE = re.compile(r"[“\"](?P<plan>十[一二三四五]五)[”\"]")
_FIVE_YEAR = re.compile(r"[“\"]?(?P<plan>十[一二三四五]五)[”\"]?(?:时期|期间|规划)")

_FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
                    "十四五": (2021, 2025), "十五五": (2026, 2030)}


@lru_cache(maxsize=None)
def programme_kinds() -> tuple[tuple[str, str], ...]:
    """(word, kind) pairs, longest word first."""
    with open(PATTERNS / "programme_kinds.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return tuple(sorted(((r["word"], r["kind"]) for r in rows), key=lambda p: -len(p[0])))


def plan_kind(title: str) -> Optional[str]:
    """The kind of plan a title names (方案, 规划 …), read at its end before any period bracket."""
    core = _TITLE_PERIOD.sub("", title).strip().rstrip("）)")
    core = re.sub(r"[（(][^（）()]*[）)]$", "", core).strip()
    for word, kind in programme_kinds():
        if core.endswith(word):
            return kind
    return None


def plan_title(document_title: str) -> Optional[str]:
    """The title of the plan a document issues, or the document's own title if it is a plan."""
    title = re.sub(r"\s+", "", document_title)
    match = _ISSUING.search(title)
    if match and plan_kind(match.group("title")):
        return match.group("title")
    match = _ISSUING_BARE.search(title)
    if match and plan_kind(match.group("title")):
        return match.group("title")
    if plan_kind(title):
        return title
    return None


def period(title: str, text: str) -> tuple[Optional[int], Optional[int]]:
    match = _TITLE_PERIOD.search(title)
    if match:
        return int(match.group("start")), int(match.group("end"))
    match = _FIVE_YEAR_IN_TITLE.search(title) or _FIVE_YEAR.search(text)
    if match and match.group("plan") in _FIVE_YEAR_PLANS:
        return _FIVE_YEAR_PLANS[match.group("plan")]
    match = _DUE_YEAR.search(text)
    if match:
        return None, int(match.group("end"))
    return None, None


def extract_programmes(document: Document) -> Records:
    records = Records(document=document)
    title = plan_title(document.title or "")
    if not title:
        return records
    text = document.source.slice(document.span)
    start, end = period(title, text)
    span = document.title_span or Span(document.span.start, document.span.start)
    records.programmes.append(Programme(doc_key=document.key, title=title, kind=plan_kind(title),
                                        period_start=start, period_end=end,
                                        evidence=Evidence(document.key, span)))
    return records
