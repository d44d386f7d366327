"""Agency lists and the role words around them, as Chinese official documents write them.

Two public readers, both pure and offset-preserving (spans are in the caller's coordinates):

- ``split_agencies(text, offset)`` -> ``[(surface, Span)]``: one entry per agency named in a list
  such as ``市住建局、市城管局，各县（市、区）政府及有关部门等``. It splits on 、，,；; and on 和/及
  between two complete agency names, never inside brackets (各县（市、区）人民政府 is one agency),
  and drops the 等/等部门/等单位 tail of an item. A bare 各 place list + 和 + one more place with
  an organisation word (各县(市、区)和五台山风景区统计调查机构) is ONE collective: the word after the
  last place is the head all the places share, and a place list has no organisation word of its
  own to stand alone with (``shares_head``). A left side with its own organisation word
  (各县（市、区）人民政府和忻州经济开发区管委会) still splits.
- ``read_roles(clause, offset, default_role)`` -> ``[RoleMention]``: the (agency, role) pairs of a
  responsibility statement: labelled lists (牵头单位：X；责任单位：Y；配合单位：Z), keyword tails
  (X牵头，Y等部门配合，Z落实 / X、Y按职责分工负责), and bare lists (a 责任单位 table cell).

How bare segments of a clause get their role: a clause is cut at top-level ，；。 into segments.
A segment ending in a role word takes that role; a segment after a label takes the label's role.
A bare segment that follows a segment with a role word belongs to the next role word
(…分工负责，各县（市、区）政府，忻州经济开发区管委会落实: all three governments 落实); a bare segment
before any role word keeps the clause's label or ``default_role`` (市应急局，相关各县落实: 市应急局
is responsible). The role words and labels are data: ``patterns/roles.jsonl``; what an agency
name looks like (suffixes, prefixes, tails to drop): ``patterns/agency_shape.jsonl``.

Generic collectives (有关部门, 其他负有安全监管职责的部门, 各有关单位) are kept as agencies: the
gold annotations list them, and they are real answers to "who must do this" (the resolver types
them as collectives). Only 其有关部门 (after 及, pointing back) is dropped.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..model import ROLES, Span
from .memo import memoised, memoised_list

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"

OPENING = "（(〈<[【〔"
CLOSING = "）)〉>]】〕"
LIST_SEPARATORS = "、，,；;"
CLAUSE_SEPARATORS = "，,；;。"
MAX_AGENCY_LENGTH = 40
# a section or item number opening a paragraph or sentence: 第三条 / （二） / 三、 / 2. / 6.2
LEADING_MARKER = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]+[）)]|"
                            r"[一二三四五六七八九十]+、|\d+(?:\.\d+)*[\.．、]?(?=\s|[^\d]))\s*")


@dataclass(frozen=True)
class RoleMention:
    agency: str
    role: str
    span: Span


@dataclass(frozen=True)
class _RolePattern:
    kind: str
    regex: re.Pattern
    role: str


@lru_cache(maxsize=None)
def role_patterns() -> tuple[_RolePattern, ...]:
    rows = _read_jsonl(PATTERNS / "roles.jsonl")
    out = []
    for row in rows:
        if row["role"] and row["role"] not in ROLES:
            raise ValueError(f"roles.jsonl: unknown role {row['role']!r}")
        if row["kind"] == "label":
            regex = re.compile(r"^\s*(?:" + row["pattern"] + r")\s*[：:]\s*")
        elif row["kind"] == "suffix":
            regex = re.compile(r"(?:" + row["pattern"] + r")\s*$")
        else:
            regex = re.compile(row["pattern"])
        out.append(_RolePattern(row["kind"], regex, row["role"]))
    return tuple(out)


@lru_cache(maxsize=None)
def patterns_of_kind(kind: str) -> tuple[_RolePattern, ...]:
    """roles.jsonl rows of one kind: label, suffix, column, blanket, first_is_lead."""
    return tuple(p for p in role_patterns() if p.kind == kind)


@lru_cache(maxsize=None)
def _any_of_kind(kind: str) -> re.Pattern:
    """One regex that matches where some pattern of ``kind`` does: a single test that rules most
    texts out before the patterns are tried in order."""
    try:
        return re.compile("|".join(f"(?:{p.regex.pattern})" for p in patterns_of_kind(kind)) or r"(?!x)x")
    except re.error:  # rows that cannot be joined (one group name in two rows): no shortcut
        return re.compile("")


def column_role(header: str) -> Optional[str]:
    """The role a table column assigns, from its header (牵头单位 -> lead), or None."""
    folded = re.sub(r"\s+", "", header).rstrip("：:")
    for pattern in patterns_of_kind("column"):
        if pattern.regex.search(folded):
            return pattern.role
    return None


@lru_cache(maxsize=None)
def _shape() -> dict:
    rows = _read_jsonl(PATTERNS / "agency_shape.jsonl")
    return {
        "suffixes": tuple(fold_brackets(r["text"]) for r in rows if r["kind"] == "suffix"),
        "prefixes": tuple(r["text"] for r in rows if r["kind"] == "prefix"),
        "tails": tuple(re.compile(r["pattern"]) for r in rows if r["kind"] == "tail"),
        "drops": tuple(re.compile(r["pattern"]) for r in rows if r["kind"] == "drop"),
    }


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fold_brackets(text: str) -> str:
    """Brackets folded to ASCII, for comparing shapes (the surface itself is never folded)."""
    return text.translate(str.maketrans("（〈<［【〔）〉>］】〕", "((((((" + "))))))"))


# --- splitting ---------------------------------------------------------------------


@lru_cache(maxsize=None)
def _cut_marks(separators: str) -> re.Pattern:
    """The characters top_level_cuts looks at: brackets and ``separators``."""
    return re.compile("[" + re.escape(OPENING + CLOSING + separators) + "]")


@memoised_list
def top_level_cuts(text: str, separators: str) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` cut at ``separators`` that are outside brackets."""
    pieces, depth, start = [], 0, 0
    for mark in _cut_marks(separators).finditer(text):
        char, i = mark.group(), mark.start()
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(text)))
    return pieces


def looks_like_agency(name: str) -> bool:
    shape = _shape()
    folded = fold_brackets(name)
    if not 2 <= len(name) <= MAX_AGENCY_LENGTH or re.search(r"[。：:！？!?“”\"《》\s]", name):
        return False
    return folded.endswith(shape["suffixes"]) or folded.startswith(shape["prefixes"])


_TRAILING_ALIAS = re.compile(r"[(]([^()]+)[)]$")


def ends_as_agency(name: str) -> bool:
    """The name ends with an organisation suffix (局, 委员会, 人民政府 …), or is one followed by
    the other name it bears in brackets: 市工信局（市国资委）."""
    folded = fold_brackets(name)
    if folded.endswith(_shape()["suffixes"]):
        return True
    alias = _TRAILING_ALIAS.search(folded)
    return bool(alias and alias.start() >= 2 and folded[:alias.start()].endswith(_shape()["suffixes"])
                and alias.group(1).endswith(_shape()["suffixes"]))


def agencies_only(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """The agencies of ``text`` when it says nothing but a list of whole agency names (each with
    an organisation suffix, together almost all of the text), else []."""
    names = split_agencies(text, offset)
    if not names or not all(ends_as_agency(name) for name, _ in names):
        return []
    if sum(len(name) for name, _ in names) < 0.8 * len(re.sub(r"\s", "", text)):
        return []
    return names


def _strip_tail(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an 等部门-style tail, and whitespace, from text[start:end]."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    for tail in _shape()["tails"]:
        match = tail.search(text, start, end)
        if match and match.start() > start and match.end() == end:
            if ends_as_agency(text[start:match.start()]) or looks_like_agency(text[start:match.start()]):
                end = match.start()
                break
    return start, end


# X及其有关部门: the departments are X's own, not a further agency
_BACK_REFERENCE = re.compile(r"^(?:有关|相关|所属|下属|直属)?(?:部门|单位|机构)$")
_CONJUNCTION = re.compile(r"以及|及其|和|及|与")


def _split_conjunctions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split at 和/及/与 only where both sides are whole agency names (not 市住房和城乡建设局)."""
    depth_at = bracket_depths(text, start, end)
    for match in _CONJUNCTION.finditer(text, start, end):
        if depth_at[match.start() - start]:
            continue
        left, right = text[start:match.start()], text[match.end():end]
        if match.group() == "及其" and ends_as_agency(left):
            rest = [] if _BACK_REFERENCE.match(right) else _split_conjunctions(text, match.end(), end)
            return [(start, match.start())] + rest
        if ends_as_agency(left) and looks_like_agency(right) and len(right) >= 3:
            if shares_head(left, right):
                continue
            return [(start, match.start())] + _split_conjunctions(text, match.end(), end)
    return [(start, end)]


# a bare list of places under 各 (各县（市、区）, 各乡镇, 各区、县): a tier, no organisation word
_BARE_PLACES = re.compile(r"^各(?:[省市县区旗乡镇]|乡镇|街道)(?:[(][^()]{1,8}[)])?"
                          r"(?:、(?:[省市县区旗乡镇]|乡镇|街道)(?:[(][^()]{1,8}[)])?)*$")
# one more place followed by the organisation word both share: 五台山风景区 + 统计调查机构
_PLACE_AND_HEAD = re.compile(r"^(?P<place>[^、，,]{2,14}?(?:风景名胜区|风景区|开发区|示范区|新区|园区|"
                             r"[区县市旗镇乡]|街道))(?P<head>[^、，,]{2,20})$")
_NOT_A_HEAD = re.compile(r"^(?:各|有关|相关|其他|其|直|所属|[省市县区旗乡镇])")


def shares_head(left: str, right: str) -> bool:
    """各县(市、区)和五台山风景区统计调查机构 is one collective: the places before 和 are a bare
    list (an agency only by their tier) and the item after it is one more place with the
    organisation word they all share (各县(市、区)统计调查机构 and 五台山风景区统计调查机构)."""
    if not _BARE_PLACES.match(fold_brackets(left.strip())):
        return False
    match = _PLACE_AND_HEAD.match(fold_brackets(right.strip()))
    return bool(match and ends_as_agency(match.group("head"))
                and not _NOT_A_HEAD.match(match.group("head")))


def bracket_depths(text: str, start: int, end: int) -> list[int]:
    depths, depth = [], 0
    for char in text[start:end]:
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        depths.append(depth)
    return depths


_NON_SPACE = re.compile(r"\S+")


def _split_spaces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Table cells print one agency per line: split at spaces when every part is an agency."""
    parts = [(m.start(), m.end()) for m in _NON_SPACE.finditer(text, start, end)]
    if len(parts) > 1 and all(looks_like_agency(_strip_tail_text(text, s, e)) for s, e in parts):
        return parts
    return [(start, end)]


def _strip_tail_text(text: str, start: int, end: int) -> str:
    s, e = _strip_tail(text, start, end)
    return text[s:e]


@memoised_list
def split_agencies(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """The agencies a list names, as written, with their spans (``offset`` added)."""
    out = []
    pieces = [piece for start, end in _joined_collectives(text, top_level_cuts(text, LIST_SEPARATORS))
              for piece in _split_spaces(text, *_strip_tail(text, start, end))]
    shared = _shared_suffix_names(text, pieces)
    for index, (start, end) in enumerate(pieces):
        if index in shared:
            s, e = _strip_tail(text, start, end) if index < len(pieces) - 1 else (start, end)
            out.append((shared[index], Span(offset + s, offset + e)))
            continue
        for s, e in _split_conjunctions(text, *_strip_tail(text, start, end)):
            s, e = _strip_tail(text, s, e)
            name = text[s:e]
            if not name or any(drop.search(name) for drop in _shape()["drops"]):
                continue
            if looks_like_agency(name):
                out.append((name, Span(offset + s, offset + e)))
    return out


# 各区、县（市）政府 / 各市、区人民政府 / 市政府各委、办、局: tiers listed under one 各 share one
# closing body word, so the 、 between them does not separate agencies
_COLLECTIVE = re.compile(r"各(?:[省市县区旗乡镇](?:[（(][^（）()]{1,8}[）)])?、)+[省市县区旗乡镇]"
                         r"(?:[（(][^（）()]{1,8}[）)])?(?:人民政府|政府|党委和政府|党委、政府)|"
                         r"各[委办局厅](?:、[委办局厅])+|"
                         # 各区、县（市）和高新区财政部门: the tiers before 和 (see shares_head)
                         r"各(?:[省市县区旗乡镇](?:[（(][^（）()]{1,8}[）)])?、)+[省市县区旗乡镇]"
                         r"(?:[（(][^（）()]{1,8}[）)])?(?=和|及|与)")


def _joined_collectives(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces cut at the 、 inside a collective (各区、县（市）政府) joined again."""
    spans = [(m.start(), m.end()) for m in _COLLECTIVE.finditer(text)]
    if not spans:
        return pieces
    out: list[tuple[int, int]] = []
    for start, end in pieces:
        if out and any(s <= start - 1 < e for s, e in spans):  # the separator lies inside one
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


_SHARED_SUFFIX = re.compile(r"^(?P<field>[^的之]{2,12}?)(?P<etc>等)?(?P<suffix>(?:有关|相关)?(?:主管|行政|职能)?(?:部门|单位|机构))$")


def _shared_suffix_names(text: str, pieces: list[tuple[int, int]]) -> dict[int, str]:
    """Lists of fields sharing one category word: 交通运输、公安部门 / 住建、城管等部门. Each field
    before the last takes the suffix the last one prints (交通运输部门, 公安部门), and a 等 before the
    suffix is dropped (城管部门); a piece that is itself a whole agency (市住建局) is left alone.
    Returns piece index -> name, for the pieces read this way."""
    if not pieces:
        return {}
    last_start, last_end = _trimmed(text, *pieces[-1])
    match = _SHARED_SUFFIX.match(text[last_start:last_end])
    if not match or not _is_field(match.group("field")):
        return {}
    suffix = match.group("suffix")
    names = {}
    for index in range(len(pieces) - 2, -1, -1):
        field = text[slice(*_trimmed(text, *pieces[index]))]
        if not _is_field(field):
            break
        names[index] = field + suffix
    if names or match.group("etc"):
        names[len(pieces) - 1] = match.group("field") + suffix
    return names


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_field(text: str) -> bool:
    """A bare field of work (公安, 交通运输, 市县工业和信息化): no agency suffix, no category word."""
    return (2 <= len(text) <= 12 and not ends_as_agency(text) and not re.search(r"[的之等\s（）()]", text)
            and not any(drop.search(text) for drop in _shape()["drops"])
            and not _shape_field_stop().search(text))


@lru_cache(maxsize=None)
def _shape_field_stop() -> re.Pattern:
    """Words that make a piece a phrase rather than a field name (负责, 要, 各级 …)."""
    rows = _read_jsonl(PATTERNS / "agency_shape.jsonl")
    words = [row["pattern"] for row in rows if row["kind"] == "field_stop"]
    return re.compile("|".join(words) if words else r"(?!x)x")


# --- roles -------------------------------------------------------------------------


@memoised  # a clause's segments are read again for each reading tried
def _label_role(segment: str) -> tuple[Optional[str], int]:
    """(role, length of the label) when the segment opens with 牵头单位： etc."""
    if not _any_of_kind("label").match(segment):
        return None, 0
    for pattern in patterns_of_kind("label"):
        match = pattern.regex.match(segment)
        if match:
            return pattern.role, match.end()
    return None, 0


@memoised
def _suffix_role(segment: str) -> tuple[Optional[str], int]:
    """(role, start of the role word) when the segment ends with 牵头/配合/落实 etc."""
    if not _any_of_kind("suffix").search(segment):
        return None, len(segment)
    for pattern in patterns_of_kind("suffix"):
        match = pattern.regex.search(segment)
        if match and match.start() > 0:
            return pattern.role, match.start()
    return None, len(segment)


@memoised
def has_role_words(text: str) -> bool:
    """True when some top-level segment of ``text`` carries a role label or role word."""
    for start, end in top_level_cuts(text, CLAUSE_SEPARATORS):
        segment = text[start:end].strip()
        if _label_role(segment)[0] or _suffix_role(segment)[0]:
            return True
    return False


def read_roles(clause: str, offset: int = 0, default_role: str = "responsible") -> list[RoleMention]:
    """(agency, role) pairs of a responsibility clause; see the module docstring for the rules."""
    label: Optional[str] = None
    seen_role_word = False
    pending: list[tuple[str, Span]] = []
    out: list[RoleMention] = []
    for start, end in top_level_cuts(clause, CLAUSE_SEPARATORS):
        segment = clause[start:end]
        label_role, label_end = _label_role(segment)
        if label_role:
            out.extend(RoleMention(a, label or default_role, s) for a, s in pending)
            pending, label, seen_role_word = [], label_role, False
        body = segment[label_end:]
        role, word_start = _suffix_role(body)
        agencies = split_agencies(body[:word_start], offset + start + label_end)
        if role:
            out.extend(RoleMention(a, role, s) for a, s in pending + agencies)
            pending, seen_role_word = [], True
            if role == "lead" and len(agencies) > 1 and _is_plain_fuze(body[word_start:]):
                out[-len(agencies):] = [RoleMention(m.agency, "responsible", m.span)
                                        for m in out[-len(agencies):]]
        elif seen_role_word and not label_role:
            pending.extend(agencies)
        else:
            out.extend(RoleMention(a, label or default_role, s) for a, s in agencies)
    out.extend(RoleMention(a, label or default_role, s) for a, s in pending)
    return _unique(out)


def _is_plain_fuze(role_word: str) -> bool:
    """负责 after several agencies shares the work (responsible); 牵头负责 stays lead."""
    return "牵头" not in role_word


def _unique(mentions: list[RoleMention]) -> list[RoleMention]:
    seen, out = set(), []
    for mention in mentions:
        key = (mention.agency, mention.role)
        if key not in seen:
            seen.add(key)
            out.append(mention)
    return out
