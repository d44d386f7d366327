"""Organisation and person identities: every surface form resolved to ONE organisation per city.

Rules (genre conventions, data in ``data/aliases.csv``):
- the key of a surface folds width, traditional script, spaces and bracket shapes, so resolution does
  not depend on what the reader normalised;
- an administrative prefix is split off: bare 市 (and 本市) means the gazette's city, 忻州 / 忻州市 is the
  city, 县/区/乡/镇 forms stay distinct bodies scoped to the city, 省 forms too (the province is not
  named, so they are scoped to the gazette's city rather than merged across provinces);
  another named city (太原市…) scopes its own bodies; national bodies (国务院, 国家…) have city "";
- abbreviations in the rest of the name expand to the standard full names (住建局 → 住房和城乡建设局,
  政府 → 人民政府); party organs take their official 中共X委… form;
- an in-text definition (以下简称“X”) makes X another surface of the defined organisation;
- canonical = the full official name with the city prefix; organisations of two cities never merge;
- an alias is not expanded where its full form is already written (减灾委员会 stays, never 减灾委员会员会);
- a rank or tier qualifier is not a city prefix (市县交通运输部门, 市级技术创新中心, 县级人民政府: the
  category keeps its written form, scoped to the city), nor is a word that begins with 市 (市场监管部门);
- a name written with the bare city stem (忻州海关) takes the 市 form like 市X, so that 忻州广播电视台 and
  市广播电视台 stay one body (the label may then read 忻州市海关; identity matters more than the label);
- a verb glued before a name (完善爱国卫生运动委员会, 启动X有限公司, 深刻领会省委) or a role
  word after it (市城市管理局会同) is not part of the name; a doubled tail (人民政府府, 城市管理管理局) is a
  typo of the single one;
- X（Y） with a name in both parts is ONE organisation with two names (市公用事业中心（市供气供热服务中心）,
  市工信局（市国资委）, 市应急救援总指挥部（市减灾委员会）): it resolves to X, and Y becomes a surface of X
  unless Y already names something else;
- 风景区 and 风景名胜区, 管委会 and 管理委员会 are the same word in a zone's name (alias table).

Generic collectives (有关部门, 各县（市、区）人民政府, 县级人民政府, 事发地人民政府, 相关单位): they are the
surface forms the documents assign work to, so they stay organisations, typed ``collective``
(gkg:Collective). Their identity is the written category within the city (org/{city}/有关部门): the
IRI names the category "有关部门 as used in this city's documents", never one body, and a collective is
never merged with a specific organisation or given one as parent. Which bodies a collective covers in a
given document is not stated by the text and is not guessed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from .model import Organisation, Person, Records
from .nlp import (aliases, boundaries, leading_verbs, one_body_two_names, org_kind, place_names,
                  prefix_length, state_owned)

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "（", "〉": "）", "<": "（", ">": "）",
                           "“": "", "”": "", '"': "", "‘": "", "’": "", "「": "", "」": ""})
_NATIONAL = re.compile(r"^(?:国务院|国家|中共中央|中央|全国|中国(?!共产党)|国务院办公厅)")
# 忻州经济开发区: a zone named after the city, not the city's 经济开发区
_ZONE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:开发区|新区|园区|示范区|景区|风景名胜区|综合保税区)")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold(surface: str) -> str:
    """Comparison form: NFKC width folding, simplified script, no spaces or quotes, （） brackets."""
    text = unicodedata.normalize("NFKC", surface or "")
    text = _t2s().convert(text)
    return _SPACES.sub("", text).translate(_BRACKETS)


@lru_cache(maxsize=1)
def _alias_regex() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation over all aliases, longest first; an alias that is the tail of its full form
    (政府 of 人民政府) must not match inside the full form itself."""
    table = {fold(a): fold(f) for a, f in aliases()}
    parts = []
    for alias in sorted(table, key=len, reverse=True):
        full = table[alias]
        guard = f"(?<!{re.escape(full[: -len(alias)])})" if full.endswith(alias) else ""
        parts.append(guard + re.escape(alias))
    return re.compile("|".join(parts)), table


@lru_cache(maxsize=1)
def _names_starting_with_shi() -> tuple[str, ...]:
    """Department names that begin with 市 themselves (市场监管局): no city prefix to split off."""
    return tuple(fold(n) for row in aliases() for n in row if n.startswith("市"))


def expand_aliases(core: str) -> str:
    """Abbreviations to full names, except where the full name is already written around the match."""
    regex, table = _alias_regex()

    def replace(m: re.Match) -> str:
        alias, full = m.group(), table[m.group()]
        at = full.find(alias)
        if at >= 0 and core.startswith(full, m.start() - at) and m.start() >= at:
            return alias
        return full

    return regex.sub(replace, core)


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[str, ...]:
    return tuple(sorted(boundaries().get("qualifier_prefixes", ()), key=len, reverse=True))


@lru_cache(maxsize=1)
def _openers() -> tuple[str, ...]:
    return tuple(sorted(boundaries().get("name_openers", ()), key=len, reverse=True))


@lru_cache(maxsize=1)
def _trailing_role_words() -> tuple[str, ...]:
    return tuple(sorted(boundaries().get("trailing_role_words", ()), key=len, reverse=True))


def strip_glued_words(name: str) -> str:
    """A verb glued before a name (完善 / 启动 / 深刻领会 …, data ``name_openers``; jieba's verbs only
    before an administrative prefix) or a role word after it (会同, 牵头, data ``trailing_role_words``):
    removed while an organisation name remains."""
    if org_kind(name) == "collective":  # 相关县人民政府: the qualifier is the name
        return name
    changed = True
    while changed:
        changed = False
        for word in _trailing_role_words():
            if name.endswith(word) and len(name) - len(word) >= 3:
                name, changed = name[: -len(word)], True
        for word in _openers():
            rest = name[len(word):]
            if name.startswith(word) and len(rest) >= 2 and (
                    prefix_length(rest, 0, len(rest)) or org_kind(rest) in ("group", "party", "enterprise")):
                name, changed = rest, True
                break
        else:
            verbs = leading_verbs()
            for k in (4, 3, 2):
                rest = name[k:]
                # a jieba verb only before an administrative prefix (管理|委员会 stays whole)
                # jieba tags some places as verbs (繁峙, 偏关): a place name is never cut off
                if (name[:k] in verbs and name[:k] not in place_names() and len(rest) >= 3
                        and org_kind(rest) != "other" and prefix_length(rest, 0, len(rest))):
                    name, changed = rest, True
                    break
    return name


_DOUBLED_TAIL = re.compile(r"([\u4e00-\u9fff]{1,2})\1$|(管理)\2(?=局$)")


def undouble(name: str) -> str:
    """人民政府府 -> 人民政府, 城市管理管理局 -> 城市管理局: a doubled tail or word is a typo (official
    names never repeat a word back to back); 员会 of 委员会员会 is handled by the alias guard."""
    m = _DOUBLED_TAIL.search(name)
    if not m:
        return name
    word = m.group(1) or m.group(2)
    return name[: m.start()] + name[m.start() + len(word):]


def city_stem(city: str) -> str:
    """忻州市 -> 忻州 (the place name without its administrative suffix)."""
    for suffix in sorted(boundaries()["place_suffixes"], key=len, reverse=True):
        if city.endswith(suffix) and len(city) > len(suffix) + 1:
            return city[: -len(suffix)]
    return city


def _named_place(name: str) -> Optional[str]:
    """A named 市/州/盟-level place at the start of ``name`` (太原市, 忻州市), from the gazetteer."""
    places = place_names()
    for k in range(min(8, len(name) - 1), 2, -1):
        head = name[:k]
        if head.endswith(("市", "州", "盟")) and (head in places or head[:-1] in places):
            return head
    return None


def _named_province(name: str) -> Optional[str]:
    places = place_names()
    for k in range(min(8, len(name) - 1), 2, -1):
        head = name[:k]
        if head.endswith(("省", "自治区")) and (head in places or head[:-1] in places):
            return head
    return None


@dataclass(frozen=True)
class Parsed:
    scope: str  # the city the organisation belongs to ("" = national)
    canonical: str


def _party_form(prefix: str, rest: str) -> str:
    """市委组织部 -> 中共{prefix}委组织部 (the official form of party organs)."""
    return f"中共{prefix}{rest}"


_BRACKET_NAMES = re.compile(r"^(?P<x>[^（）]{3,})（(?P<y>[^（）、，]{3,})）$")


def two_names(surface: str) -> Optional[tuple[str, str]]:
    """X（Y） where both X and Y are organisation names: (X, Y), else None (各县（市、区）人民政府)."""
    m = _BRACKET_NAMES.match(fold(surface))
    if not m:
        return None
    x, y = m.group("x"), m.group("y")
    return (x, y) if one_body_two_names(x, y) else None


def parse(surface: str, city: str) -> Parsed:
    name = undouble(strip_glued_words(fold(surface)))
    city = fold(city)
    stem = city_stem(city) if city else ""
    if name.startswith("本市"):
        name = name[1:]
    for qualifier in _qualifiers():
        if name.startswith(qualifier) and len(name) > len(qualifier):
            return Parsed(city, expand_aliases(name))
    party = False
    for marker in ("中国共产党", "中共"):
        if name.startswith(marker):
            name, party = name[len(marker):], True
            break
    if _NATIONAL.match(name) or _named_province(name):
        return Parsed("", expand_aliases(name))
    if city and name.startswith(city):
        prefix, rest, scope = city, name[len(city):], city
    elif (stem and name.startswith(stem) and not name.startswith(stem + "市")
          and not _ZONE.match(name, len(stem))):
        prefix, rest, scope = city, name[len(stem):], city
    elif (name.startswith("市") and city and not name.startswith(_names_starting_with_shi())
          and not name.startswith(tuple(boundaries().get("shi_words", ())))):
        prefix, rest, scope = city, name[1:], city
    else:
        other = _named_place(name)
        if other and other != city:
            prefix, rest, scope = other, name[len(other):], other
        else:
            prefix, rest, scope = "", name, city
    rest = expand_aliases(rest)
    if rest.startswith("委") and (party or prefix):
        return Parsed(scope, _party_form(prefix, rest))
    if party:
        return Parsed(scope, f"中共{prefix}{rest}")
    if rest.startswith("政协"):
        return Parsed(scope, f"中国人民政治协商会议{prefix}委员会{rest[2:]}")
    return Parsed(scope, prefix + rest)


def _parent_name(canonical: str) -> Optional[str]:
    """The stated parent of a sub-unit: X人民政府办公室 → X人民政府, X局Y支队 → X局 (same city)."""
    m = re.match(r"^(.+?(?:人民政府|委员会|指挥部|领导小组|领导组|局|厅))(办公室|办公厅|.{2,}(?:支队|大队|分局|中心|办公室))$",
                 canonical)
    if not m or len(m.group(1)) < 3:
        return None
    return m.group(1)


def kind_of(canonical: str) -> str:
    """The kind of a resolved name (nlp.org_kind), and collective for a bare tier prefix: 县人民政府,
    区图书馆, 乡镇工作队 in a city's documents name whichever county / district / township, no one body
    (乡宁县人民政府 starts with a place name and is one body). An enterprise whose name shows state
    ownership is a state_enterprise."""
    kind = org_kind(canonical)
    if kind == "enterprise" and state_owned(canonical):
        return "state_enterprise"
    if kind == "collective" or not canonical or canonical[0] not in "县区乡镇旗":
        return kind
    places = place_names()
    if any(canonical[:n] in places for n in range(2, min(5, len(canonical)))):
        return kind
    return "collective"


@dataclass
class Resolution:
    city: str
    _orgs: dict[tuple[str, str], Organisation] = field(default_factory=dict)
    _surfaces: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    _people: dict[tuple[str, str], Person] = field(default_factory=dict)
    # identities that X（Y） declared another name of an organisation: Y's (scope, canonical) -> X's
    _same: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def organisation(self, surface: str, city: str | None = None) -> Optional[Organisation]:
        """The one organisation a surface form names in ``city`` (registered on first sight)."""
        if not surface or not fold(surface).strip("（）、，,;；:："):
            return None
        city = fold(city if city is not None else self.city)
        key = (city, fold(surface))
        ident = self._surfaces.get(key)
        if ident is None:
            names = two_names(surface)
            if names:  # X（Y）: one organisation, two names
                org = self.organisation(names[0], city)
                self._surfaces[key] = (org.city, org.canonical)
                other = parse(names[1], city)
                if (other.scope, other.canonical) not in self._orgs:  # Y does not name another body yet
                    self._same[(other.scope, other.canonical)] = (org.city, org.canonical)
                    self._surfaces.setdefault((city, fold(names[1])), (org.city, org.canonical))
                    org.aliases.add(names[1])
                org.aliases.add(surface)
                return org
            parsed = parse(surface, city)
            ident = (parsed.scope, parsed.canonical)
            ident = self._same.get(ident, ident)
            self._surfaces[key] = ident
        org = self._register(ident)
        org.aliases.add(surface)
        return org

    def define(self, alias: str, surface: str, city: str | None = None) -> Optional[Organisation]:
        """以下简称: ``alias`` names the organisation written ``surface`` (in this city)."""
        org = self.organisation(surface, city)
        if org is not None:
            scope_city = fold(city if city is not None else self.city)
            self._surfaces[(scope_city, fold(alias))] = (org.city, org.canonical)
            other = parse(alias, scope_city)  # 市X names it too when X（市Y） defined 市Y
            if (other.scope, other.canonical) not in self._orgs and one_body_two_names(org.canonical, other.canonical):
                self._same.setdefault((other.scope, other.canonical), (org.city, org.canonical))
            org.aliases.add(alias)
        return org

    def _register(self, ident: tuple[str, str]) -> Organisation:
        org = self._orgs.get(ident)
        if org is None:
            scope, canonical = ident
            org = Organisation(city=scope, canonical=canonical, kind=kind_of(canonical),
                               aliases={canonical})
            self._orgs[ident] = org
            parent = _parent_name(canonical)
            if parent:
                org.parent = self._register((scope, parent)).canonical
        return org

    def organisations(self) -> list[Organisation]:
        return sorted(self._orgs.values(), key=lambda o: (o.city, o.canonical))

    def person(self, name: str, city: str | None = None) -> Person:
        clean = _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))
        scope = city if city is not None else self.city
        return self._people.setdefault((scope, clean), Person(city=scope, name=clean))


def _surfaces(records: Records) -> Iterable[str]:
    doc = records.document
    yield from filter(None, [doc.issuer, *doc.co_issuers, *doc.recipients])
    yield from (m.surface for m in records.orgs)
    yield from (a.agency for a in records.assignments)
    yield from (m.agency for m in records.memberships if m.agency)
    for group in records.groups:
        yield group.name
        if group.office_host:
            yield group.office_host
    yield from (p.organisation for p in records.personnel if p.organisation)


def resolve(records_list: list[Records], city: str) -> Resolution:
    """Resolve every organisation surface in the records of one build scope (a city's gazettes)."""
    resolution = Resolution(city=city)
    for records in records_list:
        doc_city = records.document.city or city
        for mention in records.orgs:
            if mention.defined_alias:
                resolution.define(mention.defined_alias, mention.surface, doc_city)
    for records in records_list:
        doc_city = records.document.city or city
        for surface in _surfaces(records):
            resolution.organisation(surface, doc_city)
        for change in records.personnel:
            resolution.person(change.person, doc_city)
        for membership in records.memberships:
            if membership.person:
                resolution.person(membership.person, doc_city)
    return resolution
