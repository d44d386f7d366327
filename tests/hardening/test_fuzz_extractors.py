"""Hypothesis on the whole text path: reader -> segmenter -> every extractor -> resolver -> RDF.

Arbitrary text, and documents assembled from gazette-like fragments (a 文号, a title, 主送, markers
一、（一）1.（1）, 附件, tab-separated tables, group rosters, responsibility lines, dates) so the
fuzzer reaches deep code. Each run may skip the input (SkipInput) but must not crash, and what it
returns must be well formed (spans inside the text, quads that pyoxigraph accepts)."""
from __future__ import annotations

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_builder.errors import SkipInput
from graph_builder.extractors import EXTRACTORS, extract
from graph_builder.rdf import issue_graph
from graph_builder.reader import read_text
from graph_builder.resolve import resolve
from graph_builder.segment import segment

TITLES = ["忻州市人民政府关于印发{x}实施方案的通知", "忻州市人民政府办公室关于成立{x}工作领导小组的通知",
          "关于{x}的意见", "忻州市人民政府关于{x}等人职务任免的通知", "{x}"]
NUMBERS = ["忻政发〔2023〕{n}号", "忻政办发〔2022〕{n}号", "忻政函〔2021〕{n}号", "{x}〔{n}〕{n}号", "〔2023〕号"]
RECIPIENTS = ["各县（市、区）人民政府，市直各有关单位：", "市{x}局：", "各乡（镇）人民政府：", "主送：{x}", "："]
MARKERS = ["一、", "二、", "（一）", "（二）", "1.", "2、", "（1）", "①", "第一条", "第{x}章", "附件：", "附件1", "附件2：",
           "抄送：", "（此件公开发布）", "目 录", "", "#", "- ", "**"]
BODY = ["牵头单位：市{x}局；配合单位：市{x}局、市{x}委。", "责任单位：{x}", "市{x}局负责{x}工作。",
        "到2025年，{x}达到85%以上。", "全市{x}普及率达到{n}%", "组  长：王{x}  市人民政府市长", "副组长：{x}",
        "成  员：张伟  市{x}局局长", "成员单位：市委宣传部、市{x}局、市公安局", "领导小组办公室设在市{x}局，办公室主任由{x}兼任。",
        "任命{x}为市{x}局局长；免去{x}的市{x}局副局长职务。", "{x}同志任市{x}局局长", "2023年{n}月{n}日",
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限", "{n}\t{x}\t市{x}局\t市{x}局、市{x}委\t2024年底前",
        "\t\t\t", "（以下简称“{x}”）", "忻州市人民政府\n2023年2月26日", "负责{x}；组织{x}；", "{x}。{x}，{x}；"]
FILL = st.text(st.sampled_from(list("市县局委办人民政府农村改厕应急管理教育财政水利工作领导小组组长成员（）、，。；：“”"
                                    "0123456789〔〕号年月日\t abc<>\"'{}&") + ["\n"]), max_size=12)


@st.composite
def gazette_documents(draw) -> str:
    def fill(template: str) -> str:
        return template.replace("{x}", draw(FILL) or "安全生产").replace("{n}", str(draw(st.integers(0, 3000))))

    parts = []
    if draw(st.booleans()):
        parts += ["忻州市人民政府公报", fill("2023年第{n}期"), ""]
    for _ in range(draw(st.integers(1, 3))):
        parts += [fill(draw(st.sampled_from(TITLES))), fill(draw(st.sampled_from(NUMBERS))),
                  fill(draw(st.sampled_from(RECIPIENTS)))]
        for _ in range(draw(st.integers(0, 12))):
            parts.append(fill(draw(st.sampled_from(MARKERS))) + fill(draw(st.sampled_from(BODY))))
        parts += ["忻州市人民政府", fill("2023年{n}月{n}日"), ""]
    return "\n".join(parts)


def check_whole_path(text: str) -> None:
    try:
        issue = segment(read_text(text, path="fuzz.txt"))
    except SkipInput as error:
        assert "fuzz.txt" in str(error)
        return
    records = []
    for document in issue.documents:
        assert 0 <= document.span.start <= document.span.end <= len(document.source.text)
        records.append(extract(document))
    resolution = resolve(records, issue.city or "xinzhou")
    quads = issue_graph(issue, records, resolution)
    store = ox.Store()
    store.extend(quads)  # pyoxigraph rejects malformed IRIs and literals
    assert len(store) == len(set(quads))


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(gazette_documents())
def test_gazette_like_documents_go_through_every_stage(text):
    check_whole_path(text)


@FUZZ
@given(st.text(max_size=600))
def test_arbitrary_text_goes_through_every_stage(text):
    check_whole_path(text)


@FUZZ
@given(gazette_documents())
def test_each_extractor_alone_on_each_document(text):
    """Extractors are called one by one too, so a crash names the extractor in the failure."""
    try:
        issue = segment(read_text(text, path="fuzz.txt"))
    except SkipInput:
        return
    for document in issue.documents:
        for name, extractor in EXTRACTORS:
            records = extractor(document)
            assert records is not None, name
