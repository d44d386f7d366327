"""Programmes: real titles from the bundled gazettes and the task fixtures."""
from pathlib import Path

import pytest

from graph_builder.extractors.programmes import extract_programmes, period, plan_kind, plan_title
from graph_builder.reader import read
from graph_builder.segment import segment

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "tasks"

TITLES = [
    ("忻州市人民政府办公室关于印发忻州市推进多式联运发展优化调整运输结构工作实施方案(2023—2025年)的通知",
     "忻州市推进多式联运发展优化调整运输结构工作实施方案(2023—2025年)", "方案", (2023, 2025)),
    ("忻州市人民政府办公室关于印发忻州市危险化学品事故应急预案的通知",
     "忻州市危险化学品事故应急预案", "预案", (None, None)),
    ("关于印发《忻州市全民科学素质行动规划纲要实施方案(2021—2025年)》的通知",
     "忻州市全民科学素质行动规划纲要实施方案(2021—2025年)", "方案", (2021, 2025)),
    ("忻州市人民政府关于进一步加强安全生产工作的意见", "忻州市人民政府关于进一步加强安全生产工作的意见",
     "意见", (None, None)),
    ("忻州市“十四五”数字经济发展规划", "忻州市“十四五”数字经济发展规划", "规划", (2021, 2025)),
]


@pytest.mark.parametrize("document_title, title, kind, years", TITLES)
def test_plan_title_kind_and_period(document_title, title, kind, years):
    assert plan_title(document_title) == title
    assert plan_kind(title) == kind
    assert period(title, "") == years


@pytest.mark.parametrize("document_title", [
    "忻州市人民政府关于雄忻高铁五台山段征收补偿安置方案的批复",
    "忻州市人民政府关于郑连生等同志职务任免的通知",
])
def test_replies_and_appointments_are_not_programmes(document_title):
    assert plan_title(document_title) is None


def test_due_year_from_the_text_when_the_title_has_no_period():
    assert period("忻州市数字经济发展行动方案", "到2025年,数字经济核心产业增加值占比达到8%") == (None, 2025)


def test_programme_of_a_real_document():
    issue = segment(read(FIXTURES / "plan_brackets.txt"))
    [programme] = extract_programmes(issue.documents[0]).programmes
    assert programme.doc_key == "忻政办发〔2023〕7号"
    assert programme.kind == "方案"
    assert (programme.period_start, programme.period_end) == (2023, 2025)
    assert programme.title.startswith("忻州市推进多式联运发展优化调整运输结构")
