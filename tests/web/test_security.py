"""Labels planted in a gazette must reach every page as text, never as markup; security headers everywhere."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.web.conftest import FIXTURES, build_data_dir, make_app

EVIL_ORG = "https://w3id.org/govkg/id/org/xinzhou/%3Cscript%3E"
EVIL_TASK = "https://w3id.org/govkg/id/doc/evil/task/1"
EVIL_DOC = "https://w3id.org/govkg/id/doc/evil"
MARKUP = [b"<script>alert", b"<img src=x", b"<svg onload", b"<iframe", b"<b onmouseover", b"<style>body",
          b"</blockquote><script>", b"<u>%</u>"]
PAGES = ["/", "/responsible?q=" + quote("农村改厕"), "/responsible?q=" + quote("<script>"),
         "/search?q=" + quote("script"), "/search?q=" + quote("市"), "/agencies", "/matrix", "/timeline",
         "/agency?iri=" + quote(EVIL_ORG), "/resource?iri=" + quote(EVIL_ORG), "/resource?iri=" + quote(EVIL_TASK),
         "/resource?iri=" + quote(EVIL_DOC), "/id/org/xinzhou/%3Cscript%3E", "/id/doc/evil/target/1",
         "/explore?iri=" + quote(EVIL_ORG), "/query", "/search?q=" + quote('"><script>alert(9)</script>')]


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    app = make_app(build_data_dir(tmp_path_factory.mktemp("hostile"), FIXTURES / "sample.trig",
                                  FIXTURES / "hostile.trig"))
    yield app.test_client()
    app.extensions["govkg"].close()


@pytest.mark.parametrize("path", PAGES)
def test_pages_escape_document_text(hostile_client, path):
    response = hostile_client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    for markup in MARKUP:
        assert markup not in response.data, (path, markup)


def test_hostile_label_is_shown_as_text(hostile_client):
    response = hostile_client.get("/resource?iri=" + quote(EVIL_ORG))
    assert "忻州市&lt;script&gt;alert(".encode() in response.data
    document = hostile_client.get("/resource?iri=" + quote(EVIL_DOC))
    assert b"{{ 7*7 }} {% raw %}" in document.data  # shown literally, never evaluated as a template


@pytest.mark.parametrize("path", ["/api/search?q=script", "/api/neighbourhood?iri=" + quote(EVIL_ORG)])
def test_json_api_is_served_as_json(hostile_client, path):
    response = hostile_client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", PAGES[:4] + ["/sparql?query=ASK%7B%7D", "/api/search?q=x", "/static/css/site.css"])
def test_security_headers(hostile_client, path):
    headers = hostile_client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_scripts():
    from pathlib import Path
    import re
    templates = Path(__file__).resolve().parents[2] / "web" / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), template.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name
