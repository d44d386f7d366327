"""Segmenter tests: golden excerpts, the checked document lists of the bundled gazettes, gold F1."""
from __future__ import annotations

import json
from array import array
import unicodedata
from pathlib import Path

import pytest

from graph_builder.errors import SkipInput
from graph_builder.model import Document, GazetteIssue, Section, Source, Table
from graph_builder.reader import read
from graph_builder.segment import segment
from graph_builder.segmenter.text import normalise_number_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "segment"
GOLDEN = ROOT / "tests" / "golden" / "segment"
GAZETTES = ROOT / "data" / "gazettes"

# --- plain-data views of segmenter output, compared with tests/golden/segment/*.json ---
def outline(section: Section) -> list[list]:
    return [[node.level, node.marker, node.number, node.heading] for node in section.walk() if node.level]


def table_view(table: Table) -> dict:
    return {"title": table.title, "header": table.header,
            "rows": [row.cells for row in table.rows],
            "continues_previous": [k for k, row in enumerate(table.rows) if row.continues_previous]}


def document_view(doc: Document) -> dict:
    return {
        "number": doc.number, "title": doc.title, "issuer": doc.issuer, "co_issuers": doc.co_issuers,
        "date": doc.date.isoformat() if doc.date else None, "recipients": doc.recipients,
        "public_note": doc.public_note, "signature": doc.signature, "category": doc.category,
        "outline": outline(doc.body),
        "tables": [table_view(t) for t in doc.tables],
        "attachments": [{"number": a.number, "title": a.title,
                         "outline": outline(a.body) if a.body else None,
                         "tables": [table_view(t) for node in (a.body.walk() if a.body else []) for t in node.tables]}
                        for a in doc.attachments],
        "citations": [[c.title, c.number] for c in doc.citations],
    }


def issue_view(issue: GazetteIssue) -> dict:
    return {
        "title": issue.title, "city": issue.city, "year": issue.year, "issue": issue.issue,
        "issue_label": issue.issue_label, "total_issue": issue.total_issue,
        "published": issue.published.isoformat() if issue.published else None,
        "editorial": issue.editorial, "is_single_document": issue.is_single_document,
        "contents": [[e.category, e.title, e.number, e.page] for e in issue.contents],
        "warnings": issue.warnings,
        "documents": [document_view(doc) for doc in issue.documents],
    }


EXCERPTS = sorted(path.stem for path in FIXTURES.glob("*.txt"))


def source_as_is(path: Path) -> Source:
    """The excerpt's text unchanged, so golden files test the segmenter alone (the reader has its own)."""
    text = path.read_text("utf-8")
    return Source(path=str(path), original=text, text=text, offsets=array("i", range(len(text) + 1)),
                  encoding="utf-8")


@pytest.mark.parametrize("name", EXCERPTS)
def test_excerpt_matches_golden(name):
    expected = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    assert issue_view(segment(source_as_is(FIXTURES / f"{name}.txt"))) == expected


def test_bundled_gazettes_document_lists():
    """Every 文号 and title of the four bundled gazettes, checked against the files by reading them."""
    expected = json.loads((GOLDEN / "bundled_documents.json").read_text("utf-8"))
    for filename, documents in expected.items():
        issue = segment(read(GAZETTES / filename))
        assert [[doc.number, doc.title] for doc in issue.documents] == documents, filename


@pytest.mark.parametrize("filename", sorted(p.name for p in GAZETTES.glob("*.txt")))
def test_bundled_gazettes_match_their_contents(filename):
    issue = segment(read(GAZETTES / filename))
    assert issue.warnings == []
    assert [entry.number for entry in issue.contents] == [doc.number for doc in issue.documents]
    assert not issue.is_single_document and issue.city == "忻州市"


@pytest.mark.parametrize("filename", sorted(p.name for p in GAZETTES.glob("*.txt")))
def test_spans_are_in_order_and_cover_their_parts(filename):
    issue = segment(read(GAZETTES / filename))
    ends = [doc.span.end for doc in issue.documents]
    starts = [doc.span.start for doc in issue.documents]
    assert all(end <= start for end, start in zip(ends, starts[1:]))
    for doc in issue.documents:
        for part in (doc.number_span, doc.title_span, doc.recipients_span, doc.date_span):
            assert part is None or doc.span.contains(part)
        for section in doc.body.walk():
            if section.level:
                assert doc.span.contains(section.span)
        assert doc.number is None or doc.number in unicodedata.normalize("NFKC", doc.source.slice(doc.number_span)) \
            .replace(" ", "").replace("[", "〔").replace("]", "〕")


def comparable(value):
    """Gold strings keep the file's punctuation; compare after folding widths and spaces."""
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if value is None:
        return None
    return unicodedata.normalize("NFKC", str(value)).replace(" ", "")


def document_f1(name: str) -> float:
    gold = json.loads((FIXTURES / f"gold_documents_{name}.json").read_text("utf-8"))
    issue = segment(read(GAZETTES / f"{name}.txt"))
    predicted = {doc.number: doc for doc in issue.documents}
    correct = 0
    for row in gold:
        doc = predicted.get(normalise_number_text(row["number"]))
        if doc is None:
            continue
        found = [doc.title, doc.issuer, doc.date.isoformat() if doc.date else None, doc.recipients]
        wanted = [row["title"], row["issuer"], row["date"], row["recipients"]]
        correct += comparable(found) == comparable(wanted)
    precision = correct / len(issue.documents) if issue.documents else 0.0
    recall = correct / len(gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.mark.parametrize("name", ["xinzhou-2023-03", "xinzhou-2022-03"])
def test_document_f1_against_gold(name):
    assert document_f1(name) >= 0.95


NUMBER_CASES = [
    ("忻政办发[2022]15 号", "忻政办发〔2022〕15号"),
    ("忻政发〔2023〕1 号", "忻政发〔2023〕1号"),
    ("晋政办发（２０２１）０３９号", "晋政办发〔2021〕39号"),
    ("国办发 〈2020〉 7号", "国办发〔2020〕7号"),
    ("忻政任［2023］4號", "忻政任〔2023〕4号"),
]


@pytest.mark.parametrize("raw, expected", NUMBER_CASES)
def test_document_numbers_are_normalised(raw, expected):
    assert normalise_number_text(raw) == expected


def test_empty_file_is_skipped(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n   \n", encoding="utf-8")
    with pytest.raises(SkipInput):
        segment(read(path))
