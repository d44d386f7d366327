"""The web app on the REAL build of data/gazettes: every example query answers, the responsibility
views have content, and the specialist's question is answerable with SPARQLWrapper."""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from web.examples import load_examples

B = "https://w3id.org/govkg/id/"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
NY = B + "org/xinzhou/" + quote("忻州市农业农村局", safe="")
ZJ = B + "org/xinzhou/" + quote("忻州市住房和城乡建设局", safe="")
ZHANG_MIN = B + "person/xinzhou/" + quote("张敏", safe="")

# slug -> (the columns it projects, (a column, a value some row must have in it))
EXAMPLES = {
    "01-who-leads-task": ({"task", "taskLabel", "role", "agency", "agencyName"}, ("agencyName", "忻州市农业农村局")),
    "02-tasks-of-agency": ({"taskLabel", "role", "programTitle", "indicator", "comparator", "value", "unit", "dueYear"},
                           ("taskLabel", "加强水资源约束")),
    "03-targets-due-2025": ({"dueYear", "indicator", "comparator", "value", "unit", "taskLabel", "agencies"},
                            ("indicator", "农村卫生厕所普及率")),
    "04-appointments-of-person": ({"date", "kind", "postLabel", "orgName", "docNumber"},
                                  ("docNumber", "忻政任〔2023〕4号")),
    "05-members-of-group": ({"groupName", "officeAt", "roleLabel", "member", "memberName", "statedPosition"},
                            ("groupName", "忻州市推进城市生活垃圾分类工作领导组")),
    "06-agencies-sharing-tasks": ({"otherName", "sharedTasks"}, ("otherName", "忻州市城市管理局")),
    "07-documents-citing": ({"citingNumber", "citingTitle", "issued"}, ("citingNumber", "忻政发〔2022〕3号")),
}


def test_every_example_has_expectations():
    assert {e.slug for e in load_examples()} == set(EXAMPLES)


@pytest.mark.parametrize("example", load_examples(), ids=lambda e: e.slug)
def test_every_example_answers_on_the_real_build(real_client, example):
    columns, (column, value) = EXAMPLES[example.slug]
    response = real_client.post("/sparql", data={"query": example.query, "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.json
    assert set(body["head"]["vars"]) == columns
    rows = body["results"]["bindings"]
    assert rows, f"{example.slug} found nothing on the real build"
    assert value in {row[column]["value"] for row in rows if column in row}
    for name in columns - {"programTitle", "indicator", "comparator", "value", "unit", "dueYear", "officeAt",
                           "statedPosition", "taskLabel", "agencies", "roleLabel"}:  # the OPTIONAL ones
        assert all(name in row for row in rows), f"{example.slug}: ?{name} unbound in some row"


def test_rural_toilets_answer(real_client):
    """01 on the real graph: 全面推进厕所革命 has 8 责任单位 and 2 落实 units, no 牵头 (the text has none)."""
    example = next(e for e in load_examples() if e.slug == "01-who-leads-task")
    rows = real_client.post("/sparql", data={"query": example.query, "format": "json"}).json["results"]["bindings"]
    by_role = {}
    for row in rows:
        by_role.setdefault(row["role"]["value"].rsplit("#", 1)[-1], set()).add(row["agencyName"]["value"])
    assert {row["taskLabel"]["value"] for row in rows} == {"全面推进厕所革命"}
    assert {"忻州市农业农村局", "忻州市城市管理局", "忻州市生态环境局", "忻州市卫生健康委员会"} <= by_role["responsibleAgency"]
    assert "各县（市、区）人民政府" in by_role["implementingAgency"]


SPECIALIST = """
PREFIX gkg: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?taskLabel ?role ?agencyName ?indicator ?value ?unit ?year WHERE {
  ?target gkg:forTask ?task ; gkg:sourceText ?clause FILTER(CONTAINS(?clause, "农村改厕"))
  ?target gkg:indicator ?indicator ; gkg:targetValue ?value ; gkg:unit ?unit ; gkg:dueYear ?year .
  ?task rdfs:label ?taskLabel ; ?role ?agency . ?agency skos:prefLabel ?agencyName .
  VALUES ?role { gkg:leadAgency gkg:responsibleAgency gkg:supportingAgency gkg:implementingAgency }
}"""


def test_specialist_answers_rural_toilets_with_sparqlwrapper(real_live_server):
    sparql = SPARQLWrapper(real_live_server + "/sparql")
    sparql.setQuery(SPECIALIST)
    sparql.setReturnFormat(JSON)
    rows = sparql.query().convert()["results"]["bindings"]
    answers = {(r["agencyName"]["value"], r["indicator"]["value"], r["value"]["value"].removesuffix(".0"),
                r["unit"]["value"], r["year"]["value"]) for r in rows}
    assert ("忻州市农业农村局", "农村卫生厕所普及率", "85", "%", "2025") in answers


def test_example_latency_over_http(real_live_server):
    """Each example through SPARQLWrapper on waitress: rows and latency go to test-artifacts/web/ (the
    figures are recorded, not asserted: they depend on the machine)."""
    report = {}
    for example in load_examples():
        sparql = SPARQLWrapper(real_live_server + "/sparql")
        sparql.setQuery(example.query)
        sparql.setReturnFormat(JSON)
        timings, rows = [], 0
        for _ in range(15):
            started = time.perf_counter()
            rows = len(sparql.query().convert()["results"]["bindings"])
            timings.append((time.perf_counter() - started) * 1000)
        assert rows > 0
        timings.sort()
        report[example.slug] = {"rows": rows, "median_ms": round(statistics.median(timings), 1),
                                "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1), "runs": len(timings)}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "example-latency.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


VIEWS = [  # (path, texts the page must contain)
    ("/responsible?q=" + quote("农村改厕"), ["全面推进厕所革命", "忻州市农业农村局", "农村卫生厕所普及率", "85"]),
    ("/agency?iri=" + quote(NY, safe=""), ["忻州市农业农村局", "全面推进厕所革命", 'id="gkg-responsibleAgency"']),
    ("/agency?iri=" + quote(ZJ, safe=""), ["忻州市住房和城乡建设局", "加强水资源约束", "忻州市推进城市生活垃圾分类工作领导组"]),
    ("/agencies", ["忻州市农业农村局", "忻州市住房和城乡建设局"]),
    ("/matrix", ["忻州市住房和城乡建设局", "<td class=\"num"]),
    ("/timeline", ["张敏", "董事长", "忻政任〔2023〕4号", "陈建忠"]),
    ("/timeline?person=" + quote(ZHANG_MIN, safe=""), ["张敏", "忻州市城乡建设开发有限公司"]),
]


@pytest.mark.parametrize("path, texts", VIEWS, ids=[v[0].split("?")[0] + str(i) for i, v in enumerate(VIEWS)])
def test_responsibility_views_have_content_on_the_real_build(real_client, path, texts):
    response = real_client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    missing = [t for t in texts if t not in page]
    assert not missing, f"{path} lacks {missing}"


def test_timeline_of_one_person_lists_only_them(real_client):
    page = real_client.get("/timeline", query_string={"person": ZHANG_MIN}).get_data(as_text=True)
    assert "张敏" in page and "陈建忠" not in page
