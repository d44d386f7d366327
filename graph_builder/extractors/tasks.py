"""Tasks and who must do them: the task tree of a document and its agency assignments.

Task keys (stable for the same input; the targets extractor links by the same keys):
  - a numbered body section: the numbers of its path from the first level down, "2", "2.3",
    "2.3.1" (一、 -> 2 ... taken from ``Section.number``; a section without a number, or whose
    number repeats a sibling's, uses its 1-based position among its siblings prefixed "s": "2.s3");
  - a section of an attachment's own text: "a{n}." + the same path ("a1.3.2"), n = the
    attachment's number (附件n) or its 1-based position;
  - an item inside a section that opens with a run-in heading (实施银龄科普行动。…) and
    states its own responsibilities: the section's key + ".p{i}" ("2.1.p3"), child of the
    section; i is the 1-based position among the section's items — its paragraphs, each cut
    after a responsibility bracket that more text follows (``task_items``);
  - a table row: "{prefix}t{k}.r{i}" — k the table's 1-based position among the tables of the
    body or of its attachment, i the row's 1-based position among its data rows ("t1.r7",
    "a1.t1.r7"); a row whose task cell continues the row above (merged cell, or the same task
    repeated over a page break) is not a new task and adds its assignments to that task.
  ``task_key_for(section_path, attachment=None)`` gives the key of a section path.

Assignments, one per (task, agency, role), come from every form the genre uses (the readers of
the lists and role words are in ``agency_lists``):
  - bracketed clauses in a task's text: （牵头单位：X；责任单位：Y） （X牵头，Y等部门配合，Z落实）;
  - an unbracketed clause closing a sentence: …，市应急局牵头，其他…部门配合，各县（市、区）政府落实。
  - a paragraph that is itself a labelled list: 责任单位：X、Y;
  - in-sentence forms: 由X牵头、Y配合；X会同Y…；X负责… (X must be a whole agency list);
  - table rows: role columns (牵头单位 / 责任单位 / 配合单位), cells read like clauses;
  - blanket clauses (以下均需X落实，不再列出 / X均为责任单位，不再列出): X is added to every later
    task of the same level;
  - 列第一位者为牵头单位: in lists without a lead, the first agency leads.

Two readings the genre leaves open, settled by measuring both annotated sets:
  - X要… (市财政局要积极争取… / 各区、县（市）政府要加强…) is NOT read as an assignment. In official
    documents it directs X to the work, and the composed held-out gold annotates it (lead for one
    body, responsible for a collective: 3 rows in 3 files), but the 忻州 gold annotates none of the
    X要 sentences in its two issues (2023-03, 2022-03: 0 of its 1138 rows), even single
    named bodies in the same 保障措施 position (市规划和自然资源局要…, 市指挥部办公室要…). With the
    rule on, 忻州 responsibilities F1 fell 0.980 -> 0.972 and 0.983 -> 0.961 (+6 and +36 false
    positives, no new true positive) while the held-out set gained 3 rows; the assignment forms
    above (负责, 牵头, 会同, role lists) are the ones both sets agree on. Generic subjects (各级各部门要,
    各地要, 有关部门要) are out on either reading.
  - 由X牵头 / X牵头 inside a paragraph stating a group's composition (…专项组。由X牵头，成员单位：…;
    ``composition`` in patterns/roles.jsonl) names the group's 牵头单位, a group role the groups
    extractor emits; it is not also a responsibility. Both sets agree: the 忻州 gold keeps a
    工作组's 组长单位 as a group role only, and the held-out gold keeps 专项工作组 由X牵头 as a group role
    only. 由X牵头 in running text without a member list (建立联席会议制度，由X牵头，Y配合) stays a
    responsibility, as both golds read it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from .. import nlp
from ..model import (Assignment, Attachment, Document, Evidence, Records, Section, Span, Table,
                     TableRow, Task)
from . import agency_lists, duties
from .agency_lists import (CLAUSE_SEPARATORS, LEADING_MARKER, RoleMention, agencies_only,
                           column_role, has_role_words, patterns_of_kind, read_roles,
                           split_agencies, top_level_cuts)
from .duties import MAX_LABEL_LENGTH, Duty
from .memo import memoised, memoised_list
MIN_HEADING_LENGTH = 4
# a run-in heading (实施银龄科普行动。…) is a short phrase; a longer first sentence is running text
MAX_RUN_IN_HEADING = 24
_TRAILING_PUNCTUATION = "。；;：:，,、 \t"


# --- keys --------------------------------------------------------------------------


def attachment_prefix(attachment: Attachment, position: int) -> str:
    return f"a{attachment.number or position}."


def task_key_for(section_path: Sequence[Section], attachment_prefix: str = "") -> str:
    """Key of the task of the last section of ``section_path``: the root (level 0) first, then
    each nested section down to it. ``attachment_prefix`` is "" for the body, "a1." etc."""
    parts = [_section_part(parent, section) for parent, section in zip(section_path, section_path[1:])]
    return attachment_prefix + ".".join(parts)


def _section_part(parent: Section, section: Section) -> str:
    siblings = parent.children
    position = next(i for i, s in enumerate(siblings, 1) if s is section)
    if section.number is not None and sum(s.number == section.number for s in siblings) == 1:
        return str(section.number)
    return f"s{position}"


# --- labels ------------------------------------------------------------------------


def task_label(heading: str) -> str:
    """The short heading as written; for a heading-less section, the sentence head."""
    heading = re.sub(r"[（(][^（）()]*[）)]\s*$", "", heading.strip())
    label = re.split(r"[。；;：:（(]", heading, maxsplit=1)[0].strip(_TRAILING_PUNCTUATION)
    if len(label) > MAX_LABEL_LENGTH:
        label = re.split(r"[，,]", label, maxsplit=1)[0].strip(_TRAILING_PUNCTUATION)
    return label


# --- clauses in running text ----------------------------------------------------------


_BRACKET = re.compile(r"[（(]")
_BRACKET_MARKS = re.compile("[" + re.escape(agency_lists.OPENING + agency_lists.CLOSING) + "]")
_SENTENCE_MARKS = re.compile("[" + re.escape(agency_lists.OPENING + agency_lists.CLOSING + "。！？!?") + "]")


@memoised_list
def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of the contents of each top-level bracket group of ``text``."""
    groups, depth, start = [], 0, 0
    for mark in _BRACKET_MARKS.finditer(text):  # only brackets matter
        char, i = mark.group(), mark.start()
        if char in agency_lists.OPENING:
            if depth == 0:
                start = i + 1
            depth += 1
        elif char in agency_lists.CLOSING and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i))
    return groups


def _without_notes(text: str) -> str:
    """The text with blanket clauses and 列第一位者为牵头单位 notes blanked out (same length, so
    offsets hold): they are read once per document, not as agencies of this clause."""
    for pattern in patterns_of_kind("blanket") + patterns_of_kind("first_is_lead"):
        text = pattern.regex.sub(lambda m: " " * len(m.group()), text)
    return re.sub(r"[，,]\s*下同", lambda m: " " * len(m.group()), text)


def clause_roles(text: str, offset: int, default_role: str = "responsible",
                 bare_list: bool = False) -> list[RoleMention]:
    """Role mentions of a clause that is wholly a responsibility statement, else [].
    ``bare_list``: a list without any role word counts too (a bracket closing a task's text)."""
    cleaned = _without_notes(text)
    if not _is_responsibility_clause(cleaned, bare_list):
        return []
    return read_roles(cleaned, offset, default_role)


def _is_responsibility_clause(text: str, bare_list: bool = False) -> bool:
    """Every segment is an agency list with or without a role word (nothing else is said)."""
    if not bare_list and not has_role_words(text):
        return False
    if not split_agencies(text) and not has_role_words(text):
        return False
    for start, end in top_level_cuts(text, CLAUSE_SEPARATORS):
        segment = text[start:end].strip()
        if segment and not _is_role_segment(segment):
            return False
    return True


def _is_role_segment(segment: str) -> bool:
    label_role, label_end = agency_lists._label_role(segment)
    body = segment[label_end:]
    _role, word_start = agency_lists._suffix_role(body)
    listed = body[:word_start].strip()
    if not listed:
        return bool(label_role)
    names = split_agencies(listed)
    covered = sum(len(name) for name, _span in names)
    # the list is (almost) all agency names: separators and 等部门 tails are the rest
    return bool(names) and covered >= 0.6 * len(re.sub(r"\s", "", listed))


def bracket_roles(text: str, offset: int) -> list[RoleMention]:
    """Responsibility brackets of a sentence; the one closing it may be a bare agency list."""
    out = []
    for start, end in bracket_groups(text):
        closing = not text[end + 1:].strip("。；; \t")
        out.extend(clause_roles(text[start:end], offset + start, bare_list=closing))
    return out


def trailing_roles(sentence: str, offset: int) -> list[RoleMention]:
    """A responsibility clause closing a sentence outside brackets: the longest such tail."""
    body = sentence.rstrip("。；; ")
    cuts = top_level_cuts(body, "，,")
    for first in range(len(cuts)):
        start = cuts[first][0]
        tail = body[start:]
        if not has_role_words(tail):
            break  # a shorter tail holds some of these segments: no role word either
        if _is_responsibility_clause(tail) and split_agencies(tail):
            return read_roles(tail, offset + start)
    return []


def role_runs(sentence: str, offset: int) -> list[RoleMention]:
    """Responsibility clauses inside a sentence, not only closing it: a run of comma segments that
    are nothing but agency lists with role words, wherever it stands (五、严格检查验收。X牵头，Y配合，
    于6月底前完成… / 造林期间…，X、Y、Z按职责分工负责，严防…). The run must end with a role word."""
    marker = LEADING_MARKER.match(sentence)
    skip = marker.end() if marker else 0
    body = sentence[skip:].rstrip("。；; ")
    offset += skip
    cuts = top_level_cuts(body, "，,")
    out: list[RoleMention] = []
    first = 0
    while first < len(cuts):
        for last in range(len(cuts) - 1, first - 1, -1):
            start, end = cuts[first][0], cuts[last][1]
            run = body[start:end]
            closing = run.strip()
            if (agency_lists._suffix_role(closing.split("，")[-1].split(",")[-1])[0]
                    and _is_responsibility_clause(run) and _names_only(run)):
                out += read_roles(run, offset + start)
                first = last
                break
        first += 1
    return out


def _names_only(run: str) -> bool:
    """In running text every list of a role clause is whole agency names (各地各部门要切实加强
    分工协作、分级负责 is no list)."""
    for start, end in top_level_cuts(run, CLAUSE_SEPARATORS):
        segment = run[start:end].strip()
        label_role, label_end = agency_lists._label_role(segment)
        body = segment[label_end:]
        _role, word_start = agency_lists._suffix_role(body)
        listed = body[:word_start].strip()
        if listed and (not agencies_only(listed) or _HEADING_VERB.match(listed)):
            return False
        if not listed and not label_role:
            return False
    return True


# a heading opens with a verb (强化监管部门协同), an agency list never does
_HEADING_VERB = re.compile(r"(?:强化|加强|推进|推动|完善|建立|健全|提升|深化|优化|落实|做好|开展|实施|支持|"
                           r"鼓励|引导|促进|加快|坚持|严格|规范|构建|打造|培育|发挥|充分|统筹|全面)")


# a sentence's own subject answers for the whole area it governs: 各县（市、区）人民政府对本行政区域
# …负总责 / 各县（市、区）政府是城市更新工作的责任主体
_OVERALL = re.compile(r"^(?P<lead>[^，,。；;：:]{2,80}?)(?:对|为)[^，,。；;]{0,40}?负总责")
_MAIN_BODY = re.compile(r"^(?P<lead>[^，,。；;：:]{2,80}?)(?:是|为)[^，,。；;]{0,40}?(?:责任主体|第一责任人)")
# X会同Y… / X协同Y… / 由X会同Y审批: X leads, Y (the one 会同'd) supports
_JOINTLY = re.compile(r"(?P<by>由)?(?P<lead>[^，,。；;：:由]{2,80}?)(?:要|应当?|须|需|将|负责)?(?:会同|协同)")
# Y、Z协同做好… / Y、Z配合做好…: a subject list supporting the sentence's work
_SUPPORTS = re.compile(r"^(?P<lead>[^，,。；;：:由]{2,80}?)(?:要|应当?|须|需)?(?:积极|共同)?(?:协同|配合|协助)(?=[做抓开推加落实])")


def _leading_agencies(text: str, offset: int) -> list[tuple[str, Span]]:
    """The longest opening of ``text`` (within its first clause) that is a whole agency list."""
    clause_end = top_level_cuts(text, "，,。；;")[0][1]
    candidates = []
    for end in range(min(clause_end, MAX_LEADING_LIST), 1, -1):
        if text[end - 1] in agency_lists.OPENING or text[end - 1] in "、和及与":
            continue
        found = agencies_only(text[:end], offset)
        if found and agency_lists.ends_as_agency(text[:end].strip()):
            if _ACTION.match(text, end) or end == clause_end:
                return found
            candidates.append(found)
    return candidates[0] if candidates else []


MAX_LEADING_LIST = 120
# what follows the partner list of X会同Y…: the action (组织编制…, 审批, 对…进行考核)
_ACTION = re.compile(r"(?:要|应当?|共同|联合|定期|及时|每年|按照?|依照?|根据|对|就|在|为|向|将|把)|"
                     r"(?:组织|编制|制定|开展|建立|研究|做好|负责|加强|推进|落实|实施|审批|审核|审定|"
                     r"核定|建设|完善|统筹|指导|监督|检查|办理|确定|提出|拟定|出台|起草|发布|管理|"
                     r"协调|部署|安排|抓好|推动|做|抓|搞好|进行|制订|印发|划定|认定|评估|考核)")


def jointly_roles(sentence: str, offset: int) -> list[RoleMention]:
    """X(要)会同Y… / 由X会同Y… / X协同Y… at the start of a clause; Y、Z协同做好… (supporting)."""
    out: list[RoleMention] = []
    for start, _end in top_level_cuts(sentence, "，,"):
        while start < len(sentence) and sentence[start].isspace():
            start += 1
        clause = sentence[start:]
        match = _JOINTLY.match(clause)
        if match:
            leads = agencies_only(match.group("lead"), offset + start + match.start("lead"))
            partners = _leading_agencies(clause[match.end():], offset + start + match.end())
            if leads and partners:
                out += [RoleMention(n, "lead", sp) for n, sp in leads]
                out += [RoleMention(n, "supporting", sp) for n, sp in partners]
                continue
        match = _SUPPORTS.match(clause)
        if match and start > 0:
            out += [RoleMention(n, "supporting", sp)
                    for n, sp in agencies_only(match.group("lead"), offset + start + match.start("lead"))]
    return out


def overall_roles(sentence: str, offset: int) -> list[RoleMention]:
    """X对…负总责 / X是…责任主体: a collective (各…) is responsible, a single body leads."""
    for pattern in (_OVERALL, _MAIN_BODY):
        match = pattern.match(sentence)
        if match:
            names = agencies_only(match.group("lead"), offset + match.start("lead"))
            # government bodies only: 管线权属单位是…责任主体 names firms, not an agency
            if not all(n.startswith(agency_lists._shape()["prefixes"]) for n, _ in names):
                return []
            return [RoleMention(n, _answerable_role(n, names), sp) for n, sp in names]
    return []


def _answerable_role(name: str, names: Sequence) -> str:
    return "responsible" if name.startswith("各") or len(names) > 1 else "lead"


_LED_BY = re.compile(r"由(?P<lead>[^，,。；;由]{2,80}?)牵头(?:[，,、](?P<rest>[^。；;]*?(?:配合|参与|协同|协助)))?")
_WITH = re.compile(r"^(?P<lead>[^，,。；;]{2,80}?)会同(?P<support>[^，,。；;]{2,80}?)(?=[^，,。；;、]{0,4}(?:制定|开展|组织|建立|研究|做好|负责|加强|推进|编制|落实|实施|对|按|依|共同|联合|定期|及时|每年|根据|，|,))")
_IN_CHARGE = re.compile(r"(?:由)?(?P<lead>[^，,。；;：:由]{2,80}?)(?:具体|主要|统一|牵头)?负责(?!人|同志|的)")
_BY_IN_CHARGE = re.compile(r"由(?P<lead>[^，,。；;：:由]{2,80}?)(?:具体|主要|统一|牵头)?负责(?!人|同志|的)")


@memoised_list  # the section's duty statements ask first, the paragraph's roles again
def in_sentence_roles(sentence: str, offset: int) -> list[RoleMention]:
    """由X牵头、Y配合 / X会同Y… / X负责… where X (and Y) are whole agency lists."""
    out: list[RoleMention] = []
    marker = LEADING_MARKER.match(sentence)
    if marker:
        offset += marker.end()
        sentence = sentence[marker.end():]
    for match in _LED_BY.finditer(sentence):
        out += _whole_list(sentence, match, "lead", "lead", offset)
        if match.group("rest"):
            out += read_roles(match.group("rest"), offset + match.start("rest"))
    match = _WITH.match(sentence)
    if match:
        out += _whole_list(sentence, match, "lead", "lead", offset)
        out += _whole_list(sentence, match, "support", "supporting", offset)
    out += [m for m in jointly_roles(sentence, offset) if (m.agency, m.role) not in
            {(k.agency, k.role) for k in out}]
    out += overall_roles(sentence, offset)
    if not any(m.role == "lead" for m in out):
        out += _in_charge(sentence, offset)
    return out


def _in_charge(sentence: str, offset: int) -> list[RoleMention]:
    """X负责… as the subject of the sentence, or of a clause after a lead-in (初选结束后，X负责…),
    else 由X负责 anywhere."""
    match = _COMPETENT.match(sentence)
    if match:
        found = _whole_list(sentence, match, "lead", "lead", offset)
        if found:
            return found
    for start, _end in top_level_cuts(sentence, "，,"):
        match = _IN_CHARGE.match(sentence, start)
        found = _whole_list(sentence, match, "lead", "lead", offset) if match else []
        if found:
            return _own_area(found, sentence[match.end():])
    match = _BY_IN_CHARGE.search(sentence)
    return _whole_list(sentence, match, "lead", "lead", offset) if match else []


# X是本市…的主管部门，负责…: the body the article names as competent leads what it 负责
_COMPETENT = re.compile(r"(?P<lead>[^，,。；;：:由]{2,80}?)是[^，,。；;]{0,40}?(?:部门|机关|机构)[，,]\s*"
                        r"(?:具体|主要|统一|全面)?负责(?!人|同志|的)")


_OWN_AREA = re.compile(r"^\s*(?:好)?(?:本|所在|各自)(?:辖区|行政区域|地区|区域|县|区|市)")


def _own_area(found: list[RoleMention], duty: str) -> list[RoleMention]:
    """各区人民政府负责本辖区…: each government answers for its own area (responsible), the way
    责任单位 lists read; several agencies sharing one 负责 share the work too."""
    if len(found) > 1 or (_OWN_AREA.match(duty) and found[0].agency.startswith("各")):
        return [RoleMention(m.agency, "responsible", m.span) for m in found]
    return found


def _whole_list(sentence: str, match: re.Match, group: str, role: str, offset: int) -> list[RoleMention]:
    # in running text the subject must be nothing but agency names with an agency suffix
    names = agencies_only(match.group(group), offset + match.start(group))
    return [RoleMention(name, role, span) for name, span in names]


def labelled_paragraph_roles(text: str, offset: int) -> list[RoleMention]:
    """A paragraph that is itself a labelled list: 责任单位：市住建局、各县（市、区）政府。"""
    label_role, _ = agency_lists._label_role(text)
    if not label_role:
        return []
    return clause_roles(text.rstrip("。； "), offset)


def paragraph_roles(text: str, offset: int) -> list[tuple[RoleMention, Span]]:
    """(mention, evidence sentence) of every role statement in a paragraph of running text."""
    out = []
    labelled = labelled_paragraph_roles(text, offset)
    if labelled:
        return [(m, Span(offset, offset + len(text.rstrip()))) for m in labelled]
    composition = states_composition(text)
    for sentence, span in _sentences(text, offset):
        plain = _without_brackets(sentence)
        found = bracket_roles(sentence, span.start) + trailing_roles(plain, span.start)
        runs = role_runs(plain, span.start)
        known = {m.agency for m in found + runs}
        found += [m for m in in_sentence_roles(plain, span.start) if m.agency not in known]
        found += [m for m in runs if (m.agency, m.role) not in {(k.agency, k.role) for k in found}]
        if composition:
            found = [m for m in found if not _leads_the_group(m, sentence, span.start)]
        out.extend((m, span) for m in found)
    return out


def states_composition(text: str) -> bool:
    """The paragraph lists a group's members (…专项组。由X牵头，成员单位：A、B): a composition."""
    return any(p.regex.search(text) for p in patterns_of_kind("composition"))


def _leads_the_group(mention: RoleMention, sentence: str, offset: int) -> bool:
    """由X牵头 / X牵头 in a composition: X is the group's 牵头单位 (the groups extractor's role)."""
    after = sentence[mention.span.end - offset:]
    return mention.role == "lead" and bool(re.match(r"\s*(?:等(?:部门|单位)?)?\s*牵头", after))


@memoised
def _without_brackets(text: str) -> str:
    """Bracketed asides blanked out (same length), so a trailing clause is read without them.
    Brackets that are part of a name stay: an alias 市规划和自然资源局（市林业局）, a collective
    各县（市、区）人民政府 — short, no clause punctuation, no role words."""
    chars = list(text)
    for start, end in bracket_groups(text):
        inner = text[start:end]
        if len(inner) <= 12 and not re.search(r"[，,；;。：:]", inner) and not has_role_words(inner):
            continue
        for i in range(start - 1, min(end + 1, len(chars))):
            chars[i] = " "
    return "".join(chars)


@memoised_list
def _sentences(text: str, offset: int) -> list[tuple[str, Span]]:
    """Sentences at 。！？ only: a responsibility bracket often holds ；, which must stay whole."""
    out, start, depth = [], 0, 0
    for mark in _SENTENCE_MARKS.finditer(text):  # only brackets and full stops matter
        char, i = mark.group(), mark.start()
        if char in agency_lists.OPENING:
            depth += 1
        elif char in agency_lists.CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append((start, i + 1))
            start = i + 1
    out.append((start, len(text)))
    result = []
    for s, e in out:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            result.append((stripped, Span(offset + s, offset + s + len(stripped))))
    return result


# --- blankets and first-is-lead ---------------------------------------------------------


@dataclass
class Blanket:
    start: int  # offset in the source text where it was stated
    level: int
    mentions: list[RoleMention]


def blanket_mentions(text: str, offset: int) -> list[tuple[int, list[RoleMention]]]:
    """(position, mentions) of each blanket clause in ``text``."""
    out = []
    for pattern in patterns_of_kind("blanket"):
        for match in pattern.regex.finditer(text):
            role_word = match.group("role")
            role = column_role(role_word) or agency_lists._suffix_role("X" + role_word)[0]
            names = split_agencies(match.group("agencies"), offset + match.start("agencies"))
            if role and names:
                out.append((offset + match.start(), [RoleMention(n, role, s) for n, s in names]))
    return out


def first_is_lead_at(text: str) -> Optional[int]:
    for pattern in patterns_of_kind("first_is_lead"):
        match = pattern.regex.search(text)
        if match:
            return match.start()
    return None


def promote_first(mentions: list[RoleMention]) -> list[RoleMention]:
    """列第一位者为牵头单位: the first agency leads when the clause names no lead."""
    if not mentions or any(m.role == "lead" for m in mentions):
        return mentions
    first = mentions[0]
    return [RoleMention(first.agency, "lead", first.span)] + mentions[1:]


# --- the document walk -------------------------------------------------------------------


@dataclass
class _Builder:
    document: Document
    tasks: list[Task] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    levels: dict = field(default_factory=dict)  # task key -> depth, for blankets
    seen: set = field(default_factory=set)
    first_is_lead_from: Optional[int] = None
    duty_counts: dict = field(default_factory=dict)  # parent key -> duty tasks so far

    @property
    def doc_key(self) -> str:
        return self.document.key

    def add_task(self, key: str, label: str, sentence: Span, parent: Optional[str], depth: int,
                 description: str = "") -> None:
        self.tasks.append(Task(key=key, label=label, evidence=Evidence(self.doc_key, sentence),
                               parent_key=parent, description=description))
        self.levels[key] = depth

    def add_duties(self, found: list[Duty], key_base: str, parent: Optional[str], depth: int) -> None:
        """Each duty clause a task "{key_base}.d{n}" under ``parent``, its agency assigned."""
        keys: dict[Span, str] = {}
        for duty in found:
            if duty.clause not in keys:
                self.duty_counts[key_base] = self.duty_counts.get(key_base, 0) + 1
                keys[duty.clause] = f"{key_base}.d{self.duty_counts[key_base]}"
                self.add_task(keys[duty.clause], duty.label, duty.clause, parent, depth,
                              self.document.source.slice(duty.clause).strip())
            self.assign(keys[duty.clause], [RoleMention(duty.agency, duty.role, duty.agency_span)],
                        duty.sentence)

    def assign(self, key: str, mentions: Iterable[RoleMention], sentence: Span) -> None:
        mentions = list(mentions)
        if self.first_is_lead_from is not None and sentence.start >= self.first_is_lead_from:
            mentions = promote_first(mentions)
        for mention in mentions:
            identity = (key, mention.agency, mention.role)
            if identity in self.seen:
                continue
            self.seen.add(identity)
            self.assignments.append(Assignment(task_key=key, agency=mention.agency, role=mention.role,
                                               evidence=Evidence(self.doc_key, sentence, mention.span)))


def section_description(section: Section, source) -> str:
    """The section's own text: its paragraphs (the heading line included) up to its first
    child, one line each, as in the normalised source."""
    return "\n".join(line for p in section.paragraphs if (line := source.slice(p.span).strip()))


def _first_sentence_span(section: Section) -> Span:
    if not section.paragraphs:
        return section.span
    paragraph = section.paragraphs[0]
    found = nlp.sentences(paragraph.text, paragraph.span.start)
    return found[0][1] if found else paragraph.span


def task_items(text: str, offset: int) -> list[tuple[str, int]]:
    """A paragraph cut after each responsibility bracket that more text follows: lines joined
    into one paragraph (实施A行动。…（X牵头）实施B行动。…（Y牵头）) are separate items."""
    items, start = [], 0
    for group_start, group_end in bracket_groups(text):
        rest = text[group_end + 1:]
        if rest.strip("。；; \t\n") and clause_roles(text[group_start:group_end], 0):
            cut = group_end + 1 + (len(rest) - len(rest.lstrip("。；; \t\n")))
            items.append((text[start:cut], offset + start))
            start = cut
    items.append((text[start:], offset + start))
    return [(item, item_offset) for item, item_offset in items if item.strip()]


def paragraph_heading(text: str, offset: int) -> Optional[tuple[str, Span]]:
    """(label, span) of a run-in heading opening a paragraph: 实施银龄科普行动。大力… — a short
    first sentence, the way unnumbered sub-items are printed (or lost their numbers in conversion)."""
    found = _sentences(text, offset)
    if len(found) < 2:
        return None
    sentence, span = found[0]
    label = sentence.rstrip("。！!")
    if not MIN_HEADING_LENGTH <= len(label) <= MAX_RUN_IN_HEADING or re.search(r"[（(：:；;，,]", label):
        return None
    return label, span


_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条")


def _statements(items: list[tuple[str, int]]) -> list[tuple[str, Span]]:
    """Sentences whose subject is assigned work: X负责… / X会同Y… / …由X负责 / X对…负总责."""
    return [(sentence, span) for text, start in items for sentence, span in _sentences(text, start)
            if in_sentence_roles(_without_brackets(sentence), span.start)]


def _states_duties(section: Section, items: list[tuple[str, int]]) -> bool:
    """Each duty statement of the section is a task of its own, labelled with the duty, when the
    section is an article without a title (第三条 X是…，负责…。Y负责…。) or when it states the
    duties of several bodies in turn (市人民政府负责…。各县（市、区）人民政府负责…。)."""
    # an article title (第二条 职责分工) ends without a full stop; an untitled article is a sentence
    untitled = bool(section.paragraphs) and bool(_ARTICLE.match(section.paragraphs[0].text)) and (
        bool(re.search(r"[。；;]", section.paragraphs[0].text)))
    statements = _statements(items)
    return bool(statements) and (untitled or len(statements) >= 2)


_DUTY_VERB = re.compile(r"(?:具体|主要|统一|全面|分别|牵头)?(?:负责(?!人|同志|的)|做好)")


def statement_label(sentence: str) -> str:
    """The duty a statement assigns: the object of 负责/做好 (X负责全市…工作), the subject of
    …由X负责 (燃气管线的安全监督管理由X负责), else the sentence head (因施工确需挖掘城市道路的，由X会同Y审批)."""
    marker = LEADING_MARKER.match(sentence)
    body = sentence[marker.end():] if marker else sentence
    body = re.sub(r"[（(][^（）()]*[）)]$", "", body.strip().rstrip("。；; ")).rstrip("，,；; ")
    clauses = [body[a:b] for a, b in top_level_cuts(body, "，,；;")]
    for clause in clauses:
        verb = _DUTY_VERB.search(clause)
        if not verb:
            continue
        duty = clause[verb.end():].strip(_TRAILING_PUNCTUATION)
        by = clause.rfind("由", 0, verb.start())
        if len(duty) >= MIN_HEADING_LENGTH:
            if by > 0 and len(clause[:by].strip()) >= MIN_HEADING_LENGTH:
                return duties.duty_label(clause)  # 本办法由X负责解释: the whole clause
            return duties.duty_label(duty)
        if by > 0 and len(clause[:by].strip()) >= MIN_HEADING_LENGTH:
            return duties.duty_label(clause[:by])
    return duties.duty_label(clauses[0]) if clauses else ""


def _add_statements(builder: _Builder, text: str, start: int, key: str, depth: int) -> None:
    for sentence, span in _sentences(text, start):
        found = paragraph_roles(sentence, span.start)
        if not found:
            continue
        builder.duty_counts[key] = builder.duty_counts.get(key, 0) + 1
        child = f"{key}.d{builder.duty_counts[key]}"
        builder.add_task(child, statement_label(sentence) or task_label(sentence), span, key, depth,
                         sentence)
        for mention, evidence in found:
            builder.assign(child, [mention], evidence)


def _walk_sections(builder: _Builder, root: Section, prefix: str) -> None:
    def visit(section: Section, path: list[Section], parent_key: Optional[str]) -> None:
        key = task_key_for(path, prefix) if section.level > 0 else None
        if key is not None:
            builder.add_task(key, task_label(section.heading) or key, _first_sentence_span(section),
                             parent_key, len(path) - 1,
                             section_description(section, builder.document.source))
            # the source slice, not Paragraph.text: offsets must hold even if the segmenter
            # tidied the text (it drops the space in 第二条 市水务局…)
            items = [item for paragraph in section.paragraphs
                     for item in task_items(builder.document.source.slice(paragraph.span),
                                            paragraph.span.start)]
            by_statement = _states_duties(section, items)
            for position, (text, start) in enumerate(items, 1):
                listed = duties.headed_duties(text, start)
                if listed:
                    builder.add_duties(listed, key, key, len(path))
                    continue
                if by_statement:
                    _add_statements(builder, text, start, key, len(path))
                    continue
                found = paragraph_roles(text, start)
                target = key
                heading = paragraph_heading(text, start) if position > 1 else None
                if found and heading:
                    target = f"{key}.p{position}"
                    builder.add_task(target, heading[0], heading[1], key, len(path), text.strip())
                for mention, sentence in found:
                    builder.assign(target, [mention], sentence)
        for child in section.children:
            visit(child, path + [child], key)

    visit(root, [root], None)


def _document_text(document: Document) -> str:
    return document.source.slice(document.span)


def _apply_blankets(builder: _Builder, blankets: list[tuple[int, list[RoleMention]]]) -> None:
    starts = {task.key: task.evidence.sentence.start for task in builder.tasks}
    for position, mentions in blankets:
        holder = _task_at(builder, position)
        level = builder.levels.get(holder) if holder else None
        for task in builder.tasks:
            if starts[task.key] <= position or (level is not None and builder.levels[task.key] != level):
                continue
            builder.assign(task.key, mentions, Span(position, position))
        if holder:
            builder.assign(holder, mentions, Span(position, position))


def _task_at(builder: _Builder, position: int) -> Optional[str]:
    """The key of the last task that starts before ``position`` (the one stating it)."""
    best = None
    for task in builder.tasks:
        if task.evidence.sentence.start <= position and not task.key.count(".r"):
            if best is None or task.evidence.sentence.start >= best.evidence.sentence.start:
                best = task
    return best.key if best else None


# --- tables ------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _column_patterns(kind: str) -> tuple[re.Pattern, ...]:
    with open(agency_lists.PATTERNS / "task_columns.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return tuple(re.compile(row["pattern"]) for row in rows if row["kind"] == kind)


def _header_is(kind: str, header: str) -> bool:
    folded = re.sub(r"\s+", "", header)
    return any(p.search(folded) for p in _column_patterns(kind))


def task_column(header: str) -> bool:
    return _header_is("task", header)


def content_column(header: str) -> bool:
    return _header_is("content", header)


def skip_column(header: str) -> bool:
    return _header_is("skip", header)


@dataclass
class _Columns:
    task: Optional[int]
    content: Optional[int]
    roles: dict  # column index -> role


def table_columns(header: Sequence[str]) -> _Columns:
    roles = {i: role for i, cell in enumerate(header) if (role := column_role(cell))}
    task = next((i for i, cell in enumerate(header) if task_column(cell) and i not in roles), None)
    content = next((i for i, cell in enumerate(header) if content_column(cell) and i not in roles), None)
    if task is None and content is None:
        task = next((i for i, cell in enumerate(header)
                     if i not in roles and not skip_column(cell) and cell.strip()), None)
    return _Columns(task, content, roles)


def _walk_tables(builder: _Builder, tables: list[Table], prefix: str) -> None:
    last_label, last_key = None, None
    last_header: list[str] = []
    for number, table in enumerate(tables, 1):
        header = table.header or _continued_header(table, last_header)
        last_header = header
        columns = table_columns(header)
        if not columns.roles:
            _walk_duty_table(builder, table, f"{prefix}t{number}")
            continue
        for position, row in enumerate(table.rows, 1):
            row = aligned(row, len(header))
            if _repeats_header(row.cells, header):
                continue
            label = _row_label(row.cells, columns)
            key = f"{prefix}t{number}.r{position}"
            if row.continues_previous and _is_header_word(label, header):
                label = ""  # a merged cell continued below a header repeated at a page break
            if not label or label == last_label or (row.continues_previous and last_key and not label):
                key = last_key
            if key is None:
                continue
            if key != last_key:
                cell = columns.task if columns.task is not None else columns.content
                span = row.cell_spans[cell] if cell is not None and cell < len(row.cell_spans) else row.span
                builder.add_task(key, label, span, None, -1, row_description(row.cells, columns))
                last_label, last_key = label, key
            for index, role in columns.roles.items():
                if index < len(row.cells) and row.cells[index].strip():
                    span = row.cell_spans[index]
                    mentions = read_roles(_without_notes(row.cells[index]), span.start, role)
                    builder.assign(key, mentions, span)


def _continued_header(table: Table, previous: list[str]) -> list[str]:
    """A table printed without a header of its own continues the one before it: a division-of-work
    table cut by its section rows (一、提升政务服务效能) or by a page break keeps its columns."""
    widths = [len(row.cells) for row in table.rows if any(cell.strip() for cell in row.cells)]
    if previous and widths and max(widths) <= len(previous) and min(widths) >= 2:
        return list(previous)
    return list(table.header)


def _is_header_word(label: str, header: Sequence[str]) -> bool:
    return bool(label) and label in {task_label(cell) for cell in header if cell.strip()}


def _walk_duty_table(builder: _Builder, table: Table, key: str) -> None:
    """A table of agencies and their duties (成员单位 | 市民政局 | 负责…): duty tasks per row,
    "{table key}.r{i}.d{n}"."""
    for position, row in enumerate(table.rows, 1):
        found = duties.row_duties(row.cells, row.cell_spans, builder.document.source)
        if found:
            builder.add_duties(found, f"{key}.r{position}", None, -1)


def _repeats_header(cells: Sequence[str], header: Sequence[str]) -> bool:
    """A header printed again at a page break, e.g. 序号 任务 主要内容 责任单位."""
    matching = sum(1 for cell in cells if cell.strip() and cell.strip() in [h.strip() for h in header])
    return matching >= max(2, len([c for c in cells if c.strip()]) - 1)


def aligned(row: TableRow, width: int) -> TableRow:
    """A row printed with extra empty cells (a split header, a blank column) fitted to the header."""
    cells, spans = list(row.cells), list(row.cell_spans)
    while len(cells) > width:
        empty = [i for i, cell in enumerate(cells) if not cell.strip()]
        if not empty:
            break
        del cells[empty[-1]], spans[empty[-1]]
    return TableRow(cells, spans, row.span, row.continues_previous)


def _cell(cells: Sequence[str], index: Optional[int]) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def row_description(cells: Sequence[str], columns: _Columns) -> str:
    """A table task's own text: its task cell, then its content cell when there is one."""
    parts = [_cell(cells, columns.task), _cell(cells, columns.content)]
    return "\n".join(dict.fromkeys(part for part in parts if part))


def _row_label(cells: Sequence[str], columns: _Columns) -> str:
    label = _cell(cells, columns.task)
    if not label and columns.task is None:
        label = task_label(_cell(cells, columns.content))
    return task_label(label) if label else ""


def _tables_by_part(document: Document) -> dict[str, list[Table]]:
    """Tables of the body ("") and of each attachment (its prefix), in document order, once each."""
    tables, seen = [], set()
    for table in list(document.tables) + [t for s in document.body.walk() for t in s.tables] + [
            t for a in document.attachments if a.body for s in a.body.walk() for t in s.tables]:
        if (table.span.start, table.span.end) not in seen:
            seen.add((table.span.start, table.span.end))
            tables.append(table)
    tables.sort(key=lambda t: t.span.start)
    parts: dict[str, list[Table]] = {}
    for table in tables:
        prefix = ""
        for position, attachment in enumerate(document.attachments, 1):
            if attachment.span.contains(table.span):
                prefix = attachment_prefix(attachment, position)
        parts.setdefault(prefix, []).append(table)
    return parts


# --- entry point ---------------------------------------------------------------------------


def extract_tasks(document: Document) -> Records:
    """Tasks and assignments of one document (pure)."""
    builder = _Builder(document)
    text = _document_text(document)
    first = first_is_lead_at(text)
    if first is not None:
        builder.first_is_lead_from = document.span.start + first
    _walk_sections(builder, document.body, "")
    for position, attachment in enumerate(document.attachments, 1):
        if attachment.body is not None:
            _walk_sections(builder, attachment.body, attachment_prefix(attachment, position))
    for prefix, tables in _tables_by_part(document).items():
        _walk_tables(builder, tables, prefix)
    _apply_blankets(builder, blanket_mentions(text, document.span.start))
    return Records(document=document, tasks=builder.tasks, assignments=builder.assignments)
