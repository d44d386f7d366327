"""Personnel decisions: golden files from real excerpts and genre variants, and the helpers."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph_builder.extractors import personnel

from .support import comparable_row, document_from_fixture

TESTS = Path(__file__).resolve().parents[2]
FIXTURES = TESTS / "fixtures" / "personnel"
GOLDEN = TESTS / "golden" / "personnel"


def change_row(change) -> dict:
    return {"kind": change.kind, "person": change.person, "organisation": change.organisation,
            "post": change.post,
            "decision_date": change.decision_date.isoformat() if change.decision_date else None,
            "meeting": change.meeting}


GOLDEN_CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden(name):
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    document = document_from_fixture(FIXTURES / f"{name}.txt", golden["document"])
    records = personnel.extract_personnel(document)
    assert [comparable_row(change_row(c)) for c in records.personnel] == \
        [comparable_row(row) for row in golden["changes"]]
    for change in records.personnel:
        sentence = document.source.slice(change.evidence.sentence)
        assert change.person in personnel.compact(sentence)
        assert change.evidence.doc_key == document.key


def test_golden_cases_exist():
    assert {"xinzhou-2023-03-renmian", "xinzhou-2022-03-confirm", "xinzhou-2022-03-removal",
            "genre-variants"} <= set(GOLDEN_CASES)


def test_implicit_forms_are_ignored_outside_personnel_documents():
    document = document_from_fixture(FIXTURES / "xinzhou-2023-03-renmian.txt",
                                     {"title": "关于做好2023年安全生产工作的通知", "date": "2023-02-27"})
    kinds = {c.kind for c in personnel.extract_personnel(document).personnel}
    assert kinds == set()


@pytest.mark.parametrize("text, expected", [
    ("市审计局副局长", ("市审计局", "副局长")),
    ("市审计局副局长职务", ("市审计局", "副局长")),
    ("市政府督查专员(副处长级)", ("市政府", "督查专员")),
    ("市教育局副局长（试用期一年）", ("市教育局", "副局长")),
    ("市公用事业中心(市供气供热服务中心)副主任", ("市公用事业中心(市供气供热服务中心)", "副主任")),
    ("山西大正保安服务集团有限公司董事长", ("山西大正保安服务集团有限公司", "董事长")),
    ("副秘书长", (None, "副秘书长")),
])
def test_split_post(text, expected):
    assert personnel.split_post(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("市财政局局长、市国有资产管理中心主任", [("市财政局", "局长"), ("市国有资产管理中心", "主任")]),
    ("市应急管理局党组成员、副局长", [("市应急管理局", "党组成员"), ("市应急管理局", "副局长")]),
    ("市财政局局长兼市税务局副局长", [("市财政局", "局长"), ("市税务局", "副局长")]),
    ("各县（市、区）政府联络员", [("各县（市、区）政府", "联络员")]),
])
def test_split_posts(text, expected):
    assert personnel.split_posts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("徐啸", True), ("裴   峰", True), ("欧阳明远", True), ("郭新和", True), ("闫中卿", True),
    ("市审计局", False), ("挂职时间", False), ("各片区", False), ("试用期满", False),
    ("张", False), ("王小明同志", False),
])
def test_looks_like_name(text, expected):
    assert personnel.looks_like_name(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("经市人民政府2023年2月26日第18次常务会议通过,决定任命:", (date(2023, 2, 26), "市人民政府第18次常务会议")),
    ("经2024年1月15日市人民政府第30次常务会议研究决定：", (date(2024, 1, 15), "市人民政府第30次常务会议")),
    ("经二〇二三年三月十日市政府第5次常务会议研究，决定：", (date(2023, 3, 10), "市政府第5次常务会议")),
    ("市人民政府决定：", (None, None)),
])
def test_decision_meeting(text, expected):
    assert personnel.decision_meeting(text) == expected


def test_logical_lines_join_a_word_split_by_the_pdf_wrap():
    text = "白利军任五台山风景名胜区管委会副主\n\n任，试用期满正式任职。\n张建平任市政府督查专员；"
    lines = personnel.logical_lines(text)
    assert [personnel.compact(line) for line, _ in lines] == [
        "白利军任五台山风景名胜区管委会副主任，试用期满正式任职。", "张建平任市政府督查专员；"]
    assert all(text[s.start:s.end] == line for line, s in lines)


@pytest.mark.parametrize("text, expected", [
    # a closing note after the post or 职务 is not part of it
    ("洛阳市人民政府副秘书长职务（到龄退休）", ("洛阳市人民政府", "副秘书长")),
    ("市统计局副局长职务（另有任用）", ("市统计局", "副局长")),
    ("市商务局副局长（挂职）", ("市商务局", "副局长")),
    # 任Y副局长试用期满: the probation clause is not part of the post
    ("洛阳市民政局副局长试用期满", ("洛阳市民政局", "副局长")),
    ("市商务局副局长试用期已满", ("市商务局", "副局长")),
    # a bracket that names the body's second name stays
    ("市规划和自然资源局（市林业局）局长", ("市规划和自然资源局（市林业局）", "局长")),
])
def test_split_post_notes(text, expected):
    assert personnel.split_post(text) == expected
