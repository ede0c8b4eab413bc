"""A person as a work's list names them, with what a bracket after the name adds: the organisation they wrote at
('염정완 (숭실대학교 IT정책경영학과)', as KoreaScience and KCI list a paper's authors; 'Sam-Hyun Chun (Graduate School
of IT Policy and Management, Soongsil University)'), their name in the other script ('홍길동 (Hong Gil-dong)'), or
their name in Hanja or their part in the work ('홍길동(洪吉童)', '홍길동(연구책임자)': dropped). Without the
bracket read, the whole text was taken for a name: a second person called '염정완 (숭실대학교 IT정책경영학과)'.

A bracket is the same person's name when the two names give the same person-name key (romanisation variants
folded: 홍길동 / Hong Gildong / HONG, Gil Dong), or when it is a name of two to four words in the other script with
the same family name and no word of an organisation ('홍길동 (Hong Kil-tong)'); else it names an organisation. Of
an organisation's text with its departments, the organisation is the part the graph knows by name, else the part
that says it is an organisation (a university, an institute, a company's legal form) and is not a department.
Scopus's 'Authors with affiliations' gives the organisation after the name and a comma (``affiliated_mention``);
its 'Author full names' and 'Author(s) ID' give the full name and the author id (``scopus_authors``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.identifiers import SCOPUS_AUTHOR_ID
from loaders.normalize import NameNormalizer, has_hangul
from loaders.org_kinds import says_organization
from loaders.person_index import ONE_PER_PERSON
from loaders.person_titles import without_title

_BRACKETED = re.compile(r"^(?P<name>[^()（）]*[^()（）\s])\s*[(（](?P<inner>[^()（）]+)[)）]$")
_HANJA = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\s·]+$")
_ROLE = re.compile(
    r"^(?:(?:연구)?책임자?|(?:공동|참여|위촉|선임|책임)?연구원|(?:제?1|주|교신|공동|참여)?저자|교수|박사|(?:석사|박사|석박사)과정"
    r"|학생|pi|co-?pi|corresponding(?: author)?|first author|\*)$", re.IGNORECASE)
"""A person's part in the work, not an organisation ('홍길동(연구책임자)', '김철수 (교신저자)'): dropped."""
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"^[\d\s-]+$")
_GIVEN = re.compile(r"^(?:[A-Z]\.(?:[ -]?[A-Z]\.)*|[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)$")
"""What follows a family name alone and a comma: a given name or initials ('Jae-Hyun', 'J.-H.', 'J. H.')."""
_DEPARTMENT = re.compile(
    r"^(?:dep(?:artment|t)\b|dept\.|(?:graduate )?school\b|division\b|college of\b|faculty\b|program(?:me)?\b|bk ?21"
    r"|lab(?:orator(?:y|ies))?\b|(?:research )?cent(?:er|re) for\b)", re.IGNORECASE)
"""A unit inside an organisation ('Department of Physics', 'Graduate School of …'), not the organisation."""
_UNBRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
"""An acronym after an organisation's name ('Gwangju Institute of Science and Technology (GIST)'), left out."""
_KO_DEPARTMENT = re.compile(r"(?:학과|학부|전공|대학원|연구실|실험실|연구단|사업단|센터|본부|팀)$")
_COMMA_OUTSIDE_BRACKETS = re.compile(r",\s*(?![^()（）]*[)）])")
_FULL_NAME = re.compile(rf"^(?P<name>.*\S)\s*\((?P<id>{SCOPUS_AUTHOR_ID})\)$")
"""An entry of Scopus's 'Author full names': 'Kim, Jae-Hyun (57193812345)'."""


def separate_people(entry: str) -> list[str]:
    """An entry of a list that holds several people separated by commas, as Korean exports write them ('홍길동,
    김철수', '홍길동(GIST), 김철수(조선대학교)'): one per person. A comma inside a name ('Hong, Gildong', 'Kim, J.
    (GIST)') leaves the entry whole: each part must hold Hangul or end in a bracket."""
    parts = [p.strip() for p in _COMMA_OUTSIDE_BRACKETS.split(entry)]
    if len(parts) > 1 and all(parts) and all(has_hangul(p) or p.endswith((")", "）")) for p in parts):
        return parts
    return [entry]


@dataclass(frozen=True)
class PersonMention:
    name: str
    other_name: str | None = None
    """The same person's name in the other script."""
    affiliation: str | None = None
    """The organisation the bracket names, its departments left out."""
    also_at: tuple[str, ...] = ()
    """Other organisations the list names them at, after ``affiliation`` (a second address: a joint appointment)."""
    scopus_id: str | None = None
    """Their Scopus author id, where the list gives it."""
    orcid: str | None = None
    """Their ORCID iD, where the list gives it."""
    researcher_id: str | None = None
    """Their Web of Science ResearcherID, where the list gives it."""

    @property
    def keys(self) -> dict[str, str]:
        """The person's exact keys the list gives (``person_index.ONE_PER_PERSON``: a list gives no e-mail)."""
        return {scheme: value for scheme in ONE_PER_PERSON if (value := getattr(self, scheme))}


def read_mention(text: str, normalizer: NameNormalizer, known_organization: Callable[[str], bool]) -> PersonMention:
    """What a list's entry says of a person (``known_organization``: whether the graph knows a name as an
    organisation's). An id or key (per:…, orcid:…, an e-mail address) is left as it is."""
    found = _BRACKETED.match(text.strip())
    if not found or ":" in found["name"] or "@" in found["name"]:
        return PersonMention(text if ":" in text or "@" in text else without_title(text)[0])
    name, inner = without_title(found["name"].strip())[0], found["inner"].strip()  # '김민수 교수 (GIST)'
    if _HANJA.match(inner) or _NUMBER.match(inner) or _ROLE.match(inner):  # a Hanja name, an author id (Scopus:
        return PersonMention(name)  # 'Kim, J. (57193812345)'), a part in the work ('연구책임자')
    if _same_person(name, inner, normalizer, known_organization):
        return PersonMention(name, other_name=inner)
    return PersonMention(name, affiliation=organization_part(inner, known_organization))


def affiliated_mention(entry: str, known_organization: Callable[[str], bool],
                       addresses: Sequence[str] = ()) -> PersonMention:
    """An author as Scopus's 'Authors with affiliations' lists them: the name, then after a comma where they were
    ('Kim J.-H., School of Mechanical Engineering, Gwangju Institute of Science and Technology (GIST), Gwangju,
    South Korea'; a name written 'Kim, Jae-Hyun, …' keeps its given name). An author at two institutes has both
    addresses joined by a comma too: they are told apart by the paper's addresses (its 'Affiliations')."""
    parts = [p.strip() for p in entry.split(",")]
    cut = 2 if len(parts) > 2 and " " not in parts[0] and _GIVEN.match(parts[1]) else 1
    name, where = ", ".join(parts[:cut]), ", ".join(parts[cut:])
    if not where:
        return PersonMention(name)
    places = list(dict.fromkeys(organization_part(a, known_organization) for a in _joined_addresses(where, addresses)))
    return PersonMention(name, affiliation=places[0], also_at=tuple(places[1:]))


def _joined_addresses(where: str, addresses: Sequence[str]) -> list[str]:
    """The paper's addresses that ``where`` joins with commas, in its order; [where] when it is not made of them."""
    known = sorted({" ".join(a.split()) for a in addresses if a.strip()}, key=len, reverse=True)
    rest, found = " ".join(where.split()), []
    while rest:
        address = next((a for a in known if rest == a or rest.startswith(a + ",")), None)
        if address is None:
            return [where]
        found.append(address)
        rest = rest[len(address):].lstrip(", ")
    return found


class ListsDisagree(ValueError):
    """Two of a Scopus export's lists of a paper's authors name a different number of authors."""

    def __init__(self, field: str, count: int, other: str, other_count: int) -> None:
        super().__init__(f"lists {count} authors, {other} lists {other_count}")
        self.field = field


def scopus_authors(authors: Sequence[str], full_names: Sequence[str], with_affiliations: Sequence[str],
                   author_ids: Sequence[str], known_organization: Callable[[str], bool],
                   addresses: Sequence[str] = ()) -> list[PersonMention]:
    """A paper's authors as a Scopus export lists them, position by position: the name from 'Author full names'
    ('Kim, Jae-Hyun (57193812345)': the full given name, not the initials of 'Authors'), else from 'Authors with
    affiliations', else from 'Authors'; the organisations from 'Authors with affiliations' (``affiliated_mention``,
    told apart by the paper's ``addresses``);
    the Scopus author id from 'Author(s) ID', else the full name's bracket. None when the export gives none of
    these three lists. Lists that name a different number of authors raise ``ListsDisagree`` (its ``field``
    names the one at fault): a position would pair one author's name with another's id."""
    if not (full_names or with_affiliations or author_ids):
        return []
    if not (full_names or with_affiliations) and len(authors) == 1 < len(author_ids) == authors[0].count(",") + 1:
        authors = [a.strip() for a in authors[0].split(",")]  # older exports: 'Kim J.-H., Lee S.' (no ';')
    placed = [affiliated_mention(e, known_organization, addresses) for e in with_affiliations]
    named = [_FULL_NAME.match(e.strip()) for e in full_names]
    lists = [("author_full_names", "Author full names", full_names),
             ("authors_with_affiliations", "Authors with affiliations", with_affiliations),
             ("authors", "Authors", [] if full_names or with_affiliations else authors),
             ("author_ids", "Author(s) ID", author_ids)]
    given = [(field, header, len(values)) for field, header, values in lists if values]
    for field, _, count in given[1:]:
        if count != given[0][2]:
            raise ListsDisagree(field, count, given[0][1], given[0][2])
    mentions = []
    for i in range(given[0][2]):
        found = named[i] if named else None
        name = (found["name"] if found else full_names[i].strip()) if named else (
            placed[i].name if placed else authors[i])
        mentions.append(PersonMention(name, affiliation=placed[i].affiliation if placed else None,
                                      also_at=placed[i].also_at if placed else (),
                                      scopus_id=author_ids[i] if author_ids else found["id"] if found else None))
    return mentions


def _same_person(name: str, inner: str, normalizer: NameNormalizer, known_organization: Callable[[str], bool]) -> bool:
    key, other = normalizer.person_key(name), normalizer.person_key(inner)
    if not other.given:
        return False
    if key.coarse == other.coarse:
        return True
    if has_hangul(name) == has_hangul(inner) or _DIGIT.search(inner) or says_organization(inner):
        return False
    words = inner.replace(",", " ").split()
    short = 2 <= len(words) <= 4 if not has_hangul(inner) else len("".join(words)) <= 5 and len(words) <= 2
    return short and key.family == other.family and not known_organization(inner)


def organization_part(text: str, known_organization: Callable[[str], bool]) -> str:
    """The organisation in an affiliation's text: 'School of Mechanical Engineering, Gwangju Institute of Science
    and Technology, Gwangju 61005, Korea' → 'Gwangju Institute of Science and Technology'; '숭실대학교
    IT정책경영학과' → '숭실대학교'. The whole text when no part stands out."""
    segments = [_UNBRACKETED.sub("", s).strip() for s in re.split(r"[,;]", text) if s.strip()]
    for candidate in (text, *segments):
        if known_organization(candidate):
            return candidate
    for segment in segments:
        if has_hangul(segment):
            return _korean_organization(segment, known_organization)
        if not _DEPARTMENT.match(segment) and says_organization(segment):
            return segment
    units = [s for s in segments if not _DEPARTMENT.match(s)]
    return units[0] if units else text


def organization_and_unit(text: str) -> tuple[str, str | None]:
    """An organisation cell that names a unit of it too, as rosters write a person's 소속: '광주과학기술원
    신소재공학부' → ('광주과학기술원', '신소재공학부'); 'School of Mechanical Engineering, GIST' → ('GIST', 'School of
    Mechanical Engineering'). (text, None) when what is left beside the organisation is no unit (a campus,
    '조선대학교(광주)'; a legal form, 'Co., Ltd.'; a company's 연구소)."""
    text = text.strip()
    organization = organization_part(text, lambda _: False)
    if organization == text or organization not in text:
        return text, None
    rest = text.replace(organization, " ", 1)
    if has_hangul(rest) and not re.search(r"[,;]", rest):
        unit = " ".join(rest.split())
        return (organization, unit) if unit and _KO_DEPARTMENT.search(unit) else (text, None)
    units = [piece for p in re.split(r"[,;]", rest) if (piece := p.strip()) and _DEPARTMENT.match(piece)]
    return (organization, ", ".join(units)) if units else (text, None)


def _korean_organization(segment: str, known_organization: Callable[[str], bool]) -> str:
    """'광주과학기술원 신소재공학부' → '광주과학기술원'; 'GIST 신소재공학부' → 'GIST' (a department's words dropped
    from the end); '전남대학교 의과대학' → '전남대학교' (the first words that say they are an organisation)."""
    words = segment.split()
    for end in range(1, len(words) + 1):
        leading = " ".join(words[:end])
        if known_organization(leading) or says_organization(leading):
            return leading
    while len(words) > 1 and _KO_DEPARTMENT.search(words[-1]):
        words.pop()
    return " ".join(words)
