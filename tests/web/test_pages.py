"""Entity pages, search, responsibility views and the explorer API through the Flask test client."""
from __future__ import annotations

import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest

B = "https://w3id.org/govkg/id/"
ZJ = B + "org/xinzhou/" + quote("忻州市住房和城乡建设局", safe="")
NY = B + "org/xinzhou/" + quote("忻州市农业农村局", safe="")
DOC72 = B + "doc/" + quote("忻政办发〔2021〕72号", safe="")
TOILET_TASK = DOC72 + "/task/3.1.2"
GAICE_TASK = DOC72 + "/task/3.1.2.a"
TARGET = DOC72 + "/target/1"
PERSON = B + "person/xinzhou/" + quote("郑连生", safe="")


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/id/org/xinzhou/" + quote("忻州市住房和城乡建设局", safe=""),   # as minted
    "/id/org/xinzhou/忻州市住房和城乡建设局",                         # as a browser shows it
    "/resource?iri=" + quote(ZJ, safe=""),
    "/resource?iri=" + quote(B + "org/xinzhou/忻州市住房和城乡建设局", safe=""),
])
def test_entity_page_by_own_path_and_by_iri(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = text(response)
    assert "<h1>忻州市住房和城乡建设局</h1>" in page
    assert "市住建局" in page and "市住房城乡建设局" in page  # aliases
    assert "有效治理垃圾污水" in page  # inverse link: the task it leads


@pytest.mark.parametrize("accept, param, fmt", [
    ("text/turtle", None, ox.RdfFormat.TURTLE), ("application/ld+json", None, ox.RdfFormat.JSON_LD),
    ("application/n-triples", None, ox.RdfFormat.N_TRIPLES), ("*/*", "ttl", ox.RdfFormat.TURTLE),
    ("text/html", "jsonld", ox.RdfFormat.JSON_LD), ("text/html", "nt", ox.RdfFormat.N_TRIPLES),
])
def test_entity_rdf_by_accept_and_format(client, accept, param, fmt):
    path = "/id/" + ZJ[len(B):] + (f"?format={param}" if param else "")
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200 and "Accept" in response.headers["Vary"]
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.data, format=fmt)]
    subject = ox.NamedNode(ZJ)
    assert ox.Triple(subject, ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"), ox.Literal("市住建局")) in triples
    assert any(t.object == subject for t in triples)  # inverse statements are part of the description


def test_provenance_quote_with_offsets(client):
    page = text(client.get("/resource?iri=" + quote(TARGET, safe="")))
    assert "到2025年,全市农村卫生厕所普及率达到85%。" in page
    assert re.search(r"原文字符 4260–\d+", page) and "深入开展爱国卫生运动实施方案" in page


@pytest.mark.parametrize("path, status", [
    ("/id/org/xinzhou/nobody", 404), ("/resource?iri=" + quote("http://example.org/none"), 404),
    ("/resource?iri=" + quote("not an iri <>"), 400), ("/resource", 400), ("/id/doc/x?format=yaml", 404),
])
def test_entity_errors(client, path, status):
    assert client.get(path).status_code == status


SEARCHES = [  # (text, type filter, expected first label, expected matched label)
    ("市住建局", "", "忻州市住房和城乡建设局", "市住建局"),
    ("住房城乡", "", "忻州市住房和城乡建设局", "市住房城乡建设局"),
    ("忻州市农业", "", "忻州市农业农村局", "忻州市农业农村局"),
    ("郑连生", "foaf:Person", "郑连生", "郑连生"),
    ("忻政办发〔2021〕72号", "", "忻州市人民政府办公室关于印发忻州市深入开展爱国卫生运动实施方案的通知", "忻政办发〔2021〕72号"),
    ("厕所", "gkg:Target", "农村卫生厕所普及率", "农村卫生厕所普及率"),
]


@pytest.mark.parametrize("needle, type_filter, first, matched", SEARCHES)
def test_search_api(client, needle, type_filter, first, matched):
    hits = client.get("/api/search", query_string={"q": needle, "type": type_filter}).json["hits"]
    assert hits[0]["label"] == first and hits[0]["matched"] == matched
    if type_filter:
        assert all(hit["type"] == type_filter or type_filter in hit["type"] for hit in hits)


def test_search_ranks_exact_before_prefix_before_substring(client):
    hits = client.get("/api/search", query_string={"q": "市农业农村局"}).json["hits"]
    assert [(h["label"], h["rank"]) for h in hits[:2]] == [("忻州市农业农村局", 0), ("市农业农村局局长", 1)]
    ranks = [hit["rank"] for hit in client.get("/api/search", query_string={"q": "农村"}).json["hits"]]
    assert ranks == sorted(ranks) and {1, 2} <= set(ranks)  # 农村卫生厕所普及率 before 忻州市农业农村局


def test_search_page_with_type_filter(client):
    page = text(client.get("/search", query_string={"q": "市住建局", "type": "org:Organization"}))
    assert "忻州市住房和城乡建设局" in page and "匹配:市住建局" in page
    assert text(client.get("/search", query_string={"q": "市住建局", "type": "foaf:Person"})).count('class="hit"') == 0


def test_responsible_for_rural_toilets(client):
    page = text(client.get("/responsible", query_string={"q": "农村改厕"}))
    assert "持续加大农村改厕力度" in page and "全面推进厕所革命" in page
    assert "牵头单位" in page and "忻州市农业农村局" in page and "配合单位" in page and "忻州市住房和城乡建设局" in page
    assert "农村卫生厕所普及率" in page and "达到85%" in page and "2025" in page


def test_home_leads_to_the_responsibility_search(client):
    page = text(client.get("/"))
    assert 'action="/responsible"' in page and "谁负责" in page


def test_agency_view(client):
    page = text(client.get("/agency", query_string={"iri": ZJ}))
    for expected in ("作为牵头单位的任务(1)", "有效治理垃圾污水", "作为配合单位的任务(2)", "城市生活垃圾无害化处理率",
                     "忻州市农村人居环境整治工作领导小组", "徐啸", "副局长", "深入开展爱国卫生运动实施方案"):
        assert expected in page, expected
    assert client.get("/agency", query_string={"iri": PERSON}).status_code == 404


def test_agencies_matrix_and_timeline(client):
    agencies = text(client.get("/agencies"))
    assert agencies.index("忻州市农业农村局") < agencies.index("忻州市卫生健康委员会")  # more tasks first
    matrix = text(client.get("/matrix"))
    assert "忻州市深入开展爱国卫生运动实施方案" in matrix and 'class="num hot">2<' in matrix  # 农业农村局 in 72号
    timeline = text(client.get("/timeline"))
    assert timeline.index("2023-02-10") < timeline.index("2022-11-05") and "免职" in timeline and "任命" in timeline
    one = text(client.get("/timeline", query_string={"person": PERSON}))
    assert "副主任" in one and "副局长" not in one


def test_neighbourhood_paging_and_relation_filter(client):
    first = client.get("/api/neighbourhood", query_string={"iri": NY, "limit": 3}).json
    assert first["centre"]["label"] == "忻州市农业农村局" and len(first["nodes"]) == 3
    assert first["total"] > 3 and first["next_offset"] == 3
    rest = client.get("/api/neighbourhood", query_string={"iri": NY, "offset": 3, "limit": 200}).json
    assert rest["next_offset"] is None and len(rest["nodes"]) == first["total"] - 3
    ids = {n["id"] for n in first["nodes"]} | {n["id"] for n in rest["nodes"]}
    assert TOILET_TASK in ids and GAICE_TASK in ids
    lead_only = client.get("/api/neighbourhood", query_string={"iri": NY, "relations": "gkg:leadAgency"}).json
    assert {e["relation"] for e in lead_only["edges"]} == {"gkg:leadAgency"}
    assert all(e["target"] == NY for e in lead_only["edges"])


def test_shortest_path(client):
    path = client.get("/api/path", query_string={"from": PERSON, "to": ZJ}).json
    assert path["found"] and path["nodes"][0]["id"] == PERSON and path["nodes"][-1]["id"] == ZJ
    assert len(path["edges"]) == len(path["nodes"]) - 1 == 4  # person - membership - group - membership - 住建局
    none = client.get("/api/path", query_string={"from": PERSON, "to": "http://example.org/elsewhere"}).json
    assert not none["found"]


@pytest.mark.parametrize("path", ["/explore", "/explore?iri=" + quote(ZJ), "/query"])
def test_script_pages_load_local_assets_only(client, path):
    page = text(client.get(path))
    assert "/static/vendor/" in page and "http://" not in page.split("<main>")[0] and "cdn" not in page.lower()
