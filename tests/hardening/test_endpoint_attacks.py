"""The SPARQL endpoint under attack, on the real build: `python -m web serve` on loopback (real sockets)
and the Flask test client. Updates, SERVICE to internal addresses, oversized and deeply nested
queries, runaway queries, bodies over the limit, slow clients, security headers on every route."""
from __future__ import annotations

import http.client
import http.server
import json
import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.hardening.conftest import get

MAX_BODY = 1_000_000  # graph_builder.settings.Settings.max_body_bytes
ASK_ANY = "ASK { ?s ?p ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


# --- a tiny HTTP/1.1 client over http.client that never raises on early answers --------------------

def request(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 60) -> tuple[int, dict, bytes]:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        try:
            connection.request(method, path, body=body, headers=headers or {})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (413) and closed before the whole body was sent: read its answer
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def sparql_get(base: str, query: str, **params) -> tuple[int, dict, bytes]:
    return request(base, "GET", "/sparql?" + urllib.parse.urlencode({"query": query, **params}),
                   headers={"Accept": "application/sparql-results+json"})


def store_size(base: str) -> int:
    status, _, body = sparql_get(base, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def answers(base: str) -> bool:
    return sparql_get(base, ASK_ANY)[0] == 200 and get(base + "/")[0] == 200


# --- updates: refused through every transport, the store unchanged ---------------------------------

UPDATES = {
    "insert-data": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "load": "LOAD <http://127.0.0.1:9/evil.ttl>",
    "clear": "CLEAR ALL",
    "drop": "DROP ALL",
}
FORM = "application/x-www-form-urlencoded"
TRANSPORTS = {  # name: (method, path, body, content type, statuses that count as a refusal)
    "get-update-param": lambda u: ("GET", "/sparql?" + urllib.parse.urlencode({"update": u}), None, None, {403}),
    "get-query-param": lambda u: ("GET", "/sparql?" + urllib.parse.urlencode({"query": u}), None, None, {400}),
    "post-form-query": lambda u: ("POST", "/sparql", urllib.parse.urlencode({"query": u}).encode(), FORM, {400}),
    "post-form-update": lambda u: ("POST", "/sparql", urllib.parse.urlencode({"update": u}).encode(), FORM, {403}),
    "post-sparql-update": lambda u: ("POST", "/sparql", u.encode(), "application/sparql-update", {403}),
    "post-sparql-query": lambda u: ("POST", "/sparql", u.encode(), "application/sparql-query", {400}),
}


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("operation", UPDATES)
def test_updates_are_refused_on_the_live_server(bundled_server, operation, transport):
    before = store_size(bundled_server)
    method, path, body, content_type, refused = TRANSPORTS[transport](UPDATES[operation])
    status, _, text = request(bundled_server, method, path, body, {"Content-Type": content_type} if content_type else {})
    assert status in refused, (status, text)
    assert store_size(bundled_server) == before
    status, _, text = sparql_get(bundled_server, "ASK { GRAPH ?g { <urn:a> ?p ?o } }")
    assert json.loads(text)["boolean"] is False


@pytest.fixture(scope="module")
def flask_client(bundled_dir):
    from web import create_app
    app = create_app(bundled_dir, pool_size=1)
    yield app.test_client()
    app.extensions["govkg"].close()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_updates_are_refused_through_the_flask_client(flask_client, transport):
    method, path, body, content_type, refused = TRANSPORTS[transport](UPDATES["insert-data"])
    response = flask_client.open(path, method=method, data=body, content_type=content_type)
    assert response.status_code in refused, response.data
    count = flask_client.get("/sparql", query_string={"query": COUNT, "format": "json"})
    after = int(count.get_json()["results"]["bindings"][0]["n"]["value"])
    assert after == store_size_of(flask_client, "ASK { GRAPH ?g { <urn:a> ?p ?o } }", after)


def store_size_of(client, ask: str, size: int) -> int:
    """`size` when the planted triple is absent (so the comparison above fails if it was inserted)."""
    response = client.get("/sparql", query_string={"query": ask, "format": "json"})
    return size if response.get_json()["boolean"] is False else -1


# --- SERVICE to internal addresses: refused, and no request leaves the server ----------------------

@pytest.fixture(scope="module")
def listener():
    """A real HTTP server on loopback that records every request: SERVICE must never reach it."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()


SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z . {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
    "PREFIX p: <http://x/>\nSELECT * WHERE {{ ?a ?b ?c FILTER(?c<?a) SERVICE<{url}>{{?s ?p ?o}} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("host", ["127.0.0.1", "169.254.169.254", "localhost", "[::1]", "LISTENER"])
@pytest.mark.parametrize("form", range(len(SERVICE_FORMS)))
def test_service_to_internal_addresses_is_refused(bundled_server, listener, host, form):
    port, hits = listener
    url = f"http://127.0.0.1:{port}/sparql" if host == "LISTENER" else f"http://{host}/latest/meta-data/"
    status, _, body = sparql_get(bundled_server, SERVICE_FORMS[form].format(url=url))
    assert status == 400 and b"SERVICE" in body, body
    assert hits == []


def test_service_refused_in_a_post_body_too(bundled_server, listener):
    port, hits = listener
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}".encode()
    status, _, _ = request(bundled_server, "POST", "/sparql", query, {"Content-Type": "application/sparql-query"})
    assert status == 400 and hits == []


# --- oversized requests ------------------------------------------------------------------------------

def test_query_body_over_the_limit_is_refused(bundled_server):
    huge = ("#" + "x" * MAX_BODY + "\n" + ASK_ANY).encode()
    for body, content_type in ((huge, "application/sparql-query"),
                               (urllib.parse.urlencode({"query": huge}).encode(), FORM)):
        status, _, _ = request(bundled_server, "POST", "/sparql", body, {"Content-Type": content_type})
        assert status == 413
    assert answers(bundled_server)


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_sent(bundled_server):
    host, port = urllib.parse.urlsplit(bundled_server).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: %d\r\n\r\n" % (50 * MAX_BODY))
        reply = sock.recv(4096)
    assert reply.split(b"\r\n")[0].split(b" ")[1] == b"413", reply[:200]


def test_a_query_string_over_the_header_limit_is_refused(bundled_server):
    status, _, _ = request(bundled_server, "GET", "/sparql?query=" + "%23" + "x" * (2 * MAX_BODY))
    assert status in (413, 414, 431)
    assert answers(bundled_server)


# --- deeply nested and very long queries ---------------------------------------------------------------

def nested(kind: str, n: int) -> str:
    return {
        "groups": "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
        "filters": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "isIRI(?o)" + ")" * n + ") }",
        "brackets": "SELECT * WHERE { ?s ?p " + "(" * n + ")" * n + " }",
        "subselects": "SELECT * WHERE { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n + " }",
        "optionals": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * n + "}" * n + " }",
        "not-exists": "ASK { ?s ?p ?o " + "FILTER NOT EXISTS { ?s ?p ?o " * n + "}" * n + " }",
    }[kind]


@pytest.mark.parametrize("depth", [1000, 20_000])
@pytest.mark.parametrize("kind", ["groups", "filters", "brackets", "subselects", "optionals", "not-exists"])
def test_deeply_nested_queries_are_refused(bundled_server, kind, depth):
    status, _, body = request(bundled_server, "POST", "/sparql", nested(kind, depth).encode(),
                              {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"levels deep" in body, body[:200]
    assert answers(bundled_server)


def test_moderate_nesting_is_still_answered(bundled_server):
    status, _, body = sparql_get(bundled_server, nested("groups", 50) + " LIMIT 1")
    assert status == 200 and json.loads(body)["results"]["bindings"]


def flat(kind: str, n: int) -> str:
    return {
        "sum": "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * n) + " > 0) } LIMIT 1",
        "or": "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["isIRI(?o)"] * n) + ") } LIMIT 1",
        "join": "SELECT * WHERE { " + " . ".join(f"?s ?p ?o{i}" for i in range(n)) + " } LIMIT 1",
        "path": "SELECT * WHERE { ?s " + "/".join(["<urn:p>"] * n) + " ?o } LIMIT 1",
        "union": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " } LIMIT 1",
        "not": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * n + "isIRI(?o)) } LIMIT 1",
    }[kind]


@pytest.mark.parametrize("kind", ["sum", "or", "join", "path", "union", "not"])
def test_long_flat_queries_are_answered_or_timed_out_never_kill_a_worker(bundled_server, kind):
    """20000 elements in a row: the parser recurses on them (they overflowed an 8 MB stack)."""
    status, _, body = request(bundled_server, "POST", "/sparql", flat(kind, 20_000).encode(),
                              {"Content-Type": "application/sparql-query"})
    assert status in (200, 503), body[:200]
    assert b"worker died" not in body
    assert answers(bundled_server)


# --- a runaway query is timed out while the server keeps answering ----------------------------------

def test_runaway_query_times_out_and_others_are_answered_meanwhile(bundled_server):
    with ThreadPoolExecutor(max_workers=1) as pool:
        runaway = pool.submit(sparql_get, bundled_server, RUNAWAY)
        served_meanwhile = []
        while not runaway.done():
            served_meanwhile.append(get(bundled_server + "/search?q=" + urllib.parse.quote("忻州"))[0])
            served_meanwhile.append(sparql_get(bundled_server, ASK_ANY)[0])
        status, _, body = runaway.result()
    assert status == 503 and b"timed out" in body
    assert served_meanwhile and set(served_meanwhile) == {200}
    assert answers(bundled_server)


# --- slow clients ------------------------------------------------------------------------------------------

def trickle(base: str, data: bytes, pause: float, stop: threading.Event) -> None:
    """Send `data` one byte at a time, `pause` seconds apart, until done or stopped."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        for byte in data:
            if stop.is_set():
                return
            sock.sendall(bytes([byte]))
            time.sleep(pause)


SLOW_REQUESTS = {
    "headers": b"GET /search?q=%E5%BF%BB%E5%B7%9E HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n\r\n",
    "body": (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
             b"Content-Length: 40\r\n\r\nASK { ?s ?p ?o }                        "),
}


@pytest.mark.parametrize("part", SLOW_REQUESTS)
def test_slow_clients_do_not_block_other_clients(bundled_server, part):
    """More byte-by-byte clients than the server has request threads (8), all at once."""
    stop = threading.Event()
    slow = [threading.Thread(target=trickle, args=(bundled_server, SLOW_REQUESTS[part], 0.2, stop), daemon=True)
            for _ in range(16)]
    try:
        for thread in slow:
            thread.start()
        time.sleep(1.0)  # every slow client is connected and half-way through its request
        assert all(thread.is_alive() for thread in slow)
        for _ in range(5):
            assert answers(bundled_server)
            assert get(bundled_server + "/agencies")[0] == 200
    finally:
        stop.set()
        for thread in slow:
            thread.join()


# --- security headers on every route ------------------------------------------------------------------

def some_iri(base: str, type_filter: str) -> str:
    status, _, body = request(base, "GET", "/api/search?" + urllib.parse.urlencode({"q": "忻州", "type": type_filter}))
    assert status == 200
    return json.loads(body)["hits"][0]["iri"]


ROUTES = [  # (method, path or a function of the base giving it, body, content type)
    ("GET", "/"), ("GET", "/responsible?q=" + urllib.parse.quote("安全")), ("GET", "/agencies"),
    ("GET", "/matrix"), ("GET", "/timeline"), ("GET", "/search?q=" + urllib.parse.quote("忻州")),
    ("GET", "/api/search?q=" + urllib.parse.quote("忻州")), ("GET", "/query"), ("GET", "/api/examples"),
    ("GET", "/explore"), ("GET", "/downloads"), ("GET", "/sparql"), ("GET", "/sparql?query=ASK%7B%7D"),
    ("GET", "/sparql?query=ASK%7B%7D&format=xml"), ("GET", "/sparql?query=CONSTRUCT%20WHERE%7B?s?p?o%7DLIMIT%201"),
    ("POST", "/sparql", b"ASK {}", "application/sparql-query"),
    ("GET", lambda b: "/agency?iri=" + urllib.parse.quote(some_iri(b, "org:Organization"))),
    ("GET", lambda b: "/resource?iri=" + urllib.parse.quote(some_iri(b, "org:Organization"))),
    ("GET", lambda b: "/api/neighbourhood?iri=" + urllib.parse.quote(some_iri(b, "org:Organization"))),
    ("GET", lambda b: urllib.parse.urlsplit(some_iri(b, "org:Organization")).path.replace("/govkg", "", 1)),
    # errors are pages too
    ("GET", "/no/such/page"), ("GET", "/resource?iri=not-an-iri"), ("GET", "/api/neighbourhood"),
    ("GET", "/sparql?update=CLEAR%20ALL"), ("GET", "/sparql?query=SELEKT"),
    ("GET", "/sparql?query=" + urllib.parse.quote(RUNAWAY)),
    ("GET", "/static/css/site.css"),
]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r[0] + " " + (r[1] if isinstance(r[1], str) else "entity")[:60])
def test_security_headers_on_every_route(bundled_server, route):
    method, path, *rest = route
    path = path(bundled_server) if callable(path) else path
    body, content_type = rest if rest else (None, None)
    status, headers, _ = request(bundled_server, method, path, body,
                                 {"Content-Type": content_type} if content_type else {})
    assert status < 600, status
    csp = headers.get("content-security-policy", "")
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert "'unsafe-inline'" not in directives.get("script-src", "'unsafe-inline'"), (status, csp)
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", (status, csp)
    assert directives.get("object-src") == "object-src 'none'", (status, csp)
    assert headers.get("x-content-type-options") == "nosniff", status
    assert headers.get("x-frame-options") == "DENY", status


def test_flask_answers_a_body_over_the_limit_with_the_headers(flask_client):
    response = flask_client.post("/sparql", data=b"#" + b"x" * (MAX_BODY + 10), content_type="application/sparql-query")
    assert response.status_code == 413
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("raw", [
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n",
    b"GET /?<script>alert(1)</script>=" + b"x" * 300_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: <script>\r\n\r\n",
])
def test_refusals_made_by_waitress_before_the_app_are_plain_text_and_echo_nothing(bundled_server, raw):
    """Waitress answers these itself (the app never sees them), so they lack the app's headers: they
    must stay plain text and never repeat what the client sent."""
    host, port = urllib.parse.urlsplit(bundled_server).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = b""
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except ConnectionResetError:  # refused while the client was still sending: a reset is a refusal
            pass
    assert answers(bundled_server)
    if not reply:
        return
    head, _, body = reply.partition(b"\r\n\r\n")
    assert int(head.split(b" ")[1]) in (400, 413, 431), head
    assert b"content-type: text/plain" in head.lower()
    assert b"<script>" not in body
    assert answers(bundled_server)
