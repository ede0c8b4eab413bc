"""PubMed's MEDLINE format, what PubMed exports for citation managers (.nbib, or a .txt): each record a run of
tagged lines ('PMID- 31452104', 'TI  - …', a value continued on lines indented by six spaces), records apart by
a blank line. Its records become rows of the publications template's columns (``medline_records``), so a .nbib
file loads as a publications file. Since 2014 each author (FAU, their full name) is followed by their own
affiliations (AD) and ORCID iD (AUID): they are written as Web of Science writes them (an address per author,
``[Kim, Jae Hyun] Gwangju Institute of Science and Technology``; ``Kim, Jae Hyun/0000-…``) so that the
publications handler places each author at their organisation the same way (``wos.wos_authors``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.identifiers import ORCID
from loaders.mentions import organization_part

_TAG_LINE = re.compile(r"^([A-Z]{2,4}) *- (.*)$")
_CONTINUED = "      "
_YEAR = re.compile(r"(?:19|20)\d{2}")
_DOI = re.compile(r"^(\S+) \[doi\]$")
_ORCID_IN = re.compile(rf"({ORCID})", re.IGNORECASE)


def is_medline(text: str) -> bool:
    """Whether a text file holds MEDLINE records (its first line a PMID)."""
    return text.lstrip("\ufeff \r\n").startswith("PMID- ")


def medline_records(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line of its PMID, its values by template column) for each record."""
    tags: list[tuple[str, str]] = []
    start = 0
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith(_CONTINUED) and tags:
            tag, value = tags[-1]
            tags[-1] = (tag, f"{value} {line.strip()}")
            continue
        found = _TAG_LINE.match(line.rstrip())
        if found is None:
            continue
        if found[1] == "PMID" and tags:
            yield start, _row(tags)
            tags = []
        if not tags:
            start = number
        tags.append((found[1], found[2].strip()))
    if tags:
        yield start, _row(tags)


def _row(tags: list[tuple[str, str]]) -> dict[str, str]:
    first: dict[str, str] = {}
    for tag, value in tags:
        first.setdefault(tag, value)
    authors, shorts, addresses, orcids, paper_addresses = _authors(tags)
    doi = next((found[1] for tag, value in tags if tag in ("LID", "AID") and (found := _DOI.match(value))), None)
    year = _YEAR.search(first.get("DP", ""))
    title = first.get("TI") or first.get("BTI", "")
    row = {"pmid": first.get("PMID", ""), "title": title[:-1] if title.endswith(".") and not title.endswith("..")
           else title, "abstract": first.get("AB", ""), "year": year[0] if year else "",
           "venue": first.get("JT") or first.get("TA", ""), "doi": doi or "",
           "keywords": "; ".join(v for t, v in tags if t == "OT"), "authors": "; ".join(authors),
           "author_short_names": "; ".join(shorts) if len(shorts) == len(authors) else "",
           "author_addresses": "; ".join(addresses), "author_orcids": "; ".join(orcids),
           "addresses": "; ".join(paper_addresses)}
    return {column: value for column, value in row.items() if value}


def _authors(tags: list[tuple[str, str]]) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    """(full names, short names, '[name] organisation' for each of an author's affiliations, 'name/ORCID iD',
    affiliations given before any author: the paper's). An author without FAU (older records) is named by AU."""
    authors: list[str] = []
    shorts: list[str] = []
    addresses: list[str] = []
    orcids: list[str] = []
    paper: list[str] = []
    for tag, value in tags:
        if tag == "FAU":
            authors.append(value)
        elif tag == "AU":
            shorts.append(value)
            if len(shorts) > len(authors):  # no FAU for this author
                authors.append(value)
        elif tag == "AUID" and authors and (found := _ORCID_IN.search(value)):
            orcids.append(f"{authors[-1]}/{found[1].upper()}")
        elif tag == "AD":
            if not authors:
                paper.append(value)
            else:
                organization = organization_part(value.rstrip("."), lambda _: False)
                addresses.append(f"[{authors[-1]}] {organization.replace(';', ',')}")
    return authors, shorts, addresses, orcids, paper
