"""store.py: sorted serialisation, class counts, stats, opening, atomic swap."""
import pyoxigraph as ox
import pytest

from graph_builder.store import count_classes, graph_stats, open_dataset, open_store, sorted_triples, swap_in

G = ox.NamedNode("https://w3id.org/govkg/id/issue/x/2023-01")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TASK = ox.NamedNode("https://w3id.org/govkg/ontology#Task")


def quad(s, o=TASK, p=TYPE, g=G):
    return ox.Quad(ox.NamedNode("https://w3id.org/govkg/id/" + s), p, o, g)


def test_sorted_triples_dedupes_across_graphs_and_orders():
    other = ox.NamedNode("https://w3id.org/govkg/id/issue/x/2023-02")
    triples = sorted_triples([quad("b"), quad("a"), quad("b", g=other)])
    assert [t.subject.value[-1] for t in triples] == ["a", "b"]


@pytest.mark.parametrize("quads,expected", [
    ([quad("a"), quad("b")], {"gkg:Task": 2}),
    ([quad("a"), quad("a", g=ox.NamedNode("https://w3id.org/govkg/id/issue/x/2"))], {"gkg:Task": 1}),
    ([], {}),
])
def test_count_classes(quads, expected):
    assert count_classes(quads) == expected


def test_graph_stats_of_the_bundled_build(bundled_dir, bundled_build):
    stats = graph_stats(bundled_dir)
    assert stats["counts"] == bundled_build.counts
    assert len(stats["graphs"]) == 5
    assert stats["quads"] > bundled_build.quads  # the ontology graph counts too


def test_open_store_is_read_only(bundled_dir):
    store = open_store(bundled_dir)
    with pytest.raises(RuntimeError, match="read-write"):
        store.add(quad("x"))


def test_open_store_without_a_build(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path)


def test_rdflib_dataset_over_the_store(bundled_dir):
    dataset = open_dataset(bundled_dir)
    rows = list(dataset.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <https://w3id.org/govkg/ontology#GazetteIssue> } }"))
    assert int(rows[0][0]) == 4


@pytest.mark.parametrize("existing", [True, False])
def test_swap_in_replaces_the_directory(tmp_path, existing):
    out, new = tmp_path / "out", tmp_path / ".new"
    new.mkdir()
    (new / "marker").write_text("new")
    if existing:
        out.mkdir()
        (out / "marker").write_text("old")
    swap_in(new, out)
    assert (out / "marker").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
