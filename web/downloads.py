"""/downloads: the open-data files `python -m exports` wrote (graph.ttl/.nt/.trig/.jsonld, CSVs, GraphML,
catalog.ttl …), listed with their titles, sizes and checksums from catalog.ttl, and served with their
media types.

The directory is `--exports DIR` on `python -m web serve`, else DIR/exports of the served build when
it exists (looked up on each request, so exports written after the server started appear at once).
Only regular files directly in that directory are served; names are never joined into other paths.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, abort, current_app, render_template, send_file

from web.state import state

bp = Blueprint("downloads", __name__)

CATALOG = "catalog.ttl"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"

# by file name ending, longest first; the media types of docs/EXPORTS.md
MEDIA_TYPES = [
    (".jsonld", "application/ld+json"), (".graphml", "application/xml"), (".trig", "application/trig"),
    (".ttl", "text/turtle"), (".nt", "application/n-triples"), (".nq", "application/n-quads"),
    (".csv", "text/csv"), (".txt", "text/plain"), (".json", "application/json"), (".xml", "application/xml"),
]
TEXT_TYPES = ("text/", "application/ld+json", "application/n-triples", "application/n-quads", "application/trig",
              "application/json", "application/xml")


def current_exports_dir() -> Path | None:
    """`--exports DIR` when given, else DIR/exports of the build; None when that is not a directory."""
    configured = current_app.config.get("GOVKG_EXPORTS_DIR")
    directory = configured or state().data_dir / "exports"
    return directory if directory.is_dir() else None


def media_type_for(name: str) -> str:
    for ending, media_type in MEDIA_TYPES:
        if name.endswith(ending):
            return media_type
    return "application/octet-stream"


@dataclass
class ExportFile:
    name: str
    size: int
    media_type: str
    title: str = ""
    sha256: str = ""


def catalog_entries(directory: Path) -> dict[str, dict]:
    """title / media type / checksum per file name, from catalog.ttl's dcat:Distribution entries."""
    path = directory / CATALOG
    if not path.is_file():
        return {}
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError):
        return {}
    by_subject: dict[str, dict[str, list]] = {}
    for quad in quads:
        by_subject.setdefault(str(quad.subject), {}).setdefault(quad.predicate.value, []).append(quad.object)
    entries = {}
    for properties in by_subject.values():
        urls = properties.get(DCAT + "downloadURL", [])
        if not urls:
            continue
        name = urls[0].value.rstrip("/").rsplit("/", 1)[-1]
        titles = {getattr(t, "language", "") or "": t.value for t in properties.get(DCT + "title", [])}
        media = [m.value[len(IANA):] for m in properties.get(DCAT + "mediaType", []) if m.value.startswith(IANA)]
        checksum = ""
        for node in properties.get(SPDX + "checksum", []):
            values = by_subject.get(str(node), {}).get(SPDX + "checksumValue", [])
            checksum = values[0].value if values else checksum
        entries[name] = {"title": titles.get("zh-hans") or titles.get("en") or next(iter(titles.values()), ""),
                         "media_type": media[0] if media else "", "sha256": checksum}
    return entries


def listing(directory: Path) -> list[ExportFile]:
    catalog = catalog_entries(directory)
    files = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                continue
            known = catalog.get(entry.name, {})
            files.append(ExportFile(entry.name, entry.stat().st_size, known.get("media_type") or media_type_for(entry.name),
                                    known.get("title", ""), known.get("sha256", "")))
    order = {name: i for i, name in enumerate(["catalog.ttl", "graph.ttl", "graph.nt", "graph.trig", "graph.nq",
                                               "graph.jsonld", "context.jsonld", "graph.graphml"])}
    return sorted(files, key=lambda f: (order.get(f.name, 100 if f.name.endswith(".csv") else 200), f.name))


@bp.route("/downloads")
def downloads_page():
    directory = current_exports_dir()
    files = listing(directory) if directory else []
    return render_template("downloads.html", files=files, exports_dir=directory)


@bp.route("/downloads/<name>")
def download(name: str):
    directory = current_exports_dir()
    if directory is None or name.startswith(".") or "/" in name or "\\" in name:
        abort(404)
    by_name = {f.name: f for f in listing(directory)}
    if name not in by_name:
        abort(404)
    media_type = by_name[name].media_type
    response = send_file(directory / name, mimetype=media_type, conditional=True, etag=True, max_age=0)
    if media_type.startswith(TEXT_TYPES):
        response.mimetype_params["charset"] = "utf-8"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
