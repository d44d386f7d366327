"""A document's head and foot: 文号, title, issuers, 主送 recipients, signature, date and 公开 note."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from ..model import Span
from . import patterns
from .text import (SENTENCE_END, Line, date_only, despace, ends_with_genre, looks_like_org_name,
                   normalise_number)

MAX_TITLE_LINES = 4
MAX_RECIPIENT_LINES = 4
MAX_SIGNATURE_LINES = 4


def number_of_line(line: Line) -> Optional[tuple[str, Span]]:
    """The normalised 文号 when the line is nothing but a 文号 (签发人 may follow), with its span."""
    number = patterns.regex("doc_number")
    match = re.fullmatch(rf"(?P<num>{number.pattern})(?:[ \t\u3000]+签发人[:：].{{0,20}})?", line.clean)
    if not match:
        return None
    inner = number.search(line.raw)
    span = Span(line.span.start + inner.start(), line.span.start + inner.end()) if inner else line.span
    return normalise_number(number.match(match.group("num"))), span


def is_marker_line(line: Line) -> bool:
    return any(marker["regex"].match(line.clean) for marker in patterns.section_markers())


def is_public_note(line: Line) -> Optional[str]:
    match = patterns.regex("public_note").match(despace(line.clean))
    return match.group("note") if match else None


def is_title_fragment(line: Line) -> bool:
    """A line that can be part of a document title: short, no sentence end, not structure."""
    compact = line.compact
    return (not line.has_tab and 2 <= len(compact) <= 90
            and compact[-1] not in SENTENCE_END + "：:，,、"
            and date_only(line) is None and is_public_note(line) is None
            and number_of_line(line) is None and not patterns.regex("category").match(compact)
            and not patterns.regex("attachment_label").match(compact)
            and not (is_marker_line(line) and not patterns.regex("title_about").search(compact)))


def has_about(text: str) -> bool:
    return bool(patterns.regex("title_about").search(text))


def title_before(lines: list[Line], number_index: int, floor: int) -> list[Line]:
    """Title lines printed just above the 文号 (the usual gazette layout)."""
    picked: list[Line] = []
    j = number_index - 1
    while j > floor and len(picked) < MAX_TITLE_LINES and is_title_fragment(lines[j]):
        picked.insert(0, lines[j])
        j -= 1
        if has_about(picked[0].compact):
            break
    joined = "".join(line.compact for line in picked)
    if not has_about(joined):
        # no 关于: a title such as 某某办法 / 政府令 is one line that ends with its genre
        last = lines[number_index - 1] if number_index - 1 > floor else None
        return [last] if last is not None and is_title_fragment(last) and ends_with_genre(last.compact) else []
    # the first fragment with 关于 may still be preceded by the issuer's name on a line of its own
    first = next(k for k, line in enumerate(picked) if has_about(line.compact))
    picked = picked[first:]
    j = picked[0].index - 1
    while j > floor and looks_like_org_name(lines[j].clean) and not lines[j].compact.endswith("文件"):
        picked.insert(0, lines[j])
        j -= 1
    return picked


def title_after(lines: list[Line], number_index: int, ceiling: int) -> list[Line]:
    """Title lines printed below the 文号 (GB/T 9704 layout: 版头, 文号, then 标题)."""
    picked: list[Line] = []
    j = number_index + 1
    while j < ceiling and len(picked) < MAX_TITLE_LINES and is_title_fragment(lines[j]):
        picked.append(lines[j])
        joined = "".join(line.compact for line in picked)
        if ends_with_genre(joined) and has_about(joined):
            return picked
        j += 1
    return []


def split_outside_parentheses(text: str, separators: str) -> list[str]:
    """Split on separators that are not inside () （） 〈〉 《》 []."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "(（〈《[【〔":
            depth += 1
        elif char in ")）〉》]】〕" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def recipients_at(lines: list[Line], start: int, ceiling: int) -> tuple[list[str], list[Line]]:
    """主送机关: one to a few lines ending with a colon, a list of bodies (no verbs of a sentence)."""
    picked: list[Line] = []
    for j in range(start, min(start + MAX_RECIPIENT_LINES, ceiling)):
        line = lines[j]
        if line.has_tab or is_marker_line(line) or "。" in line.clean:
            return [], []
        picked.append(line)
        if line.clean.rstrip().endswith(("：", ":")):
            break
    else:
        return [], []
    text = despace("".join(line.clean for line in picked)).rstrip("：:")
    if not text or any(word in text for word in patterns.recipients_stop_words()) or len(text) > 300:
        return [], []
    return join_recipient_pieces(text), picked


def join_recipient_pieces(text: str) -> list[str]:
    """The 主送 line split on 、，；, keeping collectives whole (see ``join_collectives``)."""
    groups = [join_short_pieces(split_outside_parentheses(group, "、"))
              for group in split_outside_parentheses(text, "，,；;")]
    return [piece for group in groups for piece in join_collectives(group)]


def join_short_pieces(pieces: list[str]) -> list[str]:
    """'市人民政府各委、办、局' is one addressee: one- or two-character pieces continue the one before."""
    joined: list[str] = []
    for piece in pieces:
        if joined and len(piece) <= 2:
            joined[-1] += "、" + piece
        else:
            joined.append(piece)
    return joined


# 各区、县（市）人民政府 / 各市、区人民政府 / 各乡镇、街道办事处: a 、-list of tiers of division after 各
# that shares one head; the pieces before the head are division words only
_DIVISIONS = "省市县区州盟旗乡镇街道村"
_TIER_ONLY = re.compile(rf"各?(?:[{_DIVISIONS}]+(?:[（(][{_DIVISIONS}、]+[）)])?(?:、)?)+")
_TIER_HEADED = re.compile(rf"[{_DIVISIONS}]+(?:[（(][{_DIVISIONS}、]+[）)])?"
                          r"(?:人民政府|政府|党委|党委和人民政府|党工委|管委会|管理委员会|办事处|人大常委会)"
                          r"(?:办公室|办公厅|各部门)?")


def join_collectives(pieces: list[str]) -> list[str]:
    """Join '各区' + '县（市）人民政府' (split on 、) into the one collective 各区、县（市）人民政府: a piece
    that is 各 and division words only continues with the next piece when that one is division words
    and then the shared head. Only inside one ，-group (the caller splits on ，；first)."""
    joined: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        if pending:
            if _TIER_ONLY.fullmatch(piece):
                pending.append(piece)
                continue
            if _TIER_HEADED.fullmatch(piece):
                joined.append("、".join(pending + [piece]))
                pending = []
                continue
            joined.extend(pending)
            pending = []
        if piece.startswith("各") and _TIER_ONLY.fullmatch(piece):
            pending = [piece]
            continue
        joined.append(piece)
    joined.extend(pending)
    return joined


def split_issuers(head: str) -> list[str]:
    """'忻州市人民政府办公室 中共忻州市委办公室' -> both names; pieces without an issuer suffix are joined on."""
    pieces = [piece for piece in re.split(r"[ \t\u3000、，,]+", head.strip()) if piece]
    names: list[str] = []
    current = ""
    for piece in pieces:
        current += piece
        if looks_like_org_name(current):
            names.append(current)
            current = ""
    if current:
        if names and not looks_like_org_name(current):
            names[-1] += current
        else:
            names.append(current)
    return names


def issuers_of_title(title_raw: str) -> list[str]:
    match = patterns.regex("title_about").search(title_raw)
    if not match:
        return []
    head = title_raw[: match.start()]
    return split_issuers(head) if despace(head) else []


@dataclass
class Foot:
    """Signature lines, the date line and the 公开 note that close a document's own text."""
    date: Optional[date] = None
    date_line: Optional[Line] = None
    signature: list[Line] = field(default_factory=list)
    note: Optional[str] = None
    note_line: Optional[Line] = None

    @property
    def first_index(self) -> Optional[int]:
        if self.signature:
            return self.signature[0].index
        return self.date_line.index if self.date_line else None

    @property
    def last_index(self) -> Optional[int]:
        if self.note_line:
            return self.note_line.index
        return self.date_line.index if self.date_line else None


def find_foot(lines: list[Line], start: int, end: int) -> Foot:
    """The first date-only line of the document, preferring one under a signature."""
    first_plain: Optional[int] = None
    for j in range(start, end):
        if date_only(lines[j]) is None:
            continue
        signature = signature_above(lines, j, start)
        if signature or first_plain is None:
            if first_plain is None:
                first_plain = j
            if signature:
                return foot_at(lines, j, end, signature)
    return foot_at(lines, first_plain, end, []) if first_plain is not None else Foot()


def signature_above(lines: list[Line], date_index: int, floor: int) -> list[Line]:
    picked: list[Line] = []
    j = date_index - 1
    while j >= floor and len(picked) < MAX_SIGNATURE_LINES and (
            looks_like_org_name(lines[j].clean) or patterns.regex("signer").match(lines[j].clean)):
        picked.insert(0, lines[j])
        j -= 1
    return picked


def foot_at(lines: list[Line], date_index: int, end: int, signature: list[Line]) -> Foot:
    foot = Foot(date=date_only(lines[date_index]), date_line=lines[date_index], signature=signature)
    if date_index + 1 < end and (note := is_public_note(lines[date_index + 1])):
        foot.note, foot.note_line = note, lines[date_index + 1]
    return foot
