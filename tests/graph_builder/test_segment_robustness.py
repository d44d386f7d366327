"""segment(read(file)) never crashes: it returns an issue or raises SkipInput."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from graph_builder.errors import SkipInput
from graph_builder.model import GazetteIssue
from graph_builder.reader import read
from graph_builder.segment import segment

GENRE_PIECES = ["忻政发〔2023〕1号", "关于", "的通知", "附件：", "1.", "（一）", "一、", "第一条", "\t", "\n",
                "2023年2月26日", "（此件公开发布）", "各县（市、区）人民政府：", "目 录", "【文件】", " (2)",
                "忻州市人民政府", "公报", "2023年第3期", "《", "》", "附件1：", "序号\t任务"]

text_strategy = st.lists(st.one_of(st.sampled_from(GENRE_PIECES), st.text(max_size=20)), max_size=60) \
    .map("".join)


@settings(max_examples=150, deadline=None)
@given(text_strategy)
def test_segment_returns_or_skips(text):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "input.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            issue = segment(read(path))
        except SkipInput:
            return
        assert isinstance(issue, GazetteIssue)
        for doc in issue.documents:
            assert 0 <= doc.span.start <= doc.span.end <= len(doc.source.text)
