"""The reader on real gazette excerpts: encodings, each normalisation rule, offsets, bad input."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from graph_builder.errors import SkipInput
from graph_builder.formats.chars import fold_characters, t2s_phrases
from graph_builder.formats.lines import Line, layout_rules, should_join, split_lines, typical_line_length
from graph_builder.model import Span
from graph_builder.reader import read

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reader"
GAZETTES = sorted((ROOT / "data" / "gazettes").glob("*.txt"))
LINE_BREAKS = "\r\n\f\x1c\x1d\x1e\x85\u2028\u2029"
DASHES = "-‐‑‒–—―~－～"


def excerpt(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _phrase_pairs() -> set[tuple[str, str]]:
    """(traditional, simplified) characters that data/t2s_phrases.tsv folds inside a word (覆 -> 复)."""
    pairs = set()
    for entries in t2s_phrases().values():
        for _, traditional, simplified in entries:
            pairs.update((t, s) for t, s in zip(traditional, simplified) if t != s)
    return pairs


def came_from(normal: str, original: str) -> bool:
    """Is ``normal`` (a char of Source.text) what the reader makes of ``original``?"""
    if normal == fold_characters(original) or normal == original:
        return True
    if (original, normal) in {("<", "（"), (">", "）")} or (fold_characters(original), normal) in PHRASE_PAIRS:
        return True
    if normal == "\n":
        return original in LINE_BREAKS
    if normal == " ":
        return original in " \u3000\u00a0\u2002\u2003\u2009\u202f" or original in LINE_BREAKS
    if normal == "—":
        return original in DASHES
    return normal in "〔〕" and original in "[]［］"


PHRASE_PAIRS = _phrase_pairs()


def assert_offsets_consistent(source) -> None:
    offsets, text, original = source.offsets, source.text, source.original
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(original)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    for index, char in enumerate(text):
        assert came_from(char, original[offsets[index]]), (index, char, original[offsets[index]])


# --- encodings ----------------------------------------------------------------------------

DOC_START = excerpt("doc_start_2023-03.txt")


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


ENCODINGS = [
    # (label, how the bytes are made, the encoding read() must report)
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE with BOM", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE with BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
    ("utf-16 LE without BOM", lambda t: t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE without BOM", lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ("gb18030", lambda t: t.encode("gb18030"), "gb18030"),
    ("gbk", lambda t: t.encode("gbk"), "gb18030"),
    ("utf-8 CRLF", lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ("gb18030 CR", lambda t: t.replace("\n", "\r").encode("gb18030"), "gb18030"),
]


@pytest.mark.parametrize("label, encode, expected", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_are_detected_and_give_the_same_text(tmp_path, label, encode, expected):
    reference = read(write(tmp_path, "ref.txt", DOC_START.encode("utf-8")))
    source = read(write(tmp_path, "gazette.txt", encode(DOC_START)))
    assert source.encoding == expected
    assert source.text == reference.text
    assert "\r" not in source.text
    assert_offsets_consistent(source)


def test_big5_traditional_gazette_reads_as_simplified(tmp_path):
    traditional = _traditional(DOC_START)
    assert traditional != DOC_START
    data = traditional.encode("cp950", errors="ignore")
    source = read(write(tmp_path, "big5.txt", data))
    assert source.encoding == "big5"
    assert source.original == data.decode("cp950")
    assert "忻州市人民政府关于做好2023年安全生产工作的通知" in source.text.replace(" ", "")
    assert "安全发展" in read(write(tmp_path, "utf8.txt", traditional.encode("utf-8"))).text


def test_crlf_original_keeps_carriage_returns_and_offsets_point_into_it(tmp_path):
    source = read(write(tmp_path, "crlf.txt", DOC_START.replace("\n", "\r\n").encode("utf-8")))
    assert "\r\n" in source.original
    start = source.text.index("忻政发〔2023〕1号")
    begin, end = source.to_original(Span(start, start + len("忻政发〔2023〕1号")))
    assert source.original[begin:end] == "忻政发〔2023〕1号"
    assert source.line_of(begin) == 3


# --- normalisation rules, each on a real excerpt ----------------------------------------------

RULES = [
    # (fixture, must be in text, must not be in text)
    ("doc_start_2023-03.txt", "各县（市、区）人民政府，五台山风景名胜区管委会", "(市"),
    ("doc_start_2023-03.txt", "始终把人民群众生命安全放在第一位", "生命安\n"),
    ("doc_start_2023-03.txt", "现就做好全市2023年安全生产工作通知如下：", "2023 年"),
    ("doc_start_2023-03.txt", "\n一、聚焦“543”工作机制，完善安全责任体系\n", None),
    ("doc_start_2023-03.txt", "\n（一）强化政治引领\n", None),
    ("personnel_page_break_2022-03.txt", "白利军任五台山风景名胜区管委会副主任，试用期满", "副主\n"),
    ("personnel_page_break_2022-03.txt", "忻州市人民政府\n2022年3月30日\n", None),
    ("personnel_page_break_2022-03.txt", "忻政任〔2022〕7号\n", None),
    ("spaces_brackets_2019-02.txt", "\t裴峰\t市政府副市长", "裴 "),
    ("spaces_brackets_2019-02.txt", "李强 忻州军分区战备建设处处长", "李 强"),
    ("spaces_brackets_2019-02.txt", "忻政发〔2019〕11号", "[2019]"),
    ("spaces_brackets_2019-02.txt", "（晋自然资技审〔2019〕16号）", None),
    ("spaces_brackets_2019-02.txt", "（各县（市、区）目标待省政府下达我市目标后", "〈"),
    ("traditional_table_2023-03.txt", "忻州经济开发区管委会、五台山风景名胜区管委会", "經濟"),
    ("traditional_table_2023-03.txt", "市直各部门，各县（市、区）政府", "部門"),
    ("traditional_table_2023-03.txt", "1\t强化政治引领\t各级各部门", None),
    ("members_2019-02.txt", "赵凯 忻州市水文分局局长", "赵 凯"),
    ("members_2019-02.txt", "\n成员：有关单位主要或分管负责人\n", "成 员"),
    ("members_2019-02.txt", "承担防汛抗旱指挥部日常工作，制定、修订", None),
    ("members_2019-02.txt", "李建峰 武警忻州支队支队长\n", None),
    # the signature never continues the 附件 line above it
    ("attachment_signature_2019-02.txt", "附件：忻州市推行终身职业技能培训联席会议制度\n\n忻州市人民政府\n\n2019年7月11日",
     "制度忻州市"),
    # the blanks of a form stay as printed (not taken for __emphasis__)
    ("form_blanks_2022-03.txt", "\n_____县（区）沧榆高速（山西段）", None),
    # ASCII angle brackets as nested parentheses
    ("angle_brackets_2022-03.txt", "各相关县（市、区）人民政府）", "<"),
    # roster and editorial lines stay apart
    ("editorial_board_2022-03.txt", "孟春萍 杨益诚 邵文生\n", "兰艇跃孟春萍"),
    ("editorial_board_2022-03.txt", "\n编辑：刘江 蒙永茂\n\n校对：李波", "蒙永茂校对"),
    ("editorial_board_2022-03.txt", "边琳\n\n刘建国 张建平", "边琳刘建国"),
    ("roster_2019-02.txt", "\n裴峰 市政府副市长\n\n副组长：", "副市长副组长"),
    ("roster_2019-02.txt", "\n岳利文 市农业农村局副局长（主持工作）\n\n贺雄 市杂粮产业发展中心主任\n", None),
    # a roster with posts only and post + name members (composed excerpt in the genre): every
    # member stays on its line, the last one does not run into the 办公室设在 sentence …
    ("roster_posts_composed.txt", "\n副组长：田野 副市长\n\n市政府分管副秘书长\n", "副市长市政府"),
    ("roster_posts_composed.txt", "\n市委网信办分管负责同志\n\n孟凡 市文旅局局长\n\n市财政局局长\n", "同志孟凡"),
    ("roster_posts_composed.txt", "\n各县（市、区）政府分管负责同志\n\n领导小组办公室设在市文旅局，", "同志领导小组"),
    # … while a member cut by a page break is joined (副秘|书长, 规|划局局长, an open bracket)
    ("roster_posts_composed.txt", "\n成员：钱丽华 市政府副秘书长\n\n市委网信办", "副秘书长市委"),
    ("roster_posts_composed.txt", "\n市自然资源和规划局局长\n\n市交通运输局（市公路事业发展中心）主任\n", None),
    # and sentences after the roster still join across page breaks
    ("roster_posts_composed.txt", "办公室主任由市文旅局局长孟凡同志兼任。", None),
    ("roster_posts_composed.txt", "协调推进文旅资源保护利用。", None),
]


@pytest.mark.parametrize("fixture, present, absent", RULES)
def test_normalisation_rule_on_real_excerpt(tmp_path, fixture, present, absent):
    source = read(FIXTURES / fixture)
    assert present in source.text
    if absent:
        assert absent not in source.text
    assert_offsets_consistent(source)


# (line before the break, line after it, the text line after that, joined?) — real line pairs;
# every case is checked in a file of fixed-width lines too (full_length = the first line's length),
# where a full line is otherwise joined to the next
JOIN_CASES = [
    ("副主任：薛治国 孟春萍 杨益诚 边琳", "刘建国 王国良 邵文生 张建平", "委员：兰艇跃 安茂", False),
    ("编辑：刘江 蒙永茂", "校对：李波", "《忻州市人民政府公报》简介", False),
    ("组长：裴峰 市委常委、常务副市长", "副组长：王月娥 市人民政府副市长", None, False),
    ("郑连生 市委副书记、市长", "裴峰 市政府副市长", "副组长：", False),
    ("附件：重点任务分工", "忻州市人民政府", "2023年2月26日", False),
    ("附件：忻州市推行终身职业技能培训联席会议制度", "忻州市人民政府", "2019年7月11日", False),
    ("附件：忻州市铁路沿线安全环境治理“双段长”责任人员名单及联系方式名单", "忻州市人民政府办公室",
     "2021年8月19日", False),
    ("要时刻牢记安全生产“国之大者”，始终把人民群众生命安", "全放在第一位，从捍卫“两个确立”", None, True),
    ("办公室主要职责：承担防汛抗旱指挥部日常", "工作，制定、修订防汛抗旱专项应急预案", None, True),
]


@pytest.mark.parametrize("fixed_width", [False, True])
@pytest.mark.parametrize("before, after, following, joined", JOIN_CASES)
def test_line_join_decisions(before, after, following, joined, fixed_width):
    rules = layout_rules()
    line = lambda text: Line(0, len(text), len(text) + 1, text)  # noqa: E731
    full_length = len(before) if fixed_width else None
    assert should_join(line(before), line(after), full_length, rules,
                       line(following) if following else None) is joined


# line pairs inside a roster (``in_roster``: the line before the break is a roster line, i.e. it
# starts with a role label or follows one without a sentence in between) — composed in the genre
ROSTER_CASES = [
    ("成员：张立新 市政府副秘书长", "市委统战部分管负责同志", False),
    ("市委统战部分管负责同志", "吴敏 市科技局局长", False),
    ("吴敏 市科技局局长", "市审计局主要负责同志", False),
    ("成员：市工信局主任", "市商务局局长", False),
    ("市城乡建设和规划局局长", "市应急管理局局长", False),
    ("市港务局（市口岸办）局长", "某某海关分管负责同志", False),
    ("市司法局副局长（主持工作）", "市统计局局长", False),
    ("各县（市、区）政府主要负责同志", "领导小组办公室设在市商务局，办公室主任由市商务局局长兼任。", False),
    ("各区人民政府分管负责同志", "指挥部办公室设在市应急局，负责日常工作。", False),
    # a member cut by a page break
    ("成员：张立新 市政府副秘", "书长", True),
    ("市城乡建设和规", "划局局长", True),
    ("市港务局（市口", "岸办）局长", True),
]


@pytest.mark.parametrize("fixed_width", [False, True])
@pytest.mark.parametrize("before, after, joined", ROSTER_CASES)
def test_roster_lines_are_never_joined(before, after, joined, fixed_width):
    rules = layout_rules()
    line = lambda text: Line(0, len(text), len(text) + 1, text)  # noqa: E731
    full_length = len(before) if fixed_width else None
    assert should_join(line(before), line(after), full_length, rules, None, in_roster=True) is joined


def test_roster_posts_read_alike_in_big5(tmp_path):
    """The traditional-script, Big5-encoded rendering of a roster keeps the same lines."""
    text = excerpt("roster_posts_composed.txt")
    traditional = _traditional(text).replace("爲", "為")  # Big5 has the Taiwan form of 为
    path = write(tmp_path, "roster.txt", traditional.encode("big5"))
    source = read(path)
    assert source.encoding == "big5"
    assert source.text == read(FIXTURES / "roster_posts_composed.txt").text
    assert_offsets_consistent(source)


def _lines(text: str) -> list[Line]:
    return split_lines(text, set())


def test_full_line_length_only_for_files_of_page_lines():
    """A file of physical page lines has a width; a short file of roster lines and paragraphs
    has a most frequent length (the 10-char minimum) but no width."""
    prose = "各地区各部门要深入贯彻落实党中央国务院决策部署，统筹推进生态环境保护督察整改工作，" * 20
    wrapped = "\n".join(prose[i:i + 28] for i in range(0, len(prose), 28))
    assert typical_line_length(_lines(wrapped)) == 28
    roster = "\n\n".join(["成员：张立新 市政府副秘书长", "市委统战部分管负责同志", "吴敏 市科技局局长"] * 3
                         + ["市审计局主要负责同志"] * 8 + [prose[:60], prose[:45], prose[:90]] * 3)
    assert typical_line_length(_lines(roster)) is None


def test_running_headers_are_dropped_and_tables_kept():
    source = read(FIXTURES / "running_headers_2022-03.txt")
    assert "公报" not in source.text
    assert source.text.count("序号\t项目名称\t建设地点\t备注") == 3
    assert "59\t美工装配式建筑股份有限公司" in source.text
    assert "\n60\t原平市新星炭黑有限公司年产15万吨炭黑项目" in source.text


CHARACTER_RULES = [
    # synthetic lines for the one-character rules; the genre samples are quoted in the comments
    ("忻政办发[2022]15号", "忻政办发〔2022〕15号"),
    ("忻政办发［2022］15号", "忻政办发〔2022〕15号"),
    ("实施方案(2023-2025年)", "实施方案（2023—2025年）"),
    ("实施方案（2023——2025年）", "实施方案（2023—2025年）"),
    ("实施方案(2023～2025年)", "实施方案（2023—2025年）"),
    ("电话：0350-3038888", "电话：0350-3038888"),
    ("投资１，２００万元，占比３５％", "投资1，200万元，占比35%"),
    ("投资1,200万元", "投资1,200万元"),
    ("上午8:30在市政府", "上午8:30在市政府"),
    ("网址:http://www.xinzhou.gov.cn", "网址：http://www.xinzhou.gov.cn"),
    ("负责人:张三;联系人:李四", "负责人：张三；联系人：李四"),
    ("「十四五」規劃", "“十四五”规划"),
    ("市\u3000发\u3000改\u3000委", "市发改委"),
    ("各县\u200b(市、区)", "各县（市、区）"),
    ("2023 年 3 月 20 日", "2023年3月20日"),
    ("忻政发〔2023〕1 号", "忻政发〔2023〕1号"),
    ("忻州 XIN ZHOU SHI", "忻州XIN ZHOU SHI"),
    # words whose traditional form keeps a character the one-to-one fold leaves alone
    ("雄忻高鐵五臺山段徵收補償安置方案的批覆", "雄忻高铁五台山段征收补偿安置方案的批复"),
    ("反覆研究，煤質抽檢覆蓋率達到10%", "反复研究，煤质抽检覆盖率达到10%"),
    ("各縣<市、區>人民政府", "各县（市、区）人民政府"),
    ("<p>各县（市、区）</p>", "各县（市、区）"),
]


@pytest.mark.parametrize("line, expected", CHARACTER_RULES)
def test_character_rules(tmp_path, line, expected):
    source = read(write(tmp_path, "line.txt", (line + "\n").encode("utf-8")))
    assert source.text == expected + "\n"
    assert_offsets_consistent(source)


# --- whole gazettes ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", GAZETTES, ids=[p.stem for p in GAZETTES])
def test_bundled_gazettes_offsets_round_trip(path):
    source = read(path)
    assert source.encoding == "utf-8"
    assert source.original == path.read_text(encoding="utf-8")
    assert_offsets_consistent(source)
    start = source.text.index("人民政府")
    assert source.original_slice(Span(start, start + 4)) == "人民政府"


def test_no_running_header_survives_in_bundled_gazettes():
    for path in GAZETTES:
        lines = read(path).text.split("\n")
        assert not any(line.endswith("忻州市人民政府公报") and "期" in line for line in lines), path


# --- bad input ------------------------------------------------------------------------------------

BAD_INPUTS = [
    ("empty.txt", b"", "empty"),
    ("nul.txt", b"\x00" * 4096, "NUL"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "PNG"),
    ("zip.txt", b"PK\x03\x04" + bytes(200), "ZIP"),
    ("english.txt", b"The State Council gazette, in English only.\n" * 20, "no Chinese"),
    ("controls.txt", ("忻州" + "\x01\x02\x03\x04" * 50).encode("utf-8"), "control"),
    ("garbage.txt", bytes([0x80, 0xFF, 0x81, 0xFE, 0x30]) * 50, "decode"),
]


@pytest.mark.parametrize("name, data, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_skipped_with_the_file_named(tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(SkipInput) as caught:
        read(path)
    assert str(path) in str(caught.value)
    assert message.lower() in str(caught.value).lower()


def test_missing_path_and_directory_are_skipped(tmp_path):
    for path, message in ((tmp_path / "missing.txt", "no such file"), (tmp_path, "directory")):
        with pytest.raises(SkipInput) as caught:
            read(path)
        assert message in str(caught.value) and str(path) in str(caught.value)


def test_undecodable_bytes_name_the_line(tmp_path):
    data = "忻州市人民政府\n第二行\n".encode("utf-8") + b"\xff\xfe\xff\x00\x01" * 40
    with pytest.raises(SkipInput) as caught:
        read(write(tmp_path, "broken.txt", data))
    assert caught.value.line == 3


def test_a_line_of_megabytes_is_read(tmp_path):
    line = "各级各部门要牢固树立安全发展理念，" * 200_000  # 3.4 million characters, no line break
    source = read(write(tmp_path, "long.txt", line.encode("utf-8")))
    assert source.text == line
    assert source.offsets[-1] == len(line)
