"""Duty lists, table-driven on real duty texts of the bundled gazettes (whole documents are in
test_tasks: duty_text, duty_table, duty_sections_traditional)."""
import pytest

from graph_builder.extractors.duties import (agency_head, duty_clauses, headed_duties,
                                             layout_pieces, row_duties)
from graph_builder.reader import read

CLAUSES = [
    # only clauses that open with 负责 (or 牵头) are tasks; 承担/会同/开展 clauses are not
    ("承担指挥部办公室有关职责；负责组织协调有关部门做好危险化学品事故应急处置的各项工作；开展危险化学品"
     "事故预防和隐患排查治理工作；负责危险化学品应急队伍、装备和设施建设。",
     ["组织协调有关部门做好危险化学品事故应急处置的各项工作", "危险化学品应急队伍、装备和设施建设"]),
    # the verb may follow a lead-in phrase of the same clause
    ("按照分级负责原则，负责市级事故应急专项经费的预算、拨付和监督使用；指导各县（市、区）建立…制度。",
     ["市级事故应急专项经费的预算、拨付和监督使用"]),
    # a short clause keeps its commas; a long one is cut at the first
    ("负责组织协调交通运力，做好应急救援物资的运输工作；协调有关部门为应急救援车辆提供绿色通道。",
     ["组织协调交通运力，做好应急救援物资的运输工作"]),
    ("负责做好新建类工业项目的事中事后监管工作，准确调度项目建设进度及投资完成情况，及时报送项目建设中"
     "需要市级有关部门协调解决的问题。", ["做好新建类工业项目的事中事后监管工作"]),
    ("负责提供降低社保费率涉及的基本养老保险、工伤保险、失业保险数据；组织相关部门共同优化社保费降率政策"
     "涉及的业务经办流程；牵头做好社保费降率政策的宣传辅导。",
     ["提供降低社保费率涉及的基本养老保险、工伤保险、失业保险数据", "做好社保费降率政策的宣传辅导"]),
    # 负责人 is a post, not a duty
    ("负责人由市应急局局长兼任。", []),
]


@pytest.mark.parametrize("text, labels", CLAUSES)
def test_duty_clauses(text, labels):
    found = duty_clauses(text, 7)
    assert [label for label, _ in found] == labels
    for label, span in found:
        assert label in text[span.start - 7:span.end - 7]


HEADS = [
    ("市财政局：负责根据授权制定…", ["市财政局"]),
    ("市能源局:负责做好能源部门(含能源企业)批复的…", ["市能源局"]),
    ("市委宣传部 负责组织协调新闻媒体做好应急新闻报道", ["市委宣传部"]),
    ("县林业局、县自然资源局：按照职责分工，负责…", ["县林业局", "县自然资源局"]),
    # role labels, posts and headings are not agency heads
    ("牵头单位：市发改委", None),
    ("组长单位:市农业农村局", None),
    ("市指挥部职责：贯彻落实市委、市政府关于…", None),
    ("主要职责:负责收集汇总相关数据", None),
]


@pytest.mark.parametrize("text, agencies", HEADS)
def test_agency_head(text, agencies):
    head = agency_head(text)
    assert (head and [name for name, _ in head[0]]) == (agencies or None)


HEADED = [
    # a table cell printing each member's duties after its name (xinzhou-2022-03, 忻政办发〔2022〕20号)
    ("市委宣传部 负责组织协调新闻媒体做好应急新闻报道，正确引导舆论。市公安局 负责做好灾情处置现场治安秩序"
     "维护工作；做好当地交通管制、疏导。",
     [("市委宣传部", "组织协调新闻媒体做好应急新闻报道，正确引导舆论", "lead"),
      ("市公安局", "做好灾情处置现场治安秩序维护工作", "lead")]),
    # a numbered item; several agencies sharing one head are each responsible
    ("（三）县林业局、县自然资源局：按照职责分工，负责森林防火宣传教育和火源管理。",
     [("县林业局", "森林防火宣传教育和火源管理", "responsible"),
      ("县自然资源局", "森林防火宣传教育和火源管理", "responsible")]),
    # a later sentence without a head stays with the agency above
    ("市市场监管局：负责参加特种设备事故调查工作。负责药品、医疗器械的质量监督管理工作。",
     [("市市场监管局", "参加特种设备事故调查工作", "lead"),
      ("市市场监管局", "药品、医疗器械的质量监督管理工作", "lead")]),
    # running text that does not open with an agency head is not a duty list
    ("各县(市、区)人民政府设立相应指挥部及其办公室，负责组织、协调和指导本行政区域应急处置工作。", []),
    ("本预案由市应急局负责解释。", []),
]


@pytest.mark.parametrize("text, expected", HEADED)
def test_headed_duties(text, expected):
    found = headed_duties(text, 3)
    assert [(d.agency, d.label, d.role) for d in found] == expected
    for duty in found:
        assert text[duty.agency_span.start - 3:duty.agency_span.end - 3] == duty.agency
        assert duty.sentence.contains(duty.agency_span) and duty.sentence.contains(duty.clause)


@pytest.fixture(scope="module")
def duty_table_rows():
    """(source, rows) of the duty table in the fixture, as the segmenter reads it."""
    from pathlib import Path

    from graph_builder.extractors.tasks import _tables_by_part
    from graph_builder.segment import segment

    path = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "tasks" / "duty_table.txt"
    document = segment(read(path)).documents[0]
    rows = [row for tables in _tables_by_part(document).values() for table in tables
            for row in table.rows]
    return document.source, rows


def _row(duty_table_rows, agency_cell_start: str):
    source, rows = duty_table_rows
    return source, next(row for row in rows if row.cells[1].startswith(agency_cell_start))


def test_layout_pieces_cut_where_the_original_had_a_space(duty_table_rows):
    # 市工信局（市国资委） 市公安局: the reader drops the space between two CJK characters
    source, row = _row(duty_table_rows, "市工信局")
    pieces = [source.slice(p) for p in layout_pieces(source, row.cell_spans[1])]
    assert pieces == ["市工信局（市国资委）", "市公安局"]


@pytest.mark.parametrize("agency_cell_start, expected", [
    # two members in one merged cell: each takes the printed run of the duty cell beside it
    ("市委宣传部", [("市发改委", "落实市级重要物资和应急储备物资动用计划和指令")]),
    ("市工信局", [("市工信局（市国资委）", "应急状态下紧缺物资生产组织工作"),
                   ("市公安局", "组织和指导属地公安机关维护事故现场及周边治安秩序")]),
    ("市民政局", [("市民政局", "指导遇难人员遗体火化工作及危险化学品事故造成基本生活困难人员的救助工作")]),
    # the commander's row names a post, not an agency
    ("分管应急", []),
])
def test_row_duties(duty_table_rows, agency_cell_start, expected):
    source, row = _row(duty_table_rows, agency_cell_start)
    found = row_duties(row.cells, row.cell_spans, source)
    assert [(d.agency, d.label) for d in found] == expected
