"""Matching rules of graph_builder.evaluate, table-driven on small row dicts."""
from __future__ import annotations

import pytest

from graph_builder import evaluate

DOC = "忻政办发〔2023〕8号"


@pytest.mark.parametrize("a, b, equal", [
    ("各县(市、区)人民政府", "各县（市、区）人民政府", True),
    ("忻州經濟开发区管委会", "忻州经济开发区管委会", True),
    ("忻政办函[2022]39号", "忻政办函〔2022〕39号", True),
    ("裴   峰", "裴峰", True),
    ("各县〈市、区〉政府", "各县(市、区)政府", True),
    ("市公安局", "市财政局", False),
])
def test_normalise_folds_width_script_brackets_and_spaces(a, b, equal):
    assert (evaluate.normalise(a) == evaluate.normalise(b)) is equal


@pytest.mark.parametrize("a, b, equal", [
    ("市工信局", "市工信局（市国资委）", True),  # containment
    ("全面推进厕所革命", "全面推进农村厕所革命", True),  # high overlap
    ("市应急局主要负责人", "市应急局分管负责人", True),
    ("强化政治引领", "加强安全监管执法", False),
    ("", "市公安局", False),
])
def test_lenient_equal(a, b, equal):
    assert evaluate.lenient_equal(a, b) is equal


@pytest.mark.parametrize("value, expected", [
    ("80", "80"), ("4200", "4200"), ("11.46", "11.46"), ("10.0", "10"),
    ("一", "1"), ("十", "10"), ("十二", "12"), ("三百五十", "350"), ("两万", "20000"),
    ("１０", "10"),
])
def test_numeric_value(value, expected):
    assert evaluate.numeric_value(value) == expected


def _row(**kw):
    base = {"doc": DOC, "group": "市生产安全事故应急指挥部", "person": None, "role": "成员",
            "position": None, "agency": None}
    base.update(kw)
    return base


@pytest.mark.parametrize("gold, pred, tp", [
    # member unit, width of brackets differs
    ([_row(agency="市工信局（市国资委）")], [_row(agency="市工信局(市国资委)")], 1),
    # group name lenient: prefix differs
    ([_row(group="忻州市减税降费工作专班", person="温建军", role="组长", position="市委常委、副市长")],
     [_row(group="减税降费工作专班", person="温建军", role="组长", position="市委常委")], 1),
    # the person decides when either row has one
    ([_row(person="温建军", role="组长")], [_row(person="刘建国", role="组长")], 0),
    # ex-officio post, no name
    ([_row(role="指挥长", position="市政府分管应急管理工作的副市长")],
     [_row(role="指挥长", position="市政府分管应急管理工作的副市长")], 1),
    # roles must agree
    ([_row(role="副指挥长", position="市应急局主要负责人")],
     [_row(role="指挥长", position="市应急局主要负责人")], 0),
    # 设在 counts as 办公室设在
    ([_row(group="综合协调组", role="设在", agency="市生态环境局大气环境科")],
     [_row(group="综合协调组", role="办公室设在", agency="市生态环境局大气环境科")], 1),
    # one-to-one: a duplicate prediction is a false positive
    ([_row(agency="市公安局")], [_row(agency="市公安局"), _row(agency="市公安局")], 1),
    # different document
    ([_row(agency="市公安局")], [_row(doc="忻政办发〔2023〕9号", agency="市公安局")], 0),
])
def test_group_roles_matching(gold, pred, tp):
    result = evaluate.score({"group_roles": gold}, {"group_roles": pred}, ["group_roles"])
    s = result["group_roles"]
    assert s["tp"] == tp
    assert len(s["false_positives"]) == len(pred) - tp
    assert len(s["false_negatives"]) == len(gold) - tp


def _appointment(**kw):
    base = {"doc": "忻政任〔2023〕4号", "person": "陈建忠", "action": "remove", "position": "副局长",
            "organization": "市审计局", "date": "2023-02-26"}
    base.update(kw)
    return base


@pytest.mark.parametrize("pred, tp", [
    (_appointment(), 1),
    (_appointment(organization="忻州市审计局"), 1),
    (_appointment(doc="忻政任[2023]4号"), 1),
    (_appointment(action="appoint"), 0),
    (_appointment(position="局长"), 0),
    (_appointment(person="陈 建 忠"), 1),
    (_appointment(organization="市财政局"), 0),
])
def test_appointments_matching(pred, tp):
    s = evaluate.score({"appointments": [_appointment()]}, {"appointments": [pred]},
                       ["appointments"])["appointments"]
    assert s["tp"] == tp


def test_appointment_date_agreement_is_reported_separately():
    s = evaluate.score({"appointments": [_appointment()]},
                       {"appointments": [_appointment(date="2023-03-01")]},
                       ["appointments"])["appointments"]
    assert s["tp"] == 1
    assert s["agreement"]["date"] == (0, 1)


@pytest.mark.parametrize("gold, pred, tp", [
    ({"doc": DOC, "task": "全面推进厕所革命", "agency": "市住建局", "role": "lead"},
     {"doc": DOC, "task": "推进厕所革命", "agency": "市住建局", "role": "lead"}, 1),
    ({"doc": DOC, "task": "全面推进厕所革命", "agency": "市住建局", "role": "lead"},
     {"doc": DOC, "task": "全面推进厕所革命", "agency": "市住建局", "role": "supporting"}, 0),
    ({"doc": DOC, "task": "全面推进厕所革命", "agency": "市住建局", "role": "lead"},
     {"doc": DOC, "task": "强化政治引领", "agency": "市住建局", "role": "lead"}, 0),
])
def test_responsibilities_matching(gold, pred, tp):
    s = evaluate.score({"responsibilities": [gold]}, {"responsibilities": [pred]},
                       ["responsibilities"])["responsibilities"]
    assert s["tp"] == tp


@pytest.mark.parametrize("pred, tp", [
    ({"doc": DOC, "indicator": "综合性实战演练", "value": "1", "unit": "次", "year": "2023"}, 1),
    ({"doc": DOC, "indicator": "实战演练", "value": "一", "unit": "次", "year": "2023"}, 1),
    ({"doc": DOC, "indicator": "综合性实战演练", "value": "2", "unit": "次", "year": "2023"}, 0),
    ({"doc": DOC, "indicator": "综合性实战演练", "value": "一", "unit": "次", "year": "2025"}, 0),
])
def test_targets_matching(pred, tp):
    gold = {"doc": DOC, "indicator": "综合性实战演练", "value": "一", "unit": "次", "year": "2023"}
    s = evaluate.score({"targets": [gold]}, {"targets": [pred]}, ["targets"])["targets"]
    assert s["tp"] == tp


def test_documents_match_on_number_and_report_field_agreement():
    gold = [{"number": "忻政办函[2022]39号", "title": "关于成立领导组的通知", "issuer": "忻州市人民政府办公室",
             "date": "2022-03-30", "recipients": ["各县(市、区)人民政府", "市直各单位"], "attachments": []},
            {"number": "忻政发〔2023〕1号", "title": "T", "issuer": "忻州市人民政府", "date": None,
             "recipients": [], "attachments": []}]
    pred = [{"number": "忻政办函〔2022〕39号", "title": "关于成立领导组的通知", "issuer": "忻州市人民政府",
             "date": "2022-03-30", "recipients": ["市直各单位", "各县（市、区）人民政府"], "attachments": []},
            {"number": "忻政发〔2023〕2号", "title": "T", "issuer": None, "date": None,
             "recipients": [], "attachments": []}]
    s = evaluate.score({"documents": gold}, {"documents": pred}, ["documents"])["documents"]
    assert (s["tp"], s["precision"], s["recall"]) == (1, 0.5, 0.5)
    assert s["f1"] == pytest.approx(0.5)
    assert s["agreement"]["title"] == (1, 1)
    assert s["agreement"]["issuer"] == (0, 1)
    assert s["agreement"]["recipients"] == (1, 1)


def test_maximum_matching_beats_greedy_order():
    # gold 0 fits both predictions, gold 1 only the first: a greedy pass would pair g0-p0 and lose g1
    gold = [_row(role="成员", agency="市应急局"), _row(role="成员", agency="市应急管理局")]
    pred = [_row(role="成员", agency="市应急管理局"), _row(role="成员", agency="市应急局指挥中心")]
    s = evaluate.score({"group_roles": gold}, {"group_roles": pred}, ["group_roles"])["group_roles"]
    assert s["tp"] == 2


def test_empty_prediction_scores_zero_without_error():
    s = evaluate.score({"targets": [{"doc": DOC, "value": "1", "unit": "个"}]}, {}, ["targets"])
    assert (s["targets"]["precision"], s["targets"]["recall"], s["targets"]["f1"]) == (0, 0, 0)


def test_format_table_lists_every_category_and_details():
    gold = {"appointments": [_appointment()], "group_roles": [_row(agency="市公安局")]}
    pred = {"appointments": [_appointment(position="局长")], "group_roles": [_row(agency="市公安局")]}
    text = evaluate.format_table(evaluate.score(gold, pred), details=True)
    for name in evaluate.CATEGORIES:
        assert name in text
    assert "appointments FP" in text and "appointments FN" in text
    assert "group_roles FP" not in text
