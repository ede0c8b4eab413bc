"""The graph projected into sparse matrices: built once per graph version, kept on disk, never per request.

Rows are entities (people, organisations, patents, publications, technologies, industries) in id order;
relations are CSR matrices; profiles (technology, text, industry) are L2-normalised rows ready for cosine
similarity. ``exclude`` hides chosen links and documents, so the evaluation can project the graph as it
stood before a cut-off and still use one builder.
"""

from __future__ import annotations

import dataclasses
import pickle
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from graph.gc_pacing import fewer_collections
from graph.store import GraphStore
from loaders.normalize import compact_key
from matcher.text import Matrix, TextEncoder, join_texts, l2, prune_rows, scale_columns, zeros

TECHNICAL_ROLES = {"researcher", "student", "inventor"}
BUSINESS_ROLES = {"executive", "entrepreneur"}
IDF_SAMPLE_DOCS = 200_000
DOCUMENT_TEXT_KEEP = 60
"""Terms kept of each patent's and paper's own text profile."""


@dataclass
class Table:
    """Entities of one type: ids in a fixed order and their display names."""

    ids: list[str]
    names: list[str]
    index: dict[str, int] = field(default_factory=dict)
    names_ko: list[str] = field(default_factory=list)
    """Korean names where they differ (technologies, industries); empty means the same as ``names``."""

    def name(self, row: int, lang: str = "en") -> str:
        return self.names_ko[row] if lang == "ko" and self.names_ko else self.names[row]

    def __post_init__(self) -> None:
        self.index = {node_id: i for i, node_id in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def rows_of(self, ids: Iterable[str]) -> NDArray[np.int64]:
        """The rows of those of ``ids`` the table holds, in order."""
        return np.asarray(sorted(self.index[i] for i in ids if i in self.index), dtype=np.int64)


@dataclass
class Exclusions:
    """What a projection must not see: links (by relationship type) and whole documents."""

    links: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    patents: set[str] = field(default_factory=set)
    publications: set[str] = field(default_factory=set)

    def hides(self, label: str, src: str, dst: str) -> bool:
        pairs = self.links.get(label)
        return bool(pairs) and ((src, dst) in pairs or (dst, src) in pairs)  # type: ignore[operator]


@dataclass
class Projection:
    version: str
    """The store's knowledge version it was built at (bookkeeping writes leave it current)."""
    people: Table
    orgs: Table
    patents: Table
    pubs: Table
    techs: Table
    industries: Table
    person_roles: list[set[str]]
    person_region: list[str | None]
    person_is_researcher: NDArray[np.bool_]
    org_kind: list[str]
    org_region: list[str | None]
    org_size: NDArray[np.float32]
    patent_year: NDArray[np.int32]
    pub_year: NDArray[np.int32]
    person_patent: Matrix
    org_patent: Matrix
    person_pub: Matrix
    org_pub: Matrix
    """Papers by the organisations they name (``AUTHORED`` from an organisation)."""
    person_org: Matrix
    org_person_collab: Matrix
    org_org_collab: Matrix
    person_person: Matrix
    org_person_project: Matrix
    patent_cites: Matrix
    licensed: Matrix
    founded: Matrix
    patent_tech: Matrix
    pub_tech: Matrix
    tech_industry: Matrix
    tech_idf: NDArray[np.float32]
    person_tech: Matrix
    org_tech: Matrix
    person_industry: Matrix
    org_industry: Matrix
    person_text: Matrix
    org_text: Matrix
    patent_text: Matrix
    """Each patent's own text profile, pruned to its strongest terms (DOCUMENT_TEXT_KEEP)."""
    pub_text: Matrix
    """Each paper's own text profile, likewise."""
    encoder: TextEncoder
    built_seconds: float = 0.0
    _columns: dict[str, Matrix] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ helpers

    def column(self, name: str, col: int) -> NDArray[np.int32]:
        """Rows with a non-zero in one column of a relation (a patent's owners or inventors), from a
        column-major copy made once: slicing a column of a CSR matrix reads all of it."""
        if name not in ("org_patent", "person_patent", "patent_cites"):  # relations ``without_links`` keeps
            raise ValueError(f"no column index for {name}")
        columns: dict[str, Matrix] = self.__dict__.setdefault("_columns", {})  # a projection cached before
        transposed = columns.get(name)
        if transposed is None:
            transposed = columns[name] = sp.csr_matrix(getattr(self, name).T)
        return np.asarray(transposed.indices[transposed.indptr[col]:transposed.indptr[col + 1]], dtype=np.int32)

    def tech_profile(self, raw: Matrix) -> Matrix:
        """IDF-weighted, L2-normalised technology rows."""
        return l2(scale_columns(raw, self.tech_idf))

    def industry_profile(self, raw_tech: Matrix, own: Matrix | None = None) -> Matrix:
        profile = raw_tech @ self.tech_industry
        if own is not None:
            profile = profile + own
        return l2(sp.csr_matrix(profile, dtype=np.float32))

    def people_named(self, name: str) -> list[int]:
        """The rows of the people whose name is ``name`` (case, width, spaces and punctuation aside); the index
        is built on the first call for this projection."""
        index: dict[str, list[int]] | None = self.__dict__.get("_people_by_name")
        if index is None:
            index = {}
            for row, written in enumerate(self.people.names):
                index.setdefault(compact_key(written), []).append(row)
            self.__dict__["_people_by_name"] = index
        return index.get(compact_key(name), [])

    def person_orgs(self, row: int) -> list[str]:
        start, end = self.person_org.indptr[row], self.person_org.indptr[row + 1]
        return [self.orgs.ids[j] for j in self.person_org.indices[start:end]]

    def without_links(self, label: str, pairs: Iterable[tuple[str, str]]) -> Projection:
        """A copy that does not know these links (for scoring a link without seeing it)."""
        pairs = list(pairs)
        if label == "COLLABORATED_WITH":
            return replace(self, org_person_collab=_drop(self.org_person_collab, self.orgs, self.people, pairs))
        if label == "LICENSED_TO":
            return replace(self, licensed=_drop(self.licensed, self.patents, self.orgs, pairs))
        if label == "FOUNDED":
            return replace(self, founded=_drop(self.founded, self.people, self.orgs, pairs))
        raise ValueError(f"cannot hide {label} links")

    # ------------------------------------------------------------------ persistence

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"projection-{self.version}.pkl"
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in folder.glob("projection-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
        return path

    @staticmethod
    def load(folder: Path, version: str) -> Projection | None:
        path = folder / f"projection-{version}.pkl"
        if not path.exists():
            return None
        with path.open("rb") as handle:
            loaded = pickle.load(handle)  # noqa: S301 - our own cache file
        if not isinstance(loaded, Projection) or any(not hasattr(loaded, f.name)
                                                     for f in dataclasses.fields(Projection)):
            return None  # cached by an older innolink: built again
        return loaded


def _drop(matrix: Matrix, rows: Table, cols: Table, pairs: list[tuple[str, str]]) -> Matrix:
    out = matrix.tolil(copy=True)
    for a, b in pairs:
        for r, c in ((a, b), (b, a)):
            if r in rows.index and c in cols.index:
                out[rows.index[r], cols.index[c]] = 0
    result = out.tocsr()
    result.eliminate_zeros()
    return result


def _matrix(pairs: Iterable[tuple[int, int, float]], shape: tuple[int, int]) -> Matrix:
    items = list(pairs)
    if not items:
        return zeros(*shape)
    rows, cols, vals = zip(*items, strict=True)
    matrix = sp.coo_matrix((np.asarray(vals, np.float32), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),
                           shape=shape).tocsr()
    matrix.sum_duplicates()
    return matrix


def _binary(matrix: Matrix) -> Matrix:
    out = matrix.tocsr(copy=True)
    out.data[:] = 1.0
    return out


class ProjectionBuilder:
    """Streams a store into a ``Projection``."""

    def __init__(self, store: GraphStore, *, text_keep: int = 200, chunk_size: int = 20_000) -> None:
        self.store = store
        self.text_keep = text_keep
        self.chunk_size = chunk_size

    def build(self, exclude: Exclusions | None = None) -> Projection:
        with fewer_collections():  # millions of short-lived row objects: ~10% of a build went to full collections
            return self._build(exclude)

    def _build(self, exclude: Exclusions | None) -> Projection:
        started = time.perf_counter()
        exclude = exclude or Exclusions()
        version = self.store.knowledge_version()
        people, roles, person_region, person_text_own = self._people()
        orgs, kinds, org_region, sizes, org_text_own = self._orgs()
        patents, patent_year = self._documents("Patent", ["title_ko", "title_en", "application_date"],
                                               exclude.patents)
        pubs, pub_year = self._documents("Publication", ["title", "year"], exclude.publications)
        techs = self._names("Technology", ["label_en", "label_ko"])
        industries = self._names("Industry", ["name_en", "name_ko"])
        tables = {"Person": people, "Organization": orgs, "Patent": patents, "Publication": pubs,
                  "Technology": techs, "Industry": industries}
        rel = self._relations(tables, exclude)
        n_people, n_orgs, n_patents, n_pubs, n_techs = len(people), len(orgs), len(patents), len(pubs), len(techs)

        person_patent = rel.matrix("INVENTED", (n_people, n_patents))
        org_patent = rel.matrix("APPLICANT_OF", (n_orgs, n_patents))
        person_pub = rel.matrix("AUTHORED/Person", (n_people, n_pubs))
        org_pub = rel.matrix("AUTHORED/Organization", (n_orgs, n_pubs))
        patent_tech = rel.matrix("HAS_TECHNOLOGY/Patent", (n_patents, n_techs))
        pub_tech = rel.matrix("HAS_TECHNOLOGY/Publication", (n_pubs, n_techs))
        person_tech_raw = (rel.matrix("HAS_TECHNOLOGY/Person", (n_people, n_techs)) + person_patent @ patent_tech
                           + person_pub @ pub_tech).tocsr()
        org_tech_raw = (rel.matrix("HAS_TECHNOLOGY/Organization", (n_orgs, n_techs))
                        + org_patent @ patent_tech + org_pub @ pub_tech).tocsr()
        df = np.asarray(_binary(patent_tech).sum(0) + _binary(pub_tech).sum(0) + _binary(org_tech_raw).sum(0))
        entities = max(1, n_patents + n_pubs + n_orgs)
        tech_idf = (np.log((1 + entities) / (1 + df.ravel())) + 1).astype(np.float32)
        tech_industry = rel.matrix("RELATES_TO", (n_techs, len(industries)))
        org_industry_own = rel.matrix("IN_INDUSTRY", (n_orgs, len(industries)))

        person_org = _binary(rel.matrix("AFFILIATED_WITH", (n_people, n_orgs)))
        coinvent = _binary(person_patent) @ _binary(person_patent).T + _binary(person_pub) @ _binary(person_pub).T
        person_person = _binary((rel.matrix("COLLABORATED_WITH/pp", (n_people, n_people)) + coinvent).tocsr())
        person_person.setdiag(0)
        person_person.eliminate_zeros()
        person_project = rel.matrix("PARTICIPATED_IN/Person", (n_people, rel.n_projects))
        org_project = rel.matrix("PARTICIPATED_IN/Organization", (n_orgs, rel.n_projects))

        encoder = TextEncoder()
        person_text, org_text, patent_text, pub_text = self._text_profiles(
            encoder, person_patent, org_patent, person_pub, org_pub, person_text_own, org_text_own, patents, pubs)
        projection = Projection(
            version=version, people=people, orgs=orgs, patents=patents, pubs=pubs, techs=techs,
            industries=industries, person_roles=roles, person_region=person_region,
            person_is_researcher=np.array(
                [bool(r & TECHNICAL_ROLES) for r in roles], dtype=bool) | (person_patent.getnnz(1) > 0)
            | (person_pub.getnnz(1) > 0),
            org_kind=kinds, org_region=org_region, org_size=sizes, patent_year=patent_year, pub_year=pub_year,
            person_patent=person_patent, org_patent=org_patent, person_pub=person_pub, org_pub=org_pub,
            person_org=person_org,
            org_person_collab=_binary(rel.matrix("COLLABORATED_WITH/op", (n_orgs, n_people))),
            org_org_collab=_binary(rel.matrix("COLLABORATED_WITH/oo", (n_orgs, n_orgs))),
            person_person=person_person, org_person_project=_binary(org_project @ person_project.T),
            patent_cites=_binary(rel.matrix("CITES", (n_patents, n_patents))),
            licensed=_binary(rel.matrix("LICENSED_TO", (n_patents, n_orgs))),
            founded=_binary(rel.matrix("FOUNDED", (n_people, n_orgs))),
            patent_tech=patent_tech, pub_tech=pub_tech, tech_industry=tech_industry, tech_idf=tech_idf,
            person_tech=zeros(n_people, n_techs),
            org_tech=zeros(n_orgs, n_techs),
            person_industry=zeros(n_people, len(industries)),
            org_industry=zeros(n_orgs, len(industries)),
            person_text=person_text, org_text=org_text, patent_text=patent_text, pub_text=pub_text,
            encoder=encoder,
        )
        projection.person_tech = projection.tech_profile(person_tech_raw)
        projection.org_tech = projection.tech_profile(org_tech_raw)
        projection.person_industry = projection.industry_profile(person_tech_raw)
        projection.org_industry = projection.industry_profile(org_tech_raw, org_industry_own)
        projection.built_seconds = time.perf_counter() - started
        return projection

    # ------------------------------------------------------------------ nodes

    def _rows(self, label: str, fields: list[str]) -> Iterable[tuple[object, ...]]:
        for chunk in self.store.stream_rows(label, fields, chunk_size=self.chunk_size):
            yield from chunk

    def _names(self, label: str, fields: list[str]) -> Table:
        """English-first names, and Korean-first ones (fields are [english, korean])."""
        ids, names, names_ko = [], [], []
        for row in self._rows(label, ["id", *fields]):
            ids.append(str(row[0]))
            names.append(next((str(v) for v in row[1:] if v), str(row[0])))
            names_ko.append(next((str(v) for v in reversed(row[1:]) if v), str(row[0])))
        return Table(ids, names, names_ko=names_ko)

    def _people(self) -> tuple[Table, list[set[str]], list[str | None], list[str]]:
        ids, names, roles, regions, texts = [], [], [], [], []
        fields = ["id", "name_ko", "name_en", "roles", "region", "skills", "bio", "lab"]
        for pid, ko, en, role, region, skills, bio, lab in self._rows("Person", fields):
            ids.append(str(pid))
            names.append(str(ko or en or pid))
            roles.append({str(r) for r in role} if isinstance(role, list) else set())
            regions.append(str(region) if region else None)
            texts.append(join_texts([*(skills or []), bio, lab]))  # type: ignore[misc]
        return Table(ids, names), roles, regions, texts

    def _orgs(self) -> tuple[Table, list[str], list[str | None], NDArray[np.float32], list[str]]:
        ids, names, kinds, regions, sizes, texts = [], [], [], [], [], []
        fields = ["id", "name_ko", "name_en", "kind", "region", "employees", "description", "aliases"]
        for oid, ko, en, kind, region, employees, description, aliases in self._rows("Organization", fields):
            ids.append(str(oid))
            names.append(str(ko or en or oid))
            kinds.append(str(kind))
            regions.append(str(region) if region else None)
            sizes.append(float(employees) if isinstance(employees, int | float) else 0.0)
            texts.append(join_texts([description]))
            del aliases
        return Table(ids, names), kinds, regions, np.asarray(sizes, np.float32), texts

    def _documents(self, label: str, fields: list[str], hidden: set[str]) -> tuple[Table, NDArray[np.int32]]:
        ids, names, years = [], [], []
        for row in self._rows(label, ["id", *fields]):
            if str(row[0]) in hidden:
                continue
            ids.append(str(row[0]))
            names.append(next((str(v) for v in row[1:-1] if v), str(row[0])))
            when = row[-1]
            years.append(int(str(when)[:4]) if when else 0)
        return Table(ids, names), np.asarray(years, np.int32)

    # ------------------------------------------------------------------ relations

    def _relations(self, tables: Mapping[str, Table], exclude: Exclusions) -> _Relations:
        rel = _Relations(tables)
        for label in ("INVENTED", "APPLICANT_OF", "AUTHORED", "AFFILIATED_WITH", "CITES", "LICENSED_TO", "FOUNDED",
                      "IN_INDUSTRY", "RELATES_TO", "PARTICIPATED_IN", "COLLABORATED_WITH"):
            for chunk in self.store.stream_edges(label, chunk_size=self.chunk_size):
                for src, dst in chunk:
                    if not exclude.hides(label, str(src), str(dst)):
                        rel.add(label, str(src), str(dst), 1.0)
        for chunk in self.store.stream_edges("HAS_TECHNOLOGY", ["weight"], chunk_size=self.chunk_size):
            for src, dst, weight in chunk:
                rel.add("HAS_TECHNOLOGY", str(src), str(dst), float(weight or 1.0))  # type: ignore[arg-type]
        return rel

    # ------------------------------------------------------------------ text

    def _text_profiles(self, encoder: TextEncoder, person_patent: Matrix, org_patent: Matrix, person_pub: Matrix,
                       org_pub: Matrix, person_own: list[str], org_own: list[str], patents: Table, pubs: Table
                       ) -> tuple[Matrix, Matrix, Matrix, Matrix]:
        """Pool each entity's document term frequencies; IDF from (up to) the first 200k documents. Also each
        patent's and paper's own profile."""
        person_tf = encoder.tf(person_own)
        org_tf = encoder.tf(org_own)
        encoder.observe(person_tf)
        encoder.observe(org_tf)
        pending: list[tuple[Matrix, Matrix, Matrix, list[int], bool]] = []  # seen before the IDF is settled
        person_acc: Matrix = zeros(*person_tf.shape)
        org_acc: Matrix = zeros(*org_tf.shape)

        document_parts: dict[bool, list[tuple[list[int], Matrix]]] = {True: [], False: []}  # patents, papers

        def fold(tf: Matrix, to_people: Matrix, to_orgs: Matrix, cols: list[int], is_patent: bool) -> None:
            nonlocal person_acc, org_acc
            weighted = scale_columns(tf, encoder.idf)
            person_acc = _capped(person_acc + to_people @ weighted, self.text_keep * 3)
            org_acc = _capped(org_acc + to_orgs @ weighted, self.text_keep * 3)
            document_parts[is_patent].append((cols, l2(prune_rows(weighted, DOCUMENT_TEXT_KEEP))))

        settled = False
        for tf, columns, matrices, is_patent in self._document_tfs(encoder, patents, pubs, person_patent,
                                                                    org_patent, person_pub, org_pub):
            to_people, to_orgs = matrices(columns)
            if not settled:
                encoder.observe(tf)
                pending.append((tf, to_people, to_orgs, columns, is_patent))
                if encoder.documents >= IDF_SAMPLE_DOCS:
                    encoder.finish()
                    settled = True
                    for a, b, c, d, e in pending:
                        fold(a, b, c, d, e)
                    pending.clear()
            else:
                fold(tf, to_people, to_orgs, columns, is_patent)
        if not settled:
            encoder.finish()
            for a, b, c, d, e in pending:
                fold(a, b, c, d, e)
        person = encoder.profile(person_tf, keep=self.text_keep * 3) * 0.5 + person_acc
        org = encoder.profile(org_tf, keep=self.text_keep * 3) * 0.5 + org_acc
        return (l2(prune_rows(sp.csr_matrix(person, dtype=np.float32), self.text_keep)),
                l2(prune_rows(sp.csr_matrix(org, dtype=np.float32), self.text_keep)),
                _placed(document_parts[True], len(patents), encoder.n_features),
                _placed(document_parts[False], len(pubs), encoder.n_features))

    def _document_tfs(self, encoder: TextEncoder, patents: Table, pubs: Table, person_patent: Matrix,
                      org_patent: Matrix, person_pub: Matrix, org_pub: Matrix
                      ) -> Iterable[tuple[Matrix, list[int], Any, bool]]:
        def patent_columns(cols: list[int]) -> tuple[Matrix, Matrix]:
            return person_patent[:, cols], org_patent[:, cols]

        def pub_columns(cols: list[int]) -> tuple[Matrix, Matrix]:
            return person_pub[:, cols], org_pub[:, cols]

        sources = (("Patent", patents, ["id", "title_ko", "title_en", "abstract_ko", "abstract_en"], patent_columns),
                   ("Publication", pubs, ["id", "title", "abstract", "keywords"], pub_columns))
        for label, table, fields, columns_of in sources:
            for chunk in self.store.stream_rows(label, fields, chunk_size=self.chunk_size):
                rows = [(table.index[str(r[0])], join_texts(_flatten(r[1:])))
                        for r in chunk if str(r[0]) in table.index]
                if rows:
                    cols = [c for c, _ in rows]
                    yield encoder.tf([t for _, t in rows]), cols, columns_of, label == "Patent"


def _placed(parts: list[tuple[list[int], Matrix]], n_rows: int, n_features: int) -> Matrix:
    """One matrix of the documents' profiles, each at its row (chunks arrive in the store's order)."""
    if not parts:
        return zeros(n_rows, n_features)
    order = np.concatenate([np.asarray(cols) for cols, _ in parts])
    stacked = sp.vstack([m for _, m in parts]).tocsr()
    placement = sp.csr_matrix((np.ones(order.size, np.float32), (order, np.arange(order.size))),
                              shape=(n_rows, order.size))
    return sp.csr_matrix(placement @ stacked)


def _flatten(values: Iterable[object]) -> list[object]:
    out: list[object] = []
    for value in values:
        out.extend(value if isinstance(value, list) else [value])
    return out


def _capped(matrix: Matrix, keep: int) -> Matrix:
    """Prune rows only when the matrix grows large (bounded memory on big graphs, exact on small ones)."""
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    if matrix.nnz > 20 * keep * max(1, matrix.shape[0]) // 10:
        return prune_rows(matrix, keep)
    return matrix


class _Relations:
    """Collects (row, column, weight) triples per relation, routed by endpoint types."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self.tables = tables
        self.triples: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
        self.projects: dict[str, int] = {}

    @property
    def n_projects(self) -> int:
        return len(self.projects)

    def _locate(self, node_id: str) -> tuple[str, int] | None:
        prefix = node_id.partition(":")[0]
        label = {"per": "Person", "org": "Organization", "pat": "Patent", "pub": "Publication", "tec": "Technology",
                 "ind": "Industry"}.get(prefix)
        if label is None:
            if prefix == "prj":
                return "Project", self.projects.setdefault(node_id, len(self.projects))
            return None
        index = self.tables[label].index.get(node_id)
        return (label, index) if index is not None else None

    def add(self, label: str, src: str, dst: str, weight: float) -> None:
        a, b = self._locate(src), self._locate(dst)
        if a is None or b is None:
            return
        (src_type, i), (dst_type, j) = a, b
        key = label
        if label in ("HAS_TECHNOLOGY", "PARTICIPATED_IN", "AUTHORED"):
            key = f"{label}/{src_type}"
        elif label == "COLLABORATED_WITH":
            if src_type == dst_type == "Person":
                self.triples["COLLABORATED_WITH/pp"].extend([(i, j, weight), (j, i, weight)])
                return
            if src_type == dst_type == "Organization":
                self.triples["COLLABORATED_WITH/oo"].extend([(i, j, weight), (j, i, weight)])
                return
            key = "COLLABORATED_WITH/op"
            if src_type == "Person":
                i, j = j, i
        elif label == "APPLICANT_OF" and src_type != "Organization":
            return
        self.triples[key].append((i, j, weight))

    def matrix(self, key: str, shape: tuple[int, int]) -> Matrix:
        return _matrix(self.triples.get(key, []), shape)
