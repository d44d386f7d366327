"""Resolution: table-driven alias cases, city scoping, traditional forms, definitions, hierarchy."""
import pytest

from graph_builder.model import Document, OrgMention, Records, Section, Source, Span
from graph_builder.resolve import Resolution, fold, resolve

SAME_ORGANISATION = [
    ("忻州市", ["市住建局", "市住房和城乡建设局", "市住房城乡建设局", "忻州市住房和城乡建设局", "忻州住建局"],
     "忻州市住房和城乡建设局"),
    ("忻州市", ["市政府", "忻州市人民政府", "市人民政府", "忻州市政府"], "忻州市人民政府"),
    ("忻州市", ["市发改委", "市发展改革委", "市发展和改革委员会"], "忻州市发展和改革委员会"),
    ("忻州市", ["市卫健委", "市卫生健康委"], "忻州市卫生健康委员会"),
    ("忻州市", ["市市场监管局", "市市场监督管理局"], "忻州市市场监督管理局"),
    ("忻州市", ["市应急局", "市应急管理局"], "忻州市应急管理局"),
    ("忻州市", ["市文旅局", "市文化和旅游局"], "忻州市文化和旅游局"),
    ("忻州市", ["市人社局", "市人力资源社会保障局"], "忻州市人力资源和社会保障局"),
    ("忻州市", ["市政府办公室", "忻州市人民政府办公室"], "忻州市人民政府办公室"),
    ("忻州市", ["市委组织部", "中共忻州市委组织部"], "中共忻州市委组织部"),
    ("忻州市", ["各县(市、区)政府", "各县（市、区）人民政府", "各县〈市、区〉人民政府"], "各县（市、区）人民政府"),
    ("忻州市", ["忻州經濟开发区管委会", "忻州经济开发区管理委员会"], "忻州经济开发区管理委员会"),
    ("忻州市", ["國務院辦公廳", "国务院办公厅"], "国务院办公厅"),
    ("太原市", ["市住建局", "太原市住房和城乡建设局"], "太原市住房和城乡建设局"),
]


@pytest.mark.parametrize("city,surfaces,canonical", SAME_ORGANISATION)
def test_surfaces_resolve_to_one_organisation(city, surfaces, canonical):
    resolution = Resolution(city=city)
    organisations = {id(resolution.organisation(s, city)) for s in surfaces}
    assert len(organisations) == 1
    org = resolution.organisation(surfaces[0], city)
    assert org.canonical == canonical
    assert set(surfaces) <= org.aliases


@pytest.mark.parametrize("a,b", [
    (("市住建局", "忻州市"), ("市住建局", "太原市")),
    (("市公安局", "忻州市"), ("县公安局", "忻州市")),
    (("忻州市公安局", "忻州市"), ("太原市公安局", "忻州市")),
    (("市政府", "忻州市"), ("市政府办公室", "忻州市")),
])
def test_distinct_organisations_never_merge(a, b):
    resolution = Resolution(city="忻州市")
    assert resolution.organisation(*a) is not resolution.organisation(*b)


@pytest.mark.parametrize("surface,city,scope", [
    ("市住建局", "忻州市", "忻州市"), ("太原市公安局", "忻州市", "太原市"), ("国务院", "忻州市", ""),
    ("山西省人民政府办公厅", "忻州市", ""), ("忻府区人民政府", "忻州市", "忻州市")])
def test_city_scope(surface, city, scope):
    assert Resolution(city=city).organisation(surface, city).city == scope


@pytest.mark.parametrize("surface,parent", [
    ("市政府办公室", "忻州市人民政府"), ("市公安局交警支队", "忻州市公安局"), ("市应急局", None)])
def test_stated_hierarchy(surface, parent):
    assert Resolution(city="忻州市").organisation(surface).parent == parent


@pytest.mark.parametrize("surface,kind", [
    ("市政府", "government"), ("市住建局", "department"), ("市委宣传部", "party"),
    ("市人大常委会", "congress"), ("市疾控中心", "institution"), ("各县（市、区）人民政府", "collective"),
    ("市森林草原防灭火指挥部", "group")])
def test_kinds(surface, kind):
    assert Resolution(city="忻州市").organisation(surface).kind == kind


def test_fold_does_not_depend_on_reader():
    assert fold("忻州經濟開發區 管委會") == fold("忻州经济开发区管委会")
    assert fold("各县(市、区)") == fold("各县（市、区）")


def _records(text: str, mentions: list[OrgMention]) -> Records:
    source = Source(path="x", original=text, text=text, offsets=None, encoding="utf-8")
    doc = Document(number="忻政办发〔2023〕8号", title="t", issuer="忻州市人民政府办公室", date=None,
                   recipients=["各县（市、区）人民政府", "市直各有关单位"], body=Section(0, "", "", Span(0, len(text))),
                   span=Span(0, len(text)), source=source, city="忻州市")
    return Records(document=doc, orgs=mentions)


def test_resolve_uses_in_text_definitions_and_document_fields():
    text = "市生产安全事故应急指挥部（以下简称市指挥部）下设办公室"
    mention = OrgMention("市生产安全事故应急指挥部", Span(0, 12), "d", "group", defined_alias="市指挥部")
    resolution = resolve([_records(text, [mention])], "忻州市")
    defined = resolution.organisation("市指挥部", "忻州市")
    assert defined.canonical == "忻州市生产安全事故应急指挥部"
    assert {"市指挥部", "市生产安全事故应急指挥部"} <= defined.aliases
    canon = {o.canonical for o in resolution.organisations()}
    assert {"忻州市人民政府办公室", "忻州市人民政府", "各县（市、区）人民政府"} <= canon


def test_person_names_lose_inner_spaces():
    resolution = Resolution(city="忻州市")
    assert resolution.person("裴   峰").name == "裴峰"
    assert resolution.person("裴峰") is resolution.person("裴 峰")


# --- audit of the built graph: canonical forms, kinds, two names of one body ----------------------

CANONICAL = [  # (surface as written in the gazettes, canonical)
    ("市减灾委员会", "忻州市减灾委员会"),  # 减灾委 -> 减灾委员会 is not applied to the full name
    ("忻州市卫生健康委员会", "忻州市卫生健康委员会"),
    ("各县（市、区）人民政府府", "各县（市、区）人民政府"),  # doubled tail: a typo
    ("市城市管理管理局", "忻州市城市管理局"),
    ("市县交通运输部门", "市县交通运输部门"),  # a tier, not 市 + 县交通运输部门
    ("市县两级政府", "市县两级人民政府"),
    ("市级技术创新中心", "市级技术创新中心"),
    ("市级国资监管部门", "市级国资监管部门"),
    ("市场监管部门", "市场监管部门"),  # 市场 is a word, not the city prefix
    ("市城市管理局会同", "忻州市城市管理局"),  # a role word glued on
    ("完善爱国卫生运动委员会", "爱国卫生运动委员会"),  # a verb glued before
    ("深刻领会省委", "省委"),
    ("新建中共代县县委", "中共代县县委"),
    ("繁峙县人民政府", "繁峙县人民政府"),  # jieba tags 繁峙 as a verb: a place is never cut
    ("偏关县人大常委会", "偏关县人民代表大会常务委员会"),
    ("新建路办事处", "新建路办事处"),  # a street name, not 新建 + 路办事处
    ("相关县人民政府", "相关县人民政府"),
    ("五台山风景区管委会", "五台山风景名胜区管理委员会"),
    ("市发展和改革委", "忻州市发展和改革委员会"),  # a half-expanded abbreviation
    ("市规划自然资源局", "忻州市规划和自然资源局"),
]


@pytest.mark.parametrize("surface,canonical", CANONICAL)
def test_canonical_forms(surface, canonical):
    assert Resolution(city="忻州市").organisation(surface).canonical == canonical


TWO_NAMES = [  # X（Y）: one organisation bearing both names
    ("市公用事业中心（市供气供热服务中心）", "市供气供热服务中心", "忻州市公用事业中心"),
    ("市工信局（市国资委）", "市国资委", "忻州市工业和信息化局"),
    ("忻州市应急救援总指挥部（忻州市减灾委员会）", "市减灾委员会", "忻州市应急救援总指挥部"),
]


@pytest.mark.parametrize("bracketed,other,canonical", TWO_NAMES)
def test_bracket_form_is_one_organisation_with_two_names(bracketed, other, canonical):
    resolution = Resolution(city="忻州市")
    org = resolution.organisation(bracketed)
    assert org.canonical == canonical
    assert resolution.organisation(other) is org
    assert {bracketed} <= org.aliases


@pytest.mark.parametrize("surface", ["各县（市、区）人民政府", "乡（镇）人民政府"])
def test_admin_brackets_are_not_two_names(surface):
    assert "（" in Resolution(city="忻州市").organisation(surface).canonical


@pytest.mark.parametrize("a,b", [
    (("五台县人民政府", "忻州市"), ("代县人民政府", "忻州市")),
    (("市县交通运输部门", "忻州市"), ("市交通运输局", "忻州市")),
    (("市级财政部门", "忻州市"), ("市财政局", "忻州市")),
    (("市县交通运输部门", "忻州市"), ("市县交通运输部门", "太原市")),
    (("有关部门", "忻州市"), ("有关部门", "太原市")),
    (("市公用事业中心", "忻州市"), ("市公用事业中心", "太原市")),
])
def test_audit_pairs_never_merge(a, b):
    resolution = Resolution(city="忻州市")
    assert resolution.organisation(*a) is not resolution.organisation(*b)


KINDS = [
    ("忻州市工业学校", "institution"), ("忻州市第三人民医院", "institution"), ("忻州日报社", "institution"),
    ("市总工会", "institution"), ("山西禹王煤炭气化有限公司", "enterprise"), ("市直机关工委", "party"),
    ("五台山党工委", "party"), ("市生产安全事故应急指挥部", "group"), ("综合保障组", "group"),
    ("医学救护组", "group"), ("有关部门", "collective"), ("各生产经营单位", "collective"),
    ("县级人民政府", "collective"), ("事发地人民政府", "collective"), ("县人民政府", "collective"),
    ("乡镇人民政府", "collective"), ("市县两级政府", "collective"), ("村民委员会", "collective"),
    ("上级指挥部", "collective"), ("五台县人民政府", "government"), ("市政府", "government"),
    ("国网忻州供电公司", "state_enterprise"), ("中国移动忻州分公司", "state_enterprise"),
    ("市城乡建设开发有限公司", "state_enterprise"), ("人民银行忻州中心支行", "state_enterprise"),
    ("山西晓洁环保科技有限公司", "enterprise"), ("繁峙道威储能技术有限公司", "enterprise"),
]


@pytest.mark.parametrize("surface,kind", KINDS)
def test_audit_kinds(surface, kind):
    assert Resolution(city="忻州市").organisation(surface).kind == kind


def test_office_never_absorbs_its_host_department():
    resolution = Resolution(city="忻州市")
    office = resolution.organisation("市改善城市人居环境工作领导小组办公室（市住建局）")
    resolution.define("市住建局", "市改善城市人居环境工作领导小组办公室")
    assert resolution.organisation("忻州市住房和城乡建设局") is not office
