"""The language layer: sentences, organisation spans, the spaCy pipeline."""
from pathlib import Path

import pytest

from graph_builder import nlp
from graph_builder.model import Span

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text,expected", [
    ("一、总体要求。加强领导；压实责任！", ["一、总体要求。", "加强领导；", "压实责任！"]),
    ("第一行\n第二行", ["第一行", "第二行"]),
    ("（市应急局牵头。）下一句", ["（市应急局牵头。）", "下一句"]),
])
def test_sentences(text, expected):
    found = nlp.sentences(text, offset=10)
    assert [s for s, _ in found] == expected
    assert all(text[span.start - 10:span.end - 10] == s for s, span in found)
    assert isinstance(found[0][1], Span)


@pytest.mark.parametrize("text,names", [
    ("（市交通运输局、市发改委、原平车务段按职责分工负责，各县(市、区)人民政府落实。）",
     ["市交通运输局", "市发改委", "原平车务段", "各县(市、区)人民政府"]),
    ("由市应急局牵头，会同市住建局、忻州海关等配合", ["市应急局", "市住建局", "忻州海关"]),
    ("经市政府同意，现将方案印发给你们", ["市政府"]),
    ("市委市政府高度重视", ["市委", "市政府"]),
    ("严格落实挂牌督办制度，加强车站、机场等公共场所管理", []),
    ("各级领导干部要带头", []),
    ("市公安局交通警察支队负责", ["市公安局交通警察支队"]),
])
def test_org_spans(text, names):
    assert [s for s, *_ in nlp.org_spans(text)] == names


def test_pipeline_labels_orgs_posts_people():
    doc = nlp.nlp()("任命徐啸为忻州市人民政府办公室副主任。")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("忻州市人民政府办公室", "ORG") in labels
    assert ("副主任", "POST") in labels
    assert ("徐啸", "PERSON") in labels
    assert nlp.nlp() is nlp.nlp()


def test_character_tokens_keep_every_name_boundary():
    text = (ROOT / "data/gazettes/xinzhou-2023-03.txt").read_text(encoding="utf-8")[:20000]
    doc = nlp.nlp()(text)
    spans = nlp.org_spans(text)
    assert spans and all(doc.char_span(s, e) is not None for _, s, e, _ in spans)
