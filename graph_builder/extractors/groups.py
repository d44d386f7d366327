"""Leading groups, headquarters, committees, joint meetings, task forces and their members.

The genre sets a group up in a sentence or a heading and then lists its members, by role:

    市政府成立忻州市X工作领导组，组成人员如下：          the group (成立/调整/组建 … + a group suffix)
    组  长：裴   峰 市委常委、常务副市长                   roster line: role label, name, stated post
    副组长：刘建国 市政府督查专员 / 赵志伟 市财政局局长    continuation lines (two columns flattened)
    指挥长：市政府分管应急管理工作的副市长                  ex-officio post, no name
    副指挥长：市政府协管副秘书长、市应急局、市工信局主要负责人   a shared post distributed over units
    成员单位：市委宣传部、市发改委…                        member units
    X下设办公室，办公室设在市应急局，办公室主任由…兼任       office host and office roles
    由分管副市长任组长，…主要负责人为成员                  prose roles
    2.3.1 综合组 / 附件：X领导小组成员名单                 a heading names the (sub)group
    （一）大气污染防治专项组。由X牵头，成员单位：A、B      a run-in heading names a subgroup; 牵头单位 X
    张建国 市政府副秘书长市委宣传部分管负责同志王静 …      entries the converter ran together (unglue)
    …分管负责同志领导小组办公室设在X，办公室主任由…        the last member ran into the next paragraph

Roles, group suffixes and their kinds are data (patterns/group_roles.jsonl, group_kinds.jsonl);
names and posts use the helpers of personnel.py. A group's name starts at the place or organisation
(调整后的/关于/现将 are cut off); instructions to the units (各成员单位要明确一名…作为联络员) are no rows. A roster that comes before its group's name
(指挥长：… then 市X指挥部（以下简称市指挥部）下设办公室) waits for the next name.

Conventions for member rows: a leader's post is one position (市应急局主要负责人); a member unit
is the agency, with the post stated for it (成员：市公安局、市财政局分管负责人 -> agency 市公安局,
position 分管负责人).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..model import Document, Evidence, LeadingGroup, Membership, Records, Span
from . import personnel
from .agency_lists import split_agencies
from .personnel import compact, looks_like_name, post_titles, split_post, top_level_split

TERMINAL = "。；;！!？?"
HEADING_MARKER = re.compile(
    r"^(?:#+\s*|第[一二三四五六七八九十百]+[章节条]\s*|[一二三四五六七八九十]+[、.．]\s*|"
    r"[（(][一二三四五六七八九十\d]+[)）]\s*|\d+(?:\.\d+)*[、.．]?\s+|\d+[、.．]\s*|附件\d*[：:]?\s*)")
ALIAS = re.compile(r"[（(]以下简称[“\"]?([^）)”\"]+)[”\"]?[)）]")
LIST_SUFFIX = re.compile(r"(?:制度|工作规则|组成人员名单|成员名单|人员名单|组成人员|成员单位名单|名单|成员单位及职责|设置如下)$")
LABEL_LINE = re.compile(r"^\s*[^，。；：:、,;\s]{1,8}\s*[：:]")  # 职责： 主要职责： a new block
CITED_TITLE = re.compile(r"《[^《》]*》")  # a cited document's title sets up nothing here
COUNT_TAIL = re.compile(r"\d+\s*[人名]$")
GENERIC_TAIL = re.compile(r"[及和与](?:其|相关|有关|其他)?(?:部门|单位|人员|宣传部门)$")
ETC_TAIL = re.compile(r"等(?:有关|相关|其他)?(?:部门|单位|成员单位)?$")


@dataclass(frozen=True)
class RoleLabel:
    role: str
    member: str  # leader | member | unit | office
    canonical: str


@lru_cache(maxsize=1)
def role_labels() -> tuple[RoleLabel, ...]:
    rows = personnel._jsonl("group_roles.jsonl")
    labels = [RoleLabel(r["role"], r["member"], r.get("as", r["role"])) for r in rows]
    return tuple(sorted(labels, key=lambda label: len(label.role), reverse=True))


@lru_cache(maxsize=1)
def group_suffixes() -> tuple[tuple[str, str, bool], ...]:
    rows = personnel._jsonl("group_kinds.jsonl")
    out = [(r["suffix"], r["kind"], bool(r.get("headings_only"))) for r in rows]
    return tuple(sorted(out, key=lambda row: len(row[0]), reverse=True))


@lru_cache(maxsize=1)
def _roster_regex() -> re.Pattern:
    spaced = "|".join(r"\s*".join(map(re.escape, label.role)) for label in role_labels())
    # DOTALL: a roster line group_lines joined with its wrapped continuation is one line
    return re.compile(rf"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?({spaced})\s*[：:]\s*(.*)$", re.DOTALL)


@lru_cache(maxsize=1)
def _prose_suffix_regex() -> str:
    return "|".join(re.escape(s) for s, _k, headings_only in group_suffixes() if not headings_only)


def _label(text: str) -> Optional[RoleLabel]:
    text = compact(text)
    return next((label for label in role_labels() if label.role == text), None)


def group_kind(name: str) -> Optional[str]:
    for suffix, kind, _headings_only in group_suffixes():
        if name.endswith(suffix):
            return kind
    return None


def is_generic_name(name: str) -> bool:
    """领导组 / 市指挥部 / 专班: a back reference, not a name."""
    stripped = name.removeprefix("市").removeprefix("该").removeprefix("本").removeprefix("工作")
    return any(stripped == suffix for suffix, _k, _h in group_suffixes())


# --- lines ------------------------------------------------------------------------------------


def _starts_block(line: str) -> bool:
    return bool(_roster_regex().match(line) or HEADING_MARKER.match(line.strip())
                or LABEL_LINE.match(line) or _name_first(line) or _group_sentence(line))


@lru_cache(maxsize=1)
def _group_sentence_regex() -> re.Pattern:
    return re.compile(rf"^.{{0,12}}?(?:{_prose_suffix_regex()})(?:下设|办公室|负责|统一|要|成员|由|设在)")


def _group_sentence(line: str) -> bool:
    """专班下设办公室… / 领导小组负责…: a sentence about the group, not the rest of a list."""
    return bool(_group_sentence_regex().match(compact(line)))


def group_lines(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """Non-blank lines; a long line that stops mid-list (no end punctuation) is joined with the
    next one unless that one starts a roster line, a heading or a name."""
    raw = [(m.group(), m.start()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    merged: list[list[int]] = []
    for line, start in raw:
        end = start + len(line.rstrip())
        if merged:
            previous = text[merged[-1][0]:merged[-1][1]]
            if (previous.rstrip()[-1] not in TERMINAL + "：:" and len(compact(previous)) >= 25
                    and not _starts_block(line)):
                merged[-1][1] = end
                continue
        merged.append([start, end])
    return [(text[s:e], Span(offset + s, offset + e)) for s, e in merged]


# --- members ----------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Whitespace tokens, single characters merged (裴   峰 -> 裴峰)."""
    out: list[str] = []
    for token in text.split():
        if out and len(token) == 1 and len(out[-1]) < 3 and not out[-1].endswith(post_titles()):
            out[-1] += token
        else:
            out.append(token)
    return out


# where a member's organisation starts: a jurisdiction prefix, or (a place name) an organ suffix
ORG_START = ("市", "县", "区", "省", "州", "盟", "旗", "镇", "乡", "各", "中共", "共青团", "国家", "自治")
ORG_END = re.compile(r"(?:局|委|办|部|厅|院|室|会|司|中心|政府|公司|集团|队|所|站|行|社|馆|署|处|关|台|校)"
                     r"(?:[（(][^（()）]*[)）])?$")


@lru_cache(maxsize=1)
def _title_set() -> tuple[frozenset, int]:
    return frozenset(post_titles()), max(len(t) for t in post_titles())


def _title_end(text: str, i: int) -> bool:
    """A post title ends at ``i`` and no longer title runs on across it (副秘书|长 is no end)."""
    titles, longest = _title_set()
    if not any(text[i - n:i] in titles for n in range(1, min(longest, i) + 1)):
        return False
    for k in range(1, longest):
        for n in range(k + 1, longest + 1):
            if i + k <= len(text) and i + k - n >= 0 and text[i + k - n:i + k] in titles:
                return False
    return True


def _holder_starts(rest: str) -> bool:
    """``rest`` begins a new member: a name before a space or the end, or an organisation with
    its post (市委宣传部分管负责同志, 厦门海事局分管负责同志)."""
    for n in (2, 3, 4):
        if looks_like_name(rest[:n]) and (len(rest) == n or rest[n].isspace()):
            return True
    head = rest.split()[0] if rest.split() else ""
    for j in range(2, min(len(head), 40) + 1):
        if _title_end(head, j):
            organisation, _post = split_post(head[:j])
            bare = re.sub(r"[（(][^（()）]*[)）]", "", organisation or "")  # 各县（市、区）政府
            return bool(organisation) and len(organisation) >= 2 and not re.search(r"[，。；、：:]", bare) \
                and (organisation.startswith(ORG_START) or bool(ORG_END.search(organisation)))
    return False


def unglue(text: str, separator: str = " ") -> str:
    """Member entries the PDF converter ran together, cut apart: 市政府副秘书长市委宣传部分管负责
    同志王静 -> 市政府副秘书长 / 市委宣传部分管负责同志 / 王静. A cut is made only where a post title
    ends (outside brackets) and a new holder (a name, or an organisation with its post) begins."""
    out, depth, last = [], 0, 0
    for i, char in enumerate(text):
        if char in personnel.OPENING:
            depth += 1
        elif char in personnel.CLOSING:
            depth = max(0, depth - 1)
        if depth or i == 0 or i <= last or text[i - 1].isspace() or char.isspace():
            continue
        if _title_end(text, i) and _holder_starts(text[i:]):
            out.append(text[last:i])
            last = i
    out.append(text[last:])
    return separator.join(out)


def _full_post(token: str) -> bool:
    """A post with its organisation (市公安局分管负责同志), not a bare title (副市长)."""
    if not token.endswith(post_titles()):
        return False
    organisation, _post = split_post(token)
    return bool(organisation) and (organisation.startswith(ORG_START) or bool(ORG_END.search(organisation)))


def _name_first(line: str) -> bool:
    tokens = _tokens(line)
    return len(tokens) >= 2 and looks_like_name(tokens[0])


def named_members(text: str) -> list[tuple[str, Optional[str]]]:
    """(person, stated post) of 'NAME POST [NAME POST]' (two columns flattened) or of a name
    list 曹剑文（兼）、王秉直（兼）."""
    cleaned = unglue(re.sub(r"[（(]兼[)）]", "", text).strip())
    tokens = _tokens(cleaned)
    if len(tokens) == 1:
        names = [compact(n) for n in top_level_split(tokens[0], "、，,")]
        if names and all(looks_like_name(n) for n in names):
            return [(n, None) for n in names]
        name, rest = personnel._split_name_post(tokens[0])
        if name and rest and split_post(rest)[0] is not None and rest.endswith(post_titles()):
            return [(name, rest)]
        return []
    if not tokens or not (looks_like_name(tokens[0])
                          or (_full_post(tokens[0]) and any(looks_like_name(t) for t in tokens[1:]))):
        return []
    out: list[list] = []
    for token in tokens:
        if looks_like_name(token) and (not out or out[-1][1]):
            out.append([token, ""])
        elif _full_post(token) and (not out or _full_post(out[-1][1])):
            out.append([None, token])  # a member given by post only (市水务局主要负责同志)
        elif out:
            out[-1][1] += token
    return [pair for name, post in out for pair in _split_run_together(name, post or None)]


def _split_run_together(name: str, post: Optional[str]) -> list[tuple[str, Optional[str]]]:
    """副秘书长闫中卿市人力资源…局长: two roster lines the converter joined without a break."""
    if not post or not name:
        return [(name, post)]
    for m in re.finditer(rf"(?<=[{personnel.CJK}])(?=[{personnel.CJK}]{{2,3}}(?:市|省|县|区|团|中共|国家))", post):
        head, tail = post[:m.start()], post[m.start():]
        if not head.endswith(post_titles()):
            continue
        for n in (3, 2):
            if looks_like_name(tail[:n]) and tail[n:].startswith(("市", "省", "县", "区", "团", "中共", "国家")):
                return [(name, head)] + _split_run_together(tail[:n], tail[n:])
    return [(name, post)]


def _items(sublist: str) -> list[str]:
    items = []
    pieces = [q for p in top_level_split(sublist, "、，,") for q in unglue(compact(p)).split(" ")]
    for piece in pieces:
        piece = COUNT_TAIL.sub("", compact(piece))
        if not piece:
            continue
        if piece.endswith(post_titles()):
            items.append(piece)
            continue
        if GENERIC_TAIL.search(piece):  # 事发地县级人民政府及相关部门 is one collective
            items.append(piece)
            continue
        parts = [surface for surface, _span in split_agencies(piece)]
        items.extend(parts if len(parts) > 1 else [ETC_TAIL.sub("", piece)])
    return [i for i in items if i]


def _post_of(item: str) -> Optional[tuple[str, str]]:
    """(holder, post) when ``item`` ends with a post title; the holder loses an 等-tail."""
    if not item.endswith(post_titles()):
        return None
    organisation, post = split_post(item)
    return ETC_TAIL.sub("", organisation or ""), post


def unit_members(text: str, member_role: bool) -> list[tuple[Optional[str], Optional[str]]]:
    """(position, agency) rows of a list without names; a post after bare units is shared by
    them (市应急局、市工信局主要负责人)."""
    rows: list[tuple[Optional[str], Optional[str]]] = []
    for sublist in top_level_split(text, "；;"):
        pending: list[str] = []
        for item in _items(sublist):
            held = _post_of(item)
            if held is None:
                pending.append(item)
                continue
            holder, post = held
            units = [u for u, _span in split_agencies(holder)] if holder else []
            if member_role and len(units) > 1:  # 忻州经济开发区管委会和五台山风景名胜区管委会主要负责人
                pending, holder = pending + units[:-1], units[-1]
            if pending and holder:
                for unit in pending + [holder]:
                    rows.append((post, unit) if member_role else (unit + post, None))
            else:
                rows.append((item, None))
            pending = []
        for unit in pending:
            rows.append((None, unit) if member_role else (unit, None))
    return rows


# --- the scanner ------------------------------------------------------------------------------


@dataclass
class _State:
    document: Document
    records: Records
    group: Optional[str] = None
    aliases: dict = field(default_factory=dict)
    role: Optional[RoleLabel] = None
    in_office: bool = False
    waiting: list = field(default_factory=list)  # memberships before their group is named
    last_named: Optional[str] = None

    top_group: Optional[str] = None  # the group the document's title sets up

    def evidence(self, span: Span) -> Evidence:
        return Evidence(doc_key=self.document.key, sentence=span)

    def name_group(self, name: str, span: Span, alias: Optional[str] = None) -> str:
        name = clean_group_name(name)
        if alias:
            self.aliases[compact(alias)] = name
        if name in self.aliases:
            name = self.aliases[name]
        if not any(g.name == name for g in self.records.groups):
            self.records.groups.append(LeadingGroup(name=name, evidence=self.evidence(span),
                                                    kind=group_kind(name) or "领导小组"))
        self.group, self.in_office, self.role, self.last_named = name, False, None, name
        for membership in self.waiting:
            membership.group = name
            self.records.memberships.append(membership)
        self.waiting = []
        return name

    def resolve(self, name: str) -> Optional[str]:
        name = compact(name)
        if name in self.aliases:
            return self.aliases[name]
        if is_generic_name(name):
            return self.group
        return None

    def add(self, role: str, span: Span, person=None, position=None, agency=None) -> None:
        if self.in_office and role in ("主任", "副主任", "成员"):
            role = "办公室" + role
        membership = Membership(group=self.group or "", role=role, evidence=self.evidence(span),
                                person=person, position=position, agency=agency)
        if self.group:
            self.records.memberships.append(membership)
        else:
            self.waiting.append(membership)

    def host(self, name: Optional[str], host: str, span: Span) -> None:
        target = name or self.group
        for group in self.records.groups:
            if group.name == target and not group.office_host:
                group.office_host = host


# 可/视情: a possibility; 要/应/明确/一名: an instruction to the units (各成员单位要明确一名处级干部
# 作为联络员), not a membership
MODAL = re.compile(r"可|视情|必要时|需要时|(?<![主重需])要|应(?!急)|须|明确|指定|确定|选派|推荐|"
                   r"[一两二三四五六七八九十\d]+名")
PROSE_CUE = re.compile(r"下设|设在|兼任|担任|负责(?!人|同志)|(?<!党)组成(?!员)|为成员")


def split_roster_tail(text: str) -> tuple[str, str]:
    """A roster line the converter ran into the next sentence: (member list, the prose after)."""
    head, stop, rest = text.partition("。")
    pieces = re.split(r"(?<=[，,；;])", head)
    for i, piece in enumerate(pieces):
        if PROSE_CUE.search(piece) or _group_sentence(piece):
            kept = "".join(pieces[:i])
            cut = _run_in_reference(piece)
            if cut:  # …分管负责人专班下设办公室: the line break between them was lost
                kept, piece = kept + piece[:cut], piece[cut:]
                return kept, piece + "".join(pieces[i + 1:]) + stop + rest
            return kept.rstrip("，,；;"), "".join(pieces[i:]) + stop + rest
    return head, rest


def _run_in_reference(piece: str) -> Optional[int]:
    """Where a group back reference (专班下设…) starts right after a post title, or None."""
    m = re.search(rf"({_prose_suffix_regex()})(?=下设|办公室|设在)", piece)
    if m and piece[:m.start()].rstrip().endswith(post_titles()):
        return m.start()
    return None


def _add_members(state: _State, label: RoleLabel, text: str, span: Span) -> None:
    text = text.split("。")[0].strip()
    if not text:
        return
    people = named_members(text)
    if people:
        for person, position in people:
            state.add(label.canonical, span, person=person, position=position)
        return
    member_role = label.member in ("member", "unit") or (state.in_office and label.role == "成员")
    for position, agency in unit_members(text, member_role):
        state.add(label.canonical, span, position=position, agency=agency)


def _heading_group(line: str) -> Optional[tuple[str, Optional[str]]]:
    stripped = HEADING_MARKER.sub("", line.strip(), count=1).strip()
    alias = ALIAS.search(stripped)
    name = compact(ALIAS.sub("", stripped))
    name = LIST_SUFFIX.sub("", name)
    name = re.sub(rf"^{_ESTABLISH}", "", name)
    if not name or len(name) > 60 or re.search(r"[。，；：,;:、]", name):
        return None
    if group_kind(name) and not is_generic_name(name):
        return name, alias.group(1) if alias else None
    return None


_ESTABLISH = r"(?:成立|组建|设立|调整|建立|成立了|调整充实)"
# what a sentence puts before a group's name: 调整后的, 关于, 现将, 新; the name starts after it
_NAME_RESIDUE = re.compile(r"^(?:后的|以后的|的|了|关于|现将|重新)+")


def clean_group_name(name: str) -> str:
    name = compact(name)
    cleaned = _NAME_RESIDUE.sub("", name)
    return cleaned if group_kind(cleaned) and len(cleaned) > 2 else name


@lru_cache(maxsize=1)
def _prose_regexes() -> dict[str, re.Pattern]:
    """The sentence patterns of ``_prose`` that name groups, built once from the group suffixes."""
    suffix = _prose_suffix_regex()
    name_re = rf"([^，。；：、,;:]{{2,60}}?(?:{suffix}))(?![织长员建])"
    alias = r"(?:[（(]以下简称[“\"]?([^）)”\"]+)[”\"]?[)）])?"
    return {"made": re.compile(rf"{_ESTABLISH}(?:了)?{name_re}{alias}"),
            "office": re.compile(rf"{name_re}{alias}(?:下设办公室|办公室设在)"),
            "formed": re.compile(rf"(?:{suffix})由([^。；，,]+?)(?:等\d*个?(?:部门|单位))?组成")}


def _prose(state: _State, sentence: str, span: Span) -> None:
    text = compact(sentence)
    text = CITED_TITLE.sub(lambda m: "《" + "_" * (len(m.group()) - 2) + "》", text)
    for made in _prose_regexes()["made"].finditer(text):
        if not is_generic_name(made.group(1)):
            state.name_group(made.group(1), span, made.group(2))
    office = _prose_regexes()["office"].search(text)
    if office:
        resolved = state.resolve(office.group(1))
        if resolved is None:
            state.name_group(office.group(1), span, office.group(2))
        elif resolved != state.group:
            state.group = resolved
    if re.search(r"下设办公室|办公室设在", text):
        state.in_office = True
    host = re.search(r"办公室设在([^，。；,;]+)", text)
    if host:
        state.host(None, host.group(1), span)
    for sub in re.finditer(rf"([^，。；、,;]{{2,20}}?组)设在([^，。；,;]+)", text):
        if not sub.group(1).startswith("办公室"):
            name = state.name_group(sub.group(1), span)
            state.host(name, sub.group(2), span)
    for roster in re.finditer(r"(?:^|[。；;，,])([^。；;：:，,]{2,8})[：:]([^。]+)", text):
        label = _label(roster.group(1))
        if label:
            _add_members(state, label, roster.group(2), span)
    for formed in _prose_regexes()["formed"].finditer(text):
        _add_prose_members(state, RoleLabel("成员", "unit", "成员"), formed.group(1), span)
    _prose_roles(state, text, span)


@lru_cache(maxsize=1)
def _prose_role_regexes() -> tuple[re.Pattern, ...]:
    roles = "|".join(re.escape(label.role) for label in role_labels())
    return (
        re.compile(rf"(?:^|[，,；;。])(?P<role>{roles})由(?P<who>[^，。；,;]+?)(?:兼任|担任|组成)"),
        re.compile(rf"(?:^|[，,；;。])由?(?P<who>[^，。；,;]+?)(?:同志)?(?:兼任|担任|任|为)(?P<role>{roles})(?=$|[，,；;。])"),
    )


def _prose_roles(state: _State, text: str, span: Span) -> None:
    for pattern in _prose_role_regexes():
        for m in pattern.finditer(text):
            who = m.group("who").split("由")[-1]
            if MODAL.search(who):  # 指挥长可抽调…为成员: a possibility, not a membership
                continue
            if "办公室" in text[max(0, m.start() - 12):m.end()] and m.group("role") in ("主任", "副主任"):
                role = "办公室" + m.group("role")
            else:
                role = m.group("role")
            label = _label(role) or RoleLabel(role, "leader", role)
            _add_prose_members(state, label, who, span)


def _add_prose_members(state: _State, label: RoleLabel, who: str, span: Span) -> None:
    names = [n for n in re.split(r"[和、]", who.removesuffix("同志")) if n]
    if names and all(looks_like_name(n) for n in names):
        for name in names:
            state.add(label.canonical, span, person=name)
        return
    trailing = re.match(r"(.*?(?:" + "|".join(map(re.escape, post_titles())) + r"))([^、]{2,4})$",
                        who.removesuffix("同志"))
    if trailing and looks_like_name(trailing.group(2)):
        state.add(label.canonical, span, person=trailing.group(2), position=trailing.group(1))
        return
    pieces = [p for p in re.split(r"及(?=[^及]*$)|及", who) if p]
    if len(pieces) > 1 and all(p.endswith(post_titles()) or p in ("相关人员", "有关人员")
                               for p in pieces[:-1]):
        who = "、".join(p for p in pieces if p not in ("相关人员", "有关人员"))
    member_role = label.member in ("member", "unit")
    for position, agency in unit_members(who, member_role):
        if position in ("相关人员", "有关人员"):
            continue
        state.add(label.canonical, span, position=position, agency=agency)


def _scan(state: _State, text: str, offset: int) -> None:
    for line, span in group_lines(text, offset):
        roster = _roster_regex().match(line)
        if roster:
            label = _label(roster.group(1))
            state.role = label
            members, tail = split_roster_tail(roster.group(2))
            _add_members(state, label, members, span)
            if tail:
                state.role = None
                _prose(state, tail, span)
            continue
        heading = _heading_group(line)
        if heading:
            state.name_group(heading[0], span, heading[1])
            continue
        if HEADING_MARKER.match(line.strip()) and not re.search(r"[。；]", line):
            state.group, state.role, state.in_office = state.top_group, None, False
            continue
        if HEADING_MARKER.match(line.strip()) and _run_in_group(state, line, span):
            continue
        if state.role:  # the last member ran into the next paragraph (…负责同志领导小组办公室设在…)
            members, tail = split_roster_tail(line)
            if members.strip() and tail.strip() and _continues_roster(members):
                _add_members(state, state.role, members, span)
                state.role = None
                _prose(state, tail, span)
                continue
        if state.role and _continues_roster(line):
            _add_members(state, state.role, line, span)
            continue
        state.role = None
        for sentence in re.finditer(r"[^。]+。?", line):
            _prose(state, sentence.group(), Span(span.start + sentence.start(), span.start + sentence.end()))


def _run_in_group(state: _State, line: str, span: Span) -> bool:
    """（一）大气污染防治专项组。由市生态环境局牵头，成员单位：市公安局、…: a numbered item whose
    run-in heading is a (sub)group's name; the rest of the item is about that group."""
    stripped = line.strip()
    head, stop, rest = stripped.partition("。")
    if not stop:
        return False
    named = _heading_group(head)
    if not named:
        return False
    state.name_group(named[0], span, named[1])
    offset = span.start + (len(line) - len(line.lstrip())) + len(head) + 1
    for sentence in re.finditer(r"[^。]+。?", rest):
        sub = Span(offset + sentence.start(), offset + sentence.end())
        _lead_unit(state, sentence.group(), sub)
        _prose(state, sentence.group(), sub)
    return True


LEAD = re.compile(r"(?:^|[，,；;。])由?([^，,；;。：:]+?)(?:牵头|为牵头单位)(?=$|[，,；;。])")


JOIN = re.compile(r"(?:^|[，,；;。])([^，,；;。：:]+?)(?:参与|参加|配合)(?=$|[，,；;。])")


def _lead_unit(state: _State, sentence: str, span: Span) -> None:
    """由X牵头 in the text of a (sub)group: X is its 牵头单位; Y、Z参与/配合: member units."""
    text = compact(sentence)
    for pattern, role in ((LEAD, "牵头单位"), (JOIN, "成员")):
        for m in pattern.finditer(text):
            units = [u for u, _span in split_agencies(m.group(1))] or [m.group(1)]
            for unit in units:
                state.add(role, span, agency=unit)


def _continues_roster(line: str) -> bool:
    if named_members(line):
        return True
    text = compact(line).rstrip("。；;")
    if "。" in text or "：" in text or ":" in text:
        return False
    items = _items(text)
    return bool(items) and all(i.endswith(post_titles()) for i in items)


def extract_groups(document: Document) -> Records:
    records = Records(document=document)
    span = document.span
    state = _State(document=document, records=records)
    titled = re.search(rf"{_ESTABLISH}(.+?(?:{_prose_suffix_regex()}))(?:的)?"
                       rf"(?:(?:组成)?(?:人员|成员)(?:名单)?|成员单位)?(?:的)?(?:通知|决定|批复|函)?$",
                       compact(document.title or ""))
    if titled and not is_generic_name(titled.group(1)):
        state.top_group = state.name_group(titled.group(1), document.title_span or span)
    _scan(state, document.source.text[span.start:span.end], span.start)
    if state.waiting and state.last_named:
        for membership in state.waiting:
            membership.group = state.last_named
            records.memberships.append(membership)
    return records
