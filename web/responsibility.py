"""Who is responsible for what: the queries behind the responsibility views."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from web.kg import expand, select, term_value

ROLES = ["gkg:leadAgency", "gkg:responsibleAgency", "gkg:supportingAgency", "gkg:implementingAgency"]
ROLE_VALUES = " ".join(ROLES)
CHANGE_TYPES = ["gkg:Appointment", "gkg:Dismissal", "gkg:Confirmation"]


@dataclass
class TargetRow:
    iri: str
    indicator: str
    comparator: str
    value: str
    unit: str
    due_year: str
    source_text: str

    @property
    def statement(self) -> str:
        return f"{self.comparator}{self.value}{self.unit}".strip()


@dataclass
class TaskRow:
    iri: str
    label: str
    source_text: str = ""
    programs: list[str] = field(default_factory=list)
    parent: str = ""
    agencies: dict[str, list[str]] = field(default_factory=lambda: {role: [] for role in ROLES})
    targets: list[TargetRow] = field(default_factory=list)


def decimal_text(term) -> str:
    value = term_value(term)
    if value.endswith(".0"):
        return value[:-2]
    return value


def targets_of(store: ox.Store, task_iris: list[str]) -> dict[str, list[TargetRow]]:
    if not task_iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in task_iris)
    rows = select(store, f"""SELECT DISTINCT ?task ?g ?indicator ?comparator ?value ?unit ?year ?text WHERE {{
        VALUES ?task {{ {values} }} ?g gkg:forTask ?task .
        OPTIONAL {{ ?g gkg:indicator ?indicator }} OPTIONAL {{ ?g gkg:comparator ?comparator }}
        OPTIONAL {{ ?g gkg:targetValue ?value }} OPTIONAL {{ ?g gkg:unit ?unit }}
        OPTIONAL {{ ?g gkg:dueYear ?year }} OPTIONAL {{ ?g gkg:sourceText ?text }} }} ORDER BY ?year ?g""")
    grouped: dict[str, list[TargetRow]] = defaultdict(list)
    for r in rows:
        grouped[r["task"].value].append(TargetRow(
            r["g"].value, term_value(r["indicator"]), term_value(r["comparator"]), decimal_text(r["value"]),
            term_value(r["unit"]), term_value(r["year"]), term_value(r["text"])))
    return grouped


def task_rows(store: ox.Store, task_iris: list[str]) -> list[TaskRow]:
    """Each task with its agencies by role, programmes, parent task and targets, in the given order."""
    if not task_iris:
        return []
    values = " ".join(f"<{iri}>" for iri in task_iris)
    tasks = {iri: TaskRow(iri, "") for iri in task_iris}
    for r in select(store, f"""SELECT ?task ?label ?text ?parent WHERE {{ VALUES ?task {{ {values} }}
            OPTIONAL {{ ?task rdfs:label ?label }} OPTIONAL {{ ?task gkg:sourceText ?text }}
            OPTIONAL {{ ?task gkg:subTaskOf ?parent }} }}"""):
        task = tasks[r["task"].value]
        task.label = task.label or term_value(r["label"])
        task.source_text = task.source_text or term_value(r["text"])
        task.parent = task.parent or term_value(r["parent"])
    for r in select(store, f"""SELECT ?task ?role ?org WHERE {{ VALUES ?task {{ {values} }}
            VALUES ?role {{ {ROLE_VALUES} }} ?task ?role ?org }} ORDER BY ?org"""):
        role = "gkg:" + r["role"].value.rsplit("#", 1)[-1]
        tasks[r["task"].value].agencies[role].append(r["org"].value)
    for r in select(store, f"""SELECT ?task ?program WHERE {{ VALUES ?task {{ {values} }}
            ?task gkg:partOfProgram ?program }}"""):
        tasks[r["task"].value].programs.append(r["program"].value)
    for iri, targets in targets_of(store, task_iris).items():
        tasks[iri].targets = targets
    return list(tasks.values())


def tasks_about(store: ox.Store, text: str, limit: int = 100) -> list[TaskRow]:
    """Tasks whose label or source sentence mentions `text`, or that carry a target whose indicator or
    clause mentions it (a task's own gkg:sourceText may be just its heading, e.g. 2.全面推进厕所革命。)."""
    needle = " ".join(text.split())
    if not needle:
        return []
    rows = select(store, f"""SELECT DISTINCT ?task WHERE {{
        {{ ?task a gkg:Task ; rdfs:label ?l FILTER(CONTAINS(?l, ?q)) }}
        UNION {{ ?task a gkg:Task ; gkg:sourceText ?s FILTER(CONTAINS(?s, ?q)) }}
        UNION {{ ?g gkg:forTask ?task . ?g gkg:indicator|gkg:sourceText ?i FILTER(CONTAINS(?i, ?q)) }}
        OPTIONAL {{ ?task rdfs:label ?label }} }} ORDER BY STRLEN(STR(?label)) ?task LIMIT {limit}""",
                  q=ox.Literal(needle))
    return task_rows(store, [r["task"].value for r in rows])


@dataclass
class AgencyProfile:
    iri: str
    tasks_by_role: dict[str, list[TaskRow]]
    programs: list[tuple[str, int]]
    groups: list[dict]
    people: list[dict]
    documents: list[dict]


def agency_profile(store: ox.Store, iri: str) -> AgencyProfile:
    node = ox.NamedNode(iri)
    role_rows = select(store, f"""SELECT ?task ?role WHERE {{ VALUES ?role {{ {ROLE_VALUES} }} ?task ?role ?org .
        OPTIONAL {{ ?task rdfs:label ?l }} }} ORDER BY ?l ?task""", org=node)
    tasks = {t.iri: t for t in task_rows(store, list(dict.fromkeys(r["task"].value for r in role_rows)))}
    by_role = {role: [] for role in ROLES}
    for r in role_rows:
        by_role["gkg:" + r["role"].value.rsplit("#", 1)[-1]].append(tasks[r["task"].value])
    program_counts: dict[str, int] = defaultdict(int)
    for task in tasks.values():
        for program in task.programs:
            program_counts[program] += 1
    groups = [{"group": r["group"].value, "role": term_value(r["roleLabel"]), "hosted": r["how"].value == "host",
               "source": term_value(r["text"])} for r in select(store, """SELECT DISTINCT ?group ?roleLabel ?how ?text
        WHERE { { ?m org:member ?org ; org:organization ?group . OPTIONAL { ?m org:role/rdfs:label ?roleLabel }
                  OPTIONAL { ?m gkg:sourceText ?text } BIND("member" AS ?how) }
                UNION { ?m org:member ?post ; org:organization ?group . ?post org:postIn ?org .
                  OPTIONAL { ?m org:role/rdfs:label ?roleLabel } OPTIONAL { ?m gkg:sourceText ?text }
                  BIND("member" AS ?how) }
                UNION { ?group gkg:officeHostedBy ?org BIND("host" AS ?how) } } ORDER BY ?group""", org=node)]
    people = [{"change": r["c"].value, "type": "gkg:" + r["type"].value.rsplit("#", 1)[-1],
               "person": r["person"].value, "post": term_value(r["postLabel"]), "date": term_value(r["date"])}
              for r in select(store, f"""SELECT DISTINCT ?c ?type ?person ?postLabel ?date WHERE {{
        ?post org:postIn ?org . ?c gkg:post ?post ; gkg:person ?person ; a ?type .
        VALUES ?type {{ {' '.join(CHANGE_TYPES)} }} OPTIONAL {{ ?post rdfs:label ?postLabel }}
        OPTIONAL {{ ?c dcterms:date ?date }} }} ORDER BY DESC(?date)""", org=node)]
    documents = [{"doc": r["doc"].value, "how": r["how"].value} for r in select(store, """SELECT DISTINCT ?doc ?how
        WHERE { { ?doc dcterms:creator ?org BIND("creator" AS ?how) }
                UNION { ?doc gkg:addressedTo ?org BIND("addressee" AS ?how) } } ORDER BY ?doc""", org=node)]
    programs = sorted(program_counts.items(), key=lambda kv: -kv[1])
    return AgencyProfile(iri, by_role, programs, groups, people, documents)


def agencies_with_tasks(store: ox.Store) -> list[dict]:
    rows = select(store, f"""SELECT ?org ?role (COUNT(DISTINCT ?task) AS ?n) WHERE {{
        VALUES ?role {{ {ROLE_VALUES} }} ?task ?role ?org }} GROUP BY ?org ?role""")
    agencies: dict[str, dict] = {}
    for r in rows:
        entry = agencies.setdefault(r["org"].value, {"iri": r["org"].value, "total": 0, **{role: 0 for role in ROLES}})
        count = int(r["n"].value)
        entry["gkg:" + r["role"].value.rsplit("#", 1)[-1]] = count
        entry["total"] += count
    return sorted(agencies.values(), key=lambda a: (-a["total"], a["iri"]))


@dataclass
class Matrix:
    agencies: list[str]
    programs: list[str]
    counts: dict[tuple[str, str], int]


def agency_program_matrix(store: ox.Store, max_agencies: int = 40, max_programs: int = 30) -> Matrix:
    rows = select(store, f"""SELECT ?org ?program (COUNT(DISTINCT ?task) AS ?n) WHERE {{
        VALUES ?role {{ {ROLE_VALUES} }} ?task ?role ?org ; gkg:partOfProgram ?program }} GROUP BY ?org ?program""")
    counts = {(r["org"].value, r["program"].value): int(r["n"].value) for r in rows}
    agency_totals: dict[str, int] = defaultdict(int)
    program_totals: dict[str, int] = defaultdict(int)
    for (agency, program), n in counts.items():
        agency_totals[agency] += n
        program_totals[program] += n
    agencies = sorted(agency_totals, key=lambda a: (-agency_totals[a], a))[:max_agencies]
    programs = sorted(program_totals, key=lambda p: (-program_totals[p], p))[:max_programs]
    return Matrix(agencies, programs, counts)


def personnel_timeline(store: ox.Store, person: str = "") -> list[dict]:
    person_filter = "FILTER(?person = ?who)" if person else ""
    bindings = {"who": ox.NamedNode(person)} if person else {}
    rows = select(store, f"""SELECT DISTINCT ?c ?type ?person ?post ?postLabel ?org ?date ?doc ?number ?text WHERE {{
        VALUES ?type {{ {' '.join(CHANGE_TYPES)} }} ?c a ?type ; gkg:person ?person ; gkg:post ?post .
        {person_filter}
        OPTIONAL {{ ?post rdfs:label ?postLabel }} OPTIONAL {{ ?post org:postIn ?org }}
        OPTIONAL {{ ?c dcterms:date ?date }}
        OPTIONAL {{ ?c prov:wasDerivedFrom ?doc OPTIONAL {{ ?doc dcterms:identifier ?number }} }}
        OPTIONAL {{ ?c gkg:sourceText ?text }} }} ORDER BY DESC(?date) ?c""", **bindings)
    rows = list({r["c"].value: r for r in rows}.values())  # one row per decision
    return [{"change": r["c"].value, "type": "gkg:" + r["type"].value.rsplit("#", 1)[-1],
             "person": r["person"].value, "post": r["post"].value, "post_label": term_value(r["postLabel"]),
             "org": term_value(r["org"]), "date": term_value(r["date"]), "doc": term_value(r["doc"]),
             "doc_number": term_value(r["number"]),
             "text": term_value(r["text"])} for r in rows]
