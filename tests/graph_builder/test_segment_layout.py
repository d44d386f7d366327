"""Segmenter layout rules on real lines: numbering markers, paragraphs as source slices, attachment
lists without numbers, merged table cells labelled in the middle of their block."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.model import Span
from graph_builder.reader import read
from graph_builder.segment import segment
from graph_builder.segmenter.body import build_table, marker_of, merged_blocks
from graph_builder.segmenter.text import split_lines

ROOT = Path(__file__).resolve().parents[2]
GAZETTES = ROOT / "data" / "gazettes"

MARKERS = [
    # (line as printed, kind, number, heading) — xinzhou-2023-03 / 2021-08b / 2022-03
    ("6.2 资金保障", "1.1", 2, "资金保障"),
    ("6.2资金保障", "1.1", 2, "资金保障"),
    ("（二） 组织初选", "（一）", 2, "组织初选"),
    ("(二) 组织初选", "（一）", 2, "组织初选"),
    ("（二）组织初选", "（一）", 2, "组织初选"),
    ("第二条 市水务局负责全市城市供水的监督管理工作。", "条", 2, "市水务局负责全市城市供水的监督管理工作"),
    ("7.3.1 一级响应", "1.1.1", 1, "一级响应"),
]


@pytest.mark.parametrize("line, kind, number, heading", MARKERS)
def test_section_markers(line, kind, number, heading):
    marker = marker_of(split_lines(line)[0])
    assert (marker.kind, marker.number, marker.rest.split("。")[0]) == (kind, number, heading)


@pytest.mark.parametrize("filename", sorted(p.name for p in GAZETTES.glob("*.txt")))
def test_paragraph_text_is_the_source_slice(filename):
    source = read(GAZETTES / filename)
    issue = segment(source)
    paragraphs = [p for doc in issue.documents
                  for root in [doc.body] + [a.body for a in doc.attachments if a.body]
                  for section in root.walk() for p in section.paragraphs]
    assert paragraphs
    assert all(p.text == source.text[p.span.start:p.span.end] for p in paragraphs)
    assert any(" " in p.text for p in paragraphs)  # spaces are kept (第二条 市水务局 …)


def test_attachment_titles_are_neither_doubled_nor_empty():
    """xinzhou-2021-08b: a bulleted list without numbers before 附件 1: …, and 附件： / title /
    heading title / 附件： before a table."""
    issue = segment(read(GAZETTES / "xinzhou-2021-08b.txt"))
    docs = {doc.number: doc for doc in issue.documents}
    assert [(a.number, a.title) for a in docs["忻政办发〔2021〕72号"].attachments] == [
        (1, "忻州市应急通信保障指挥部成员单位主要职责"), (2, "忻州市应急通信保障现场指挥部设置及职责"),
        (3, "忻州市应急通信保障流程图")]
    assert [(a.number, a.title) for a in docs["忻政办发〔2021〕74号"].attachments] == [
        (None, "忻州市市级自然灾害救助应急响应分级启动条件")]
    for doc in issue.documents:
        assert all(a.title for a in doc.attachments), doc.number


def table(text: str):
    return build_table(split_lines(text), "")


# rows of the 重点任务分工 table of xinzhou-2023-03 (忻政发〔2023〕1号), as printed with the merged
# 序号/任务 cells labelled at the top of their block, and re-laid with the label in the middle row
TOP = ("3\t落实部门监管责任\t严格落实“三管三必须”要求\t市住建局\n"
       "\t\t健全完善并严格落实重大隐患挂牌督办制度\t市应急局\n"
       "\t\t明确并落实新兴行业领域安全监管职责\t市委办\n"
       "4\t突出企业主体责任\t企业法定代表人、实际控制人要落实第一责任人责任\t负有安全监管职责的部门\n")
MIDDLE = ("\t\t严格落实“三管三必须”要求\t市住建局\n"
          "3\t落实部门监管责任\t健全完善并严格落实重大隐患挂牌督办制度\t市应急局\n"
          "\t\t明确并落实新兴行业领域安全监管职责\t市委办\n"
          "\t\t对危险化学品、燃气开展专项整治\t市工信局\n"
          "4\t突出企业主体责任\t企业法定代表人、实际控制人要落实第一责任人责任\t负有安全监管职责的部门\n"
          "\t\t要建立健全从主要负责人到一线从业人员的安全生产责任制\t市安委办\n")


@pytest.mark.parametrize("text, tasks, continues", [
    (TOP, ["落实部门监管责任"] * 3 + ["突出企业主体责任"], [False, True, True, False]),
    # the two rows between the labels: the upper one to 3, the lower one to 4
    (MIDDLE, ["落实部门监管责任"] * 3 + ["突出企业主体责任"] * 3, [False, True, True, False, True, True]),
])
def test_merged_task_cells(text, tasks, continues):
    built = table(text)
    assert [row.cells[1] for row in built.rows] == tasks
    assert [row.cells[0] for row in built.rows] == [("3" if t == "落实部门监管责任" else "4") for t in tasks]
    assert [row.continues_previous for row in built.rows] == continues


@pytest.mark.parametrize("first_cells, owners", [
    (["a", "", "", "b", ""], None),                 # labels on top: filled from above
    (["", "a", "", "b"], [1, 1, 1, 3]),            # one row above, one below: a run of 1 goes up
    (["", "a", "", "", "", "b", ""], [1, 1, 1, 1, 5, 5, 5]),
    (["", "", "a", "", ""], [2, 2, 2, 2, 2]),
    (["", "a", "b"], None),                         # the label has no row below it: a sub-header
])
def test_merged_blocks(first_cells, owners):
    assert merged_blocks([[cell, "x"] for cell in first_cells]) == owners
