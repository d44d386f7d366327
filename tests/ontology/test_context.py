"""ontology/context.jsonld: valid JSON-LD that maps every gkg: term and expands to the right IRIs."""
import json

import pyoxigraph as ox
import pytest

from graph_builder.vocab import CONTEXT_JSONLD, GKG, gkg_terms

CONTEXT = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]


@pytest.mark.parametrize("term", sorted(gkg_terms()))
def test_every_term_is_in_the_context(term):
    entry = CONTEXT[term]
    assert (entry if isinstance(entry, str) else entry["@id"]) == f"gkg:{term}"


@pytest.mark.parametrize("key,value,expected", [
    ("targetValue", "85", ('"85"^^<http://www.w3.org/2001/XMLSchema#decimal>')),
    ("dueYear", "2025", ('"2025"^^<http://www.w3.org/2001/XMLSchema#gYear>')),
    ("leadAgency", "org/xinzhou/a", "<https://w3id.org/govkg/id/org/xinzhou/a>"),
    ("indicator", "普及率", '"普及率"'),
])
def test_document_using_the_context_expands_as_intended(key, value, expected):
    document = {"@context": CONTEXT, "@id": "doc/x/target/1", key: value}
    quads = list(ox.parse(json.dumps(document), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == 1
    assert str(quads[0].subject) == "<https://w3id.org/govkg/id/doc/x/target/1>"
    assert str(quads[0].predicate) == f"<{GKG[key]}>"
    assert str(quads[0].object) == expected
