"""Search over labels and aliases (市住建局 finds 忻州市住房和城乡建设局), as a page and as JSON."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from web.kg import search as search_index
from web.links import entity_url
from web.state import state

bp = Blueprint("search", __name__)


def requested_limit(default: int, ceiling: int = 200) -> int:
    try:
        return max(1, min(ceiling, int(request.args.get("limit", default))))
    except ValueError:
        return default


@bp.route("/search")
def search_page():
    text = request.args.get("q", "").strip()
    type_filter = request.args.get("type", "").strip()
    index = state().index
    hits = search_index(index, text, type_filter, requested_limit(50)) if text else []
    return render_template("search.html", q=text, type_filter=type_filter, hits=hits,
                           type_counts=index.type_counts())


@bp.route("/api/search")
def search_api():
    index = state().index
    hits = search_index(index, request.args.get("q", ""), request.args.get("type", "").strip(),
                        requested_limit(20))
    return {"hits": [{"iri": h.entity.iri, "label": h.entity.label, "matched": h.matched, "rank": h.rank,
                      "type": h.entity.kind, "aliases": h.entity.aliases[:10], "url": entity_url(h.entity.iri)}
                     for h in hits]}
