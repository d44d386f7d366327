"""govkg web app: SPARQL endpoint, entity pages, search, explorer and responsibility views."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'",
    # YASGUI and Cytoscape set element styles from script; no inline <script> is ever allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])


def create_app(data_dir: str | Path, settings=None, pool_size: int | None = None, exports_dir: str | Path | None = None,
               reload_check_seconds: float = 1.0) -> Flask:
    """The app for the build in `data_dir`.

    exports_dir: the files `python -m exports` wrote, listed at /downloads (default DIR/exports when it
    exists). pool_size: SPARQL worker processes (default settings.query_workers).
    reload_check_seconds: how often build.json is checked for a new build (0: every request).
    """
    from graph_builder.settings import load as load_settings

    from web import downloads, entities, explore, search, sparql, views
    from web.links import register_template_helpers
    from web.state import AppState

    settings = settings or load_settings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    app.extensions["govkg"] = AppState.open(Path(data_dir), settings, pool_size or settings.query_workers,
                                                   reload_check_seconds)
    app.config["GOVKG_EXPORTS_DIR"] = Path(exports_dir).resolve() if exports_dir else None
    for blueprint in (views.bp, sparql.bp, entities.bp, search.bp, explore.bp, downloads.bp):
        app.register_blueprint(blueprint)
    register_template_helpers(app)

    @app.before_request
    def pin_snapshot():
        """Each request works on one build: the newest one when build.json changed (web.state)."""
        g.govkg_snapshot = app.extensions["govkg"].refresh()

    @app.after_request
    def security_headers(response):
        snapshot = g.get("govkg_snapshot")
        if snapshot is not None and snapshot.build_hash:
            response.headers["X-Govkg-Build"] = snapshot.build_hash[:16]
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return app
