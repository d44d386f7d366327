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


# --- the ruler and its merge with the rule spans --------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    # known abbreviations the suffix rules do not cover (联, 协, 部 without a list context)
    ("由市妇联、市残联、市科协负责", [("市妇联", "ORG"), ("市残联", "ORG"), ("市科协", "ORG")]),
    ("紧抓财政部、交通运输部联合支持", [("交通运输部", "ORG")]),
    # a known name after a verb that is no left boundary for the rules
    ("将相关工作纳入市政府年度考核", [("市政府", "ORG")]),
    # the rule span is longer and contains the ruler's: longest match wins
    ("忻州市住房和城乡建设局负责", [("忻州市住房和城乡建设局", "ORG")]),
    ("市公安局交通警察支队负责", [("市公安局交通警察支队", "ORG")]),
    # the suffix guards hold for ruler matches: 交通运输部门 is no 交通运输部
    ("县交通运输部门要加强监管", []),
    # a zone name is no 区 prefix
    ("五台山风景名胜区管委会主要负责", [("五台山风景名胜区管委会", "ORG")]),
    # posts from post_titles.jsonl, around the organisation
    ("免去张三忻州市应急管理局副局长职务", [("忻州市应急管理局", "ORG"), ("副局长", "POST")]),
])
def test_pipeline_entities(text, expected):
    doc = nlp.nlp()(text)
    assert [(e.text, e.label_) for e in doc.ents if e.label_ != "PERSON"] == expected


@pytest.mark.parametrize("rule,ruler,expected", [
    ([(0, 6)], [(2, 6)], [(0, 6)]),          # rule contains ruler: the longer name
    ([(0, 6)], [(4, 9)], [(4, 9)]),          # partial overlap: the ruler wins
    ([], [(0, 3), (0, 5)], [(0, 5)]),        # ruler against ruler: the longest
    ([(0, 3)], [(5, 8)], [(0, 3), (5, 8)]),  # apart: both
])
def test_merge_org_spans(rule, ruler, expected):
    assert nlp.merge_org_spans("一二三四五六七八九十", rule, ruler) == expected


@pytest.mark.parametrize("name,bare", [
    ("住建局", True), ("市场监督管理局", True), ("政府", False), ("人民政府", False), ("管委会", False),
    ("管理委员会", False), ("人行", False), ("妇联", False)])
def test_bare_ruler_names_are_specific(name, bare):
    assert nlp.is_specific_name(name) is bare


def test_ruler_phrases_come_from_the_alias_table_with_prefixes():
    phrases = set(nlp.known_org_names())
    assert {"市住建局", "县住建局", "住建局", "市住房和城乡建设局", "市政府", "县人民政府"} <= phrases
    assert "政府" not in phrases and "人民政府" not in phrases


def test_char_tokenizer_keeps_text_and_whitespace():
    text = "市应急局  牵头\n配合"
    doc = nlp.nlp().make_doc(text)
    assert len(doc) == len(text) and doc.text == text and nlp.doc_text(doc) == text


def test_entities_over_lines_match_the_single_doc():
    lines = ["由市应急局牵头，会同市住建局配合", "", "任命徐啸为忻州市人民政府办公室副主任。"]
    assert list(nlp.entities(lines)) == [
        [(e.text, e.start_char, e.end_char, e.label_) for e in nlp.nlp()(line).ents] for line in lines]


# --- false positives: verbs that open a clause, names without a body -----------------------------


@pytest.mark.parametrize("text,names", [
    # real excerpts (xinzhou gazettes)
    ("组织开展对口协作(合作),构建政府、企业和社会共同参与的格局", []),
    ("，督促学校落实安全管理责任", []),
    ("整治小美发店、小旅店、小浴室、小歌舞厅、小网吧", []),
    ("动员乡镇、村组干部驻站守点", []),
    ("，召开联席会议，", []),
    ("成立忻州市通信保障应急指挥部下设办公室", ["忻州市通信保障应急指挥部"]),
    # a verb before a prefixed name is cut off, the name stays
    ("，争取国家开发银行、农业发展银行等支持", ["国家开发银行", "农业发展银行"]),
    ("，结合市委、市政府部署", ["市委", "市政府"]),
    # variants: the same shapes in other words
    ("，推动医院、学校和社区落实", []),
    ("，依托中心、站所开展服务", []),
    ("，组建集团、公司化运营", []),
    # a county name the dictionary mistags as a verb is still a prefix
    ("、岢岚县人民政府、", ["岢岚县人民政府"]),
])
def test_org_spans_reject_clause_verbs_and_bodiless_names(text, names):
    assert [s for s, *_ in nlp.org_spans(text)] == names


@pytest.mark.parametrize("text,start,suffix_start,expected", [
    ("构建政府", 0, 2, None), ("争取国家开发银行", 0, 6, 2), ("安置房分配工作领导组", 0, 7, 0),
    ("市住建局", 0, 3, 0)])
def test_strip_leading_verbs(text, start, suffix_start, expected):
    assert nlp._strip_leading_verbs(text, start, suffix_start) == expected


# real excerpts where a clause word was read as the start of a name (audit of the built graph)
NOT_NAMES = [
    ("每年从市直单位抽调副处级以上干部担任驻县大队长", "市直单位抽调副处"),  # 副处: a rank
    ("申请落实省级每站5000元的一次性定额补贴", "省级每站"),
    ("利用课余和假期时间进社区、进中小学学校、回家乡开展科普教育宣传活动", "进中小学学校"),
    ("国有资本控股公司(含国有实际控制公司，下同)", "含国有实际控制公司"),
    ("共同推进联合惩戒等市场禁入措施落到实处。", "市场禁入措施落到实处"),
    ("2019 年,启动忻州广宇煤电有限公司和山西鲁能河曲发电有限公司", "启动忻州广宇煤电有限公司"),
]


@pytest.mark.parametrize("text,wrong", NOT_NAMES)
def test_clause_words_do_not_open_names(text, wrong):
    from graph_builder.nlp import org_spans

    assert wrong not in [surface for surface, *_ in org_spans(text)]


def test_opener_before_a_prefixed_name_is_cut():
    from graph_builder.nlp import org_spans

    text = "2019 年,启动忻州广宇煤电有限公司和山西鲁能河曲发电有限公司"
    assert [s for s, *_ in org_spans(text)] == ["忻州广宇煤电有限公司", "山西鲁能河曲发电有限公司"]


@pytest.mark.parametrize("text", [
    "由市住房和城乡建设局牵头，" * 5000,          # punctuation to cut after
    "市应急局" + "安" * 45_000 + "由市财政局负责",  # no punctuation at all: a hard cut
])
def test_entities_of_a_text_longer_than_spacy_accepts_keep_their_offsets(text):
    from graph_builder import nlp

    [found] = list(nlp.entities([text]))
    assert found and all(text[start:end] == surface for surface, start, end, _ in found)
    assert found[-1][0] in ("市住房和城乡建设局", "市财政局")
