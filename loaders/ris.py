"""RIS, the reference format most bibliographic services export (DBpia, RISS, KCI, Scopus, Web of Science, Google
Scholar, reference managers): each record a run of tagged lines ('TY  - JOUR', 'AU  - 홍길동', 'TI  - …') closed by
'ER  -'. Its records become rows of the publications template's columns (``RIS_FIELDS``), so a .ris file (or a
.txt holding one) loads as a publications file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.identifiers import KCI_ARTICLE, SCOPUS_EID

_START = re.compile(r"^\ufeff?\s*TY  -")
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_YEAR = re.compile(r"(?:19|20)\d{2}")

RIS_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("TI", "T1", "CT"),
    "authors": ("AU", "A1"),
    "year": ("PY", "Y1", "DA"),
    "venue": ("T2", "JO", "JF", "JA", "BT", "T3"),
    "doi": ("DO",),
    "abstract": ("AB", "N2"),
    "keywords": ("KW",),
    "addresses": ("AD",),
}
"""Template column -> the RIS tags that give it, the first given taken (AU and A1 both: all their authors)."""
_LISTED = frozenset({"authors", "keywords", "addresses"})
_PAPER_NUMBERS = (("wos_id", re.compile(r"^(?:WOS|KJD):[A-Z0-9]{6,30}$", re.IGNORECASE)),
                  ("scopus_eid", re.compile(rf"(?:^|[?&]eid=)({SCOPUS_EID})\b")),
                  ("kci_id", re.compile(rf"[?&](?:\w+\.)?artiId=({KCI_ARTICLE})\b")),
                  ("pmid", re.compile(r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)")))
"""The paper numbers an accession number (AN) or a link (UR) may hold: Web of Science's exports give 'AN  - WOS:…',
Scopus's a record link with eid=2-s2.0-…, KCI's an article link with artiId=ART…; a bare number (whose database is
unsaid) is left."""
_NOT_PAPERS = {"PAT": "a patent (TY PAT): load it with the patents template"}


def is_ris(text: str) -> bool:
    """Whether a text file holds RIS records."""
    return bool(_START.match(text[:200]))


def ris_records(text: str) -> Iterator[tuple[int, dict[str, str], str | None]]:
    """(line of its TY, its values by template column, why it is not a paper or None) for each record."""
    tags: dict[str, list[str]] = {}
    start, tag = 0, ""
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        found = _TAG_LINE.match(line.rstrip())
        if found is None:
            if tag and line.strip():  # a value wrapped onto the next line
                tags[tag][-1] = f"{tags[tag][-1]} {line.strip()}".strip()
            continue
        tag, value = found[1], (found[2] or "").strip()
        if tag == "TY":
            tags, start = {"TY": [value]}, number
        elif tag == "ER":
            if tags:
                yield start, _row(tags), _NOT_PAPERS.get(tags["TY"][0].upper()) if "TY" in tags else None
            tags, tag = {}, ""
        elif tags:
            tags.setdefault(tag, []).append(value)


def _row(tags: dict[str, list[str]]) -> dict[str, str]:
    row = {}
    for column, sources in RIS_FIELDS.items():
        values = [v for t in sources for v in tags.get(t, []) if v]
        if column not in _LISTED:
            values = next(([v for v in tags.get(t, []) if v] for t in sources if any(tags.get(t, []))), [])[:1]
        if column == "year":
            values = [y[0] for v in values if (y := _YEAR.search(v))]
        if values:
            row[column] = "; ".join(dict.fromkeys(values))
    for value in (v for t in ("AN", "UR") for v in tags.get(t, [])):
        for column, shape in _PAPER_NUMBERS:
            if column not in row and (found := shape.search(value.strip())):
                row[column] = found[found.lastindex or 0]
    return row
