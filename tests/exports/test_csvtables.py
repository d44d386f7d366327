from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import rdflib
from rdflib import RDF, Namespace

from exports import export
from exports.csvtables import MULTI_VALUE_SEPARATOR, TABLES, column_dictionary_markdown

GKG = Namespace("https://w3id.org/govkg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
REPO = Path(__file__).resolve().parents[2]

# table -> how many rows a recount of graph.nt expects
ROW_COUNTS = {
    "documents": lambda g: len(set(g.subjects(RDF.type, GKG.Document))),
    "organisations": lambda g: len(set(g.subjects(RDF.type, ORG.Organization)) | set(g.subjects(RDF.type, GKG.LeadingGroup))),
    "targets": lambda g: len(set(g.subjects(RDF.type, GKG.Target))),
    "memberships": lambda g: len(set(g.subjects(RDF.type, ORG.Membership))),
    "personnel_decisions": lambda g: len({s for c in (GKG.Appointment, GKG.Dismissal, GKG.Confirmation)
                                          for s in g.subjects(RDF.type, c)}),
    "responsibilities": lambda g: len({(t, p, o) for t in set(g.subjects(RDF.type, GKG.Task))
                                       for p in (GKG.leadAgency, GKG.responsibleAgency, GKG.supportingAgency,
                                                 GKG.implementingAgency) for o in g.objects(t, p)}),
}


@pytest.fixture(scope="module")
def data(exported) -> rdflib.Graph:
    return rdflib.Graph().parse(exported / "graph.nt", format="nt")


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_table_loads_with_csv_and_pandas_with_the_documented_header(exported, table):
    path = exported / table.file_name
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [c.name for c in table.columns]
    assert rows[0] == header
    assert all(len(r) == len(header) for r in rows)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == header
    assert len(frame) == len(rows) - 1


@pytest.mark.parametrize("name", sorted(ROW_COUNTS))
def test_row_count_matches_a_recount_of_the_graph(exported, data, name):
    frame = pd.read_csv(exported / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(frame) == ROW_COUNTS[name](data)


def test_organisation_aliases_are_every_alt_label(exported, data):
    frame = pd.read_csv(exported / "organisations.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    skos_alt = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    for row in frame.itertuples():
        expected = sorted(str(o) for o in data.objects(rdflib.URIRef(row.organisation), skos_alt))
        assert sorted(filter(None, row.aliases.split(MULTI_VALUE_SEPARATOR))) == expected


def test_provenance_columns_point_into_the_source_text(exported, data):
    frame = pd.read_csv(exported / "responsibilities.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for row in frame.itertuples():
        if row.char_start:
            assert int(row.char_end) - int(row.char_start) == len(row.source_text)


def test_responsibilities_of_a_real_build_carry_the_agency_as_written_and_its_sentence(bundled_data_dir,
                                                                                      tmp_path):
    export(bundled_data_dir, tmp_path, only=["csv"])
    frame = pd.read_csv(tmp_path / "responsibilities.csv", encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    assert len(frame) > 1000
    assert all(frame.agency_as_written) and all(frame.source_text)
    assert ("市住建局" in set(frame.agency_as_written)
            and "忻州市住房和城乡建设局" in set(frame[frame.agency_as_written == "市住建局"].agency_name))


def test_column_dictionary_lists_every_column_with_a_chinese_label(exported):
    frame = pd.read_csv(exported / "columns.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expected = [(t.name, c.name) for t in TABLES for c in t.columns]
    assert list(zip(frame.table, frame.column)) == expected
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in frame.label_zh)


def test_docs_carry_the_current_column_dictionary():
    assert column_dictionary_markdown() in (REPO / "docs" / "EXPORTS.md").read_text(encoding="utf-8")
