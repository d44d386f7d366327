"""CSV tables for spreadsheet users, and their column dictionary (columns.csv).

Files are UTF-8 with a byte-order mark (Excel otherwise reads Chinese as ANSI), RFC 4180 (CRLF,
minimal quoting), English headers; columns.csv gives each column's Chinese label and meaning.
A cell that has several values (aliases, two parent organisations …) joins them with " | ".
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .context import ExportContext
from .writing import atomic_output

ENCODING = "utf-8-sig"
MULTI_VALUE_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    name: str
    label_zh: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]  # rows with the same key are merged (other columns joined)
    order: tuple[str, ...]  # sort columns, before the full row
    columns: tuple[Column, ...]
    query: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _col(name: str, label_zh: str, description: str) -> Column:
    return Column(name, label_zh, description)


PROVENANCE = (
    _col("document", "来源文件IRI", "IRI of the document the row was read from"),
    _col("document_number", "来源文号", "document number (文号) of that document"),
    _col("source_text", "原文", "the sentence or clause it was read from"),
    _col("char_start", "起始位置", "start offset of source_text in the original gazette file"),
    _col("char_end", "结束位置", "end offset (exclusive) of source_text in the original gazette file"),
)

PROVENANCE_PATTERNS = """
  OPTIONAL { ?row prov:wasDerivedFrom ?document .
             OPTIONAL { ?document dcterms:identifier ?document_number } }
  OPTIONAL { ?row gkg:sourceText ?source_text }
  OPTIONAL { ?row gkg:charStart ?char_start }
  OPTIONAL { ?row gkg:charEnd ?char_end }
"""

LABEL_OF = "COALESCE(?{v}_l1, ?{v}_l2, ?{v}_l3)"


def _provenance_of(var: str) -> str:
    return PROVENANCE_PATTERNS.replace("?row", f"?{var}")


def _label_patterns(var: str) -> str:
    return (f"OPTIONAL {{ ?{var} skos:prefLabel ?{var}_l1 }} "
            f"OPTIONAL {{ ?{var} foaf:name ?{var}_l2 }} "
            f"OPTIONAL {{ ?{var} rdfs:label ?{var}_l3 }} ")


TABLES: tuple[Table, ...] = (
    Table(
        "documents", "one row per document (including cited documents known only by number)",
        key=("document",), order=("issued", "document_number", "document"),
        columns=(
            _col("document", "文件IRI", "IRI of the document"),
            _col("document_number", "文号", "document number, normalised (〔〕, half-width digits)"),
            _col("title", "标题", "title"),
            _col("issued", "成文日期", "signing date (YYYY-MM-DD)"),
            _col("issuer", "发文机关IRI", "IRI of the issuing organisation"),
            _col("issuer_name", "发文机关", "canonical name of the issuing organisation"),
            _col("issue", "公报期号IRI", "IRI of the gazette issue that published it"),
            _col("issue_title", "公报期号", "title of that gazette issue"),
            _col("is_programme", "是否方案规划", "true if the document sets out a plan or programme"),
        ),
        query="""
SELECT ?document ?document_number ?title ?issued ?issuer ?issuer_name ?issue ?issue_title ?is_programme
WHERE {
  ?document a gkg:Document .
  OPTIONAL { ?document dcterms:identifier ?document_number }
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?document dcterms:issued ?issued }
  OPTIONAL { ?document dcterms:creator ?issuer . OPTIONAL { ?issuer skos:prefLabel ?issuer_name } }
  OPTIONAL { ?document dcterms:isPartOf ?issue . OPTIONAL { ?issue dcterms:title ?issue_title } }
  BIND(EXISTS { ?document a gkg:Program } AS ?is_programme)
}"""),
    Table(
        "organisations", "one row per resolved organisation (leading groups included)",
        key=("organisation",), order=("name", "organisation"),
        columns=(
            _col("organisation", "机构IRI", "IRI of the organisation"),
            _col("name", "规范名称", "canonical name (skos:prefLabel)"),
            _col("aliases", "别名", "every other surface form found in the sources, joined by ' | '"),
            _col("parent", "上级机构IRI", "IRI of the parent organisation (org:subOrganizationOf)"),
            _col("parent_name", "上级机构", "canonical name of the parent organisation"),
            _col("is_leading_group", "是否议事协调机构",
                 "true for leading groups, headquarters, committees, joint meetings"),
            _col("office_hosted_by", "办公室设在IRI", "IRI of the organisation hosting the group's office"),
            _col("office_hosted_by_name", "办公室设在", "name of the organisation hosting the group's office"),
        ),
        query="""
SELECT ?organisation ?name ?aliases ?parent ?parent_name ?is_leading_group ?office_hosted_by
       ?office_hosted_by_name
WHERE {
  { ?organisation a org:Organization } UNION { ?organisation a gkg:LeadingGroup }
  OPTIONAL { ?organisation skos:prefLabel ?name }
  OPTIONAL { ?organisation skos:altLabel ?aliases }
  OPTIONAL { ?organisation org:subOrganizationOf ?parent . OPTIONAL { ?parent skos:prefLabel ?parent_name } }
  OPTIONAL { ?organisation gkg:officeHostedBy ?office_hosted_by .
             OPTIONAL { ?office_hosted_by skos:prefLabel ?office_hosted_by_name } }
  BIND(EXISTS { ?organisation a gkg:LeadingGroup } AS ?is_leading_group)
}"""),
    Table(
        "organisation_aliases", "one row per (organisation, surface form): a lookup table for aliases",
        key=("organisation", "alias"), order=("alias", "organisation"),
        columns=(
            _col("alias", "别名", "a surface form (skos:altLabel) or the canonical name itself"),
            _col("organisation", "机构IRI", "IRI of the organisation it resolves to"),
            _col("name", "规范名称", "canonical name of that organisation"),
        ),
        query="""
SELECT ?alias ?organisation ?name
WHERE {
  { ?organisation a org:Organization } UNION { ?organisation a gkg:LeadingGroup }
  ?organisation skos:prefLabel ?name .
  { ?organisation skos:altLabel ?alias } UNION { ?organisation skos:prefLabel ?alias }
}"""),
    Table(
        "responsibilities", "one row per (task, role, agency): who is responsible for what",
        key=("task", "role", "agency"), order=("document_number", "task", "role", "agency"),
        columns=(
            _col("task", "任务IRI", "IRI of the task"),
            _col("task_label", "任务", "the task"),
            _col("role", "职责类型", "lead (牵头), responsible (责任), supporting (配合), implementing (落实)"),
            _col("agency", "单位IRI", "IRI of the organisation (or post) in that role"),
            _col("agency_name", "单位", "its canonical name or label"),
            _col("agency_as_written", "原文单位", "the agency as the text writes it (gkg:surfaceForm)"),
            _col("parent_task", "上级任务IRI", "IRI of the enclosing task (gkg:subTaskOf)"),
            _col("programme", "所属方案IRI", "IRI of the plan or programme the task belongs to"),
            *PROVENANCE,
        ),
        query=f"""
SELECT ?task ?task_label ?role ?agency ?agency_name ?agency_as_written ?parent_task ?programme
       ?document ?document_number ?source_text ?char_start ?char_end
WHERE {{
  VALUES (?property ?role ?role_concept) {{
    (gkg:leadAgency "lead" gkg:Lead) (gkg:responsibleAgency "responsible" gkg:Responsible)
    (gkg:supportingAgency "supporting" gkg:Supporting) (gkg:implementingAgency "implementing" gkg:Implementing) }}
  ?task a gkg:Task ; ?property ?agency .
  OPTIONAL {{ ?assignment gkg:task ?task ; gkg:assignedAgency ?agency ; gkg:agencyRole ?role_concept ;
                          gkg:surfaceForm ?agency_as_written .
             {_provenance_of("assignment")} }}
  OPTIONAL {{ ?task rdfs:label ?task_label }}
  {_label_patterns("agency")}
  BIND({LABEL_OF.format(v="agency")} AS ?agency_name)
  OPTIONAL {{ ?task gkg:subTaskOf ?parent_task }}
  OPTIONAL {{ ?task gkg:partOfProgram ?programme }}
}}"""),
    Table(
        "targets", "one row per quantified target",
        key=("target",), order=("document_number", "target"),
        columns=(
            _col("target", "目标IRI", "IRI of the target"),
            _col("indicator", "指标", "the indicator"),
            _col("comparator", "比较", "the comparison word (达到, 不低于, 控制在 …)"),
            _col("target_value", "目标值", "the value (decimal)"),
            _col("unit", "单位", "the unit (%, 万吨 …)"),
            _col("due_year", "目标年份", "the year it is due"),
            _col("task", "所属任务IRI", "IRI of the task it belongs to"),
            _col("task_label", "所属任务", "that task"),
            *PROVENANCE,
        ),
        query=f"""
SELECT ?target ?indicator ?comparator ?target_value ?unit ?due_year ?task ?task_label
       ?document ?document_number ?source_text ?char_start ?char_end
WHERE {{
  ?target a gkg:Target .
  OPTIONAL {{ ?target gkg:indicator ?indicator }}
  OPTIONAL {{ ?target gkg:comparator ?comparator }}
  OPTIONAL {{ ?target gkg:targetValue ?target_value }}
  OPTIONAL {{ ?target gkg:unit ?unit }}
  OPTIONAL {{ ?target gkg:dueYear ?due_year }}
  OPTIONAL {{ ?target gkg:forTask ?task . OPTIONAL {{ ?task rdfs:label ?task_label }} }}
  {_provenance_of("target")}
}}"""),
    Table(
        "personnel_decisions", "one row per appointment, dismissal or confirmation",
        key=("decision",), order=("date", "document_number", "decision"),
        columns=(
            _col("decision", "人事决定IRI", "IRI of the decision"),
            _col("kind", "类型", "appointment (任命), dismissal (免去) or confirmation (确认/聘任)"),
            _col("date", "日期", "date of the decision"),
            _col("person", "人员IRI", "IRI of the person"),
            _col("person_name", "姓名", "the person's name"),
            _col("post", "职务IRI", "IRI of the post"),
            _col("post_label", "职务", "the post"),
            _col("post_organisation", "任职机构IRI", "IRI of the organisation the post is in"),
            _col("post_organisation_name", "任职机构", "canonical name of that organisation"),
            *PROVENANCE,
        ),
        query=f"""
SELECT ?decision ?kind ?date ?person ?person_name ?post ?post_label ?post_organisation
       ?post_organisation_name ?document ?document_number ?source_text ?char_start ?char_end
WHERE {{
  VALUES (?class ?kind) {{ (gkg:Appointment "appointment") (gkg:Dismissal "dismissal")
                          (gkg:Confirmation "confirmation") }}
  ?decision a ?class .
  OPTIONAL {{ ?decision dcterms:date ?date }}
  OPTIONAL {{ ?decision gkg:person ?person . OPTIONAL {{ ?person foaf:name ?person_name }} }}
  OPTIONAL {{ ?decision gkg:post ?post .
             OPTIONAL {{ ?post rdfs:label ?post_label }}
             OPTIONAL {{ ?post org:postIn ?post_organisation .
                        OPTIONAL {{ ?post_organisation skos:prefLabel ?post_organisation_name }} }} }}
  {_provenance_of("decision")}
}}"""),
    Table(
        "memberships", "one row per membership of a leading group, headquarters or committee",
        key=("membership",), order=("group_name", "membership"),
        columns=(
            _col("membership", "成员关系IRI", "IRI of the membership"),
            _col("group", "议事协调机构IRI", "IRI of the group"),
            _col("group_name", "议事协调机构", "canonical name of the group"),
            _col("role", "角色", "the role (组长, 副组长, 成员 …)"),
            _col("member", "成员IRI", "IRI of the member: a person, an organisation or a post"),
            _col("member_kind", "成员类型", "person, organisation or post"),
            _col("member_name", "成员", "the member's name or label"),
            _col("stated_position", "所任职务", "the member's post as the text gives it"),
            *PROVENANCE,
        ),
        query=f"""
SELECT ?membership ?group ?group_name ?role ?member ?member_kind ?member_name ?stated_position
       ?document ?document_number ?source_text ?char_start ?char_end
WHERE {{
  ?membership a org:Membership .
  OPTIONAL {{ ?membership org:organization ?group . OPTIONAL {{ ?group skos:prefLabel ?group_name }} }}
  OPTIONAL {{ ?membership org:role ?role_node . OPTIONAL {{ ?role_node rdfs:label ?role }} }}
  OPTIONAL {{ ?membership org:member ?member .
             {_label_patterns("member")}
             BIND({LABEL_OF.format(v="member")} AS ?member_name)
             BIND(IF(EXISTS {{ ?member a foaf:Person }}, "person",
                  IF(EXISTS {{ ?member a org:Post }}, "post", "organisation")) AS ?member_kind) }}
  OPTIONAL {{ ?membership gkg:statedPosition ?stated_position }}
  {_provenance_of("membership")}
}}"""),
)


def write_tables(ctx: ExportContext, out_dir: Path) -> list[Path]:
    paths = [write_table(ctx, table, out_dir) for table in TABLES]
    paths.append(write_column_dictionary(out_dir))
    return paths


def write_table(ctx: ExportContext, table: Table, out_dir: Path) -> Path:
    header = [c.name for c in table.columns]
    rows = table_rows(ctx, table)
    return _write_csv(out_dir / table.file_name, header, rows)


def table_rows(ctx: ExportContext, table: Table) -> list[list[str]]:
    names = [c.name for c in table.columns]
    merged: dict[tuple, list[set[str]]] = {}
    for solution in ctx.build.query_instances(table.query):
        values = [_cell(solution[name]) for name in names]
        key = tuple(values[names.index(k)] for k in table.key)
        cells = merged.setdefault(key, [set() for _ in names])
        for cell, value in zip(cells, values):
            if value:
                cell.add(value)
    rows = [[MULTI_VALUE_SEPARATOR.join(sorted(cell)) for cell in cells] for cells in merged.values()]
    order = [names.index(c) for c in table.order]
    return sorted(rows, key=lambda row: ([row[i] for i in order], row))


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def write_column_dictionary(out_dir: Path) -> Path:
    header = ["table", "column", "label_zh", "description"]
    rows = [[t.name, c.name, c.label_zh, c.description] for t in TABLES for c in t.columns]
    return _write_csv(out_dir / "columns.csv", header, rows)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    with atomic_output(path) as out:
        out.write(text.getvalue().encode(ENCODING))
    return path


def column_dictionary_markdown() -> str:
    """The column dictionary as Markdown, kept in docs/EXPORTS.md (a test compares them)."""
    parts = []
    for table in TABLES:
        parts.append(f"### {table.file_name}\n\n{table.description[0].upper()}{table.description[1:]}.\n")
        parts.append("| column | 中文 | meaning |\n|---|---|---|")
        parts.extend(f"| `{c.name}` | {c.label_zh} | {c.description} |" for c in table.columns)
        parts.append("")
    return "\n".join(parts)
