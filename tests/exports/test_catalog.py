from __future__ import annotations

import hashlib
from collections import Counter
from urllib.parse import quote

import pytest
import rdflib
from rdflib import RDF, XSD, Literal, Namespace, URIRef

from exports.catalog import FILE_KINDS

from .conftest import BASE_URL

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
GKG = Namespace("https://w3id.org/govkg/ontology#")
IANA = "http://www.iana.org/assignments/media-types/"


@pytest.fixture(scope="module")
def catalog(exported) -> rdflib.Graph:
    return rdflib.Graph().parse(exported / "catalog.ttl", format="turtle")


@pytest.fixture(scope="module")
def data(exported) -> rdflib.Graph:
    return rdflib.Graph().parse(exported / "graph.nt", format="nt")


def the_dataset(catalog) -> URIRef:
    (dataset,) = catalog.subjects(RDF.type, DCAT.Dataset)
    return dataset


def integer(catalog, subject, predicate) -> int:
    (value,) = catalog.objects(subject, predicate)
    return int(value)


def test_catalog_lists_the_dataset_with_dcat_ap_mandatory_and_recommended_properties(catalog):
    (cat,) = catalog.subjects(RDF.type, DCAT.Catalog)
    dataset = the_dataset(catalog)
    assert (cat, DCAT.dataset, dataset) in catalog
    for subject in (cat, dataset):
        assert {lit.language for lit in catalog.objects(subject, DCT.title)} == {"zh-hans", "en"}
        assert {lit.language for lit in catalog.objects(subject, DCT.description)} == {"zh-hans", "en"}
        (publisher,) = catalog.objects(subject, DCT.publisher)
        assert catalog.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name")) is not None
        assert (subject, DCT.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in catalog
    assert (dataset, DCT.conformsTo, URIRef("https://w3id.org/govkg/ontology")) in catalog


def test_every_distribution_describes_a_written_file(catalog, exported):
    dataset = the_dataset(catalog)
    described = set()
    for distribution in catalog.objects(dataset, DCAT.distribution):
        (url,) = catalog.objects(distribution, DCAT.downloadURL)
        assert str(url).startswith(BASE_URL)
        path = exported / str(url)[len(BASE_URL):]
        described.add(path.name)
        assert integer(catalog, distribution, DCAT.byteSize) == path.stat().st_size
        checksum = catalog.value(distribution, SPDX.checksum)
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(path.read_bytes()).hexdigest()
        (media_type,) = catalog.objects(distribution, DCAT.mediaType)
        assert str(media_type) == IANA + FILE_KINDS[path.name].media_type
    written = {p.name for p in exported.iterdir()} - {"catalog.ttl"}
    assert described == written


def test_void_figures_match_a_recount_of_the_data(catalog, data):
    dataset = the_dataset(catalog)
    assert integer(catalog, dataset, VOID.triples) == len(data)
    typed = {s for s in data.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert integer(catalog, dataset, VOID.entities) == len(typed)
    classes = Counter(o for o in set(data.objects(None, RDF.type)) for _ in set(data.subjects(RDF.type, o)))
    partitions = {catalog.value(p, VOID["class"]): integer(catalog, p, VOID.entities)
                  for p in catalog.objects(dataset, VOID.classPartition)}
    assert partitions == dict(classes)
    properties = Counter(p for _, p, _ in data)
    partitions = {catalog.value(p, VOID.property): integer(catalog, p, VOID.triples)
                  for p in catalog.objects(dataset, VOID.propertyPartition)}
    assert partitions == dict(properties)
    assert integer(catalog, dataset, VOID.distinctSubjects) == len(set(data.subjects()))


def test_void_names_the_endpoint_and_the_dumps(catalog):
    dataset = the_dataset(catalog)
    assert catalog.value(dataset, VOID.sparqlEndpoint) == URIRef("https://data.example.org/sparql")
    dumps = {str(u) for u in catalog.objects(dataset, VOID.dataDump)}
    assert BASE_URL + "graph.nt" in dumps and BASE_URL + "graph.ttl" in dumps


def test_temporal_coverage_spans_the_documents_dates(catalog, data):
    dates = [o for d in data.subjects(RDF.type, GKG.Document) for o in data.objects(d, DCT.issued)
             if isinstance(o, Literal) and o.datatype == XSD.date]
    period = catalog.value(the_dataset(catalog), DCT.temporal)
    assert catalog.value(period, DCAT.startDate).toPython() == min(d.toPython() for d in dates)
    assert catalog.value(period, DCAT.endDate).toPython() == max(d.toPython() for d in dates)


def test_spatial_coverage_names_each_city_of_the_issues(catalog, data):
    issues = set(data.subjects(RDF.type, GKG.GazetteIssue))
    cities = {str(i).split("/issue/")[1].split("/")[0] for i in issues}
    places = set(catalog.objects(the_dataset(catalog), DCT.spatial))
    assert {str(p).rsplit("#place-", 1)[1] for p in places} == {quote(c, safe="") for c in cities}
    for place in places:
        labels = {lit.language: str(lit) for lit in catalog.objects(place, URIRef(
            "http://www.w3.org/2004/02/skos/core#prefLabel"))}
        assert labels["zh-hans"].endswith("市")
