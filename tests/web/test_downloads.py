"""/downloads: the files of `python -m exports` for the REAL build, listed and served with their media types."""
from __future__ import annotations

import hashlib
import shutil

import pyoxigraph as ox
import pytest

from tests.web.conftest import FIXTURES, build_data_dir, make_app

MEDIA = [  # (file, media type, how to check the body)
    ("catalog.ttl", "text/turtle", lambda b: list(ox.parse(b, format=ox.RdfFormat.TURTLE))),
    ("graph.ttl", "text/turtle", lambda b: list(ox.parse(b, format=ox.RdfFormat.TURTLE))),
    ("graph.nt", "application/n-triples", lambda b: list(ox.parse(b, format=ox.RdfFormat.N_TRIPLES))),
    ("graph.trig", "application/trig", lambda b: list(ox.parse(b, format=ox.RdfFormat.TRIG))),
    ("graph.jsonld", "application/ld+json", lambda b: b.lstrip().startswith(b"{")),
    ("targets.csv", "text/csv", lambda b: "indicator" in b.decode("utf-8-sig").splitlines()[0]),
    ("responsibilities.csv", "text/csv", lambda b: b.decode("utf-8-sig").count("\n") > 10),
    ("graph.graphml", "application/xml", lambda b: b"<graphml" in b[:2000]),
]


@pytest.fixture(scope="module")
def downloads_app(bundled_dir, real_exports):
    app = make_app(bundled_dir, exports_dir=real_exports)
    yield app
    app.extensions["govkg"].close()


@pytest.fixture()
def dl(downloads_app):
    return downloads_app.test_client()


@pytest.mark.parametrize("name, media_type, check", MEDIA, ids=[m[0] for m in MEDIA])
def test_each_file_is_served_with_its_media_type(dl, real_exports, name, media_type, check):
    response = dl.get(f"/downloads/{name}")
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert response.mimetype_params.get("charset") == "utf-8"
    assert response.data == (real_exports / name).read_bytes()
    assert check(response.data)


def test_listing_shows_every_file_with_title_size_and_checksum(dl, real_exports):
    page = dl.get("/downloads").get_data(as_text=True)
    names = sorted(p.name for p in real_exports.iterdir())
    for name in names:
        assert f'href="/downloads/{name}"' in page
    # titles and checksums come from catalog.ttl and match the files
    nt = (real_exports / "graph.nt").read_bytes()
    assert hashlib.sha256(nt).hexdigest()[:12] in page
    assert "N-Triples" in page and "{:,}".format(len(nt)) in page
    assert page.index("catalog.ttl") < page.index("graph.nt") < page.index("targets.csv")


@pytest.mark.parametrize("path", ["/downloads/nothing.ttl", "/downloads/..%2Fbuild.json", "/downloads/../build.json",
                                  "/downloads/.hidden", "/downloads/%2Fetc%2Fpasswd"])
def test_only_listed_files_are_served(dl, real_exports, path):
    (real_exports / ".hidden").write_text("x", encoding="utf-8")
    try:
        assert dl.get(path).status_code == 404
    finally:
        (real_exports / ".hidden").unlink()


def test_home_links_the_catalog(dl):
    page = dl.get("/").get_data(as_text=True)
    assert 'href="/downloads/catalog.ttl"' in page and 'href="/downloads"' in page
    assert "尚未导出" not in page


def test_default_is_DIR_exports(tmp_path, real_exports):
    data = build_data_dir(tmp_path, FIXTURES / "sample.trig")
    app = make_app(data)
    try:
        client = app.test_client()
        assert "还没有导出文件" in client.get("/downloads").get_data(as_text=True)
        assert client.get("/downloads/catalog.ttl").status_code == 404
        assert "尚未导出" in client.get("/").get_data(as_text=True)
        (data / "exports").mkdir()
        for name in ("catalog.ttl", "graph.nt"):
            shutil.copy(real_exports / name, data / "exports" / name)
        # exports written after the server started appear without a restart
        assert 'href="/downloads/graph.nt"' in client.get("/downloads").get_data(as_text=True)
        response = client.get("/downloads/graph.nt")
        assert response.status_code == 200 and response.mimetype == "application/n-triples"
    finally:
        app.extensions["govkg"].close()


def test_serve_accepts_exports_option():
    from web.__main__ import parse_args
    args = parse_args(["serve", "--data", "var", "--exports", "/srv/exports"])
    assert str(args.exports) == "/srv/exports"
    assert parse_args(["serve", "--data", "var"]).exports is None
