"""Incremental builds: per-file extractions cached by content hash and code/settings fingerprint."""
import shutil
from pathlib import Path

from graph_builder.cache import ExtractionCache, code_version, fingerprint
from graph_builder.pipeline import build

REPO = Path(__file__).resolve().parents[2]
GAZETTES = REPO / "data" / "gazettes"
NAMES = ["xinzhou-2023-03.txt", "xinzhou-2019-02.txt"]


def _copy_inputs(folder: Path) -> Path:
    folder.mkdir()
    for name in NAMES:
        shutil.copy(GAZETTES / name, folder / name)
        (folder / name).chmod(0o644)
    return folder


def test_a_rebuild_re_extracts_only_the_changed_file_and_equals_a_clean_build(tmp_path):
    inputs = _copy_inputs(tmp_path / "in")
    out = tmp_path / "out"
    first = build([inputs], out, progress=False, workers=1)
    assert first.extracted == 2
    assert (out / "cache").is_dir()

    unchanged = build([inputs], out, progress=False, workers=1)
    assert unchanged.extracted == 0
    changed = inputs / NAMES[1]
    text = changed.read_text(encoding="utf-8")
    assert "加强" in text
    changed.write_text(text.replace("加强", "强化", 1), encoding="utf-8")

    incremental = build([inputs], out, progress=False, workers=1)
    assert incremental.extracted == 1
    clean = build([inputs], tmp_path / "clean", progress=False, workers=1, use_cache=False)
    assert not (tmp_path / "clean" / "cache").exists()
    for name in ("graph.ttl", "graph.trig"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name
    assert incremental.counts == clean.counts


def test_a_separate_cache_dir_is_used_and_kept(tmp_path):
    inputs = _copy_inputs(tmp_path / "in")
    cache = tmp_path / "cache"
    build([inputs], tmp_path / "a", progress=False, workers=1, cache_dir=cache)
    assert not (tmp_path / "a" / "cache").exists()
    again = build([inputs], tmp_path / "b", progress=False, workers=1, cache_dir=cache)
    assert again.extracted == 0
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()


def test_entries_round_trip_and_prune(tmp_path):
    cache = ExtractionCache(tmp_path, "fp1")
    cache.store("ab" * 32, "summary", {"x": 1})
    cache.store("cd" * 32, "summary", {"x": 2})
    ExtractionCache(tmp_path, "old").store("ef" * 32, "summary", 3)
    assert cache.load("ab" * 32, "summary") == {"x": 1}
    assert cache.load("00" * 32, "summary") is None
    cache.prune(["ab" * 32])
    assert cache.load("ab" * 32, "summary") == {"x": 1}
    assert cache.load("cd" * 32, "summary") is None
    assert not (tmp_path / "old").exists()
    assert not list(tmp_path.rglob(".*"))  # no temporary files left behind


def test_fingerprint_follows_code_and_settings():
    assert len(code_version()) == 64
    assert fingerprint({"base_iri": "a"}) == fingerprint({"base_iri": "a"})
    assert fingerprint({"base_iri": "a"}) != fingerprint({"base_iri": "b"})
