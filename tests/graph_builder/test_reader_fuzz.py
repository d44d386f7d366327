"""read() on arbitrary bytes and text: a Source with consistent offsets, or SkipInput."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings, strategies as st

from graph_builder.errors import SkipInput
from graph_builder.reader import read

from .test_reader import assert_offsets_consistent, excerpt

GAZETTE_TEXT = excerpt("doc_start_2023-03.txt") + excerpt("members_2019-02.txt")
GENRE_CHARS = st.sampled_from(list(set(GAZETTE_TEXT)) + list(" \u3000\t\r\n()（）〈〉[]［］:,;-—～#*<>經濟區"))


def read_bytes(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.txt"
        path.write_bytes(data)
        try:
            return read(path)
        except SkipInput as error:
            assert str(path) in str(error)
            return None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_source_or_skip(data):
    source = read_bytes(data)
    if source is not None:
        assert_offsets_consistent(source)


@settings(max_examples=300, deadline=None)
@given(st.text(GENRE_CHARS, min_size=1, max_size=400), st.sampled_from(["utf-8", "utf-16", "gb18030"]))
def test_gazette_like_text_keeps_offsets_consistent(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    source = read_bytes(data)
    if source is not None:
        assert_offsets_consistent(source)
        assert "\r" not in source.text
