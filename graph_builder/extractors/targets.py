"""Quantitative targets: 到2025年，全市X达到85%以上 → Target(indicator, value, unit, comparator, year).

A quantity (a number or a range, Arabic or Chinese numerals, then a unit from ``patterns/units.jsonl``)
is a target only when the clause states it as a goal (``patterns/comparators.jsonl``,
``patterns/target_signals.json``):
- a goal comparator stands next to it (达到 / 不低于 / 控制在 … before, 以上 / 左右 … after), or
- a goal verb counts it (建设6个 / 培育…3家 / 开展一次), or
- it is one of a list of yearly figures in a goal sentence (2023年21181万吨，2024年…).
It is not a target when it is a condition (年货运量150万吨以上的企业, anything in parentheses), a
past figure (已 / 截至 …), money to be paid (资金 / 补助 …), a date, an article or a document number.

The due year is the year the sentence states (到2025年, 2023年 before the figure, 年内 = the
document's year), else a goal year stated earlier in the same paragraph, else the end of the plan's
period (…（2023—2025年）), else the document's year. The task is the section the clause sits in,
keyed like the tasks extractor keys it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Iterator, Optional

from ..model import Document, Evidence, Records, Section, Span, Target
from ..nlp import PATTERNS_DIR, sentences
from .tasks import attachment_prefix, task_key_for

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
_ARABIC = r"\d+(?:[.,]\d+)*"
_RANGE_SEPARATORS = "至到—–~～-"
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
_YEAR = re.compile(r"(?:(?P<to>到|至|在)\s*)?(?P<year>(?:19|20)\d{2})\s*年(?P<end>底|末|前|底前)?")


def chinese_numeral(text: str) -> Optional[int]:
    """一 → 1, 十五 → 15, 两百 → 200, 三千五百 → 3500; None when ``text`` is not a numeral."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
            continue
        unit = _CN_UNITS[char]
        if unit >= 10000:
            total = (total + section + (digit or 0)) * unit
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


def number_value(text: str) -> Optional[Decimal]:
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    value = chinese_numeral(text)
    return Decimal(value) if value is not None else None


# --- data ----------------------------------------------------------------------------------------


def _jsonl(name: str) -> list[dict]:
    with (PATTERNS_DIR / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@lru_cache(maxsize=1)
def signals() -> dict:
    return json.loads((PATTERNS_DIR / "target_signals.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def comparators() -> dict[str, list[dict]]:
    rows = _jsonl("comparators.jsonl")
    return {pos: sorted((r for r in rows if r["position"] == pos), key=lambda r: -len(r["word"]))
            for pos in ("pre", "post")}


@lru_cache(maxsize=1)
def _quantity_regex() -> re.Pattern:
    def alternatives(words):
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    units = alternatives([r["unit"] for r in _jsonl("units.jsonl")] + signals()["duration_units"])
    # 二十五万个 / 1300万标箱: a multiplier before any unit; 22微克/立方米, 3吨/万元: a rate
    unit = (rf"(?:{alternatives(signals()['unit_multipliers'])})?(?:{units})"
            rf"(?:/(?:{alternatives(signals()['rate_denominators'])}))?")
    number = f"(?:{_ARABIC}|{_CN_NUMERAL})"
    separators = re.escape(_RANGE_SEPARATORS)
    posts = "|".join(re.escape(r["word"]) for r in comparators()["post"])
    return re.compile(
        rf"(?P<value>(?P<low>{number})(?:\s*[{separators}]\s*(?P<high>{number}))?)\s*"
        rf"(?P<unit>{unit})?(?P<post>{posts})?")


@lru_cache(maxsize=1)
def _regex_of(name: str) -> re.Pattern:
    return re.compile("|".join(sorted(signals()[name], key=len, reverse=True)))


# --- reading one clause --------------------------------------------------------------------------


@dataclass
class Quantity:
    start: int  # offsets inside the clause
    end: int
    value_text: str
    value: Decimal
    upper: Optional[Decimal]
    unit: str
    post: Optional[str]
    pre: Optional[str]
    pre_start: int  # where the indicator ends (the comparator's start, or the number's)
    pre_goal: bool = False  # the comparator states a goal by itself (达到), not a norm (不低于)
    pre_adjacent: bool = False  # nothing between the comparator and the number


def _pre_comparator(clause: str, start: int) -> tuple[Optional[dict], int, bool]:
    """The comparator word ending within a few characters before ``start`` (nearest wins)."""
    window = clause[max(0, start - 10):start]
    best, best_end = None, -1
    for row in comparators()["pre"]:
        at = window.rfind(row["word"])
        if at < 0:
            continue
        end = at + len(row["word"])
        gap = window[end:]
        if len(gap) > 6 or re.search(r"[\d%]", gap):
            continue
        if end > best_end or (end == best_end and len(row["word"]) > len(best["word"])):
            best, best_end = row, end
    if best is None:
        return None, start, False
    return best, max(0, start - 10) + best_end - len(best["word"]), best_end == len(window)


def _is_date_or_number(clause: str, m: re.Match) -> bool:
    after = clause[m.end("value"):m.end("value") + 1]
    before = clause[max(0, m.start() - 1):m.start()]
    if before in ("第", "〔", "[", "（", "(") or after in ("年", "月", "日", "号", "条", "款", "〕", "]", "届", "期", "版", "级", "类", "星"):
        return True
    return bool(re.fullmatch(r"(?:19|20)\d{2}", m.group("low")) and not m.group("unit"))


def _inside_parentheses(clause: str, position: int) -> bool:
    depth = 0
    for char in clause[:position]:
        if char in "（(":
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
    return depth > 0


def quantities(clause: str) -> Iterator[Quantity]:
    """Every number-with-unit in ``clause`` with the comparators around it (not yet judged)."""
    for m in _quantity_regex().finditer(clause):
        low, high, unit = m.group("low"), m.group("high"), m.group("unit") or ""
        if _is_date_or_number(clause, m) or _inside_parentheses(clause, m.start()):
            continue
        value = number_value(low)
        if value is None:
            continue
        cn = chinese_numeral(low) is not None and not low.isdigit()
        if cn and not unit:
            continue
        pre, pre_start, adjacent = _pre_comparator(clause, m.start())
        yield Quantity(start=m.start(), end=m.end(), value_text=m.group("value").strip(),
                       value=value, upper=number_value(high) if high else None, unit=unit,
                       post=_post_comparator(m.group("post")), pre=pre["comparator"] if pre else None,
                       pre_start=pre_start, pre_goal=bool(pre and pre["goal"]), pre_adjacent=adjacent)


def _post_comparator(word: Optional[str]) -> Optional[str]:
    rows = {r["word"]: r["comparator"] for r in comparators()["post"]}
    return rows.get(word) if word else None


def _closes_clause(clause: str, q: "Quantity") -> bool:
    return not clause[q.end:].strip().rstrip("。；;！!？?）)")


def _goal_verb_before(clause: str, start: int, adjacent: bool = False, whole: bool = False) -> bool:
    """A goal verb right before ``start`` (12 characters; adjacent: touching; whole: anywhere
    before in the clause, for a figure after its noun: 培育安全应用服务产品供应商3家)."""
    window = clause[:start] if whole else clause[max(0, start - 12):start]
    if adjacent:
        return any(window.endswith(v) for v in signals()["goal_verbs"])
    return bool(_regex_of("goal_verbs").search(window))


def _is_attributive(clause: str, q: Quantity) -> bool:
    """年货运量150万吨以上的企业 / 120万吨/年以上大型矿井 / 实现铁路35吨敞顶箱: the figure
    describes what follows instead of being the goal."""
    rest = clause[q.end:]
    if rest.startswith(("的", "/")):
        return True
    if not rest or not re.match(r"[\u4e00-\u9fff“\"]", rest):
        return False
    if q.post in ("以上", "以下"):
        return not q.pre
    if q.post == "左右":
        return False
    return not (q.pre_adjacent or _goal_verb_before(clause, q.start, adjacent=True))


@lru_cache(maxsize=1)
def _completion_regex() -> re.Pattern:
    """全市68个集中安置区全部建成“五好社区”: every one of a counted set is to reach a state."""
    markers = "|".join(map(re.escape, signals()["completion_markers"]))
    verbs = "|".join(map(re.escape, sorted(signals()["completion_verbs"], key=len, reverse=True)))
    return re.compile(rf"(?P<noun>[^，,；;。]{{1,16}}?)(?P<marker>{markers})(?P<verb>{verbs})(?P<state>.*)$")


def completion(clause: str, q: "Quantity") -> Optional[re.Match]:
    if q.unit not in signals()["count_units"] or q.pre or q.post:
        return None
    return _completion_regex().match(clause, q.end)


def _comparator(clause: str, q: "Quantity") -> str:
    done = completion(clause, q)
    if done:
        return done.group("marker") + done.group("verb")
    return q.post or q.pre or ""


def is_target(clause: str, q: Quantity, goal_context: bool, sentence: str = "",
              follows: bool = False) -> bool:
    """Whether the quantity is stated as a goal (see the module docstring). ``follows``: an earlier
    clause of the same sentence stated a target, so a figure closing this clause is the next one
    (…312个，惠及居民4.1万户 / …12万亩，其中人工造林4.5万亩)."""
    if q.unit in signals()["duration_units"]:
        return False
    before = clause[max(0, q.start - 8):q.start]
    if _regex_of("past_markers").search(before):
        return False
    if _regex_of("frequency_markers").search(clause[:q.start]) and not recurring(clause, q):
        return False
    if _regex_of("norm_markers").search(clause[:q.start]):
        return False
    if goal_context and completion(clause, q):
        return True
    if _is_attributive(clause, q):
        return False
    # money to be paid: in the clause, or anywhere in the sentence for a sum of money
    money_scope = sentence if q.unit in signals()["money_units"] and sentence else clause
    if _regex_of("money_context").search(money_scope):
        return False
    if not q.value_text[0].isdigit() and not _chinese_numeral_stated(clause, q, goal_context):
        return False
    if not q.unit and not (q.post or q.pre in ("降到", "控制在", "提高到", "降低到", "下降到")):
        return False
    if q.pre_goal or q.post == "左右" or (q.post and q.pre):
        return True
    if not goal_context and not follows:
        return False
    if q.pre or q.post:
        return True
    closes = _closes_clause(clause, q)
    return (_goal_verb_before(clause, q.start, whole=closes)
            or _yearly_figure(clause, q) is not None
            or (closes and (follows or (_rate_figure(clause, q)
                                        and _regex_of("goal_context").search(sentence or clause)))))


def _rate_figure(clause: str, q: Quantity) -> bool:
    """…监测网络覆盖率100%: a percentage right after the rate it sets (the comparator implied)."""
    return q.unit in ("%", "‰") and bool(re.search(
        rf"(?:{'|'.join(map(re.escape, signals()['rate_nouns']))})\s*$", clause[:q.start]))


def recurring(clause: str, q: Quantity) -> bool:
    """每年新增省级工业互联网平台5个以上 / 每年认定…50家左右: a count set for every year (a goal
    verb right after the frequency word), not a norm of how often to act (每季度开展一次)."""
    if q.unit not in signals()["count_units"]:
        return False
    verbs = "|".join(map(re.escape, sorted(signals()["goal_verbs"] + ["认定"], key=len, reverse=True)))
    markers = "|".join(map(re.escape, signals()["frequency_markers"]))
    return bool(re.search(rf"(?:{markers})(?:{verbs})", clause[:q.start]))


def _chinese_numeral_stated(clause: str, q: Quantity, goal_context: bool) -> bool:
    """A figure in Chinese numerals is a quantity only where the genre states one: after a goal
    verb or comparator (建成三个 / 下降三成), with a multiplied unit (一千万千瓦 / 二十五万个) or a
    bound (三个以上), or closing a goal clause that a goal verb opens (新建大气超级监测站三个); not in
    phrases such as 一个中心 / 两个基本点."""
    opener = clause[max(0, q.start - 4):q.start]
    if any(opener.endswith(w) for w in signals()["cn_numeral_openers"]):
        return True
    if q.post or q.unit == "成" or any(q.unit.startswith(m) and len(q.unit) > len(m)
                                        for m in signals()["unit_multipliers"]):
        return True
    return goal_context and _closes_clause(clause, q) and _goal_verb_before(clause, q.start, whole=True)


def _yearly_figure(clause: str, q: Quantity) -> Optional[int]:
    """2023年21181万吨: the year that labels a figure directly."""
    m = re.search(r"((?:19|20)\d{2})\s*年\s*(?:为|是)?\s*$", clause[:q.start])
    return int(m.group(1)) if m else None


# 3个市级重点实验室、2个工程技术研究中心: the next item of a counted list ends the noun
_NEXT_LIST_ITEM = re.compile(rf"、(?=\s*(?:{_ARABIC}|{_CN_NUMERAL})\s*(?:[{re.escape(_RANGE_SEPARATORS)}]\s*(?:{_ARABIC}|{_CN_NUMERAL}))?\s*[个家项处所座条户名])")
_INDICATOR_HEAD = re.compile(r"^(?:并|且|同时|其中|力争|争取|确保|全面|基本|要|使|实现|到|至|每个|各|今年|年内|全年|计划)+")
_INDICATOR_TAIL = re.compile(r"(?:力争|争取|确保|基本|累计|要|均|全部|将|年内|今年|分别)+$")


def indicator_of(clause: str, q: Quantity) -> str:
    """What is measured, without the scope word the document's own area makes redundant
    (全市农村卫生厕所普及率 → 农村卫生厕所普及率; the clause keeps it in gkg:sourceText)."""
    return _without_scope(_indicator_as_written(clause, q))


def _without_scope(indicator: str) -> str:
    for prefix in signals()["scope_prefixes"]:
        if indicator.startswith(prefix) and len(indicator) > len(prefix) + 1:
            return indicator[len(prefix):]
    return indicator


def _indicator_as_written(clause: str, q: Quantity) -> str:
    """What is measured: the object a count is of (完成80处[地质灾害隐患点建设]), else the clause
    head before the comparator (全市5G基站累计达到4200个)."""
    done = completion(clause, q)
    if done:
        return f"{done.group('verb')}{done.group('state').strip().rstrip('。；;！!？?')}的{done.group('noun').strip()}"
    tail = _NEXT_LIST_ITEM.split(clause[q.end:].strip().rstrip("。；;！!？?，,"))[0]
    if tail and q.unit not in ("%", "‰", "个百分点", "倍", ""):
        return tail
    head = clause[:q.pre_start if q.pre else q.start]
    head = re.sub(r"^\s*(?:到|至|在)?\s*(?:19|20)\d{2}\s*年(?:底|末|前|底前)?(?:为|是)?", "", head)
    head = _INDICATOR_TAIL.sub("", _INDICATOR_HEAD.sub("", head.strip())).strip()
    verb = None
    for m in _regex_of("goal_verbs").finditer(head):
        verb = m
    if verb and not q.pre and not re.match(r"\s*[和与及或、]", head[verb.end():]):
        # not 新增[和更新公交车…]: a verb joined to another by a conjunction modifies the noun
        return head[verb.end():].strip() or head
    between = _between_comparator_and_figure(clause, q)
    if q.pre and len(between) >= 2 and (_object_taking(clause, q) or _only_verbs(head)):
        # 今年全市计划完成[营造林]12万亩 / 改造提升[农贸市场]20个: the object of the goal verb
        return between
    return head or between


def _only_verbs(text: str) -> bool:
    verbs = "|".join(map(re.escape, sorted(signals()["goal_verbs"], key=len, reverse=True)))
    return bool(re.fullmatch(rf"(?:{verbs})+", text))


def _object_taking(clause: str, q: "Quantity") -> bool:
    """The comparator is a goal verb with its object between it and the figure (完成营造林12万亩)."""
    gap = clause[q.pre_start:q.start]
    return any(gap.startswith(v) for v in signals()["goal_verbs"] + ["完成"])


def _between_comparator_and_figure(clause: str, q: "Quantity") -> str:
    """新增高新技术企业20家: the noun between the comparator and the figure."""
    gap = clause[q.pre_start:q.start] if q.pre else ""
    for row in comparators()["pre"]:
        if gap.startswith(row["word"]):
            return gap[len(row["word"]):].strip()
    return gap.strip()


_MEASURE_SCOPE = re.compile(r"^.*(?:建成区|城区|园区|地区|市|县|区|镇|乡|村|城)")


def elliptical_indicator(indicator: str, previous: str, q: Quantity) -> str:
    """地级以上市建成区道路机械化清扫率达到80%左右，县城达到70%左右: a clause that names only another
    area (no measure of its own) takes the measure of the previous target: 县城道路机械化清扫率."""
    rate = f"(?:{'|'.join(map(re.escape, signals()['rate_nouns']))})$"
    if q.unit not in ("%", "‰") or re.search(rate, indicator) or len(indicator) > 6:
        return indicator
    if not _MEASURE_SCOPE.fullmatch(indicator) or not re.search(rate, previous):
        return indicator
    scope = _MEASURE_SCOPE.match(previous)
    measure = previous[scope.end():] if scope else ""
    return indicator + measure if len(measure) >= 2 else indicator


def inherited_indicator(indicator: str) -> str:
    """The subject of a figure list: 全市铁路货运量比2020年 → 全市铁路货运量."""
    return re.split(r"(?:比|较|与)(?:19|20)\d{2}", indicator)[0]


# --- years ---------------------------------------------------------------------------------------


def stated_year(text: str, deadline_only: bool = False) -> Optional[int]:
    """到2025年 / 2025年底前 / 2023年 (not a baseline: 比2020年, 较2020年 …); with
    ``deadline_only`` only the 到X年 / X年底 forms."""
    best = None
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 2):m.start()]
        after = text[m.end():m.end() + 3]
        if any(before.endswith(b) for b in signals()["baseline_markers"]) or after.startswith(("相比", "基础上", "以来")):
            continue
        if m.group("to") or m.group("end"):
            return int(m.group("year"))
        if not deadline_only:
            best = best or int(m.group("year"))
    return best


_FIVE_YEAR_PLAN = re.compile(r"[“\"]?(?P<n>十[一二三四五六七八九]?|[三四五六七八九])五[”\"]?(?:期间|时期|末)")


def five_year_plan_end(text: str) -> Optional[int]:
    """“十四五”期间 → 2025: the last year of the named five-year plan (the third began in 1966)."""
    m = _FIVE_YEAR_PLAN.search(text)
    n = chinese_numeral(m.group("n")) if m else None
    return 1955 + 5 * n if n and n >= 3 else None


def period_end(title: str) -> Optional[int]:
    m = re.search(r"((?:19|20)\d{2})\s*[—–\-~～至到]+\s*((?:19|20)\d{2})\s*年", title or "")
    return int(m.group(2)) if m else None


def document_year(document: Document) -> Optional[int]:
    if document.date:
        return document.date.year
    m = re.search(r"[〔\[]((?:19|20)\d{2})[〕\]]", document.number or "")
    return int(m.group(1)) if m else None


def _plan_period_end(document: Document) -> Optional[int]:
    ends = [period_end(document.title)] + [period_end(a.title) for a in document.attachments]
    ends = [e for e in ends if e]
    return max(ends) if ends else None


# --- walking the document ------------------------------------------------------------------------


def _sections_with_keys(document: Document) -> Iterator[tuple[Section, Optional[str]]]:
    def visit(section: Section, path: list[Section], prefix: str):
        key = task_key_for(path, prefix) if section.level > 0 else None
        yield section, key
        for child in section.children:
            yield from visit(child, path + [child], prefix)

    yield from visit(document.body, [document.body], "")
    for position, attachment in enumerate(document.attachments, 1):
        if attachment.body is not None:
            yield from visit(attachment.body, [attachment.body], attachment_prefix(attachment, position))


def _clauses(sentence: str) -> Iterator[tuple[str, int]]:
    start = 0
    for m in _CLAUSE_SPLIT.finditer(sentence):
        if not _inside_parentheses(sentence, m.start()):
            yield sentence[start:m.start()], start
            start = m.end()
    yield sentence[start:], start


def source_positions(text: str, source_text: str, offset: int) -> list[int]:
    """For each character of a paragraph's (joined) text, its index in the source: the segmenter
    drops line breaks and spaces when it joins lines, so the two are aligned greedily."""
    if text == source_text:  # nothing was dropped: each character is where it stands
        return list(range(offset, offset + len(text) + 1))
    positions, j = [], 0
    for char in text:
        found = source_text.find(char, j)  # the next occurrence at or after j (or the end)
        j = len(source_text) if found < 0 else found
        positions.append(offset + min(j, max(0, len(source_text) - 1)))
        j += 1
    positions.append(offset + len(source_text))
    return positions


def _source_span(positions: list[int], start: int, end: int) -> Span:
    if end <= start:
        return Span(positions[start], positions[start])
    return Span(positions[start], positions[end - 1] + 1)


def targets_in_paragraph(text: str, offset: int, doc_key: str, fallback_year: Optional[int],
                         doc_year: Optional[int], task_key: Optional[str],
                         plan: bool = False, positions: Optional[list[int]] = None,
                         annual: bool = True) -> list[Target]:
    """Targets in one paragraph; ``positions`` maps text indices to source indices (default:
    ``offset`` + index). ``annual``: the document's year is the due year of a figure without one
    in scope (an annual plan or notice); otherwise such a figure has no year."""
    positions = positions or list(range(offset, offset + len(text) + 1))
    found: list[Target] = []
    paragraph_year = None
    counting = False  # the last clause ended a goal count: 建设1个A，1—2个B；1个C …
    goal = _regex_of("goal_context")
    paragraph_goal = plan or bool(goal.search(text))
    carried_goal = False  # an earlier sentence of the paragraph stated goals: 2024年，…；新建…200公里以上
    for sentence, local in sentences(text):
        plan_end = five_year_plan_end(sentence)  # “十四五”期间: a goal period
        if plan_end is not None and doc_year is not None and plan_end < doc_year:
            continue  # “十三五”末…达到20.5%: a past plan's result, not a goal
        sentence_year = stated_year(sentence, deadline_only=True) or plan_end
        if sentence_year is None and _regex_of("this_year_markers").search(sentence):
            sentence_year = doc_year
        goal_context = (paragraph_goal or carried_goal or sentence_year is not None
                        or stated_year(sentence) is not None)
        first_in_sentence = len(found)
        condition = False  # the previous clause was a condition: 需安置房5套以下的，最少增加1套
        for clause, at in _clauses(sentence):
            previous_accepted_end = None
            accepted_in_clause = False
            after_condition, condition = condition, clause.strip().endswith("的")
            for q in ([] if after_condition else quantities(clause)):
                listed = previous_accepted_end is not None and clause[previous_accepted_end:q.start].endswith("、")
                continued = (counting and goal_context and q.unit in signals()["count_units"]
                             and not clause[:q.start].strip())
                follows = len(found) > first_in_sentence and not accepted_in_clause
                if not (is_target(clause, q, goal_context, sentence, follows=follows)
                        or (listed and q.unit) or continued):
                    continue
                previous_accepted_end = q.end
                if recurring(clause, q):
                    year = stated_year(clause[:q.start])  # 每年新增…5个以上: no due year
                else:
                    year = (_yearly_figure(clause, q) or stated_year(clause[:q.start]) or sentence_year
                            or paragraph_year or fallback_year or (doc_year if annual else None))
                indicator = indicator_of(clause, q)
                if not indicator and len(found) > first_in_sentence:
                    indicator = inherited_indicator(found[first_in_sentence].indicator)
                elif len(found) > first_in_sentence:
                    indicator = elliptical_indicator(indicator, found[-1].indicator, q)
                if not indicator:
                    continue  # 在…的基础上，力争达到100%: a figure without what it measures
                accepted_in_clause = True
                carried_goal = carried_goal or goal_context
                counting = q.unit in signals()["count_units"] and not q.pre and not q.post
                clause_start = local.start + at + len(clause) - len(clause.lstrip())
                clause_end = clause_start + len(clause.strip())
                found.append(Target(
                    indicator=indicator, value=q.value, value_text=q.value_text, unit=q.unit,
                    comparator=_comparator(clause, q),
                    evidence=Evidence(doc_key, _source_span(positions, local.start, local.end),
                                      _source_span(positions, clause_start, clause_end)),
                    year=year, upper=q.upper, task_key=task_key))
            if clause.strip() and not accepted_in_clause:
                counting = False
        paragraph_year = sentence_year or paragraph_year
    return found


def extract_targets(document: Document) -> Records:
    records = Records(document=document)
    doc_year = document_year(document)
    fallback = _plan_period_end(document)
    annual = is_annual(document, doc_year)
    programme = fallback is not None or is_programme(document)
    for section, key in _sections_with_keys(document):
        goal_section = bool(_regex_of("goal_headings").search(section.heading or ""))
        for paragraph in section.paragraphs:
            positions = source_positions(paragraph.text, document.source.slice(paragraph.span),
                                         paragraph.span.start)
            records.targets.extend(targets_in_paragraph(
                paragraph.text, paragraph.span.start, document.key, fallback, doc_year, key,
                plan=programme or goal_section, positions=positions, annual=annual))
    return records


def _titles(document: Document) -> list[str]:
    return [document.title or ""] + [a.title or "" for a in document.attachments]


def is_annual(document: Document, doc_year: Optional[int]) -> bool:
    """An annual plan or notice (关于做好2023年…的通知, 2024年城市更新行动计划, 年度): its own year is
    the due year of what it sets without a year."""
    return doc_year is not None and any(f"{doc_year}年" in t or "年度" in t for t in _titles(document))


def is_programme(document: Document) -> bool:
    """A document that is or issues a plan (…行动方案, …实施方案, …规划): its body states goals."""
    return any(_regex_of("programme_titles").search(t) for t in _titles(document))
