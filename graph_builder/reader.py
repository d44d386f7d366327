"""The reader: an input file -> ``Source`` (decoded original text + normalised text + offsets).

``read(path)`` dispatches on the suffix: .txt/.md (and anything else) are decoded as text with
detection; .html/.htm, .docx and .pdf are extracted to text first (``Source.original`` is then
the extracted text, ``Source.meta`` holds what the format tells besides the text). Bad input
raises ``errors.SkipInput`` naming the file (and the line when there is one).

Decoding (.txt/.md): byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) -> strict UTF-8 -> the best of
GB18030 / Big5 / BOM-less UTF-16 by share of common characters -> charset-normalizer.
``Source.encoding`` is the codec name: utf-8, utf-8-sig, utf-16-le, utf-16-be, gb18030, big5, ….
``Source.original`` is the decoded text exactly ("\\r\\n" and "\\r" kept).

NORMALISED TEXT (``Source.text``) — what segmenter and extractors match on. Rules, in order:

1. Characters, one to one (graph_builder/data/char_fold.tsv, t2s.tsv):
   - full-width ASCII letters, digits, symbols -> half-width: ２０２３ -> 2023, Ａ -> A, ％ -> %,
     ． -> . , ～ -> ~ , ［］ -> [] , － -> -
   - parentheses ( ) （ ） 〈 〉 ﹙ ﹚ -> （ ）        (〈〉 is how PDF conversion prints nested brackets)
   - colon : -> ：   comma , -> ，   semicolon ; -> ；   ! -> ！   ? -> ？   ﹑､ -> 、   ｡ -> 。
     EXCEPT thousands separators (1,000), clock times (8:30) and "://" which stay ASCII.
   - 「」『』 -> “”‘’ ; ﹝﹞ -> 〔〕 ; 、。《》“”‘’〔〕【】—… are kept as they are.
   - [2022] / ［2022］ (a 4-digit year 19xx/20xx in square brackets) -> 〔2022〕, so 文号 read
     忻政办发〔2022〕15号. Other square brackets stay [ ].
   - year ranges: 2023-2025, 2023－2025, 2023～2025, 2023——2025, "2023 — 2025" -> 2023—2025
     (one U+2014, spaces and a doubled dash dropped).
   - traditional -> simplified, char by char with OpenCC's default form (經->经, 區->区, 開->开,
     於->于, 徵->征 via data/t2s_overrides.tsv); characters that stay themselves in some contexts
     or that phrases convert otherwise (乾, 藉, 瞭, 覆, 著 …) are left alone, except inside the
     words of data/t2s_phrases.tsv (批覆->批复, 反覆->反复, 一目瞭然->一目了然), unless the text
     around reads as a more frequent simplified word (抽检覆盖率 keeps 覆盖).
   - ideographic space U+3000, no-break and other spaces -> " "; zero-width characters, soft
     hyphens, BOMs inside the text and control characters (not tab) are dropped.
2. Inside a line:
   - markdown/HTML markup dropped: leading "# "…"###### ", leading bullets "- ", "* ", "+ ",
     "> ", emphasis ** and __x__ (a run of three or more _ is a form blank and stays: _____县),
     HTML tags such as <p> </p> <sup>.
   - ASCII < > around CJK text after CJK (各县<市、区>人民政府) are nested parentheses -> （ ）.
   - spaces at line start and end dropped; tabs always kept (table cells).
   - a run of spaces is DROPPED when it touches CJK punctuation (“，  由” -> “，由”), lies between
     CJK and a digit/Latin letter (2023 年 3 月 -> 2023年3月, 〔2023〕1 号 -> 〔2023〕1号,
     表 1 -> 表1), or between two ideographs of which both stand alone (padding: 裴   峰 -> 裴峰,
     目 录 -> 目录, 指 挥 长 -> 指挥长, 李 强 -> 李强).
   - otherwise ONE space is kept: between two multi-character Chinese tokens it separates fields
     (李书恩 市应急局局长, 忻州市人民政府 关于做好……的通知, 第一条 为……), and between Latin
     words/numbers (XIN ZHOU, 063169 24小时).
3. Lines:
   - line breaks are "\\n" ("\\r\\n", "\\r", form feed, U+2028/2029 each become one "\\n");
     blank lines are kept.
   - running headers and page numbers are dropped with their line break and the blank lines
     after them: a short line (<= 40 chars, no tab, no final 。；：！？) whose digit-masked form
     occurs >= 3 times and contains 公报/政报/第#期/第#页/gazette/— # —
     (graph_builder/patterns/reader_layout.json); its first occurrence is kept when it lies on
     the cover (before the first line with a tab or ，。； and within the first 50 lines). A lone
     page number (12, — 12 —, 第3页, 3/40) is dropped when the lines next to it are not bare
     numbers too (a column of numbers is a table).
   - a line split by a page break is re-joined (the break and the blank lines after it are
     dropped; nothing is inserted, except one space between two Latin letters) when:
     the previous line P does not end a sentence (。；：！？… possibly followed by ”’》」』〕】,
     or ends with ）); neither line has a tab; P is not a markdown heading, a date line or a
     文号 line; the next line N does not start a block (一、 （一） 1. 1、 1.1 （1） 1） ①
     第X条/章/节 附件/附表 【 主送 抄送 此件…, a date line, a 文号 like 忻政发〔2023〕1号);
     N is not a signature (an issuer's name, data: signature_line, with a date line after it:
     附件：重点任务分工 | 忻州市人民政府 | 2023年2月26日); and then:
       * N starts with a label (组长： 成员： 职责：, <= 8 ideographs + ：) -> join only if P has
         an unclosed （ or a frequent word (count >= 1000) runs across the break (视情采|取);
       * P is a short numbered heading (marker, <= 30 chars, no 。；：！？ after the marker; 第X条
         is never a heading) -> join only if P has an unclosed （, ends with a dangling 的/和/及/
         与/或/并/对/在/把/将/从/由/被/向/于/以 (not ending a word like 目的), or has ， and a
         word runs across the break;
       * P has an unclosed （ or a dangling last character -> join;
       * P is a roster line (fields separated by spaces, possibly after a label: 组长：裴峰
         市委常委、常务副市长; 刘建国 王国良 邵文生) and N is a roster line or starts with a label
         -> never join (the next member, the next editorial field);
       * P lies in a roster: a line starting with a role label (组长： 副组长： 成员： 副主任：
         召集人：…, pattern role_label) or any line after it up to the first sentence (，。；：！？),
         table row or numbered block — members given as post + name (王静 市发改委主任), as a post
         only (市委宣传部分管负责同志, 市财政局局长) or cut pieces of one:
           - P ends with a post (…长 …主任 …同志 …负责人 …（主持工作）, pattern post_end, and no
             由/设在/兼任/担任/负责 of a sentence) -> never join (the next member, or the sentence
             after the roster: 各区（市）县政府主要负责同志 | 领导小组办公室设在…);
           - N is a member line (role label, field list, or a post line: <= 40 chars, no
             ，。；：！？, ending with a post) or starts with a label -> join only if a frequent
             word runs across the break (市政府副秘|书长, 市自然资源和规|划局局长);
       * P or N is a field list (ideograph SPACE ideograph, no ，。；: 李书恩 市应急局局长) -> join
         only if a dictionary word runs across the break;
       * P is a full physical line (files of fixed-width lines: the most frequent length of the
         lines of >= 10 chars holds, with +-1, >= 30% of them and <= 10% are longer; a short file
         of roster lines and paragraphs has no width) -> join;
       * P is "label：value" with a value >= 10 chars, or P is prose (has ，、。；：！？, >= 8
         chars) -> join;
       * otherwise join only if a dictionary word (data/lexicon.tsv) runs across the break
         (副主|任, 生命安|全) and N is prose.
   - PDF pages are separated by form feeds (one "\n" each).
   - markdown marks are recognised at line starts after "\n" only (bare "\r" files keep them).

Offsets: ``Source.offsets[i]`` is the index in ``original`` of the char that became
``text[i]``; a "\\n" maps to the last character of its line break; ``offsets[-1] ==
len(original)``. Non-decreasing. ``Source.to_original(span)`` is exact for every span.
"""
from __future__ import annotations

import hashlib
import re
from array import array
from pathlib import Path
from typing import Optional

from .errors import SkipInput
from .formats.chars import DELETED, fold_characters
from .formats.inline import clean_inline, markdown_heading_lines
from .formats.decode import decode_bytes, read_bytes
from .formats.lines import (Line, find_page_furniture, layout_rules, roster_lines, should_join,
                            split_lines, typical_line_length)
from .model import Source

# what a folder given to the build contributes (a file named explicitly is read whatever its suffix)
SUFFIXES = (".txt", ".md", ".html", ".htm", ".xhtml", ".docx", ".pdf")

_CHECKED_BY_DECODER = {"utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be",
                       "gb18030", "big5"}


def read(path) -> Source:
    """Read one input file into a Source; raise SkipInput when it cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        from .formats.html import extract_html

        raw = read_bytes(path)
        original, meta, encoding = extract_html(raw, str(path))
        return build_source(str(path), original, encoding, raw, meta)
    if suffix == ".docx":
        from .formats.docx import extract_docx

        raw = read_bytes(path)
        original, meta = extract_docx(raw, str(path))
        return build_source(str(path), original, "docx", raw, meta)
    if suffix == ".pdf":
        from .formats.pdf import extract_pdf

        raw = read_bytes(path)
        original, meta = extract_pdf(raw, str(path))
        return build_source(str(path), original, "pdf", raw, meta)
    raw = read_bytes(path)
    original, encoding = decode_bytes(raw, str(path))
    return build_source(str(path), original, encoding, raw)


def read_text(original: str, path: str = "<text>", encoding: str = "str") -> Source:
    """A Source for text already in memory (tests, other formats)."""
    return build_source(path, original, encoding, original.encode("utf-8"))


def build_source(path: str, original: str, encoding: str, raw: bytes,
                 meta: Optional[dict] = None) -> Source:
    from .formats.decode import check_is_chinese_text

    if encoding not in _CHECKED_BY_DECODER:
        check_is_chinese_text(original, path)
    text, offsets = normalise(original)
    if not text.strip():
        raise SkipInput("no text left after normalisation", path)
    source = Source(path=path, original=original, text=text, offsets=offsets, encoding=encoding,
                    sha256=hashlib.sha256(raw).hexdigest(), line_starts=line_starts(original))
    if meta:
        source.meta = dict(meta)
    return source


def line_starts(original: str) -> array:
    from .formats.lines import LINE_BREAK

    starts = array("i", [0])
    starts.extend(match.end() for match in LINE_BREAK.finditer(original))
    return starts


def normalise(original: str) -> tuple[str, array]:
    """The normalised text of ``original`` and its offsets (see the rules above)."""
    folded = fold_characters(original)
    marked = clean_inline(folded, original)
    lines = split_lines(marked, markdown_heading_lines(folded))
    rules = layout_rules()
    dropped = find_page_furniture(lines, rules)
    joins = find_joins(lines, dropped, rules)
    return emit(mark_line_layout(marked, lines, dropped, joins))


def find_joins(lines: list[Line], dropped: set[int], rules) -> set[int]:
    """Indexes of lines whose line break (and the blank lines up to the next text) is removed."""
    full_length = typical_line_length(lines)
    content = [i for i, line in enumerate(lines) if line.text and i not in dropped]
    roster = roster_lines(lines, content, rules)
    following = [lines[i] for i in content[2:]] + [None]
    return {prev for prev, nxt, after in zip(content, content[1:], following)
            if should_join(lines[prev], lines[nxt], full_length, rules, after, prev in roster)}


def mark_line_layout(marked: str, lines: list[Line], dropped: set[int], joins: set[int]) -> str:
    """Turn every line break into "\\n" or DELETED, and dropped lines into DELETED."""
    pieces: list[str] = []
    skipping_blanks = False  # after a join or a dropped header, until the next text line
    for index, line in enumerate(lines):
        content = marked[line.start:line.end]
        brk = line.break_end - line.end
        if index in dropped or (skipping_blanks and not line.text):
            pieces.append(DELETED * (line.break_end - line.start))
            skipping_blanks = skipping_blanks or index in dropped
            continue
        skipping_blanks = False
        pieces.append(content)
        if index in joins:
            skipping_blanks = True
            if brk and _latin_on_both_sides(line, lines, index, dropped):
                pieces.append(DELETED * (brk - 1) + " ")
            else:
                pieces.append(DELETED * brk)
        elif brk:
            pieces.append(DELETED * (brk - 1) + "\n")
    return "".join(pieces)


_IDENTITY = array("i")
_KEPT = re.compile("[^" + DELETED + "]+")


def identity_offsets(length: int) -> array:
    """0, 1, 2, … (at least ``length`` of them), kept between calls: slicing it is a memcpy."""
    global _IDENTITY
    if len(_IDENTITY) < length:
        size = max(length, 2 * len(_IDENTITY))
        try:
            import numpy  # pinned (spaCy needs it); 50x faster than array("i", range(n))

            identity = array("i")
            identity.frombytes(numpy.arange(size, dtype=numpy.int32).tobytes())
        except ImportError:
            identity = array("i", range(size))
        _IDENTITY = identity
    return _IDENTITY


def emit(marked: str) -> tuple[str, array]:
    """The text without DELETED characters, and for each kept character its index in ``marked``."""
    identity = identity_offsets(len(marked) + 1)
    offsets = array("i")
    for run in _KEPT.finditer(marked):
        offsets.extend(identity[run.start():run.end()])
    offsets.append(len(marked))
    return marked.replace(DELETED, ""), offsets


def _latin_on_both_sides(line: Line, lines: list[Line], index: int, dropped: set[int]) -> bool:
    following = next((lines[i] for i in range(index + 1, len(lines))
                      if lines[i].text and i not in dropped), None)
    return bool(following and line.text[-1].isascii() and line.text[-1].isalpha()
                and following.text[0].isascii() and following.text[0].isalpha())
