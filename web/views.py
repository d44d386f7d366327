"""Home page and the responsibility views for people who do not write SPARQL."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from web.responsibility import (ROLES, agencies_with_tasks, agency_profile, agency_program_matrix,
                                personnel_timeline, tasks_about)
from web.links import canonical_iri
from web.state import state

bp = Blueprint("views", __name__)

ROLE_NAMES = {"gkg:leadAgency": "牵头单位", "gkg:responsibleAgency": "责任单位",
              "gkg:supportingAgency": "配合单位", "gkg:implementingAgency": "落实单位"}
CHANGE_NAMES = {"gkg:Appointment": "任命", "gkg:Dismissal": "免职", "gkg:Confirmation": "确认/备案"}


@bp.app_context_processor
def vocabulary_names():
    return {"ROLES": ROLES, "ROLE_NAMES": ROLE_NAMES, "CHANGE_NAMES": CHANGE_NAMES}


@bp.route("/")
def home():
    from web.downloads import CATALOG, current_exports_dir
    app_state = state()
    exports = current_exports_dir()
    return render_template("home.html", build=app_state.build, type_counts=app_state.index.type_counts(),
                           has_catalog=bool(exports and (exports / CATALOG).is_file()))


@bp.route("/responsible")
def responsible():
    text = request.args.get("q", "").strip()
    tasks = tasks_about(state().store, text) if text else []
    return render_template("responsible.html", q=text, tasks=tasks)


@bp.route("/agencies")
def agencies():
    return render_template("agencies.html", agencies=agencies_with_tasks(state().store))


@bp.route("/agency")
def agency():
    iri = canonical_iri(request.args.get("iri", "").strip(), state().settings.base_iri)
    if not iri:
        abort(400, "give the agency as ?iri=")
    if "org:Organization" not in state().index.get(iri).types:
        abort(404, "not an organisation in this graph")
    return render_template("agency.html", entity=state().index.get(iri), profile=agency_profile(state().store, iri))


@bp.route("/matrix")
def matrix():
    return render_template("matrix.html", matrix=agency_program_matrix(state().store))


@bp.route("/timeline")
def timeline():
    person = request.args.get("person", "").strip()
    return render_template("timeline.html", person=person, changes=personnel_timeline(state().store, person))
