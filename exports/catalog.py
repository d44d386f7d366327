"""catalog.ttl: DCAT-AP description of the dataset and its files, with VoID statistics.

Written last: each distribution carries the byte size and SHA-256 of the file it describes.
Nothing here reads the clock; dates come from the data (the documents' dates).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from .context import ExportContext
from .csvtables import TABLES
from .source import PREFIXES
from .writing import atomic_output

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
SPDX = "http://spdx.org/rdf/terms#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
ONTOLOGY = "https://w3id.org/govkg/ontology"

CATALOG_PREFIXES = {**PREFIXES, "dcat": DCAT, "dct": DCT, "void": VOID, "spdx": SPDX}
del CATALOG_PREFIXES["dcterms"]  # one prefix per namespace: dct, as DCAT-AP writes it

TITLE = {"zh-Hans": "政府公报知识图谱：政府机构及其职责", "en": "govkg: government actors and their responsibilities"}
DESCRIPTION = {
    "zh-Hans": "从市人民政府公报中抽取的知识图谱：文件、机构（含别名）、议事协调机构及其成员、任务与牵头、"
               "责任、配合、落实单位、量化目标、人事任免，每条事实注明来源文件和原文位置。",
    "en": "A knowledge graph read from Chinese municipal government gazettes: documents, organisations "
          "(with aliases), leading groups and their members, tasks with their lead, responsible, supporting "
          "and implementing agencies, quantified targets and personnel decisions, each fact traced to its "
          "source document and the characters it was read from.",
}


@dataclass(frozen=True)
class FileKind:
    media_type: str
    file_type: str
    title_en: str
    title_zh: str


FILE_KINDS = {
    "graph.ttl": FileKind("text/turtle", "RDF_TURTLE", "The graph (Turtle)", "知识图谱（Turtle）"),
    "graph.nt": FileKind("application/n-triples", "RDF_N_TRIPLES", "The graph (N-Triples)", "知识图谱（N-Triples）"),
    "graph.nq": FileKind("application/n-quads", "RDF_N_QUADS",
                         "The graph, a named graph per gazette issue (N-Quads)", "知识图谱，每期公报一个命名图（N-Quads）"),
    "graph.trig": FileKind("application/trig", "RDF_TRIG",
                           "The graph, a named graph per gazette issue (TriG)", "知识图谱，每期公报一个命名图（TriG）"),
    "graph.jsonld": FileKind("application/ld+json", "JSON_LD", "The graph (JSON-LD)", "知识图谱（JSON-LD）"),
    "graph.graphml": FileKind("application/xml", "XML", "The network view (GraphML, for Gephi)",
                              "网络视图（GraphML，可用 Gephi 打开）"),
    "ontology.ttl": FileKind("text/turtle", "RDF_TURTLE", "The ontology (Turtle)", "本体（Turtle）"),
    "shapes.ttl": FileKind("text/turtle", "RDF_TURTLE", "The SHACL shapes", "SHACL 约束"),
    "context.jsonld": FileKind("application/ld+json", "JSON_LD", "The JSON-LD context", "JSON-LD 上下文"),
    "shacl-report.ttl": FileKind("text/turtle", "RDF_TURTLE", "The SHACL validation report of this release",
                                 "本次发布的 SHACL 校验报告"),
    "shacl-report.txt": FileKind("text/plain", "TXT", "The SHACL validation report, readable summary",
                                 "本次发布的 SHACL 校验报告（摘要）"),
    "columns.csv": FileKind("text/csv", "CSV", "Column dictionary of the CSV tables", "CSV 表格字段说明"),
    **{t.file_name: FileKind("text/csv", "CSV", f"Table: {t.description}", f"表格：{t.name}") for t in TABLES},
}
DUMP_FILES = ("graph.nt", "graph.ttl", "graph.trig", "graph.nq", "graph.jsonld")


def write_catalog(ctx: ExportContext, out_dir: Path, files: list[Path]) -> list[Path]:
    path = out_dir / "catalog.ttl"
    triples = sorted(catalog_triples(ctx, files), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    with atomic_output(path) as out:
        ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=CATALOG_PREFIXES)
    return [path]


class _Triples(list):
    def add(self, subject: str, predicate: str, obj) -> None:
        if not isinstance(obj, (ox.NamedNode, ox.Literal)):
            obj = ox.NamedNode(obj)
        self.append(ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), obj))

    def texts(self, subject: str, predicate: str, by_language: dict[str, str]) -> None:
        for language, text in by_language.items():
            self.add(subject, predicate, ox.Literal(text, language=language))


def _typed(value, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def catalog_triples(ctx: ExportContext, files: list[Path]) -> list[ox.Triple]:
    here = ctx.options.base_url + "catalog.ttl#"
    catalog, dataset, publisher = here + "catalog", here + "dataset", here + "publisher"
    out = _Triples()
    out.add(catalog, RDF_TYPE, DCAT + "Catalog")
    out.texts(catalog, DCT + "title", TITLE)
    out.texts(catalog, DCT + "description", DESCRIPTION)
    out.add(catalog, DCT + "publisher", publisher)
    out.add(catalog, DCT + "license", LICENCE)
    out.add(catalog, DCAT + "dataset", dataset)

    out.add(publisher, RDF_TYPE, FOAF + "Agent")
    out.add(publisher, FOAF + "name", ox.Literal(ctx.options.publisher_name))
    out.add(publisher, FOAF + "homepage", ctx.options.publisher_url)
    out.add(LICENCE, RDF_TYPE, DCT + "LicenseDocument")

    out.add(dataset, RDF_TYPE, DCAT + "Dataset")
    out.add(dataset, RDF_TYPE, VOID + "Dataset")
    out.texts(dataset, DCT + "title", TITLE)
    out.texts(dataset, DCT + "description", DESCRIPTION)
    out.add(dataset, DCT + "publisher", publisher)
    out.add(dataset, DCT + "license", LICENCE)
    out.add(dataset, DCT + "conformsTo", ONTOLOGY)
    out.add(ONTOLOGY, RDF_TYPE, DCT + "Standard")
    for keyword in ("政府公报", "政府职责", "government gazette", "responsibilities", "knowledge graph"):
        out.add(dataset, DCAT + "keyword", ox.Literal(keyword))
    fingerprint = release_fingerprint(ctx.build.metadata)
    if fingerprint:
        out.add(dataset, DCT + "identifier", ox.Literal(fingerprint))
    _add_coverage(out, ctx, dataset, here)
    _add_void(out, ctx, dataset, here)
    for path in files:
        _add_distribution(out, ctx, dataset, here, path)
    return out


def release_fingerprint(metadata: dict) -> str:
    """SHA-256 over the input files' hashes: names this release without a timestamp."""
    hashes = sorted(i.get("sha256", "") for i in metadata.get("inputs", []) if i.get("sha256"))
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest() if hashes else ""


# --- coverage ---------------------------------------------------------------------------


def _add_coverage(out: _Triples, ctx: ExportContext, dataset: str, here: str) -> None:
    first, last = document_date_range(ctx)
    if first:
        period = here + "period"
        out.add(dataset, DCT + "temporal", period)
        out.add(period, RDF_TYPE, DCT + "PeriodOfTime")
        out.add(period, DCAT + "startDate", _typed(first, "date"))
        out.add(period, DCAT + "endDate", _typed(last, "date"))
    for pinyin, name_zh in cities(ctx):
        place = here + "place-" + quote(pinyin, safe="")
        out.add(dataset, DCT + "spatial", place)
        out.add(place, RDF_TYPE, DCT + "Location")
        out.add(place, SKOS + "prefLabel", ox.Literal(pinyin.replace("-", " ").title(), language="en"))
        if name_zh:
            out.add(place, SKOS + "prefLabel", ox.Literal(name_zh, language="zh-Hans"))


def document_date_range(ctx: ExportContext) -> tuple[str, str]:
    query = """SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last)
               WHERE { ?doc a gkg:Document ; dcterms:issued ?d . FILTER(DATATYPE(?d) = xsd:date) }"""
    row = next(iter(ctx.build.query(query)))
    return (row["first"].value, row["last"].value) if row["first"] is not None else ("", "")


CITY_IN_TITLE = re.compile(r"^\s*(\S+?市)人民政府")


def cities(ctx: ExportContext) -> list[tuple[str, str]]:
    """(pinyin, Chinese name) of the cities whose gazettes are in the build, from the issue IRIs."""
    prefix = ctx.build.base_iri + "issue/"
    found: dict[str, str] = {}
    for graph in ctx.build.issue_graphs:
        if not graph.value.startswith(prefix):
            continue
        pinyin = graph.value[len(prefix):].split("/")[0]
        found.setdefault(pinyin, "")
        for quad in ctx.build.store.quads_for_pattern(graph, ox.NamedNode(DCT + "title"), None, graph):
            match = CITY_IN_TITLE.match(quad.object.value)
            if match and not found[pinyin]:
                found[pinyin] = match.group(1)
    return sorted(found.items())


# --- VoID -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoidStatistics:
    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int]  # class IRI -> instances
    properties: dict[str, int]  # property IRI -> triples


def void_statistics(ctx: ExportContext) -> VoidStatistics:
    build = ctx.build
    distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    classes = {r["c"].value: int(r["n"].value) for r in build.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . FILTER(isIRI(?c)) } GROUP BY ?c")}
    properties = {r["p"].value: int(r["n"].value) for r in build.query(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {distinct} GROUP BY ?p")}
    counts = next(iter(build.query(
        "SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }")))
    entities = next(iter(build.query(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . FILTER(isIRI(?s)) }")))
    return VoidStatistics(
        triples=build.triple_count,
        entities=int(entities["n"].value),
        distinct_subjects=int(counts["subjects"].value),
        distinct_objects=int(counts["objects"].value),
        classes=classes,
        properties=properties,
    )


def _add_void(out: _Triples, ctx: ExportContext, dataset: str, here: str) -> None:
    stats = void_statistics(ctx)
    out.add(dataset, VOID + "triples", _typed(stats.triples, "integer"))
    out.add(dataset, VOID + "entities", _typed(stats.entities, "integer"))
    out.add(dataset, VOID + "classes", _typed(len(stats.classes), "integer"))
    out.add(dataset, VOID + "properties", _typed(len(stats.properties), "integer"))
    out.add(dataset, VOID + "distinctSubjects", _typed(stats.distinct_subjects, "integer"))
    out.add(dataset, VOID + "distinctObjects", _typed(stats.distinct_objects, "integer"))
    out.add(dataset, VOID + "uriSpace", ox.Literal(ctx.build.base_iri))
    out.add(dataset, VOID + "vocabulary", ox.NamedNode(PREFIXES["gkg"]))
    out.add(dataset, VOID + "sparqlEndpoint", ctx.options.sparql_endpoint)
    for name in DUMP_FILES:
        out.add(dataset, VOID + "dataDump", ctx.options.base_url + name)
    for iri, count in stats.classes.items():
        partition = here + "class-" + quote(_curie(iri), safe="")
        out.add(dataset, VOID + "classPartition", partition)
        out.add(partition, VOID + "class", iri)
        out.add(partition, VOID + "entities", _typed(count, "integer"))
    for iri, count in stats.properties.items():
        partition = here + "property-" + quote(_curie(iri), safe="")
        out.add(dataset, VOID + "propertyPartition", partition)
        out.add(partition, VOID + "property", iri)
        out.add(partition, VOID + "triples", _typed(count, "integer"))


def _curie(iri: str) -> str:
    for name, namespace in sorted(CATALOG_PREFIXES.items()):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{name}-{iri[len(namespace):]}"
    return iri


# --- distributions ----------------------------------------------------------------------


def _add_distribution(out: _Triples, ctx: ExportContext, dataset: str, here: str, path: Path) -> None:
    kind = FILE_KINDS.get(path.name)
    if kind is None:
        return
    distribution = here + "file-" + quote(path.name, safe="")
    checksum = distribution + "-sha256"
    url = ctx.options.base_url + quote(path.name)
    out.add(dataset, DCAT + "distribution", distribution)
    out.add(distribution, RDF_TYPE, DCAT + "Distribution")
    out.texts(distribution, DCT + "title", {"en": kind.title_en, "zh-Hans": kind.title_zh})
    out.add(distribution, DCAT + "downloadURL", url)
    out.add(distribution, DCAT + "accessURL", url)
    out.add(distribution, DCAT + "mediaType", IANA + kind.media_type)
    out.add(distribution, DCT + "format", FILE_TYPE + kind.file_type)
    out.add(distribution, DCT + "license", LICENCE)
    out.add(distribution, DCAT + "byteSize", _typed(path.stat().st_size, "nonNegativeInteger"))
    out.add(distribution, SPDX + "checksum", checksum)
    out.add(checksum, RDF_TYPE, SPDX + "Checksum")
    out.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
    out.add(checksum, SPDX + "checksumValue", _typed(_sha256(path), "hexBinary"))
    if path.name.startswith("graph.") and path.suffix != ".graphml":
        out.add(distribution, DCT + "conformsTo", ONTOLOGY)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
