"""The language layer: sentences, organisation / post / person spans, and the spaCy pipeline.

Segmentation choice (measured on the four bundled gazettes, 0.93 MB, 5,128 rule organisation
spans): ``spacy.blank("zh")`` with its default *character* segmenter, not jieba.
- boundaries: 272 of the 5,128 organisation spans (5.3 %) start or end inside a jieba token
  (由市 / 局牵头 / 政府办 glued), so they could not be entities over jieba tokens; over characters
  every span aligns;
- speed: jieba tokenises at 0.6 MB/s; the rule functions (``org_spans``) run at about 3 MB/s and
  are what the extractors call; the full spaCy pipeline (a Doc per character) runs at 0.26 MB/s and
  is for callers that want ``doc.ents``.
pkuseg would need a model download, which the build may not do.

Organisation names are found by rules built from data files (``patterns/org_suffixes.jsonl``,
``patterns/org_boundaries.json``, ``patterns/post_titles.jsonl``, ``data/aliases.csv``): a name ends in
an organisational suffix (局 委 办 厅 中心 公司 …) and starts at an administrative prefix (市 / 县 /
各县（市、区） / a place name / 中共 …) that stands at a word boundary (punctuation, a function word such
as 由 会同 配合, or the end of another name). Place names come from jieba's bundled dictionary
(words tagged ``ns``), a package file, not a download.
"""
from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .model import Span

PACKAGE_DIR = Path(__file__).resolve().parent
PATTERNS_DIR = PACKAGE_DIR / "patterns"
DATA_DIR = PACKAGE_DIR / "data"

_SENTENCE_END = re.compile(r"[^。；;！!？?\n]*(?:[。；;！!？?]+[”’」』）)]*|\n|$)")


def sentences(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """Split at 。；！？ and line ends; spans are shifted by ``offset`` and exclude outer spaces."""
    out = []
    for m in _SENTENCE_END.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((text[s:e], Span(offset + s, offset + e)))
    return out


# --- data files ----------------------------------------------------------------------------------


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@lru_cache(maxsize=1)
def org_suffixes() -> dict[str, dict]:
    """suffix -> {not_before, not_after: characters showing it is part of another word,
    unprefixed_ok: whether a name with this suffix may stand without an administrative prefix}."""
    return {row["suffix"]: row for row in _jsonl(PATTERNS_DIR / "org_suffixes.jsonl")}


@lru_cache(maxsize=1)
def org_kinds() -> list[tuple[str, re.Pattern]]:
    return [(row["kind"], re.compile(row["pattern"])) for row in _jsonl(PATTERNS_DIR / "org_kinds.jsonl")]


@lru_cache(maxsize=1)
def boundaries() -> dict:
    return json.loads((PATTERNS_DIR / "org_boundaries.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def aliases() -> list[tuple[str, str]]:
    """(alias, full) rows of data/aliases.csv, longest alias first."""
    with (DATA_DIR / "aliases.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(row["alias"], row["full"]) for row in csv.DictReader(handle)]
    return sorted(rows, key=lambda row: -len(row[0]))


@lru_cache(maxsize=1)
def post_titles() -> list[str]:
    return sorted((row["title"] for row in _jsonl(PATTERNS_DIR / "post_titles.jsonl")), key=len,
                  reverse=True)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Administrative place names (忻州市, 原平市, 忻州 …) from jieba's bundled dictionary."""
    suffixes = tuple(boundaries()["place_suffixes"])
    names = set()
    dictionary = resources.files("jieba").joinpath("dict.txt")
    with dictionary.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 3 or parts[2] != "ns" or not 2 <= len(parts[0]) <= 8:
                continue
            word = parts[0]
            names.add(word)
            for suffix in suffixes:
                if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                    names.add(word[: -len(suffix)])
                    break
    return frozenset(names)


# --- organisation spans --------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_ADMIN_GROUP = re.compile(r"[（(][市县区乡镇街道旗、]{1,8}[）)]$")


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


@lru_cache(maxsize=1)
def _suffix_regex() -> re.Pattern:
    names = sorted(org_suffixes(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@lru_cache(maxsize=1)
def _prefix_table() -> tuple[frozenset[str], int, tuple[str, ...]]:
    """(place names and generic prefixes, their longest length, place suffixes longest first)."""
    words = place_names() | frozenset(boundaries()["prefixes"])
    suffixes = tuple(sorted(boundaries()["place_suffixes"], key=len, reverse=True))
    return words, max(map(len, words)), suffixes


def prefix_length(text: str, p: int, end: int) -> int:
    """Length of the administrative prefix starting at ``p`` (0 when there is none), within ``end``."""
    words, longest, suffixes = _prefix_table()
    for k in range(min(longest, end - p), 0, -1):
        if text[p:p + k] in words:
            for suffix in suffixes:
                if text.startswith(suffix, p + k) and p + k + len(suffix) <= end:
                    return k + len(suffix)
            return k
    return 0


@lru_cache(maxsize=1)
def _left_stops() -> tuple[str, ...]:
    return tuple(sorted(boundaries()["left_stop_words"], key=len, reverse=True))


def _window_start(text: str, end: int, limit: int) -> int:
    """Leftmost index of the run of name characters ending at ``end`` (CJK, admin groups （市、区）)."""
    i = end
    floor = max(0, end - limit)
    while i > floor:
        char = text[i - 1]
        if is_cjk(char):
            i -= 1
            continue
        if char in "）)":
            group = _ADMIN_GROUP.search(text, max(0, i - 10), i)
            if group:
                i = group.start()
                continue
        break
    return i


def _starts_at_boundary(text: str, p: int, window: int) -> bool:
    if p == window:
        return True
    before = text[max(window, p - 4):p]
    if before.endswith(_left_stops()):
        return True
    return any(before.endswith(s) for s in org_suffixes() if len(s) <= len(before))


@lru_cache(maxsize=1)
def _internal_breaks() -> re.Pattern:
    words = sorted(boundaries()["internal_breaks"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _last_break(text: str, start: int, end: int) -> int:
    """Index just after the last word inside text[start:end] that cannot be inside a name."""
    last = start
    for m in _internal_breaks().finditer(text, start, end):
        last = m.end()
    return last


def _name_start(text: str, window: int, suffix_start: int) -> int | None:
    """The rightmost administrative prefix at a boundary, after the last break inside the window."""
    floor = _last_break(text, window, suffix_start)
    for p in range(suffix_start - 1, floor - 1, -1):
        if _starts_at_boundary(text, p, floor) and prefix_length(text, p, suffix_start):
            return p
    return None


def _strip_left_stops(text: str, start: int, end: int) -> int:
    stops = _left_stops()
    changed = True
    while changed and start < end:
        changed = False
        for stop in stops:
            if text.startswith(stop, start) and end - start - len(stop) >= 2:
                start += len(stop)
                changed = True
                break
    return start


_LIST_OPENERS = "、，,（(：:；;【[“\"　 \n"
_UNPREFIXED_MAX = 12
_NEEDS_COLLECTIVE = ("部门", "单位")


def _in_list_context(text: str, window: int, end: int) -> bool:
    opener = window == 0 or text[window - 1] in _LIST_OPENERS
    closer = end == len(text) or text.startswith(tuple(boundaries()["right_context"]), end)
    return opener and closer


def _candidate(text: str, suffix: str, suffix_start: int, end: int) -> tuple[int, int] | None:
    limit = boundaries()["max_length"]
    window = _window_start(text, suffix_start, limit)
    start = _name_start(text, window, suffix_start)
    if start is None:
        # an unprefixed name (忻州海关, 原平车务段) only with a strong suffix, standing alone in a list
        if not org_suffixes()[suffix]["unprefixed_ok"] or not _in_list_context(text, window, end):
            return None
        start = _strip_left_stops(text, _last_break(text, window, suffix_start), suffix_start)
        if end - start > _UNPREFIXED_MAX or start == suffix_start:
            return None
    surface = text[start:end]
    if surface.endswith(_NEEDS_COLLECTIVE) and not re.match(r"^(?:各|有关|相关|[市县区]直)", surface):
        return None
    if len(surface) < 2:
        return None
    return start, end


def org_spans(text: str) -> list[tuple[str, int, int, str]]:
    """Organisation names in ``text``: (surface, start, end, kind), leftmost-longest, no overlaps."""
    suffixes = org_suffixes()
    found: list[tuple[int, int]] = []
    for m in _suffix_regex().finditer(text):
        end, rule = m.end(), suffixes[m.group()]
        if end < len(text) and text[end] in rule["not_before"]:
            continue
        if m.start() > 0 and text[m.start() - 1] in rule["not_after"]:
            continue
        span = _candidate(text, m.group(), m.start(), end)
        if span:
            found.append(span)
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end))
    return [(text[s:e], s, e, org_kind(text[s:e])) for s, e in chosen]


def org_kind(name: str) -> str:
    """government|department|party|congress|institution|enterprise|group|collective (else 'other')."""
    for kind, pattern in org_kinds():
        if pattern.search(name):
            return kind
    return "other"


# --- posts and people ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _post_regex() -> re.Pattern:
    return re.compile("|".join(map(re.escape, post_titles())))


def post_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _post_regex().finditer(text)]


@lru_cache(maxsize=1)
def _person_regexes() -> list[re.Pattern]:
    return [re.compile(row["pattern"]) for row in _jsonl(PATTERNS_DIR / "person_contexts.jsonl")]


def person_spans(text: str) -> list[tuple[str, int, int]]:
    """Person names in a naming context (任命X为, X同志 …): the group ``name`` of each pattern."""
    found = {}
    for regex in _person_regexes():
        for m in regex.finditer(text):
            found.setdefault(m.start("name"), (m.group("name"), m.start("name"), m.end("name")))
    return [found[k] for k in sorted(found)]


# --- the spaCy pipeline --------------------------------------------------------------------------


def _entity_spans(doc) -> list:
    spans = []
    for _surface, start, end, _kind in org_spans(doc.text):
        spans.append(doc.char_span(start, end, label="ORG"))
    for _surface, start, end in post_spans(doc.text):
        spans.append(doc.char_span(start, end, label="POST"))
    for _surface, start, end in person_spans(doc.text):
        spans.append(doc.char_span(start, end, label="PERSON"))
    return [s for s in spans if s is not None]


@lru_cache(maxsize=1)
def nlp():
    """spaCy ``zh`` pipeline (character tokens) with the rule entity component ``govkg_entities``."""
    import spacy
    from spacy.language import Language
    from spacy.util import filter_spans

    if not Language.has_factory("govkg_entities"):
        @Language.component("govkg_entities")
        def govkg_entities(doc):
            doc.ents = filter_spans(_entity_spans(doc))
            return doc

    pipeline = spacy.blank("zh")
    pipeline.add_pipe("govkg_entities")
    return pipeline
