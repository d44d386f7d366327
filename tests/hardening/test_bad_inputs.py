"""Bad input through the command line (`python -m graph_builder build … --out DIR`), as a user meets it.

Each bad file is named in a clear message, the run goes on with the good file (exit 1: some inputs
skipped), and a build in which nothing could be read exits 3 and leaves the last good build as it was.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.hardening.conftest import SMALLEST, run_cli


def binary(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def all_nul(path: Path) -> Path:
    path.write_bytes(b"\x00" * 65536)
    return path


def not_chinese(path: Path) -> Path:
    path.write_text("Official Gazette of the City Council\n\nNotice on spring planting.\n" * 200, encoding="utf-8")
    return path


def a_directory(path: Path) -> Path:  # named like an input file, but a folder (unreadable as a file)
    path.mkdir()
    return path


def broken_symlink(path: Path) -> Path:
    path.symlink_to(path.parent / "gone-away.txt")
    return path


def missing(path: Path) -> Path:
    return path


def fifo(path: Path) -> Path:  # reading it would block for ever: it must be refused, not opened
    os.mkfifo(path)
    return path


def no_permission(path: Path) -> Path:
    path.write_text(SMALLEST.read_text(encoding="utf-8"), encoding="utf-8")
    path.chmod(0)
    return path


BAD = [  # (file name, maker, words the message must contain besides the file's path)
    ("binary.txt", binary, ["binary"]),
    ("empty.txt", empty, ["empty"]),
    ("nul.txt", all_nul, ["nul"]),
    ("english.txt", not_chinese, ["chinese"]),
    ("folder.txt", a_directory, ["no input"]),
    ("dangling.txt", broken_symlink, ["no such file"]),
    ("missing.txt", missing, ["no such file"]),
    ("pipe.txt", fifo, []),
    ("locked.txt", no_permission, ["permission"]),
]
BAD = [entry if type(entry) is not tuple else pytest.param(*entry, id=entry[0]) for entry in BAD]


def make(tmp_path: Path, name, maker) -> Path:
    if maker is no_permission and os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not stop reading (folder/dangling/pipe rows cover it)")
    return maker(tmp_path / name)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("good") / "var"
    result = run_cli("build", SMALLEST, "--out", out, "-q")
    assert result.returncode == 0, result.stderr
    return out


def snapshot(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] in ("store", "graph.ttl", "graph.trig", "build.json")}


@pytest.mark.parametrize("name, maker, words", BAD)
def test_bad_input_is_named_and_the_good_file_is_built(tmp_path, name, maker, words):
    bad = make(tmp_path, name, maker)
    out = tmp_path / "var"
    result = run_cli("build", bad, SMALLEST, "--out", out, "-q", timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert lines, f"{bad} is not named in:\n{result.stderr}"
    if words:
        assert all(word in lines[0].lower() for word in words), lines
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert [Path(i["path"]).name for i in report["inputs"]] == [SMALLEST.name]
    assert any(str(bad) in message for message in report["skipped"])


@pytest.mark.parametrize("name, maker, words", BAD)
def test_a_build_with_no_readable_input_exits_3_and_keeps_the_last_good_build(good_build, tmp_path, name, maker,
                                                                             words):
    bad = make(tmp_path, name, maker)
    before = snapshot(good_build)
    result = run_cli("build", bad, "--out", good_build, "-q", timeout=300)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and str(bad) in result.stderr
    assert snapshot(good_build) == before
    assert not [p for p in good_build.parent.iterdir() if p.name.startswith(".")]  # no temp dir left behind


def test_a_line_of_megabytes_is_built_not_a_crash(tmp_path):
    """One line of 1.25 million characters (3.75 MB, over spaCy's 1,000,000-character limit) of real prose (a PDF converted without line breaks)."""
    long_line = tmp_path / "one-line.txt"
    head = "忻州市人民政府关于加强安全生产工作的通知\n忻政发〔2023〕9号\n各县（市、区）人民政府，市直各单位：\n"
    long_line.write_text(head + "各级各部门要牢固树立安全发展理念，落实属地管理责任。" * 50_000 + "\n",
                         encoding="utf-8")
    out = tmp_path / "var"
    result = run_cli("build", long_line, SMALLEST, "--out", out, "-q", timeout=600)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr[-3000:]
    if result.returncode == 1:
        assert str(long_line) in result.stderr
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert SMALLEST.name in [Path(i["path"]).name for i in report["inputs"]]


def test_an_empty_folder_says_so_and_replaces_nothing(good_build, tmp_path):
    before = snapshot(good_build)
    result = run_cli("build", tmp_path, "--out", good_build, "-q")
    assert result.returncode == 3 and "no input" in result.stderr.lower()
    assert snapshot(good_build) == before


def test_permissions_of_the_output_are_not_widened(good_build):
    mode = stat.S_IMODE(os.stat(good_build / "build.json").st_mode)
    assert not mode & stat.S_IWOTH
