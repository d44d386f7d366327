"""Targets: golden files (real excerpts + genre variants) and the number / year readers."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from graph_builder.extractors.targets import (chinese_numeral, extract_targets, period_end,
                                              stated_year, targets_in_paragraph)
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
    found = targets_in_paragraph(text, 0, "doc", p["fallback_year"], p["doc_year"], "1", plan=p["plan"])
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
