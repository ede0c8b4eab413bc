"""Web of Science exports of papers, as a library or a research office saves them ('savedrecs.txt').

Both of WoS's file layouts load as a publications file: the tab-delimited one is a CSV whose columns are WoS's
two-letter field tags (TI, AF, C1, DI…: the publications template names them), and the plain-text one ('FN
Clarivate Analytics Web of Science', then tagged lines, a record closed by 'ER') is turned into the same rows
here (``tagged_records``). Two of its fields say more about each author than a name:

- C1, the addresses: '[Kim, Jae Hyun; Lee, Sang] Gwangju Inst Sci & Technol, Sch Mech Engn, Gwangju 61005, South
  Korea; [Park, Ji Min] Chonnam Natl Univ, Dept Phys, Gwangju, South Korea'. Each author in a bracket is found at
  the address's organisation, its first part, whose abbreviations (WoS writes them so) are spelt out to find the
  organisation the graph knows ('Gwangju Institute of Science and Technology'). An address with no bracket
  (older records) names an organisation of the paper.
- OI, the ORCID iDs: 'Kim, Jae Hyun/0000-0002-1825-0097; Lee, Sang/0000-0001-5109-3700'.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from loaders import validators
from loaders.mentions import PersonMention

_TAGGED_START = re.compile(r"^\ufeff?\s*(?:FN |VR |PT )")
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) ?(.*)$")
LISTED_TAGS = frozenset({"AU", "AF", "BA", "BF", "CA", "GP", "C1", "C3", "CR", "EM", "RI", "OI", "FU", "RP"})
"""Fields whose lines are one value each (an author, an address, a reference): joined with '; ' as the
tab-delimited layout writes them. Other fields' lines are one text wrapped, joined with a space."""

_ABBREVIATIONS = {
    "acad": "Academy", "adv": "Advanced", "aerosp": "Aerospace", "astron": "Astronomy", "automot": "Automotive",
    "bldg": "Building", "biol": "Biological", "fus": "Fusion", "govt": "Government", "minist": "Ministry",
    "nanotechnol": "Nanotechnology", "nucl": "Nuclear", "optoelect": "Optoelectronics", "pharm": "Pharmaceutical",
    "radiol": "Radiological", "railrd": "Railroad", "semicond": "Semiconductor", "stand": "Standards",
    "syst": "Systems", "agcy": "Agency", "agr": "Agricultural", "appl": "Applied",
    "assoc": "Association", "atom": "Atomic", "biotechnol": "Biotechnology", "chem": "Chemical", "coll": "College",
    "commun": "Communications", "corp": "Corporation", "ctr": "Center", "dev": "Development", "elect": "Electronics",
    "electrotechnol": "Electrotechnology", "energy": "Energy", "engn": "Engineering", "environm": "Environmental",
    "fdn": "Foundation", "grad": "Graduate", "hosp": "Hospital", "ind": "Industrial", "informat": "Information",
    "inst": "Institute", "int": "International", "lab": "Laboratory", "labs": "Laboratories",
    "mach": "Machinery", "mat": "Materials", "med": "Medical", "natl": "National", "photon": "Photonics",
    "res": "Research", "sch": "School", "sci": "Science", "technol": "Technology", "telecommun":
    "Telecommunications", "univ": "University",
}
"""Words WoS abbreviates in an organisation's name ('Gwangju Inst Sci & Technol', 'Chonnam Natl Univ Hosp',
'Elect & Telecommun Res Inst', 'Korea Photon Technol Inst', 'Korea Res Inst Stand & Sci', 'Korea Inst Fus Energy')."""
_OF_AFTER = frozenset({"Institute", "University", "Academy", "College", "School"})
_NOT_OF = frozenset({"Hospital", "Medical", "Press", "Foundation", "Center", "Research", "and", "&", "of"})
_BRACKETED_ADDRESS = re.compile(r"^\[(?P<names>[^\]]*)\]\s*(?P<where>.*)$")
_SEMICOLON_OUTSIDE = re.compile(r";\s*(?![^\[]*\])")


def is_tagged(text: str) -> bool:
    """Whether a text file is a WoS plain-text export."""
    return bool(_TAGGED_START.match(text[:200])) and "\nER" in text


def is_wos_table(text: str) -> bool:
    """Whether a text file is a WoS tab-delimited export (its header the field tags, PT first)."""
    return text.lstrip("\ufeff").startswith(("PT\t", "FN\t"))


def tagged_records(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line of its PT, field tag -> value) for each record of a WoS plain-text export; a value of several lines
    is joined as the tab-delimited layout holds it (``LISTED_TAGS``: '; ', else a space)."""
    record: dict[str, list[str]] = {}
    start, tag = 0, ""
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("   ") and tag:
            record.setdefault(tag, []).append(line.strip())
            continue
        found = _TAG_LINE.match(line)
        if found is None:
            continue
        tag, value = found.groups()
        if tag == "ER":
            if record:
                yield start, {t: ("; " if t in LISTED_TAGS else " ").join(v) for t, v in record.items()}
            record, tag = {}, ""
        elif tag in ("FN", "VR", "EF"):
            tag = ""
        else:
            if not record:
                start = number
            record.setdefault(tag, []).append(value.strip())


@dataclass(frozen=True)
class Address:
    names: tuple[str, ...]
    """The authors the address's bracket names (none in older records)."""
    organization: str
    """Its organisation, abbreviations spelt out."""
    written: str
    """The organisation as WoS wrote it."""


def addresses(text: str) -> list[Address]:
    """C1's addresses: '[Kim, Jae Hyun; Lee, Sang] Gwangju Inst Sci & Technol, Sch Mech Engn, Gwangju, South
    Korea; …'."""
    out = []
    for entry in _SEMICOLON_OUTSIDE.split(text.strip()):
        found = _BRACKETED_ADDRESS.match(entry.strip())
        names, where = (found["names"], found["where"]) if found else ("", entry)
        written = where.split(",")[0].strip()
        if written:
            out.append(Address(tuple(n.strip() for n in names.split(";") if n.strip()), spelt_out(written),
                               written))
    return out


def spelt_out(name: str) -> str:
    """A WoS organisation name with its abbreviations spelt out: 'Chonnam Natl Univ' → 'Chonnam National
    University', 'Elect & Telecommun Res Inst' → 'Electronics & Telecommunications Research Institute'."""
    return " ".join(_ABBREVIATIONS.get(word.lower(), word) for word in name.split())


def _with_of(name: str) -> str:
    """'Gwangju Institute Science & Technology' → 'Gwangju Institute of Science & Technology' (WoS drops 'of')."""
    words = name.split()
    out = []
    for i, word in enumerate(words):
        out.append(word)
        if word in _OF_AFTER and i + 1 < len(words) and words[i + 1] not in _NOT_OF:
            out.append("of")
    return " ".join(out)


def organization_of(address: Address, known_organization: Callable[[str], bool]) -> str:
    """The organisation an address names, as the graph knows it if it does (WoS's form, spelt out, with the 'of'
    WoS drops), else spelt out."""
    for candidate in (address.written, address.organization, _with_of(address.organization)):
        if known_organization(candidate):
            return candidate
    return address.organization


def orcids(text: str) -> dict[str, str]:
    """OI's ORCID iDs by the author's name as written there ('Kim, Jae Hyun/0000-0002-1825-0097; …'); an iD that
    fails its check raises ``ValueError`` naming it."""
    return _by_author(text, validators.orcid)


def researcher_ids(text: str) -> dict[str, str]:
    """RI's Web of Science ResearcherIDs by the author's name as written there ('Kim, Jae Hyun/A-1234-2008; …');
    one not of that shape raises ``ValueError`` naming it."""
    return _by_author(text, validators.researcher_id)


def _by_author(text: str, check: Callable[[str], str]) -> dict[str, str]:
    out = {}
    for entry in text.split(";"):
        name, _, value = entry.strip().rpartition("/")
        if name and value:
            out[_name_key(name)] = check(value)
    return out


def _name_key(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).casefold()


def wos_authors(full_names: Sequence[str], short_names: Sequence[str], address_text: str | None,
                orcid_text: str | None, known_organization: Callable[[str], bool], *,
                researcher_id_text: str | None = None) -> tuple[list[PersonMention], list[str]]:
    """The paper's authors (AF's full names, else AU's: older records have no AF) each at the organisations of the
    addresses naming them (by either name: older brackets use AU's), the first as their ``affiliation``, the ORCID
    iD OI gives them and the ResearcherID RI does, and the organisations of the addresses that name no author (the
    paper's)."""
    found = [(address, organization_of(address, known_organization))
             for address in (addresses(address_text) if address_text else [])]
    at: dict[str, list[str]] = {}
    for address, organization in found:
        for name in address.names:
            places = at.setdefault(_name_key(name), [])
            if organization not in places:
                places.append(organization)
    ids = orcids(orcid_text) if orcid_text else {}
    rids = researcher_ids(researcher_id_text) if researcher_id_text else {}
    names = list(full_names or short_names)
    shorts = list(short_names) if len(short_names) == len(names) else [""] * len(names)
    mentions = []
    for name, short in zip(names, shorts, strict=True):
        keys = [_name_key(name), _name_key(short)]
        places = next((at[k] for k in keys if k in at), [])
        mentions.append(PersonMention(name, affiliation=places[0] if places else None, also_at=tuple(places[1:]),
                                      orcid=next((ids[k] for k in keys if k in ids), None),
                                      researcher_id=next((rids[k] for k in keys if k in rids), None)))
    papers = [organization for address, organization in found if not address.names]
    return mentions, list(dict.fromkeys(papers))
