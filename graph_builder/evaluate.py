"""Measure the extractors against a hand-checked gold file (format: gold README, rows per category).

``run(gold_path, text_paths, details=False) -> str`` builds the texts and prints a P/R/F1 table;
``score(gold, predicted) -> dict`` compares plain row dicts; ``predicted_rows(issue, records_list)``
maps our model to the gold row shape.

Matching rules (both sides normalised the same way, for comparison only — see ``normalise``):
  - normalisation: NFKC (full/half width folded), traditional -> simplified, 文号 brackets [] ［］
    folded to 〔〕, 〈〉 folded to (), all whitespace removed;
  - "lenient" strings: equal, or one contains the other, or a character-sequence similarity
    (difflib ratio) of at least ``LENIENT_RATIO``;
  - documents: on the number (both without a number: lenient title); title, issuer, date,
    recipients and attachments agreement of the matched pairs are reported as separate figures;
  - responsibilities: (doc, agency, role) equal, task lenient;
  - appointments: (doc, person, action, position) equal, organisation lenient (date reported);
  - group_roles: (doc, role) equal, group lenient, and the member: the person when either row
    names one, else the agency (lenient) when either names one, else the position (lenient);
    the role "设在" (a working group hosted by a unit) counts as "办公室设在";
  - targets: (doc, value, unit, year) equal — values compared as numbers, Chinese numerals
    included — and indicator lenient.
Pairs are matched one-to-one (maximum bipartite matching), so a duplicate prediction is a false
positive.
"""
from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

CATEGORIES = ("documents", "responsibilities", "appointments", "group_roles", "targets")
LENIENT_RATIO = 0.75

_FIELD_AGREEMENT = {
    "documents": ("title", "issuer", "date", "recipients", "attachments"),
    "appointments": ("date",),
}
_ROLE_SYNONYMS = {"设在": "办公室设在"}
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "〈": "(", "〉": ")"})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def normalise(value) -> str:
    """Comparison form of a gold or predicted string (never used for output)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _t2s().convert(text)
    return _SPACE.sub("", text.translate(_BRACKETS))


def lenient_equal(a, b) -> bool:
    x, y = normalise(a), normalise(b)
    if x == y:
        return True
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    return SequenceMatcher(None, x, y).ratio() >= LENIENT_RATIO


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def _chinese_numeral(text: str) -> Optional[int]:
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            unit = _CN_UNITS[char]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


def numeric_value(value) -> str:
    """A value as a canonical number string when it reads as one, else its normalised text."""
    text = normalise(value).replace(",", "")
    try:
        return f"{Decimal(text).normalize():f}"
    except InvalidOperation:
        pass
    number = _chinese_numeral(text) if text else None
    return str(number) if number is not None else text


def _role(value) -> str:
    text = normalise(value)
    return _ROLE_SYNONYMS.get(text, text)


def _doc(row: dict) -> str:
    return normalise(row.get("doc"))


def _member_matches(g: dict, p: dict) -> bool:
    if g.get("person") or p.get("person"):
        return normalise(g.get("person")) == normalise(p.get("person"))
    if g.get("agency") or p.get("agency"):
        return lenient_equal(g.get("agency"), p.get("agency"))
    return lenient_equal(g.get("position"), p.get("position"))


def _document_block(row: dict) -> tuple:
    return (normalise(row.get("number")),)


def _document_pair(g: dict, p: dict) -> bool:
    if g.get("number") or p.get("number"):
        return True  # the block key already made the numbers equal
    return lenient_equal(g.get("title"), p.get("title"))


# category -> (block key: rows that can match share it, pair test inside a block)
_RULES: dict[str, tuple[Callable[[dict], tuple], Callable[[dict, dict], bool]]] = {
    "documents": (_document_block, _document_pair),
    "responsibilities": (
        lambda r: (_doc(r), normalise(r.get("agency")), normalise(r.get("role"))),
        lambda g, p: lenient_equal(g.get("task"), p.get("task")),
    ),
    "appointments": (
        lambda r: (_doc(r), normalise(r.get("person")), normalise(r.get("action")),
                   normalise(r.get("position"))),
        lambda g, p: lenient_equal(g.get("organization"), p.get("organization")),
    ),
    "group_roles": (
        lambda r: (_doc(r), _role(r.get("role"))),
        lambda g, p: lenient_equal(g.get("group"), p.get("group")) and _member_matches(g, p),
    ),
    "targets": (
        lambda r: (_doc(r), numeric_value(r.get("value")), normalise(r.get("unit")),
                   normalise(r.get("year"))),
        lambda g, p: lenient_equal(g.get("indicator"), p.get("indicator")),
    ),
}


def match_rows(gold_rows: list[dict], predicted_rows: list[dict], block: Callable[[dict], tuple],
               pair: Callable[[dict, dict], bool]) -> list[tuple[int, int]]:
    """One-to-one matching (maximum bipartite matching inside each block) -> (gold i, pred j)."""
    import networkx as nx

    by_block: dict[tuple, list[int]] = {}
    for j, row in enumerate(predicted_rows):
        by_block.setdefault(block(row), []).append(j)
    graph = nx.Graph()
    gold_nodes = []
    for i, row in enumerate(gold_rows):
        node = ("g", i)
        gold_nodes.append(node)
        graph.add_node(node)
        for j in by_block.get(block(row), ()):
            if pair(row, predicted_rows[j]):
                graph.add_edge(node, ("p", j))
    pairs = []
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        sub = graph.subgraph(component)
        top = [n for n in component if n[0] == "g"]
        matching = nx.bipartite.hopcroft_karp_matching(sub, top_nodes=top)
        pairs.extend((n[1], matching[n][1]) for n in top if n in matching)
    return sorted(pairs)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _field_equal(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return sorted(normalise(x) for x in a or []) == sorted(normalise(x) for x in b or [])
    return normalise(a) == normalise(b)


def score_category(name: str, gold_rows: list[dict], predicted: list[dict]) -> dict:
    block, pair = _RULES[name]
    pairs = match_rows(gold_rows, predicted, block, pair)
    tp = len(pairs)
    precision = _ratio(tp, len(predicted))
    recall = _ratio(tp, len(gold_rows))
    f1 = _ratio(2 * precision * recall, precision + recall) if tp else 0.0
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    agreement = {}
    for field in _FIELD_AGREEMENT.get(name, ()):
        agree = sum(_field_equal(gold_rows[i].get(field), predicted[j].get(field)) for i, j in pairs)
        agreement[field] = (agree, tp)
    return {
        "gold": len(gold_rows), "predicted": len(predicted), "tp": tp,
        "precision": precision, "recall": recall, "f1": f1,
        "agreement": agreement,
        "false_positives": [predicted[j] for j in range(len(predicted)) if j not in matched_pred],
        "false_negatives": [gold_rows[i] for i in range(len(gold_rows)) if i not in matched_gold],
    }


def score(gold: dict, predicted: dict, categories: Iterable[str] = CATEGORIES) -> dict:
    """Per category: counts, precision, recall, F1, field agreement, unmatched rows."""
    return {name: score_category(name, list(gold.get(name) or []), list(predicted.get(name) or []))
            for name in categories}


# --- our records -> gold row shape -------------------------------------------------------------


def _iso(value) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _doc_id(document) -> str:
    return document.number or document.key


def _document_row(document) -> dict:
    return {"number": document.number, "title": document.title, "issuer": document.issuer,
            "date": _iso(document.date), "recipients": list(document.recipients),
            "attachments": [a.title for a in document.attachments]}


def _responsibility_rows(records) -> list[dict]:
    doc = _doc_id(records.document)
    labels = {task.key: task.label for task in records.tasks}
    return [{"doc": doc, "task": labels.get(a.task_key, a.task_key), "agency": a.agency,
             "role": a.role} for a in records.assignments]


def _appointment_rows(records) -> list[dict]:
    doc = _doc_id(records.document)
    return [{"doc": doc, "person": c.person, "action": c.kind, "position": c.post,
             "organization": c.organisation, "date": _iso(c.decision_date)}
            for c in records.personnel]


def _group_role_rows(records) -> list[dict]:
    doc = _doc_id(records.document)
    rows = [{"doc": doc, "group": m.group, "person": m.person, "role": m.role,
             "position": m.position, "agency": m.agency} for m in records.memberships]
    rows += [{"doc": doc, "group": g.name, "person": None, "role": "办公室设在", "position": None,
              "agency": g.office_host} for g in records.groups if g.office_host]
    return rows


def _target_rows(records) -> list[dict]:
    doc = _doc_id(records.document)
    source = records.document.source
    return [{"doc": doc, "text": source.slice(t.evidence.sentence), "indicator": t.indicator,
             "value": t.value_text, "unit": t.unit, "comparator": t.comparator,
             "year": str(t.year) if t.year else None} for t in records.targets]


def predicted_rows(issue, records_list) -> dict:
    rows = {name: [] for name in CATEGORIES}
    rows["documents"] = [_document_row(d) for d in issue.documents]
    for records in records_list:
        rows["responsibilities"] += _responsibility_rows(records)
        rows["appointments"] += _appointment_rows(records)
        rows["group_roles"] += _group_role_rows(records)
        rows["targets"] += _target_rows(records)
    return rows


# --- running and reporting ---------------------------------------------------------------------


def build_rows(text_paths) -> dict:
    from .extractors import extract
    from .reader import read
    from .segment import segment

    rows = {name: [] for name in CATEGORIES}
    for path in [text_paths] if isinstance(text_paths, (str, Path)) else text_paths:
        issue = segment(read(path))
        found = predicted_rows(issue, [extract(d) for d in issue.documents])
        for name in CATEGORIES:
            rows[name] += found[name]
    return rows


def _row_text(row: dict) -> str:
    return json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False)


def format_table(scores: dict, details: bool = False) -> str:
    lines = [f"{'category':<18}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for name, s in scores.items():
        lines.append(f"{name:<18}{s['gold']:>6}{s['predicted']:>6}{s['tp']:>6}"
                     f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    for name, s in scores.items():
        if s["agreement"]:
            parts = [f"{field} {agree}/{total}" for field, (agree, total) in s["agreement"].items()]
            lines.append(f"{name} agreement (matched pairs): " + ", ".join(parts))
    if details:
        for name, s in scores.items():
            for label, key in (("FP", "false_positives"), ("FN", "false_negatives")):
                lines += [f"{name} {label} {_row_text(row)}" for row in s[key]]
    return "\n".join(lines) + "\n"


def run(gold_path, text_paths, details: bool = False) -> str:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return format_table(score(gold, build_rows(text_paths)), details=details)
