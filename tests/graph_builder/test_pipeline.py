"""pipeline.build over the bundled gazettes and over small real inputs: outputs, determinism,
atomic replacement, skipped inputs and NoInput."""
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.errors import NoInput
from graph_builder.pipeline import build, expand_paths
from graph_builder.store import open_store

REPO = Path(__file__).resolve().parents[2]
GAZETTES = REPO / "data" / "gazettes"
SMALLEST = GAZETTES / "xinzhou-2023-03.txt"


def test_build_writes_the_data_directory(bundled_dir):
    for name in ("store", "graph.ttl", "graph.trig", "build.json", "sources"):
        assert (bundled_dir / name).exists(), name


def test_one_named_graph_per_issue_and_one_for_the_ontology(bundled_store, bundled_build):
    graphs = {g.value for g in bundled_store.named_graphs()}
    issues = {entry.issue_iri for entry in bundled_build.inputs}
    assert len(issues) == 4
    assert graphs == issues | {"https://w3id.org/govkg/ontology"}


def test_build_json_describes_every_input(bundled_dir, bundled_inputs):
    report = json.loads((bundled_dir / "build.json").read_text(encoding="utf-8"))
    assert sorted(Path(i["path"]).name for i in report["inputs"]) == [p.name for p in bundled_inputs]
    assert all(len(i["sha256"]) == 64 for i in report["inputs"])
    assert report["counts"]["gkg:GazetteIssue"] == 4
    assert report["base_iri"] == "https://w3id.org/govkg/id/"


def test_sources_hold_the_original_text_the_offsets_index(bundled_dir, bundled_store):
    report = json.loads((bundled_dir / "build.json").read_text(encoding="utf-8"))
    originals = {i["issue_iri"]: (bundled_dir / i["source"]).read_text(encoding="utf-8") for i in report["inputs"]}
    query = """PREFIX gkg: <https://w3id.org/govkg/ontology#>
SELECT ?g ?text ?start ?end WHERE { GRAPH ?g { ?x gkg:sourceText ?text ; gkg:charStart ?start ; gkg:charEnd ?end } }"""
    rows = list(bundled_store.query(query))
    assert rows
    for row in rows:
        original = originals[row["g"].value]
        assert original[int(row["start"].value):int(row["end"].value)] == row["text"].value


@pytest.mark.parametrize("cls,at_least", [
    ("gkg:GazetteIssue", 4), ("gkg:Document", 40), ("org:Organization", 50), ("gkg:Task", 100),
    ("gkg:PersonnelChange", 5), ("foaf:Person", 5), ("org:Post", 5),
])
def test_counts_per_class(bundled_build, cls, at_least):
    assert bundled_build.counts.get(cls, 0) >= at_least


def test_turtle_and_trig_parse_back_to_the_store_content(bundled_dir, bundled_store):
    triples = list(ox.parse(path=str(bundled_dir / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    quads = list(ox.parse(path=str(bundled_dir / "graph.trig"), format=ox.RdfFormat.TRIG))
    ontology = ox.NamedNode("https://w3id.org/govkg/ontology")
    stored = [q for q in bundled_store.quads_for_pattern(None, None, None, None) if q.graph_name != ontology]
    assert len(quads) == len(stored)
    assert len(triples) == len({(q.subject, q.predicate, q.object) for q in stored})


def test_two_builds_give_byte_identical_turtle_and_trig(bundled_dir, tmp_path):
    build([GAZETTES], tmp_path / "again", progress=False)
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "again" / name).read_bytes() == (bundled_dir / name).read_bytes(), name


def test_expand_paths_takes_files_and_folders(tmp_path):
    (tmp_path / "a").mkdir()
    shutil.copy(SMALLEST, tmp_path / "a" / "x.txt")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF")
    files, problems = expand_paths([tmp_path / "a", SMALLEST, tmp_path / "missing.txt"], (".txt", ".md"))
    assert [f.name for f in files] == ["x.txt", SMALLEST.name]
    assert problems == [f"{tmp_path / 'missing.txt'}: no such file or folder"]


def test_unreadable_input_is_skipped_and_the_others_are_built(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    report = build([SMALLEST, empty], tmp_path / "out", progress=False)
    assert len(report.inputs) == 1
    assert len(report.skipped) == 1 and report.skipped[0].startswith(str(empty))


def test_no_readable_input_raises_and_replaces_nothing(tmp_path):
    out = tmp_path / "out"
    build([SMALLEST], out, progress=False)
    before = (out / "graph.ttl").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(NoInput):
        build([empty], out, progress=False)
    assert (out / "graph.ttl").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failing_build_leaves_the_previous_build_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([SMALLEST], out, progress=False)
    before = (out / "graph.ttl").read_bytes()

    def broken_trig(store, path):
        raise OSError("disk full")

    monkeypatch.setattr("graph_builder.pipeline.write_trig", broken_trig)
    with pytest.raises(OSError):
        build([GAZETTES], out, progress=False)
    assert (out / "graph.ttl").read_bytes() == before
    assert len(list(open_store(out).named_graphs())) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_build_killed_half_way_leaves_the_previous_store_usable(tmp_path):
    out = tmp_path / "out"
    build([SMALLEST], out, progress=False)
    before = (out / "graph.ttl").read_bytes()
    process = subprocess.Popen([sys.executable, "-m", "graph_builder", "build", str(GAZETTES), "--out", str(out), "-q"],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    half_written = []
    while process.poll() is None and not half_written:
        half_written = list(tmp_path.glob(".out.build-*/store"))
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert half_written, "the build ended before writing its store"
    assert process.returncode == -signal.SIGKILL
    assert (out / "graph.ttl").read_bytes() == before
    store = open_store(out)
    assert len(list(store.named_graphs())) == 2
    assert bool(store.query("ASK { GRAPH ?g { ?s a <https://w3id.org/govkg/ontology#Document> } }"))
    # the next build clears the abandoned temp dir
    build([SMALLEST], out, progress=False)
    assert list(tmp_path.glob(".out.build-*")) == []


def test_base_iri_option(tmp_path):
    report = build([SMALLEST], tmp_path / "out", base_iri="https://example.org/kg/", progress=False)
    assert report.inputs[0].issue_iri == "https://example.org/kg/issue/xinzhou/2023-03"
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "https://w3id.org/govkg/id/" not in text
