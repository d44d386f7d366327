"""The language layer: sentences, organisation / post / person spans, and the spaCy pipeline.

Segmentation choice (measured on the four bundled gazettes, 0.93 MB UTF-8, warm caches):
``spacy.blank("zh")`` with a *character* tokenizer (``CharTokenizer``), not jieba.
- boundaries: with jieba tokens 316 of the 5,291 ORG entities (6.0 %) start or end inside a token
  (由市 / 局牵头 / 政府办 glued), so they could not be entities; over characters every span aligns;
- speed: jieba alone tokenises at 0.88 MB/s. The full pipeline (ruler + rules) over characters runs
  at 1.9 MB/s with ``nlp.pipe`` on lines (``entities``), 1.1 MB/s on whole issues; before, with
  spaCy's own char segmenter and ``Doc.text`` re-joined per component, it ran at 0.74 MB/s (0.26 MB/s
  cold). The tokenizer builds each Doc in one call and keeps the text in ``doc.user_data``.
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
from itertools import groupby
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
def _dictionary_words() -> tuple[list[str], list[str]]:
    """(place words: tag ns, 2-8 characters; verb words: tags "verb_tags", 2-4 characters) of jieba's
    bundled dictionary, in one pass over its 350k lines (both tables need it)."""
    verb_tags = set(boundaries()["verb_tags"])
    places, verbs = [], []
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 3 or not 2 <= len(parts[0]) <= 8:
                continue
            if parts[2] == "ns":
                places.append(parts[0])
            if parts[2] in verb_tags and len(parts[0]) <= 4:
                verbs.append(parts[0])
    return places, verbs


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Administrative place names (忻州市, 原平市, 忻州 …) from jieba's bundled dictionary."""
    suffixes = tuple(boundaries()["place_suffixes"])
    names = set()
    for word in _dictionary_words()[0]:
        names.add(word)
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                names.add(word[: -len(suffix)])
                break
    return frozenset(names)


# --- organisation spans --------------------------------------------------------------------------

_ADMIN_GROUP = re.compile(r"[（(][市县区乡镇街道旗、]{1,8}[）)]$")


def is_cjk(char: str) -> bool:
    return "\u3400" <= char[:1] <= "\u9fff"


@lru_cache(maxsize=1)
def _suffix_regex() -> re.Pattern:
    names = sorted(org_suffixes(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@lru_cache(maxsize=1)
def _prefix_table() -> tuple[frozenset[str], int, tuple[str, ...], frozenset[str]]:
    """(place names and generic prefixes, their longest length, place suffixes longest first,
    the first characters of the names)."""
    words = place_names() | frozenset(boundaries()["prefixes"])
    suffixes = tuple(sorted(boundaries()["place_suffixes"], key=len, reverse=True))
    return words, max(map(len, words)), suffixes, frozenset(word[0] for word in words if word)


def prefix_length(text: str, p: int, end: int) -> int:
    """Length of the administrative prefix starting at ``p`` (0 when there is none), within ``end``."""
    words, longest, suffixes, initials = _prefix_table()
    if text[p:p + 1] not in initials:
        return 0
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
    return before.endswith(_left_stops()) or before.endswith(_suffix_tuple())


@lru_cache(maxsize=1)
def _suffix_tuple() -> tuple[str, ...]:
    return tuple(org_suffixes())


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


@lru_cache(maxsize=1)
def leading_verbs() -> frozenset[str]:
    """Verbs and adverbs (jieba's bundled dictionary, tags in org_boundaries.json "verb_tags") that
    open a clause, never a name: 构建 推动 督促 满足 依托 积极 深刻 …"""
    words = set(_dictionary_words()[1])
    # the dictionary tags some counties as verbs (岢岚县): a word ending in a place suffix is a place
    places = tuple(boundaries()["place_suffixes"])
    return frozenset(w for w in words if not w.endswith(places)) - set(boundaries()["not_leading_verbs"])


def _strip_leading_verbs(text: str, start: int, suffix_start: int) -> int | None:
    """Verbs that open a candidate (构建|政府, 启动|忻州广宇煤电有限公司, 深刻领会|省委): stripped when
    an administrative prefix follows them; the candidate is dropped when what follows has no body
    (fewer than ``min_body`` characters before the suffix: 推动学校, 召开联席会议, 组建集团); else it
    stays whole (安置房分配工作领导组). A candidate opening with a place or prefix is never cut."""
    verbs, at = leading_verbs(), start
    while not prefix_length(text, at, suffix_start):
        word = next((text[at:at + k] for k in (4, 3, 2) if text[at:at + k] in verbs), None)
        if word is None or at + len(word) > suffix_start:
            break
        at += len(word)
    if at == start or prefix_length(text, at, suffix_start):
        return at
    return start if suffix_start - at >= boundaries()["min_body"] else None


@lru_cache(maxsize=1)
def _name_openers() -> tuple[str, ...]:
    return tuple(sorted(boundaries().get("name_openers", ()), key=len, reverse=True))


def _strip_openers(text: str, start: int, suffix_start: int, end: int) -> int | None:
    """Words that open a clause before a name (patterns ``name_openers``: 进 含 除 每 完善 启动 推动 …):
    cut off before an administrative prefix; a one-character one (进中小学学校, 含国有实际控制公司,
    省级每站) otherwise drops the candidate; a longer one is cut only before a group, party organ or
    company name, else the candidate stays whole (新建路办事处)."""
    word = next((w for w in _name_openers() if text.startswith(w, start)), None)
    if word is None:
        return start
    at = start + len(word)
    if prefix_length(text, at, suffix_start):
        return at
    if len(word) == 1:
        return None
    # 新建路办事处 (a street) stays whole; 完善|爱国卫生运动委员会 is cut before a group / party / company
    kind = org_kind(text[at:end])
    return at if suffix_start > at and kind in ("group", "party", "enterprise") else start


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
    start = _strip_leading_verbs(text, start, end - len(suffix))
    if start is None:
        return None
    start = _strip_openers(text, start, end - len(suffix), end)
    if start is None:
        return None
    surface = text[start:end]
    if surface.endswith(_NEEDS_COLLECTIVE) and not re.match(r"^(?:各|有关|相关|[市县区]直)", surface):
        return None
    if len(surface) < 2:
        return None
    return start, end


def _ends_place_name(text: str, suffix_start: int, end: int) -> bool:
    """A one-character suffix that closes a place name (五台 县, 烟台, 邢台) is part of that name."""
    if end - suffix_start != 1:
        return False
    places = place_names()
    return any(text[suffix_start - k:end] in places for k in range(1, min(3, suffix_start) + 1))


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
        if _ends_place_name(text, m.start(), end):
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


@lru_cache(maxsize=4096)
def org_kind(name: str) -> str:
    """government|department|party|congress|institution|enterprise|group|collective (else 'other')."""
    for kind, pattern in org_kinds():
        if pattern.search(name):
            return kind
    return "other"


@lru_cache(maxsize=1)
def _state_enterprise_patterns() -> list[re.Pattern]:
    return [re.compile(row["pattern"]) for row in _jsonl(PATTERNS_DIR / "state_enterprise.jsonl")]


def state_owned(name: str) -> bool:
    """Whether an enterprise's name shows state ownership (patterns/state_enterprise.jsonl); a plain
    X有限公司 is an enterprise of unknown ownership."""
    return any(p.search(name) for p in _state_enterprise_patterns())


def one_body_two_names(first: str, second: str) -> bool:
    """X（Y）: whether the bracket gives the second name of the same body (市工信局（市国资委）,
    市公用事业中心（市供气供热服务中心）, 市应急救援总指挥部（市减灾委员会）). Both must be names of the same
    kind, not collectives; an office (X办公室（市住建局）) names in brackets the department hosting it,
    which is another body."""
    kind = org_kind(first)
    if kind in ("other", "collective") or org_kind(second) != kind:
        return False
    return not first.endswith(("办公室", "办"))


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
#
# tokenizer  ``CharTokenizer``: one token per character, built in one call (every name boundary aligns)
# span_ruler ``govkg_ruler``: phrase patterns from data files -> doc.spans["govkg_ruler"]
#            ORG  every alias and full name of data/aliases.csv, with the ruler prefixes of
#                 patterns/org_boundaries.json (市 / 县 / 区 / 省) and, when specific enough, bare;
#            POST every title of patterns/post_titles.jsonl
# govkg_entities  the rule spans (org_spans over the suffix rules, person contexts) merged with the
#            ruler's, longest match: a rule span that contains the ruler's wins (忻州市住建局 ⊃ 市住建局,
#            市公安局交通警察支队 ⊃ 交通警察支队) unless the known name opens with its own prefix after
#            words that are no place (相关工作纳入|市政府); on any other overlap the ruler wins; among ruler spans
#            the longest wins; a ruler match obeys the suffix guards (县交通运输部门 is no 县交通运输部). doc.ents = ORG, then PERSON and POST around them.

RULER_KEY = "govkg_ruler"


class CharTokenizer:
    """One token per character (whitespace included), so ``doc.char_span`` aligns with any name.

    It builds the Doc in one call (no per-token whitespace bookkeeping) and keeps the text in
    ``doc.user_data["text"]`` because ``Doc.text`` re-joins every token each time it is read."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words = list(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["text"] = text
        return doc

    # nothing to serialise: the tokenizer has no state besides the shared vocab
    def to_bytes(self, **_kwargs) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kwargs) -> "CharTokenizer":
        return self

    def to_disk(self, _path, **_kwargs) -> None:
        return None

    def from_disk(self, _path, **_kwargs) -> "CharTokenizer":
        return self


def doc_text(doc) -> str:
    return doc.user_data.get("text") if "text" in doc.user_data else doc.text


@lru_cache(maxsize=1)
def _suffixes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(org_suffixes(), key=len, reverse=True))


def _suffix_of(name: str) -> str | None:
    for suffix in _suffixes_longest_first():
        if name.endswith(suffix):
            return suffix
    return None


def is_specific_name(name: str) -> bool:
    """Whether a name without prefix is specific enough to be matched bare: it ends in an
    organisational suffix after a body of at least two characters that is not a generic word
    (住建局, 市场监督管理局; not 政府, 人民政府, 管委会, 管理委员会, 人行)."""
    suffix = _suffix_of(name)
    if suffix is None:
        return False
    body = name[: -len(suffix)]
    return len(body) >= 2 and body not in boundaries()["ruler_generic_bodies"]


@lru_cache(maxsize=1)
def known_org_names() -> tuple[str, ...]:
    """Organisation phrases for the ruler: every alias and full name of data/aliases.csv with each
    ruler prefix, and bare when specific enough; sorted, no duplicates."""
    names = {n for row in aliases() for n in row}
    prefixes = boundaries()["ruler_prefixes"]
    phrases = {prefix + name for name in names for prefix in prefixes}
    phrases |= {name for name in names if is_specific_name(name)}
    return tuple(sorted(phrases))


def ruler_patterns() -> list[dict]:
    orgs = [{"label": "ORG", "pattern": name} for name in known_org_names()]
    posts = [{"label": "POST", "pattern": title} for title in post_titles()]
    return orgs + posts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, longest first, then leftmost (like ``spacy.util.filter_spans``)."""
    chosen: list[tuple[int, int]] = []
    for span in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if not any(_overlaps(span, c) for c in chosen):
            chosen.append(span)
    return sorted(chosen)


def _ends_at_word_boundary(text: str, start: int, end: int) -> bool:
    """The suffix rules' guards hold for a ruler match too (县交通运输部门 is no 县交通运输部)."""
    suffix = _suffix_of(text[start:end])
    if suffix is None:
        return True
    rule = org_suffixes()[suffix]
    suffix_start = end - len(suffix)
    if end < len(text) and text[end] in rule["not_before"]:
        return False
    return not (suffix_start > start and text[suffix_start - 1] in rule["not_after"])


def _ruler_start(text: str, start: int, end: int) -> int | None:
    """Where a ruler match starting with a one-character prefix really starts: at the place name
    the prefix ends (代县政府, 岢岚县政府 for 县政府); None inside a zone name (名胜区管委会)."""
    if start == 0 or text[start] not in boundaries()["ruler_prefixes"]:
        return start
    places = place_names()
    for k in range(min(4, start), 0, -1):
        place_start = start - k
        place = text[place_start:start + 1]
        at_boundary = (place_start == 0 or not is_cjk(text[place_start - 1])
                       or text[:place_start].endswith(_left_stops() + _suffix_tuple()))
        # 忻州市 (a gazetteer name of 3+ characters) anywhere; 代县 / 原平+市 only at a boundary
        if (place in places and k >= 2) or ((place in places or place[:-1] in places) and at_boundary):
            return place_start
    if text[:start + 1].endswith(tuple(boundaries()["zone_words"])):
        return None
    return start


def _starts_a_name_inside(text: str, rule: tuple[int, int], ruler: tuple[int, int]) -> bool:
    """A known name opening with its own administrative prefix inside a rule span, after words
    that are neither a place nor a generic prefix (相关工作纳入|市政府): the name starts there."""
    if ruler[0] <= rule[0] or text[ruler[0]] not in boundaries()["ruler_prefixes"]:
        return False
    before = text[rule[0]:ruler[0]]
    if before.endswith(tuple(boundaries()["prefixes"])):
        return False
    # a short place name standing alone (、岢岚|县人民政府): the rule span is the name
    return not (len(before) <= 3 and (rule[0] == 0 or not is_cjk(text[rule[0] - 1])))


def merge_org_spans(text: str, rule: list[tuple[int, int]], ruler: list[tuple[int, int]]
                    ) -> list[tuple[int, int]]:
    """Organisation spans from the rules and the ruler (see the pipeline notes above)."""
    ruler = [(_ruler_start(text, *r), r[1]) for r in ruler if _ends_at_word_boundary(text, *r)]
    ruler = _longest_first([r for r in ruler if r[0] is not None])
    kept_rule = []
    for span in rule:
        hits = [r for r in ruler if _overlaps(span, r)]
        if all(span[0] <= r[0] and r[1] <= span[1] and not _starts_a_name_inside(text, span, r)
               for r in hits):
            kept_rule.append(span)
    kept_ruler = [r for r in ruler if not any(_overlaps(r, k) for k in kept_rule)]
    return sorted(kept_rule + kept_ruler)


def _entity_spans(doc) -> list:
    text = doc_text(doc)
    ruler = doc.spans[RULER_KEY] if RULER_KEY in doc.spans else []
    ruler_orgs = [(s.start_char, s.end_char) for s in ruler if s.label_ == "ORG"]
    rule_orgs = [(start, end) for _surface, start, end, _kind in org_spans(text)]
    orgs = [doc.char_span(s, e, label="ORG") for s, e in merge_org_spans(text, rule_orgs, ruler_orgs)]
    others = [doc.char_span(s, e, label="PERSON") for _surface, s, e in person_spans(text)]
    others += [s for s in ruler if s.label_ == "POST"]
    return [s for s in orgs if s is not None], [s for s in others if s is not None]


def _set_entities(doc):
    from spacy.util import filter_spans

    orgs, others = _entity_spans(doc)
    taken = [(s.start, s.end) for s in orgs]
    free = [s for s in others if not any(_overlaps((s.start, s.end), t) for t in taken)]
    doc.ents = sorted(orgs + filter_spans(free), key=lambda s: s.start)
    return doc


@lru_cache(maxsize=1)
def nlp():
    """spaCy ``zh`` pipeline: character tokens, the data-fed ``govkg_ruler`` (span_ruler) and the
    rule component ``govkg_entities`` that sets ``doc.ents`` (ORG, POST, PERSON)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("govkg_entities"):
        Language.component("govkg_entities", func=_set_entities)

    pipeline = spacy.blank("zh")
    pipeline.tokenizer = CharTokenizer(pipeline.vocab)
    ruler = pipeline.add_pipe("span_ruler", name=RULER_KEY,
                              config={"spans_key": RULER_KEY, "phrase_matcher_attr": "ORTH",
                                      "overwrite": True})
    ruler.add_patterns(ruler_patterns())
    pipeline.add_pipe("govkg_entities")
    return pipeline


_PIECE_CHARS = 20_000  # spaCy refuses texts over nlp.max_length; a line of megabytes is read in pieces
_PIECE_BREAKS = "。；！？\n，、 "


def _pieces(text: str):
    """(offset, piece) covering ``text``, each at most _PIECE_CHARS, cut after punctuation when possible."""
    start = 0
    while len(text) - start > _PIECE_CHARS:
        window = text[start:start + _PIECE_CHARS]
        cut = max(window.rfind(mark) for mark in _PIECE_BREAKS) + 1 or len(window)
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


def entities(texts, batch_size: int = 256):
    """(ents of each text) for an iterable of texts (lines, paragraphs): ``nlp().pipe`` over pieces.
    An empty text (a blank line, half the lines of a gazette) has none and skips the pipeline."""
    texts = list(texts)
    pieces = ((piece, (index, offset)) for index, text in enumerate(texts) if text
              for offset, piece in _pieces(text))
    docs = nlp().pipe(pieces, batch_size=batch_size, as_tuples=True)
    done = 0
    for index, group in groupby(docs, key=lambda pair: pair[1][0]):
        yield from ([] for _blank in range(done, index))
        yield [(e.text, offset + e.start_char, offset + e.end_char, e.label_)
               for doc, (_, offset) in group for e in doc.ents]
        done = index + 1
    yield from ([] for _blank in range(done, len(texts)))
