"""Organisation mentions: golden file on real excerpts, kinds and in-text definitions."""
import json
from pathlib import Path

import pytest

from graph_builder.extractors.organisations import defined_alias, mentions_in

ROOT = Path(__file__).resolve().parents[3]


def test_golden_agency_clauses():
    text = (ROOT / "tests/fixtures/orgs/agency_clauses.txt").read_text(encoding="utf-8")
    golden = json.loads((ROOT / "tests/golden/orgs/agency_clauses.json").read_text(encoding="utf-8"))
    found = [{"surface": m.surface, "start": m.span.start, "end": m.span.end, "kind": m.kind,
              "defined_alias": m.defined_alias} for m in mentions_in(text, 0, "doc")]
    assert found == golden
    assert all(text[r["start"]:r["end"]] == r["surface"] for r in found)


@pytest.mark.parametrize("text,surface,kind", [
    ("市委宣传部、市文旅局负责", "市委宣传部", "party"),
    ("提请市人大常委会审议", "市人大常委会", "congress"),
    ("由忻州市城乡建设开发有限公司负责", "忻州市城乡建设开发有限公司", "enterprise"),
    ("市疾控中心配合", "市疾控中心", "institution"),
    ("成立市金融稳定发展工作领导小组", "市金融稳定发展工作领导小组", "group"),
    ("市直各部门要高度重视", "市直各部门", "collective"),
    ("各县（市、区）人民政府落实", "各县（市、区）人民政府", "collective"),
    ("经市政府同意", "市政府", "government"),
    ("由太原市人民政府负责", "太原市人民政府", "government"),
])
def test_kinds(text, surface, kind):
    mentions = {m.surface: m.kind for m in mentions_in(text, 0, "doc")}
    assert mentions.get(surface) == kind


@pytest.mark.parametrize("text,alias", [
    ("（以下简称“市住建局”）", "市住建局"), ("(以下简称市指挥部)", "市指挥部"), ("（简称“联席会议”）", "联席会议"),
    ("，以下", None)])
def test_definitions(text, alias):
    found = defined_alias(text, 0)
    assert (found[0] if found else None) == alias


@pytest.mark.parametrize("text,surface,second", [
    ("市公用事业中心（市供气供热服务中心）负责", "市公用事业中心", "市供气供热服务中心"),
    ("市工信局（市国资委）、市财政局", "市工信局", "市国资委"),
    ("忻州市应急救援总指挥部（忻州市减灾委员会）（以下简称市总指挥部）", "忻州市应急救援总指挥部", "忻州市减灾委员会"),
    ("各县（市、区）人民政府", "各县（市、区）人民政府", None),
    ("市卫健委（2021年）", "市卫健委", None),
])
def test_bracketed_second_name_is_defined(text, surface, second):
    from graph_builder.extractors.organisations import mentions_in

    found = {m.surface: m.defined_alias for m in mentions_in(text, 0, "d")}
    assert found[surface] == second


def test_office_with_its_host_in_brackets_is_two_bodies():
    from graph_builder.extractors.organisations import mentions_in

    text = "市改善城市人居环境工作领导小组办公室（市住建局）"
    found = {m.surface: m.defined_alias for m in mentions_in(text, 0, "d")}
    assert found["市改善城市人居环境工作领导小组办公室"] is None
