"""Tasks and assignments on real excerpts (tests/fixtures/tasks/) against golden records
(tests/golden/tasks/). Some fixtures are genre forms that the bundled gazettes do not print:
separate 牵头单位/配合单位 columns, a 第X条 regulation in traditional script with 由X负责, duty
lists as numbered sections in traditional script (duty_sections_traditional)."""
import json
from pathlib import Path

import pytest

from graph_builder.extractors.tasks import (extract_tasks, paragraph_heading, paragraph_roles,
                                            task_key_for, task_label)
from graph_builder.model import Section, Span
from graph_builder.reader import read
from graph_builder.segment import segment

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "tasks"
GOLDEN = ROOT / "tests" / "golden" / "tasks"

PARAGRAPHS = [json.loads(line) for line in
              (FIXTURES / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines() if line]
EXPECTED_ROLES = json.loads((GOLDEN / "paragraphs.json").read_text(encoding="utf-8"))
DOCUMENTS = ["plan_brackets", "task_table", "lead_columns_table", "regulation_traditional",
             "duty_text", "duty_table", "duty_sections_traditional", "sectioned_division_table",
             "regulation_articles"]


@pytest.mark.parametrize("row", PARAGRAPHS, ids=[r["id"] for r in PARAGRAPHS])
def test_paragraph_roles_match_golden(row):
    found = [[m.agency, m.role] for m, _ in paragraph_roles(row["text"], 0)]
    assert found == EXPECTED_ROLES[row["id"]]


@pytest.mark.parametrize("row", PARAGRAPHS, ids=[r["id"] for r in PARAGRAPHS])
def test_mention_spans_slice_out_the_agency(row):
    for mention, sentence in paragraph_roles(row["text"], 100):
        assert row["text"][mention.span.start - 100:mention.span.end - 100] == mention.agency
        assert sentence.contains(mention.span)


def records_as_json(records):
    return {
        "tasks": [[t.key, t.label, t.parent_key] for t in records.tasks],
        "assignments": [[a.task_key, a.agency, a.role] for a in records.assignments],
    }


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_tasks_match_golden(name):
    issue = segment(read(FIXTURES / f"{name}.txt"))
    found = [records_as_json(extract_tasks(d)) for d in issue.documents]
    assert found == json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_evidence_lies_inside_the_document(name):
    issue = segment(read(FIXTURES / f"{name}.txt"))
    for document in issue.documents:
        records = extract_tasks(document)
        keys = {t.key for t in records.tasks}
        for assignment in records.assignments:
            assert assignment.task_key in keys
            assert document.span.contains(assignment.evidence.sentence)
            text = document.source.slice(assignment.evidence.span)
            assert text == assignment.agency


@pytest.mark.parametrize("heading, label", [
    ("健全物流通道体系。强化规划引领", "健全物流通道体系"),
    ("各区人民政府负责本辖区内二次供水设施的改造工作（市住房和城乡建设局牵头，市财政局配合）。",
     "各区人民政府负责本辖区内二次供水设施的改造工作"),
    ("市级财政衔接推进乡村振兴补助资金对11个重点帮扶县予以倾斜支持，确保资金使用效益明显提升",
     "市级财政衔接推进乡村振兴补助资金对11个重点帮扶县予以倾斜支持"),
])
def test_task_label_is_the_short_heading(heading, label):
    assert task_label(heading) == label


def test_task_keys_follow_numbers_and_fall_back_to_positions():
    root = Section(0, "", "", Span(0, 10))
    first = Section(1, "二、", "a", Span(0, 1), number=2)
    repeated_a = Section(2, "（三）", "b", Span(1, 2), number=3)
    repeated_b = Section(2, "（三）", "c", Span(2, 3), number=3)
    root.children = [first]
    first.children = [repeated_a, repeated_b]
    assert task_key_for([root, first]) == "2"
    assert task_key_for([root, first, repeated_b]) == "2.s2"
    assert task_key_for([root, first, repeated_a], "a1.") == "a1.2.s1"


@pytest.mark.parametrize("text, heading", [
    ("实施银龄科普行动。大力开展老年人科学素质提升行动。", "实施银龄科普行动"),
    # a long first sentence, or one with a comma, is running text, not a run-in heading
    ("各级政府按照分级负责的原则对危险化学品事故抢险救援过程中的抢险救援费用予以保障。市财政局负责及时支付费用。",
     None),
    ("因灾倒损住房恢复重建由县级人民政府负责组织实施，要尊重群众意愿。以受灾户自建为主。", None),
])
def test_paragraph_heading_is_a_short_phrase(text, heading):
    found = paragraph_heading(text, 0)
    assert (found[0] if found else None) == heading
