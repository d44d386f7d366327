"""govkg web app: SPARQL endpoint, entity pages, search, explorer and responsibility views."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'",
    # YASGUI and Cytoscape set element styles from script; no inline <script> is ever allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])


def create_app(data_dir: str | Path, settings=None, pool_size: int = 2) -> Flask:
    from graph_builder.settings import load as load_settings

    from web import entities, explore, search, sparql, views
    from web.links import register_template_helpers
    from web.state import AppState

    settings = settings or load_settings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    app.extensions["govkg"] = AppState.open(Path(data_dir), settings, pool_size)
    for blueprint in (views.bp, sparql.bp, entities.bp, search.bp, explore.bp):
        app.register_blueprint(blueprint)
    register_template_helpers(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return app
