"""Targets: golden files (real excerpts + genre variants) and the number / year readers."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from graph_builder.extractors.targets import (chinese_numeral, extract_targets, five_year_plan_end,
                                              is_annual, is_programme, period_end, quantities,
                                              stated_year, targets_in_paragraph)
from graph_builder.model import Attachment, Document, Section, Source, Span
from graph_builder.reader import read
from graph_builder.segment import segment

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "targets"
GOLDEN = ROOT / "tests" / "golden" / "targets"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def _rows(text, targets):
    return [{"indicator": t.indicator, "value": str(t.value), "value_text": t.value_text,
             "upper": str(t.upper) if t.upper is not None else None, "unit": t.unit,
             "comparator": t.comparator, "year": t.year,
             "clause": text[t.evidence.span.start:t.evidence.span.end]} for t in targets]


@pytest.mark.parametrize("name", CASES)
def test_golden(name):
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    p = golden["params"]
    found = targets_in_paragraph(text, 0, "doc", p["fallback_year"], p["doc_year"], "1", plan=p["plan"],
                                 annual=p.get("annual", True))
    assert _rows(text, found) == golden["targets"]


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("两", 2), ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105), ("两百", 200),
    ("三千五百", 3500), ("五万", 50000), ("十二万", 120000), ("达到", None), ("", None)])
def test_chinese_numeral(text, value):
    assert chinese_numeral(text) == value


@pytest.mark.parametrize("text,year", [
    ("到2025年，全市…", 2025), ("2023年底前完成", 2023), ("比2020年增长10%", None),
    ("较2019年下降", None), ("2022年全市新建类工业项目", 2022), ("年内完成", None)])
def test_stated_year(text, year):
    assert stated_year(text) == year


@pytest.mark.parametrize("title,end", [
    ("忻州市新型基础设施建设三年行动计划（2021—2023年）", 2023), ("方案(2023-2025年)", 2025),
    ("关于做好2023年安全生产工作的通知", None)])
def test_period_end(title, end):
    assert period_end(title) == end


@pytest.mark.parametrize("text,low,high", [("打造市级数据中心集聚区1—2个。", "1", "2"),
                                           ("建设1-2个省级智慧综合枢纽。", "1", "2")])
def test_ranges_keep_upper_bound(text, low, high):
    (target,) = targets_in_paragraph(text, 0, "doc", 2023, 2022, None, plan=True)
    assert (target.value, target.upper, target.unit) == (Decimal(low), Decimal(high), "个")


def test_real_gazette_targets_have_provenance_and_task_keys():
    issue = segment(read(ROOT / "data" / "gazettes" / "xinzhou-2023-03.txt"))
    document = next(d for d in issue.documents if d.number == "忻政办发〔2023〕7号")
    targets = extract_targets(document).targets
    assert {t.value_text for t in targets} >= {"10", "21181", "21383", "21584", "90", "80"}
    for target in targets:
        clause = document.source.slice(target.evidence.span)
        assert target.value_text in clause.replace(" ", "")
        assert target.evidence.sentence.contains(target.evidence.span)
        assert target.task_key


@pytest.mark.parametrize("clause,value_text,unit", [
    ("浓度控制在35微克/立方米以内", "35", "微克/立方米"), ("能耗降至0.45吨标准煤/万元", "0.45", "吨标准煤/万元"),
    ("垃圾清运量不高于1.1千克/人", "1.1", "千克/人"), ("下泄流量不低于12立方米/秒", "12", "立方米/秒"),
    ("新增装机三百万千瓦", "三百", "万千瓦"), ("吞吐量达到800万标箱", "800", "万标箱"),
    ("建成基站十五万个", "十五", "万个"), ("使用量减少两成", "两", "成")])
def test_units_as_written(clause, value_text, unit):
    (q,) = [q for q in quantities(clause)]
    assert (q.value_text, q.unit) == (value_text, unit)


@pytest.mark.parametrize("text,end", [("“十四五”期间", 2025), ("十五五时期", 2030), ("“十三五”末", 2020),
                                      ("十四五规划", None)])
def test_five_year_plan_end(text, end):
    assert five_year_plan_end(text) == end


def _document(title, attachments=()):
    source = Source(path="x", original="", text="", offsets=None, encoding="utf-8")
    return Document(number="x〔2024〕1号", title=title, issuer=None, date=None, recipients=[],
                    body=Section(0, "", "", Span(0, 0)), span=Span(0, 0), source=source, city="",
                    attachments=[Attachment(title=t, span=Span(0, 0)) for t in attachments])


@pytest.mark.parametrize("title,annual,programme", [
    ("某市人民政府关于做好2024年防汛工作的通知", True, False),
    ("某市人民政府办公室关于印发某市2024年城市更新行动计划的通知", True, True),
    ("某省人民政府办公厅关于印发某省水环境持续改善行动方案的通知", False, True),
    ("某市人民政府办公室关于印发某市排水许可规划管理办法的通知", False, False),
    ("某市人民政府办公室关于印发某市数字经济发展规划（2024—2027年）的通知", False, True)])
def test_annual_and_programme_documents(title, annual, programme):
    document = _document(title)
    assert (is_annual(document, 2024), is_programme(document)) == (annual, programme)
