"""Personnel decisions (任免): appointments, removals and confirmations after probation.

The genre writes them as a decision (经…常务会议研究决定 / 决定：) followed by one clause per person:

    任命徐啸为太忻经济一体化发展忻州区运营中心副主任；      explicit verb
    决定任命：徐啸为…副主任；赵培宏为…董事长。           header verb, then "X为A"
    决定免去：陈建忠的市审计局副局长职务；               header verb, then "X的A职务"
    免去张三市财政局副局长职务 / 张三不再担任A职务        removal without 的
    薛治国任市政府副秘书长，…，试用期满正式任职           confirmation
    任命张三为A局局长、B中心主任，免去其C职务            lists of posts, 其 = the same person

Implicit forms (no verb in the clause) are read only in a personnel document (title or number says
so, cues in patterns/personnel_cues.jsonl). A post is split into organisation + post title with
the longest known post suffix (patterns/posts.jsonl). The decision date is the 常务会议 date when
the text gives one, else the document date.

The name and post helpers here are shared with groups.py.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..model import Document, Evidence, PersonnelChange, Records, Span

PACKAGE = Path(__file__).resolve().parent.parent
PATTERNS = PACKAGE / "patterns"
DATA = PACKAGE / "data"

OPENING = "（(〈["
CLOSING = "）)〉]"
TERMINAL = "。；;！!？?"
CJK = r"\u3400-\u9fff"


# --- data ---------------------------------------------------------------------------------------


def _jsonl(name: str) -> list[dict]:
    lines = (PATTERNS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@lru_cache(maxsize=1)
def post_titles() -> tuple[str, ...]:
    """Known post titles, longest first (so 副主任 wins over 主任)."""
    return tuple(sorted({row["post"] for row in _jsonl("posts.jsonl")}, key=len, reverse=True))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    with (DATA / "surnames.csv").open(encoding="utf-8") as handle:
        return frozenset(row["surname"] for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def _verbs() -> dict[str, tuple[str, str]]:
    return {row["verb"]: (row["kind"], row["form"]) for row in _jsonl("personnel_verbs.jsonl")}


@lru_cache(maxsize=1)
def _verb_heads() -> tuple[tuple[re.Pattern, str, str], ...]:
    """(what a piece opening with the verb looks like, kind, form) for each verb, compiled once."""
    return tuple((re.compile(rf"(?:决定|同意|研究决定)?{verb}(.+)"), kind, form)
                 for verb, (kind, form) in _verbs().items())


@lru_cache(maxsize=1)
def _cues() -> tuple[str, ...]:
    return tuple(row["cue"] for row in _jsonl("personnel_cues.jsonl"))


# --- names and posts ----------------------------------------------------------------------------

_NAME_CHARS = re.compile(rf"[{CJK}]{{2,4}}")
# characters that never occur in a person's name but do in organisations and posts
_NOT_IN_NAME = set("市县区省局委办厅处部院校司会员记职务组的为与等各所站队")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def looks_like_name(text: str) -> bool:
    """A Chinese personal name: 2–4 characters starting with a known surname."""
    name = compact(text)
    if not _NAME_CHARS.fullmatch(name) or set(name[1:]) & _NOT_IN_NAME:
        return False
    if name[:2] in surnames():
        return len(name) >= 3
    return name[0] in surnames() and len(name) <= 3


def top_level_split(text: str, separators: str) -> list[str]:
    """``text`` cut at ``separators`` that are outside brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p]


_RANK_NOTE = re.compile(rf"[（(][^（()）]*(?:级|试用期|挂职|主持工作|兼|正式)[^（()）]*[)）]$")
_POST_TAIL = re.compile(r"(?:的)?(?:职务|职位|职)$")
# a closing bracket note: （退休） （女） （挂职） （另有任用） after a post or 职务 is never part of it
_TRAILING_NOTE = re.compile(r"[（(][^（()）]{1,12}[)）]$")
# 任Y副局长试用期满，…正式任职: the probation clause is not part of the post
_PROBATION_TAIL = re.compile(r"(?:的)?试用期(?:已)?(?:届)?满$")


def clean_post(text: str) -> str:
    """Drop rank notes such as （副处长级）/(试用期一年)/（退休）, a trailing 职务 and 试用期满."""
    text = compact(text)
    previous = None
    while previous != text:
        previous = text
        text = _RANK_NOTE.sub("", text)
        text = _PROBATION_TAIL.sub("", text)
        text = _POST_TAIL.sub("", text)
        note = _TRAILING_NOTE.search(text)
        if note:
            head = _POST_TAIL.sub("", text[:note.start()])
            if head.endswith(post_titles()) or head != text[:note.start()]:
                text = text[:note.start()]
    return text


def split_post(text: str) -> tuple[Optional[str], str]:
    """(organisation or None, post title): 市审计局副局长 -> (市审计局, 副局长)."""
    text = clean_post(text)
    for title in post_titles():
        if text.endswith(title):
            organisation = text[: -len(title)]
            return (organisation or None), title
    return None, text


def split_posts(text: str) -> list[tuple[Optional[str], str]]:
    """Posts of a list (A局局长、B中心主任 / 党组成员、副局长 / A局局长兼B中心主任); a bare
    post title takes the organisation of the post before it."""
    out: list[tuple[Optional[str], str]] = []
    for part in top_level_split(clean_post(text), "、，,兼"):
        organisation, title = split_post(part)
        if not title:
            continue
        if organisation is None and out:
            organisation = out[-1][0]
        out.append((organisation, title))
    return out


# --- lines and clauses --------------------------------------------------------------------------

_ITEM_START = re.compile(r"(?:任命|免去|聘任|解聘|决定|经|[一二三四五六七八九十]+、|\d+[.、．]|[（(])")


def _starts_new_item(line: str) -> bool:
    stripped = compact(line)
    if _ITEM_START.match(stripped):
        return True
    head = re.match(rf"([{CJK}]{{2,4}}?)(?:同志)?(?:的|为|任|不再|试用)", stripped)
    return bool(head and looks_like_name(head.group(1)))


def logical_lines(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """Lines of ``text``, a line that stops without punctuation joined with the next one
    (PDF conversion wraps 副主\\n\\n任); blank lines dropped. Spans in the caller's coordinates."""
    raw = [(m.group(), m.start()) for m in re.finditer(r"[^\n]+", text)]
    raw = [(line, start) for line, start in raw if line.strip()]
    merged: list[list[int]] = []
    for line, start in raw:
        end = start + len(line.rstrip())
        start += len(line) - len(line.lstrip())
        if merged:
            previous = text[merged[-1][0]:merged[-1][1]]
            if previous[-1] not in TERMINAL + "：:" and not _starts_new_item(line):
                merged[-1][1] = end
                continue
        merged.append([start, end])
    return [(text[s:e], Span(offset + s, offset + e)) for s, e in merged]


def clauses(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """Clauses cut at 。；; and after a colon (a header such as 决定任命：)."""
    out = []
    for line, span in logical_lines(text, offset):
        for m in re.finditer(r"[^。；;：:]+[。；;：:]?", line):
            piece = m.group()
            lead = len(piece) - len(piece.lstrip())
            trimmed = piece.strip()
            if trimmed:
                start = span.start + m.start() + lead
                out.append((trimmed, Span(start, start + len(trimmed))))
    return out


# --- dates --------------------------------------------------------------------------------------

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "○": 0}


def _cn_number(text: str) -> Optional[int]:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGIT for c in text):
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CN_DIGIT.get(tens, 1) if tens else 1) * 10
        return value + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return None


_DATE = r"([\d〇零○O一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日"
_MEETING = re.compile(rf"经([^，。；,;：:]{{0,40}}?){_DATE}([^，。；,;：:]{{0,30}}?会议)")


def parse_date(year: str, month: str, day: str) -> Optional[date]:
    try:
        return date(_cn_number(year), _cn_number(month), _cn_number(day))
    except (TypeError, ValueError):
        return None


def decision_meeting(text: str) -> tuple[Optional[date], Optional[str]]:
    """(date, meeting) of 经市人民政府2023年2月26日第18次常务会议研究决定, or (None, None)."""
    m = _MEETING.search(compact(text))
    if not m:
        return None, None
    meeting = (m.group(1) + m.group(5)).strip() or None
    return parse_date(m.group(2), m.group(3), m.group(4)), meeting


# --- clauses -> decisions -----------------------------------------------------------------------

_HEADER = re.compile(r"(?:决定|研究决定|同意)?(任命|免去|聘任|解聘|聘请)[:：]?$")
_PROBATION = re.compile(r"试用期(?:已)?(?:届)?满")


def is_personnel_document(document: Document) -> bool:
    title = compact(document.title or "")
    return any(cue in title for cue in _cues()) or "任〔" in (document.number or "")


# 刘敏（女） 马丽（回族） 王强（挂职）: a note on the person, not part of the name
_NAME_NOTE = re.compile(r"[（(][^（()）]{1,6}[)）]$")


def _names(text: str, previous: Optional[str]) -> list[str]:
    """Person names of a list (张三、李四); 其 refers to the person of the clause before."""
    if text in ("其", "其同志") and previous:
        return [previous]
    names = [_NAME_NOTE.sub("", compact(n)).removesuffix("同志") for n in re.split(r"[、，,]", text)]
    return names if names and all(looks_like_name(n) for n in names) else []


def _split_name_post(text: str) -> tuple[str, str]:
    """免去张三市财政局副局长职务 (no 的): choose the name length after which an organisation or
    a post title starts; three characters by default."""
    starts = ("市", "县", "区", "省", "州", "盟", "旗", "镇", "乡", "中共", "共青团", "国家", "自治")
    candidates = [n for n in (2, 3, 4) if looks_like_name(text[:n])]
    for n in candidates:
        rest = text[n:].removeprefix("同志")
        if rest.startswith(starts) or rest.startswith(post_titles()):
            return text[:n], rest
    n = 3 if 3 in candidates else (candidates[0] if candidates else 0)
    return text[:n], text[n:]


def _parse_piece(piece: str, mode: Optional[str], implicit: bool,
                 previous: Optional[str]) -> Optional[tuple[str, list[str], str]]:
    """One comma-separated piece of a clause -> (kind, names, post list text) or None."""
    for verb_head, kind, form in _verb_heads():
        head = verb_head.match(piece)
        if not head:
            continue
        rest = head.group(1)
        if form == "name_wei_post":
            m = re.match(r"(.+?)(?:同志)?(?:为|担任)(.+)", rest)
            if m and _names(m.group(1), previous):
                return kind, _names(m.group(1), previous), m.group(2)
        else:
            m = re.match(r"(.+?)(?:同志)?的(.+)", rest)
            if m and _names(m.group(1), previous):
                return kind, _names(m.group(1), previous), m.group(2)
            if rest.startswith("其"):
                names = _names("其", previous)
                return (kind, names, rest[1:].removeprefix("的")) if names else None
            name, post = _split_name_post(rest)
            if name and post:
                return kind, [name], post
    m = re.match(r"(.+?)(?:同志)?不再担任(.+)", piece)
    if m and _names(m.group(1), previous):
        return "remove", _names(m.group(1), previous), m.group(2)
    if not implicit:
        return None
    m = re.match(r"(.+?)(?:同志)?的(.+?)(?:职务|职位)$", piece)
    if m and _names(m.group(1), previous) and mode in (None, "remove"):
        return "remove", _names(m.group(1), previous), m.group(2)
    m = re.match(r"(.+?)(?:同志)?(?:为|兼任|挂任|担任|任)(.+)", piece)
    if m and _names(m.group(1), previous):
        return mode or "appoint", _names(m.group(1), previous), m.group(2)
    return None


def _clause_changes(clause: str, mode: Optional[str], implicit: bool,
                    previous: Optional[str]) -> list[tuple[str, str, Optional[str], str]]:
    """(kind, person, organisation, post) of one clause."""
    text = compact(clause).rstrip(TERMINAL + "：:")
    probation = bool(_PROBATION.search(text))
    out = []
    for piece in top_level_split(text, "，,"):
        parsed = _parse_piece(piece, mode, implicit, previous)
        if not parsed:
            continue
        kind, names, posts = parsed
        if probation and kind == "appoint":
            kind = "confirm"
        for name in names:
            for organisation, post in split_posts(posts):
                out.append((kind, name, organisation, post))
            previous = name
    return out


def changes_in(text: str, offset: int, implicit: bool) -> list[tuple[str, str, Optional[str], str, Span]]:
    """All personnel changes of a body text, with the span of the clause each was read from."""
    mode: Optional[str] = None
    previous: Optional[str] = None
    out = []
    for clause, span in clauses(text, offset):
        header = _HEADER.search(compact(clause))
        if header and compact(clause).endswith(("：", ":", header.group(1))):
            mode = _verbs()[header.group(1)][0]
            continue
        for kind, person, organisation, post in _clause_changes(clause, mode, implicit, previous):
            out.append((kind, person, organisation, post, span))
            previous = person
    return out


def _body_span(document: Document) -> Span:
    return document.body.span if document.body is not None else document.span


def extract_personnel(document: Document) -> Records:
    records = Records(document=document)
    span = _body_span(document)
    text = document.source.text[span.start:span.end]
    meeting_date, meeting = decision_meeting(text)
    implicit = is_personnel_document(document)
    for kind, person, organisation, post, clause_span in changes_in(text, span.start, implicit):
        records.personnel.append(PersonnelChange(
            kind=kind, person=person, post=post, organisation=organisation,
            evidence=Evidence(doc_key=document.key, sentence=clause_span),
            decision_date=meeting_date or document.date, meeting=meeting))
    return records
