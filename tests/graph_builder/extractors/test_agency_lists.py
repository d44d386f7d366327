"""Agency lists and role words, table-driven on real list texts from the bundled gazettes."""
import pytest

from graph_builder.extractors.agency_lists import column_role, read_roles, split_agencies

SPLITS = [
    # brackets keep 各县（市、区）人民政府 whole; 等部门 tails are dropped
    ("市住建局、市城市管理局、市消防救援支队等重点行业领域监管部门,各县(市、区)政府",
     ["市住建局", "市城市管理局", "市消防救援支队", "各县(市、区)政府"]),
    ("市委办及有关部门", ["市委办", "有关部门"]),
    # 和 inside a name is not a conjunction
    ("市住房和城乡建设局、市规划和自然资源局", ["市住房和城乡建设局", "市规划和自然资源局"]),
    ("各有关部门和单位", ["各有关部门和单位"]),
    # 及其有关部门 points back to the agency before it
    ("五台山风景名胜区管委会及其有关部门", ["五台山风景名胜区管委会"]),
    ("各县〈市、区〉政府、五台山风景名胜区管委会", ["各县〈市、区〉政府", "五台山风景名胜区管委会"]),
    # table cells print one agency per line
    ("市公安局 市教育局 市人社局", ["市公安局", "市教育局", "市人社局"]),
    ("市人力资源和社会保障局等部门、单位和各县市区人民政府等",
     ["市人力资源和社会保障局", "各县市区人民政府"]),
    # tiers listed under one 各 share the closing 政府: the 、 between them separates no agencies
    ("市商务局、各区、县（市）人民政府", ["市商务局", "各区、县（市）人民政府"]),
    ("各乡、镇人民政府，市直有关部门", ["各乡、镇人民政府", "市直有关部门"]),
    ("市人民政府各委、办、局，各直属机构", ["市人民政府各委、办、局", "各直属机构"]),
    # a bare 各 place list + 和 + one more place with the organisation word they share is one
    # collective; a left side with an organisation word of its own, or no shared word, splits
    ("各县(市、区)和五台山风景区统计调查机构", ["各县(市、区)和五台山风景区统计调查机构"]),
    ("各区、县（市）和高新区财政部门，市税务局", ["各区、县（市）和高新区财政部门", "市税务局"]),
    ("各乡镇和经济开发区管委会", ["各乡镇和经济开发区管委会"]),
    ("各县（市、区）人民政府和忻州经济开发区管委会", ["各县（市、区）人民政府", "忻州经济开发区管委会"]),
    ("各县（市、区）和市直有关部门", ["各县（市、区）", "市直有关部门"]),
    # an alias in brackets stays with its body
    ("市交通运输局（市港口管理局）、市海洋发展局", ["市交通运输局（市港口管理局）", "市海洋发展局"]),
]


@pytest.mark.parametrize("text, expected", SPLITS)
def test_split_agencies(text, expected):
    found = split_agencies(text, 10)
    assert [name for name, _ in found] == expected
    for name, span in found:
        assert text[span.start - 10:span.end - 10] == name


SHARED_SUFFIX = [
    # (xinzhou-2019-02) fields of work sharing the closing category word: each field + 部门;
    # the span is the field as printed
    ("市县交通运输、公安部门", [("市县交通运输部门", "市县交通运输"), ("公安部门", "公安部门")]),
    ("住建、生态环境、城管等部门", [("住建部门", "住建"), ("生态环境部门", "生态环境"), ("城管部门", "城管等部门")]),
    ("应急管理等部门", [("应急管理部门", "应急管理等部门")]),
    # whole agencies before the category word keep their names; collectives stay as written
    ("市住建局、市城市管理局等重点行业领域监管部门", [("市住建局", "市住建局"), ("市城市管理局", "市城市管理局")]),
    ("市县司法行政部门、公安部门", [("市县司法行政部门", "市县司法行政部门"), ("公安部门", "公安部门")]),
    ("市委办及有关部门", [("市委办", "市委办"), ("有关部门", "有关部门")]),
]


@pytest.mark.parametrize("text, expected", SHARED_SUFFIX)
def test_shared_suffix_lists(text, expected):
    found = split_agencies(text, 5)
    assert [(name, text[span.start - 5:span.end - 5]) for name, span in found] == expected


ROLES = [
    ("市应急局牵头,其他负有安全监管职责的部门配合,各县(市、区)政府,忻州经济开发区管委会、五台山风景名胜区管委会落实",
     [("市应急局", "lead"), ("其他负有安全监管职责的部门", "supporting"), ("各县(市、区)政府", "implementing"),
      ("忻州经济开发区管委会", "implementing"), ("五台山风景名胜区管委会", "implementing")]),
    ("市应急局、国家矿山安监局山西局监察执法四处，相关各县(市、区)落实",
     [("市应急局", "responsible"), ("国家矿山安监局山西局监察执法四处", "responsible"),
      ("相关各县(市、区)", "implementing")]),
    ("负有安全监管职责的部门督促企业落实", [("负有安全监管职责的部门", "responsible")]),
    ("市应急局负责", [("市应急局", "lead")]),
    # several agencies that 负责 share the work; fields share the list's closing 部门
    ("市县工业和信息化、市场监管部门负责",
     [("市县工业和信息化部门", "responsible"), ("市场监管部门", "responsible")]),
    ("市县人民政府牵头,工业和信息化、市场监管、公安部门分工负责",
     [("市县人民政府", "lead"), ("工业和信息化部门", "responsible"), ("市场监管部门", "responsible"),
      ("公安部门", "responsible")]),
    ("市卫健委、市人社局、市医保局分别牵头负责",
     [("市卫健委", "lead"), ("市人社局", "lead"), ("市医保局", "lead")]),
    ("市有关部门按分工负责", [("市有关部门", "responsible")]),
    ("牵头单位:市生态环境局、市能源局,配合单位:市工信局,责任单位:忻府区人民政府、河曲县人民政府",
     [("市生态环境局", "lead"), ("市能源局", "lead"), ("市工信局", "supporting"),
      ("忻府区人民政府", "responsible"), ("河曲县人民政府", "responsible")]),
    ("责任单位：各县(市、区)人民政府，五台山风景名胜区管委会，市住房城乡建设局",
     [("各县(市、区)人民政府", "responsible"), ("五台山风景名胜区管委会", "responsible"),
      ("市住房城乡建设局", "responsible")]),
    # 以上 is a meta remark (以上任务均需…), but 地级以上市 is part of a collective's name
    ("省发展改革委牵头，各地级以上市人民政府负责落实",
     [("省发展改革委", "lead"), ("各地级以上市人民政府", "implementing")]),
]


@pytest.mark.parametrize("clause, expected", ROLES)
def test_read_roles(clause, expected):
    assert [(m.agency, m.role) for m in read_roles(clause)] == expected


def test_a_bare_list_takes_the_column_role():
    assert [(m.agency, m.role) for m in read_roles("市公安局", 0, "lead")] == [("市公安局", "lead")]


@pytest.mark.parametrize("header, role", [
    ("牵头单位", "lead"), ("责任单位", "responsible"), ("配合单位", "supporting"),
    ("牵头部门", "lead"), ("主要责任单位", "responsible"), ("完成时限", None), ("任务", None),
])
def test_column_role(header, role):
    assert column_role(header) == role


# audit of the built graph: list items that are no agency, or carry a role word
AUDIT_LISTS = [
    ("市城市管理局会同", ["市城市管理局"]),
    ("《忻州市激励干部担当作为干事创业实施办法(试行)》", []),
    ("试行", []),
    ("市通信保障应急指挥部成员单位的联络员和有关专家", []),
    ("人民银行忻州中心支行、国家开发银行", ["人民银行忻州中心支行", "国家开发银行"]),
]


@pytest.mark.parametrize("text,expected", AUDIT_LISTS)
def test_audit_list_items(text, expected):
    from graph_builder.extractors.agency_lists import split_agencies

    assert [name for name, _span in split_agencies(text)] == expected
