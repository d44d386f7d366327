"""Line layout: running headers and page numbers, lines split by page breaks.

The input is the marked text (same length as the decoded file, removed characters are
``DELETED``); the decisions are sets of line indexes the emitter drops or joins.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .chars import DATA, DELETED, is_ideograph

PATTERNS = Path(__file__).resolve().parent.parent / "patterns" / "reader_layout.json"

LINE_BREAK = re.compile("\r\n|[\n\r\f\x1c\x1d\x1e\x85\u2028\u2029]")
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class Line:
    start: int  # in the folded/original text
    end: int  # end of the content (the line break excluded)
    break_end: int  # end of the line break ("\r\n" counts as one break)
    text: str = ""  # the line's normalised text
    was_heading: bool = False  # markdown heading mark (#) removed


@dataclass(frozen=True)
class Layout:
    sentence_final: str
    closers: str
    paragraph_final_bracket: str
    item_start: re.Pattern
    date_line: re.Pattern
    doc_number_end: re.Pattern
    doc_number_start: re.Pattern
    label_start: re.Pattern
    article_start: re.Pattern
    heading_max_chars: int
    frequent_word_min_count: int
    dangling_chars: str
    signature_line: re.Pattern
    running_header: re.Pattern
    page_number: re.Pattern
    header_min_repeats: int
    header_max_chars: int
    masthead_lines: int
    mid_word_max_chars: int
    role_label: re.Pattern
    post_end: re.Pattern
    post_line_max_chars: int
    not_in_post: re.Pattern


@lru_cache(maxsize=1)
def layout_rules() -> Layout:
    raw = json.loads(PATTERNS.read_text(encoding="utf-8"))
    return Layout(
        sentence_final=raw["sentence_final"],
        closers=raw["closers"],
        paragraph_final_bracket=raw["paragraph_final_bracket"],
        item_start=re.compile("|".join(f"(?:{p})" for p in raw["item_start"])),
        date_line=re.compile(raw["date_line"]),
        doc_number_end=re.compile(raw["doc_number_end"]),
        doc_number_start=re.compile(raw["doc_number_start"]),
        label_start=re.compile(raw["label_start"]),
        article_start=re.compile(raw["article_start"]),
        heading_max_chars=raw["heading_max_chars"],
        frequent_word_min_count=raw["frequent_word_min_count"],
        dangling_chars=raw["dangling_chars"],
        signature_line=re.compile(raw["signature_line"]),
        running_header=re.compile("|".join(f"(?:{p})" for p in raw["running_header"])),
        page_number=re.compile(raw["page_number"]),
        header_min_repeats=raw["running_header_min_repeats"],
        header_max_chars=raw["running_header_max_chars"],
        masthead_lines=raw["masthead_lines"],
        mid_word_max_chars=raw["mid_word_max_chars"],
        role_label=re.compile(raw["role_label"]),
        post_end=re.compile(raw["post_end"]),
        post_line_max_chars=raw["post_line_max_chars"],
        not_in_post=re.compile(raw["not_in_post"]),
    )


# --- splitting ---------------------------------------------------------------------------


def split_lines(marked: str, heading_starts: set[int]) -> list[Line]:
    """Lines of the marked text (markup and layout spaces already ``DELETED``)."""
    lines, start = [], 0
    for match in LINE_BREAK.finditer(marked):
        lines.append(_line(marked, start, match.start(), match.end(), heading_starts))
        start = match.end()
    lines.append(_line(marked, start, len(marked), len(marked), heading_starts))
    return lines


def _line(marked: str, start: int, end: int, break_end: int, heading_starts: set[int]) -> Line:
    content = marked[start:end]
    text = content.replace(DELETED, "") if DELETED in content else content
    return Line(start, end, break_end, text, start in heading_starts)


# --- running headers and page numbers ---------------------------------------------------------


def header_key(text: str) -> str:
    return _DIGITS.sub("#", text)


def masthead_end(lines: list[Line], content: list[int], rules: Layout) -> int:
    """Rank of the first content line after the cover: a table row or a sentence ends it."""
    for rank, index in enumerate(content[:rules.masthead_lines]):
        text = lines[index].text
        if "\t" in text or any(char in text for char in "，。；"):
            return rank
    return min(len(content), rules.masthead_lines)


def find_page_furniture(lines: list[Line], rules: Layout) -> set[int]:
    """Indexes of lines that are running headers or page numbers (dropped from the text)."""
    content = [i for i, line in enumerate(lines) if line.text]
    cover_end = masthead_end(lines, content, rules)
    keys = {i: header_key(lines[i].text) for i in content if _could_be_furniture(lines[i].text, rules)}
    counts = Counter(keys.values())
    furniture = set()
    seen_in_masthead: set[str] = set()
    for rank, index in enumerate(content):
        key = keys.get(index)
        if key is None:
            continue
        if _is_bare_page_number(lines, content, rank, rules):
            furniture.add(index)
        elif counts[key] >= rules.header_min_repeats and rules.running_header.search(key):
            if rank < cover_end and key not in seen_in_masthead:
                seen_in_masthead.add(key)  # the cover keeps its own title and issue label
                continue
            furniture.add(index)
    return furniture


def _could_be_furniture(text: str, rules: Layout) -> bool:
    return ("\t" not in text and len(text) <= rules.header_max_chars
            and text[-1] not in rules.sentence_final)


def _is_bare_page_number(lines: list[Line], content: list[int], rank: int, rules: Layout) -> bool:
    """A page-number line between text lines; a run of number lines is a table column instead."""
    text = lines[content[rank]].text
    if not rules.page_number.match(text):
        return False
    if not text.isdigit():
        return True  # decorated: — 12 —, 第 3 页, 3/40
    neighbours = [content[r] for r in (rank - 1, rank + 1) if 0 <= r < len(content)]
    return all(not lines[n].text.isdigit() for n in neighbours)


# --- joining lines split by page breaks -------------------------------------------------------


def ends_sentence(text: str, rules: Layout) -> bool:
    stripped = text.rstrip(rules.closers)
    if not stripped:
        return True
    return stripped[-1] in rules.sentence_final or text[-1] in rules.paragraph_final_bracket


def is_heading(line: Line, rules: Layout) -> bool:
    """A short numbered heading without a sentence in it (（一）强化政治引领), or a markdown heading.

    第X条 lines are articles (text follows the marker), never headings.
    """
    if line.was_heading:
        return True
    marker = rules.item_start.match(line.text)
    if not marker or rules.article_start.match(line.text) or len(line.text) > rules.heading_max_chars:
        return False
    rest = line.text[marker.end():]
    return not any(char in rules.sentence_final for char in rest)


def starts_block(text: str, rules: Layout) -> bool:
    return bool(rules.item_start.match(text) or rules.date_line.match(text)
                or rules.doc_number_start.match(text))


def value_after_label(text: str, rules: Layout) -> str:
    label = rules.label_start.match(text)
    return text[label.end():] if label else text


def is_field_list(text: str) -> bool:
    """A line of space-separated fields (李书恩 市应急局局长), not running prose."""
    if any(char in text for char in "，。；"):
        return False
    return any(is_ideograph(a) and b == " " and is_ideograph(c) for a, b, c in zip(text, text[1:], text[2:]))


def is_signature(line: Line, following: Optional[Line], rules: Layout) -> bool:
    """An issuer's name with the signing date on the next text line (忻州市人民政府 / 2023年2月26日)."""
    return bool(following is not None and rules.signature_line.match(line.text)
                and rules.date_line.match(following.text))


def is_roster(text: str, rules: Layout) -> bool:
    """A line of a name list: fields separated by spaces (刘建国 王国良 邵文生), possibly after a
    label (组长：裴峰 市委常委、常务副市长; 编辑：刘江 蒙永茂)."""
    return is_field_list(value_after_label(text, rules)) or is_field_list(text)


def is_prose(text: str) -> bool:
    return any(char in "，、。；：！？" for char in text)


def ends_with_post(text: str, rules: Layout) -> bool:
    """Does the line end with a post (…局长, …负责同志, …副局长（主持工作）) outside a sentence?"""
    return bool(rules.post_end.search(text)) and not rules.not_in_post.search(value_after_label(text, rules))


def is_post_line(text: str, rules: Layout) -> bool:
    """A roster member given as a post, with or without the holder's name and without a sentence
    around it: 市财政局局长 · 市委宣传部分管负责同志 · 王静市发改委主任."""
    return (len(text) <= rules.post_line_max_chars and not any(char in "，。；：！？" for char in text)
            and ends_with_post(text, rules))


def is_member_line(text: str, rules: Layout) -> bool:
    """A line that can be one entry of a roster: a role label line, a field list, a post line."""
    return bool(rules.role_label.match(text)) or is_roster(text, rules) or is_post_line(text, rules)


def roster_lines(lines: list[Line], content: list[int], rules: Layout) -> set[int]:
    """Indexes of the lines of rosters: a line starting with a role label (组长： 成员：) and the
    lines after it up to the first sentence, table row or numbered block: members (post + name,
    post only, field lists, further role labels) and pieces of a member cut by a page break
    (市自然资源和规 | 划局局长)."""
    found: set[int] = set()
    inside = False
    for index in content:
        text = lines[index].text
        inside = bool(rules.role_label.match(text)) or (
            inside and "\t" not in text and len(text) <= rules.post_line_max_chars
            and not any(char in "，。；：！？" for char in text) and not starts_block(text, rules))
        if inside:
            found.add(index)
    return found


def typical_line_length(lines: list[Line]) -> Optional[int]:
    """The full line length of a file whose lines are physical lines of a page, else None.

    The most frequent length (of lines of >= 10 chars) must hold, with its neighbours, 30% of
    them, and hardly any line may be longer (a page line is never longer than the full width): a
    short file of roster lines and paragraphs has a most frequent length too, but no width.
    """
    lengths = Counter(len(line.text) for line in lines if len(line.text) >= 10 and "\t" not in line.text)
    total = sum(lengths.values())
    if total < 20:
        return None
    length, _ = lengths.most_common(1)[0]
    near = lengths[length - 1] + lengths[length] + lengths[length + 1]
    longer = sum(count for size, count in lengths.items() if size > length + 1)
    return length if near >= 0.3 * total and longer <= 0.1 * total else None


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, int]:
    """Words of 2-4 ideographs -> count (graph_builder/data/lexicon.tsv, from jieba's dictionary)."""
    fields = (DATA / "lexicon.tsv").read_text(encoding="utf-8").split()
    return dict(zip(fields[0::2], map(int, fields[1::2])))


def splits_a_word(before: str, after: str, rules: Layout, min_count: int = 1) -> bool:
    """Does a dictionary word run across the break (副主|任, 生命安|全)?"""
    limit = rules.mid_word_max_chars
    words = _lexicon()
    for left in range(1, limit):
        tail = before[-left:]
        if len(tail) < left or not all(is_ideograph(c) for c in tail):
            break
        for right in range(1, limit - left + 1):
            head = after[:right]
            if len(head) < right or not is_ideograph(head[-1]):
                break
            if words.get(tail + head, 0) >= min_count:
                return True
    return False


def should_join(prev: Line, nxt: Line, full_length: Optional[int], rules: Layout,
                following: Optional[Line] = None, in_roster: bool = False) -> bool:
    """Is the break between ``prev`` and ``nxt`` a page break inside a sentence? ``following`` is
    the text line after ``nxt``, when there is one; ``in_roster``: ``prev`` is a line of a roster
    (see ``roster_lines``); a line starting with a role label always is."""
    before, after = prev.text, nxt.text
    if "\t" in before or "\t" in after or ends_sentence(before, rules):
        return False
    if is_signature(nxt, following, rules):
        return False
    if prev.was_heading or nxt.was_heading or starts_block(after, rules):
        return False
    if rules.date_line.match(before) or rules.doc_number_end.search(before):
        return False
    if rules.label_start.match(after):  # 成员： 组长： 职责： start a new field …
        return (before.count("（") > before.count("）")  # … unless inside （牵头单|位：…）
                or splits_a_word(before, after, rules, rules.frequent_word_min_count))
    word_split = is_prose(after) and splits_a_word(before, after, rules)
    open_bracket = before.count("（") > before.count("）")
    dangling = before[-1] in rules.dangling_chars and before[-2:] not in _lexicon()  # 目的 ends a word
    if is_heading(prev, rules):  # only with evidence that the heading is a cut sentence:
        # 1.2019年，……全面启动生活垃|圾分类 · 7.5.3 建立健全……村（社|区） · （2）……政策措施和|指导意见
        return open_bracket or dangling or ("，" in before and word_split)
    if open_bracket or dangling:
        return True
    if is_roster(before, rules) and (rules.label_start.match(after) or is_roster(after, rules)):
        return False  # the next member / the next editorial field: 边琳 | 刘建国 王国良, 蒙永茂 | 校对：
    if in_roster or rules.role_label.match(before):
        if ends_with_post(before, rules):
            return False  # a whole member: 成员：张建国 市政府副秘书长 | 市委宣传部分管负责同志
        if is_member_line(after, rules) or rules.label_start.match(after):
            # the next member, unless the post itself is cut: 市政府副秘|书长, 市自然资源和规|划局局长
            return splits_a_word(before, after, rules, rules.frequent_word_min_count)
    if full_length and len(before) >= full_length - 2:
        return True
    if is_field_list(after) or is_field_list(before):
        return word_split
    value = value_after_label(before, rules)
    if value is not before and len(value) >= 10:
        return True  # 办公室主要职责：承担防汛抗旱指挥部日常|工作，……
    if is_prose(value) and len(before) >= 8:
        return True
    return word_split
