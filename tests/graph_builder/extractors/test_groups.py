"""Leading groups and memberships: golden files from real excerpts and genre variants."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_builder.evaluate import normalise
from graph_builder.extractors import groups

from .support import comparable_row, document_from_fixture

TESTS = Path(__file__).resolve().parents[2]
FIXTURES = TESTS / "fixtures" / "groups"
GOLDEN = TESTS / "golden" / "groups"


def result_rows(records) -> dict:
    return {
        "groups": [{"name": g.name, "kind": g.kind, "office_host": g.office_host}
                   for g in records.groups],
        "memberships": [{"group": m.group, "role": m.role, "person": m.person,
                         "position": m.position, "agency": m.agency} for m in records.memberships],
    }


def comparable(rows: dict) -> dict:
    # the reader decides punctuation width and page-break joins; compare as the evaluator does
    return {key: [comparable_row(row) for row in value] for key, value in rows.items()}


GOLDEN_CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden(name):
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    document = document_from_fixture(FIXTURES / f"{name}.txt", golden["document"])
    records = groups.extract_groups(document)
    assert comparable(result_rows(records)) == comparable(
        {"groups": golden["groups"], "memberships": golden["memberships"]})
    for membership in records.memberships:
        evidence = normalise(document.source.slice(membership.evidence.sentence))
        member = membership.person or membership.agency or membership.position
        assert normalise(member)[:2] in evidence


def test_golden_cases_cover_each_form():
    assert len(GOLDEN_CASES) >= 8


@pytest.mark.parametrize("text, expected", [
    ("温建军 市委常委、副市长", [("温建军", "市委常委、副市长")]),
    ("裴   峰 市政府副市长", [("裴峰", "市政府副市长")]),
    ("张  伟 市财政局局长      刘   强 市审计局局长", [("张伟", "市财政局局长"), ("刘强", "市审计局局长")]),
    ("曹剑文（兼）、王秉直（兼）", [("曹剑文", None), ("王秉直", None)]),
    ("市应急局主要负责人", []),
])
def test_named_members(text, expected):
    assert groups.named_members(text) == expected


@pytest.mark.parametrize("text, member_role, expected", [
    ("市政府协管副秘书长、市应急局、市工信局主要负责人，市消防救援支队支队长", False,
     [("市政府协管副秘书长", None), ("市应急局主要负责人", None), ("市工信局主要负责人", None),
      ("市消防救援支队支队长", None)]),
    ("市委宣传部、市公安局等有关单位分管负责人", True,
     [("分管负责人", "市委宣传部"), ("分管负责人", "市公安局")]),
    ("市财政局、忻州海关和相关县（市、区）人民政府", True,
     [(None, "市财政局"), (None, "忻州海关"), (None, "相关县（市、区）人民政府")]),
    ("市卫健委，事发地县级人民政府及相关部门", True,
     [(None, "市卫健委"), (None, "事发地县级人民政府及相关部门")]),
])
def test_unit_members(text, member_role, expected):
    assert groups.unit_members(text, member_role) == expected


@pytest.mark.parametrize("text, expected", [
    ("市供电公司主要负责人；市公安局分管负责人专班下设办公室，办公室设在市交通运输局",
     ("市供电公司主要负责人；市公安局分管负责人", "专班下设办公室，办公室设在市交通运输局")),
    ("市委宣传部、市发改委。", ("市委宣传部、市发改委", "")),
])
def test_split_roster_tail(text, expected):
    assert groups.split_roster_tail(text) == expected


@pytest.mark.parametrize("name, generic", [
    ("领导小组", True), ("市指挥部", True), ("工作领导组", True), ("专班", True),
    ("综合组", False), ("忻州市减税降费工作专班", False),
])
def test_is_generic_name(name, generic):
    assert groups.is_generic_name(name) is generic


@pytest.mark.parametrize("text, expected", [
    # post-only members the converter ran into the previous person's post
    ("谢  军  市政府副秘书长市委组织部分管负责同志韩  梅  市住建局局长",
     [("谢军", "市政府副秘书长"), (None, "市委组织部分管负责同志"), ("韩梅", "市住建局局长")]),
    ("罗  敏  市应急管理局局长各县（市、区）政府分管负责同志",
     [("罗敏", "市应急管理局局长"), (None, "各县（市、区）政府分管负责同志")]),
    # one person's posts stay together; a title running on (副秘书|长) is no cut
    ("王  刚  市委常委常务副市长", [("王刚", "市委常委常务副市长")]),
    ("刘  洋  市政府副秘书长", [("刘洋", "市政府副秘书长")]),
])
def test_named_members_glued(text, expected):
    assert groups.named_members(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("市文旅局局长市财政局局长", [("市文旅局局长", None), ("市财政局局长", None)]),
    ("市住建局（市人防办）局长泉州海关分管负责同志",
     [("市住建局（市人防办）局长", None), ("泉州海关分管负责同志", None)]),
])
def test_unit_members_glued(text, expected):
    assert groups.unit_members(text, False) == expected


@pytest.mark.parametrize("name, expected", [
    ("后的绵阳市城市更新工作领导小组", "绵阳市城市更新工作领导小组"),
    ("关于泉州市文化保护工作领导小组", "泉州市文化保护工作领导小组"),
    ("现代农业产业园建设领导小组", "现代农业产业园建设领导小组"),
    ("新时代文明实践工作领导小组", "新时代文明实践工作领导小组"),
])
def test_clean_group_name(name, expected):
    assert groups.clean_group_name(name) == expected
