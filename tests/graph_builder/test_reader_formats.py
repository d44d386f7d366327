"""HTML portal pages, .docx and .pdf gazettes built at test time from real excerpts."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.errors import SkipInput
from graph_builder.reader import read, read_text

from .test_reader import assert_offsets_consistent, excerpt

PARAGRAPHS = [line for line in excerpt("doc_start_2023-03.txt").split("\n") if line.strip()]
TABLE_ROWS = [line.split("\t") for line in excerpt("traditional_table_2023-03.txt").split("\n") if "\t" in line]
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

PORTAL_PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_忻州市人民政府</title>
<script>var nav = "首页 政务公开";</script><style>.x{{color:red}}</style></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<table class="xxgk"><tr><td>索引号：</td><td>11140900012345678X/2023-00012</td><td>主题分类：</td><td>安全生产</td></tr>
<tr><td>发文机关：</td><td>忻州市人民政府</td><td>成文日期：</td><td>2023年02月24日</td></tr>
<tr><td>标　　题：</td><td>{title}</td><td>文　　号：</td><td>忻政发[2023]1号</td></tr></table>
<div id="zoom" class="TRS_Editor">{body}</div>
<footer>主办：忻州市人民政府办公室 晋ICP备05001234号</footer></body></html>"""


def portal_page(charset: str) -> str:
    body = "".join(f"<p style='text-indent:2em'>{p}</p>" for p in PARAGRAPHS[2:])
    return PORTAL_PAGE.format(charset=charset, title=PARAGRAPHS[0], body=body)


@pytest.mark.parametrize("charset, codec", [("utf-8", "utf-8"), ("gb2312", "gb18030")])
def test_portal_page_gives_article_body_and_metadata(tmp_path, charset, codec):
    path = tmp_path / "article.html"
    path.write_bytes(portal_page(charset).encode(codec))
    source = read(path)
    assert source.meta["number"] == "忻政发〔2023〕1号"
    assert source.meta["issuer"] == "忻州市人民政府"
    assert source.meta["signed"] == "2023年02月24日"
    assert "始终把人民群众生命安" in source.text and "一、聚焦“543”工作机制" in source.text
    for noise in ("首页", "var nav", "晋ICP备", "color:red"):
        assert noise not in source.original
    assert_offsets_consistent(source)


def test_a_folder_build_reads_portal_pages_beside_text_files(tmp_path):
    import json

    from graph_builder.pipeline import build

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "article.html").write_bytes(portal_page("utf-8").encode("utf-8"))
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    report = build([folder], tmp_path / "var", progress=False, workers=1)
    inputs = json.loads((Path(report.out_dir) / "build.json").read_text(encoding="utf-8"))["inputs"]
    assert [Path(i["path"]).name for i in inputs] == ["article.html"]
    assert report.counts.get("gkg:Document", 0) >= 1


def test_html_page_without_chinese_article_is_skipped(tmp_path):
    path = tmp_path / "empty.htm"
    path.write_text("<html><body><div id='content'>404 Not Found</div></body></html>", encoding="utf-8")
    with pytest.raises(SkipInput, match="Chinese"):
        read(path)


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = PARAGRAPHS[0]
    for paragraph in PARAGRAPHS[:4]:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=0, cols=len(TABLE_ROWS[0]))
    for cells in TABLE_ROWS:
        row = table.add_row()
        for cell, value in zip(row.cells, cells):
            cell.text = value
    document.add_paragraph(PARAGRAPHS[4])
    path = tmp_path / "gazette.docx"
    document.save(path)
    source = read(path)
    assert source.encoding == "docx" and source.meta["title"] == PARAGRAPHS[0]
    assert "\n序号\t任务\t主要内容\t责任单位\n" in source.text
    assert "忻州经济开发区管委会" in source.text  # traditional 經濟 in the table folded
    assert source.text.index("序号") < source.text.index("一、聚焦")
    assert_offsets_consistent(source)


def test_a_zip_that_is_not_a_word_document_is_skipped(tmp_path):
    import zipfile

    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "忻州")
    with pytest.raises(SkipInput, match="docx"):
        read(path)


def _pdf(pages) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=11)
    pdf.set_auto_page_break(False)
    for number, columns in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_xy(10, 8)
        pdf.cell(0, 6, "忻州市人民政府公报 2023年第3期")
        width = 190 / len(columns)
        for index, text in enumerate(columns):
            pdf.set_xy(10 + index * width, 30)
            pdf.multi_cell(width - 8, 7, text)
        pdf.set_xy(95, 285)
        pdf.cell(20, 6, f"— {number} —")
    return bytes(pdf.output())


@pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-zenhei not installed (.ci/run installs it)")
def test_pdf_pages_in_order_columns_read_left_first_headers_dropped(tmp_path):
    path = tmp_path / "gazette.pdf"
    path.write_bytes(_pdf([[PARAGRAPHS[3]], [PARAGRAPHS[5]], [PARAGRAPHS[6], PARAGRAPHS[7]],
                           [PARAGRAPHS[8]]]))
    source = read(path)
    assert source.meta["pages"] == 4
    text = source.text
    assert text.count("公报") == 1  # kept once as the cover title, dropped as a running header
    assert "— 2 —" not in text and "— 4 —" not in text
    expected = [read_text(p).text.strip() for p in (PARAGRAPHS[3], PARAGRAPHS[5], PARAGRAPHS[6],
                                                    PARAGRAPHS[7], PARAGRAPHS[8])]
    positions = [text.index(paragraph[:12]) for paragraph in expected]
    assert positions == sorted(positions)  # pages in order, left column before right column
    assert expected[0] in text  # the wrapped lines of one paragraph are joined again
    assert "\n（一）强化政治引领\n" in text  # the left column is not glued to the right one
    assert_offsets_consistent(source)


def test_pdf_that_is_not_a_pdf_is_skipped(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(SkipInput):
        read(path)
