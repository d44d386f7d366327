"""Task.description is the task's own text (tests/fixtures/tasks/ real excerpts):
- a numbered section: its paragraphs, heading line included, up to its first child, one line each;
- a run-in item (key .p{i}): the item's text; a duty (key .d{n}): the duty clause;
- a table row: the task cell, then the content cell.
Task.evidence stays the sentence the task was read from (what the graph publishes as gkg:sourceText).
"""
from pathlib import Path

import pytest

from graph_builder.extractors.tasks import extract_tasks
from graph_builder.reader import read
from graph_builder.segment import segment

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tasks"
DOCUMENTS = ["plan_brackets", "task_table", "lead_columns_table", "regulation_traditional",
             "duty_text", "duty_table", "duty_sections_traditional"]


def extracted(name):
    issue = segment(read(FIXTURES / f"{name}.txt"))
    return [(document, extract_tasks(document)) for document in issue.documents]


def task(name, key):
    for document, records in extracted(name):
        for found in records.tasks:
            if found.key == key:
                return document, found
    raise LookupError(f"{name}: no task {key}")


# (fixture, task key, text the description holds, text it must not hold — a child's or a
# neighbour's — or None)
CASES = [
    # a section's body paragraph, not only its heading sentence
    ("plan_brackets", "2.3", "形成贯穿全市主要产业园区的物流通道分布格局", "加快综合货运枢纽建设"),
    # a parent stops at its first child
    ("plan_brackets", "2", "二、提升运输基础设施承载能力和衔接水平", "健全物流通道体系"),
    # a duty section keeps all its agencies' lines; the duty task keeps its clause only
    ("duty_text", "3", "市税务局：负责梳理汇总国家有关减税降费政策", None),
    ("duty_text", "3.d2", "梳理汇总国家有关减税降费政策", "市财政局"),
    # a table row: the task cell and the content cell
    ("task_table", "a1.t1.r1", "强化政治引领\n各级各部门各单位要牢固树立安全发展理念", "严格党政领导责任"),
    ("task_table", "a1.t1.r8", "煤矿\n持续推进瓦斯、水、顶板等重大灾害防治", None),
]


@pytest.mark.parametrize("name,key,holds,lacks", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_description_is_the_tasks_own_text(name, key, holds, lacks):
    _document, found = task(name, key)
    assert holds in found.description
    if lacks is not None:
        assert lacks not in found.description


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_task_has_a_description_holding_its_label(name):
    for _document, records in extracted(name):
        for found in records.tasks:
            assert found.description, found.key
            # the label is cut from the heading or cell (tidied of brackets), so its head is in the text
            assert found.label[:4] in found.description, (found.key, found.label)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_source_sentence_stays_the_sentence_and_lies_in_the_description(name):
    for document, records in extracted(name):
        for found in records.tasks:
            sentence = document.source.slice(found.evidence.sentence)
            assert len(sentence) <= len(found.description), found.key
            if not found.key.rsplit(".", 1)[-1].startswith("r"):  # a row's evidence is its task cell
                assert sentence.strip() in found.description, found.key


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_section_description_stops_before_its_children(name):
    for _document, records in extracted(name):
        by_key = {t.key: t for t in records.tasks}
        for child in records.tasks:
            parent = by_key.get(child.parent_key)
            if parent is None or not child.description:
                continue
            if child.key.rsplit(".", 1)[-1][:1] in "pd":  # items and duties are the parent's own text
                continue
            first_line = child.description.splitlines()[0]
            assert first_line not in parent.description, (parent.key, child.key)
