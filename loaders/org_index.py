"""Organisation resolution: registry numbers, web site, normalised names (both scripts), names met across scripts by
their sound (``loaders.sounds``), and near names backed by evidence (``loaders.fuzzy_blocks``)."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from graph.schema import Organization, make_id
from loaders.acronyms import AcronymIndex
from loaders.fuzzy_blocks import BlockedTwice
from loaders.normalize import NameNormalizer, has_hangul, strip_legal_forms
from loaders.resolution_base import MergeMemory, Resolution, drop_if_points_at, web_domain
from loaders.script_pairs import NGRAM_BUDGET, closest_across_scripts, key_pairs
from loaders.sites import split_site
from loaders.sounds import (
    DISTINCT_CUTOFF,
    SoundMatch,
    SoundsByScript,
    a_word_shorter,
    consonant_skeleton,
    distinct_parts_ratio,
    korean_ear,
)

MERGE_FUZZY = 93.0
REVIEW_FUZZY = 85.0
SOUND_MERGE = 93.0
SOUND_MARGIN = 3.0
SOUND_REVIEW = REVIEW_FUZZY
"""A name that sounds like an organisation's in the other script (``loaders.sounds``: ratio >= SOUND_MERGE) merges
when no other organisation sounds within SOUND_MARGIN points of it; several that close, or a best match from
SOUND_REVIEW, go to review. On DART, 90 instead of 93 gained 3 points of recall and lost 1.8 of precision."""
SKELETON_REVIEW = 70.0
"""Names across scripts with the same consonants (``loaders.sounds.consonant_skeleton``) whose sounds' ratio is at
least this go to review, never merged on that alone. On DART (Hangul names, then English names) they raised 50
more review pairs, 44 of them one company (인탑스 / INTOPS, 케어랩스 / Carelabs, 오픈베이스 / Openbase); cut-off
60: 60 pairs, 52; 80: 33, 29. Names that sound the same once a generic ending is left out (대주산업 / Daejoo Inc.:
``core_sound``) go to review too: 10 more pairs, all one company; so do names sounding the same but for a word more in
the Latin one (한일철강 / HANIL IRON & STEEL: ``a_word_shorter``): 8 more, all one company."""
SITE_REVIEW = 0.8
"""The score of a pair made of a company and a name that reads as one of its sites (``loaders.sites``)."""
ACRONYM_REVIEW = 0.6
"""The score of a review pair joined by an acronym and the initials of a name (``loaders.acronyms``)."""
BRIDGE_REVIEW = 0.9
"""The score of a review pair of two organisations each named by another name of one record ('GIST' and 'Gwangju
Institute of Science and Technology', both made by references before the institute's own row was loaded)."""
TYPO_MIN_LENGTH = 16
"""Long names one edit apart differ by a typo ('Institue', 'Instutute'); short ones may be other companies, and
two edits can be another place (Chonnam / Chungnam National University)."""

REGISTRY_PREFIXES = {"brn": "business_number", "crn": "corporate_number", "dart": "dart_code", "krx": "stock_code"}
"""How a reference names an organisation by a registry number ('brn:1234567890', 'crn:1101112487050',
'dart:00126380', 'krx:005930'), and the natural id's prefix of an organisation that has one."""


@dataclass
class _OrgInfo:
    ids: dict[str, str]
    """Registry numbers, field -> value (``Organization.key_fields``): the first known of each."""
    region: str | None
    domain: str | None
    keys: set[str]
    technologies: set[str] = field(default_factory=set)
    """Declared and recognised technologies (not keyphrases) its records named: evidence for a fuzzy name."""
    unread: set[str] = field(default_factory=set)
    """For an organisation read from the store: what of it the store holds that is fetched only when a near name
    asks ('technologies', 'people'), until then."""
    scripts: set[bool] = field(default_factory=set)
    """Whether its names are in Hangul (True) or not (False): both when it has both."""
    company_keys: set[str] = field(default_factory=set)
    """When a name of it names a site of a company ('삼성전자 광주사업장'): that company's name keys."""

    @property
    def brn(self) -> str | None:
        return self.ids.get("business_number")


_READ_WHEN_ASKED = ("technologies", "people")
"""What the store holds of an organisation that is read only when a near name needs it (``_first_ask``)."""


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _one_script_each(scripts: set[bool], theirs: set[bool]) -> bool:
    """Names in one script only against names only in the other (Hangul against English, or back)."""
    return len(scripts) == 1 and len(theirs) == 1 and scripts != theirs


def _sound_evidence(match: SoundMatch) -> dict[str, object]:
    sound = korean_ear(match.key)
    evidence: dict[str, object] = {
        "name_key": match.key, "candidate_key": match.their_key, "sounds_as": sound,
        "candidate_sounds_as": korean_ear(match.their_key), "ratio": round(match.score, 1), "across scripts": True}
    if match.loose == "consonants" and sound:
        evidence["same_consonants"] = consonant_skeleton(sound)
    elif match.loose:
        evidence[_LOOSE_EVIDENCE[match.loose]] = [match.key, match.their_key]
    return evidence


_LOOSE_EVIDENCE = {"core": "same_core_name", "word": "a_word_more", "guess": "loanword_guess"}
"""The evidence field naming the two keys of a loose sound match (``SoundMatch.loose``)."""


@lru_cache(maxsize=1 << 16)
def _keys_a_word_shorter(normalizer: NameNormalizer, name: str) -> tuple[tuple[str, str], ...]:
    """Remembered per name: a record's names are asked for when it is resolved and again when it is indexed, and
    people's rows repeat their organisations' names."""
    shorter = a_word_shorter(strip_legal_forms(name))
    whole = normalizer.org_key(name) if shorter else ""
    return tuple((normalizer.org_key(s), whole) for s in shorter)


def _alike_where_they_differ(a: str, b: str) -> bool:
    """Whether two keys differ by typos, by letters or words one has and the other leaves out ('genentec' /
    'genentech', 'intenat' / 'international', PATSTAT's 'adidas amsterdam international'), or in letters alike; not
    in what names the organisation ('…foundationofkyungnamuniversity' / '…ofkyungheeuniversity', ratio 94.7 for the
    words they share). Judged on the parts left once their common start and end are set aside: at most two edits
    apart (OSA), one within the other, or scoring DISTINCT_CUTOFF."""
    start = len(os.path.commonprefix([a, b]))
    a, b = a[start:], b[start:]
    end = len(os.path.commonprefix([a[::-1], b[::-1]]))
    a, b = sorted((a[:len(a) - end], b[:len(b) - end]), key=len)
    letters = iter(b)
    return (OSA.distance(a, b, score_cutoff=2) <= 2 or all(c in letters for c in a)
            or fuzz.ratio(a, b) >= DISTINCT_CUTOFF)


def _one_typo_apart(a: str, b: str) -> bool:
    if min(len(a), len(b)) < TYPO_MIN_LENGTH or _digits(a) != _digits(b):
        return False
    return OSA.distance(a, b, score_cutoff=2) <= (2 if min(len(a), len(b)) >= 30 else 1)


class OrganizationIndex(MergeMemory):
    def __init__(self, normalizer: NameNormalizer) -> None:
        super().__init__()
        self.normalizer = normalizer
        self.info: dict[str, _OrgInfo] = {}
        self.by_id: dict[tuple[str, str], str] = {}
        """(registry field, number) -> the organisation that holds it."""
        self.by_domain: dict[str, set[str]] = defaultdict(set)
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.fuzzy = BlockedTwice(REVIEW_FUZZY)
        """Every comparable name key: what a record without a business number is compared with."""
        self.fuzzy_unregistered = BlockedTwice(REVIEW_FUZZY)
        """The keys of organisations without a business number: all a record with one can fuzzily match (two
        business numbers that differ are two companies, however close their names)."""
        self.sounds = SoundsByScript(min(SOUND_REVIEW, SOUND_MERGE - SOUND_MARGIN), SKELETON_REVIEW)
        """The Latin keys of organisations known in one script only, as a Korean ear hears them (Daewoong /
        Daeung, Humasis / Hyumasiseu, Glostech / Geulroseutek): how a Hangul name's rendering meets the English
        name of the same company. Consulted only across scripts (``_across_scripts``)."""
        self.sites_by_company: dict[str, set[str]] = defaultdict(set)
        """Company name key -> organisations named as a site of that company; ``site_names`` holds each one's site."""
        self.site_names: dict[str, str] = {}
        self.acronyms = AcronymIndex()
        self.stored_technologies: Callable[[str], set[str]] = lambda org_id: set()
        """An organisation's technologies in the store (set by ``Resolver.warm``)."""
        self.people_of: dict[str, set[str]] = defaultdict(set)
        """The inventors of an organisation's patents, as this load's rows name them and, once asked, the store."""
        self.stored_people: Callable[[str], set[str]] = lambda org_id: set()
        """The inventors of an organisation's stored patents (set by ``Resolver.warm``)."""

    def names_keys(self, names: Iterable[str]) -> set[str]:
        keys: set[str] = set()
        for name in names:
            keys |= self.normalizer.org_keys(name)
        return keys

    def plural_free_only(self, names: Iterable[str]) -> set[str]:
        """The keys of ``names`` that only a name's plural-free spelling gives (``NameNormalizer.singular_org_keys``):
        matched with other Latin keys, never by sound across scripts (INTOPS is 인탑스, not 'intop')."""
        names = list(names)
        variants = {k for n in names for k in self.normalizer.singular_org_keys(n)}
        return variants - {k for n in names for k in self.normalizer.org_keys(n) - self.normalizer.singular_org_keys(n)}

    def comparable_keys(self, names: Iterable[str]) -> set[str]:
        """The name keys fit for a fuzzy comparison: all but the guesses (loanword readings) no name of the
        list gives as a rendering of its own."""
        return {k for n in names for k in self.normalizer.org_keys(n) - self.normalizer.guessed_org_keys(n)}

    def add(self, org_id: str, names: Iterable[str], brn: str | None, region: str | None,
            homepage: str | None, technologies: Iterable[str] = (), *, stored: bool = False,
            codes: Mapping[str, str | None] | None = None) -> None:
        """Index an organisation by its names and numbers; ``codes`` holds registry numbers other than the
        business number (dart_code, stock_code)."""
        names = list(names)
        keys = self.names_keys(names)
        comparable = self.comparable_keys(names)
        info = self.info.get(org_id)
        if info is None:
            info = self.info[org_id] = _OrgInfo({}, region, web_domain(homepage), set(),
                                                unread=set(_READ_WHEN_ASKED) if stored else set())
        info.technologies.update(technologies)
        scripts_before = set(info.scripts)
        info.scripts.update(has_hangul(name) for name in names)
        if brn and not info.brn:  # registered now: no longer a candidate for records with a business number
            for key in info.keys:
                self.fuzzy_unregistered.discard(key, org_id)
        for scheme, number in {"business_number": brn, **(codes or {})}.items():
            if number:
                info.ids.setdefault(scheme, number)
                self.by_id[(scheme, number)] = org_id
        info.region = info.region or region
        info.domain = info.domain or web_domain(homepage)
        if info.domain:
            self.by_domain[info.domain].add(org_id)
        self.acronyms.add(org_id, names)
        for name in names:
            if (site := split_site(name)) is not None:
                company_keys = self.names_keys([site.company])
                info.company_keys |= company_keys
                self.site_names.setdefault(org_id, site.site)
                for key in company_keys:
                    self.sites_by_company[key].add(org_id)
        new_keys = keys - info.keys
        for key in new_keys:
            self.by_key[key].add(org_id)
            if key in comparable:
                self.fuzzy.add(key, org_id)
                if not info.brn:
                    self.fuzzy_unregistered.add(key, org_id)
        info.keys |= keys
        if len(info.scripts) == 1:  # one script since it was first indexed: its earlier keys are in already
            heard = new_keys - self.plural_free_only(names)
            self.sounds.add(org_id, next(iter(info.scripts)), heard, guessed=heard - comparable)
            self.sounds.add_shorter(org_id, next(iter(info.scripts)), self._a_word_shorter(names))
        elif len(scripts_before) == 1:  # now known in both scripts: no longer a candidate across them
            self.sounds.discard(org_id, info.keys)
            self.sounds.discard_shorter(org_id)

    def new_keys(self, org_id: str, names: Iterable[str]) -> set[str]:
        """The name keys of ``names`` that ``org_id`` is not yet known by."""
        info = self.info.get(org_id)
        return self.names_keys(names) - (info.keys if info else set())

    def forget_keys(self, org_id: str, keys: set[str]) -> None:
        """Take back name keys a rejected record taught a known organisation (a misspelt variant)."""
        info = self.info.get(org_id)
        if info is None:
            return
        self._unindex_keys(org_id, keys & info.keys)
        info.keys -= keys

    def _unindex_keys(self, org_id: str, keys: set[str]) -> None:
        for key in keys:
            self.by_key[key].discard(org_id)
            self.fuzzy.discard(key, org_id)
            self.fuzzy_unregistered.discard(key, org_id)
        self.sounds.discard(org_id, keys)

    def forget(self, org_id: str) -> None:
        """Take back an organisation added by a record that was then rejected (it will not be written)."""
        info = self.info.pop(org_id, None)
        if info is None:
            return
        for scheme_and_number in info.ids.items():
            drop_if_points_at(self.by_id, scheme_and_number, org_id)
        if info.domain:
            self.by_domain[info.domain].discard(org_id)
        for key in info.company_keys:
            self.sites_by_company[key].discard(org_id)
        self.site_names.pop(org_id, None)
        self.acronyms.forget(org_id)
        self.people_of.pop(org_id, None)
        self.sounds.discard_shorter(org_id)
        self._unindex_keys(org_id, info.keys)

    def expect(self, names: Iterable[tuple[str, bool]]) -> None:
        """The names the coming records carry, each with whether its record has a business number: their fuzzy
        comparisons are batched (see FuzzyBlocks). A registered name is compared only with unregistered ones."""
        registered: list[str] = []
        unregistered: list[str] = []
        for name, has_business_number in names:
            (registered if has_business_number else unregistered).extend(self.comparable_keys([name]))
        self.fuzzy.expect(unregistered, additions=registered + unregistered)
        self.fuzzy_unregistered.expect(registered, additions=unregistered)

    def add_node(self, node: Organization, technologies: Iterable[str] = ()) -> None:
        self.add(node.id, node.names(), node.business_number, node.region, node.homepage, technologies,
                 codes=node.identifiers())

    def natural_id(self, node: Organization) -> str:
        return self.natural_id_of(node.identifiers(), node.name_ko, node.name_en)

    def natural_id_of(self, ids: Mapping[str, str | None], name_ko: str | None, name_en: str | None) -> str:
        """The id a new organisation gets: from its first registry number (business number, DART code, stock
        code), else its first name's key."""
        for prefix, scheme in REGISTRY_PREFIXES.items():
            if ids.get(scheme):
                return make_id(Organization, f"{prefix}-{ids[scheme]}")
        key = next((self.normalizer.org_key(n) for n in (name_ko, name_en) if n), "")
        return make_id(Organization, key or "unnamed")

    def resolve(self, node: Organization, technologies: set[str] | frozenset[str] = frozenset(),
                people: set[str] | frozenset[str] = frozenset()) -> Resolution:
        """Where an organisation record lands; ``technologies`` (those it declares or its text names) and
        ``people`` (the inventors of the patent naming it) back a fuzzy name match when a known organisation
        shares one. An organisation merged away lands on the one that took it in; two whose merge was undone stay
        apart."""
        return self.remembered(self._placed(node, technologies, people), self.info)

    def _placed(self, node: Organization, technologies: set[str] | frozenset[str],
                people: set[str] | frozenset[str]) -> Resolution:
        natural = self.natural_id(node)
        if natural in self.info:
            return self._unnumbered_named(Resolution(natural, natural, "same"), node)
        ids = node.identifiers()
        for scheme, number in ids.items():
            holder = self.by_id.get((scheme, number))
            if holder is not None and not self._conflicts(holder, {s: n for s, n in ids.items() if s != scheme}, None):
                return self._unnumbered_named(Resolution(holder, natural, scheme, 1.0, {scheme: number}), node)
        domain = web_domain(node.homepage)
        same_site = [c for c in sorted(self.by_domain.get(domain, ())) if not self._conflicts(c, ids, None)
                     ] if domain else []
        if len(same_site) == 1:
            return Resolution(same_site[0], natural, "homepage", 0.95, {"homepage": domain})
        keys = self.names_keys(node.names())
        comparable = self.comparable_keys(node.names())
        named = self._named(keys, keys - comparable)
        compatible = {c for c in named if not self._conflicts(c, ids, domain)}
        if named and not compatible:  # the same name, but another registry number or web site
            first = sorted(named)[0]
            return Resolution(natural, natural, "new", review_with=first, review_score=0.6,
                              review_evidence={"same_name_as": sorted(named), "but": "different identifiers"})
        if len(compatible) == 1:
            (target,) = compatible
            shared = sorted(keys & self.info[target].keys)
            return Resolution(target, natural, "name", 0.97, {"matching_name_key": shared[0]})
        if len(compatible) > 1 and (bridged := self._bridged(node, natural, keys - comparable, compatible)):
            return bridged
        if len(compatible) > 1:
            first = sorted(compatible)[0]
            return Resolution(natural, natural, "new", review_with=first, review_score=0.7,
                              review_evidence={"same_name_as": sorted(compatible)})
        heard = keys - self.plural_free_only(node.names())
        across = self._across_scripts(node, natural, heard, heard - comparable)
        if across is not None and (across.merged or "sounds_like" in across.review_evidence):
            return across  # one organisation sounds like it, or several do alike (review)
        fuzzy = self._fuzzy(node, natural, comparable, technologies, people)
        found = across if across is not None and not fuzzy.merged and fuzzy.review_with is None else fuzzy
        if found.merged or found.review_with is not None:
            return found
        return self._site_pair(node, natural, keys) or self._acronym_pair(node, natural) or found

    def _unnumbered_named(self, found: Resolution, node: Organization) -> Resolution:
        """A record found by its number that names, by a name the company is not yet known by, one organisation
        known by no number or web site (an applicant a patents file made from a name before the companies file was
        loaded): that one goes to review with the company (approving it merges it in). Loaded the other way round,
        the applicant's name would simply have found the company."""
        numbers = list(node.identifiers().values())
        if not numbers:
            return found
        names = [n for n in node.names() if not self.names_keys([n]) <= self.info[found.node_id].keys]
        if not names:
            return found
        keys = self.names_keys(names)
        named = {c for c in self._named(keys, keys - self.comparable_keys(names))
                 if c != found.node_id and not self.info[c].ids and not self.info[c].domain}
        if len(named) != 1:
            return found
        (other,) = named
        return replace(found, review_with=other, review_score=BRIDGE_REVIEW, review_keeps_record=True,
                       review_evidence={"number_row_names": [numbers[0], *names]})

    def _bridged(self, node: Organization, natural: str, guessed: set[str], compatible: set[str]
                 ) -> Resolution | None:
        """Several known organisations, each named by another of the record's names and no name naming two: the
        record lands on the one that shares the most of its names (then the one its first name names), and the
        next goes to review with it (approving merges that one into it). None when one name names two of them:
        which is the record's is then for a person to say."""
        owners: dict[str, list[int]] = defaultdict(list)
        names = node.names()
        for rank, name in enumerate(names):
            keys = self.names_keys([name])
            named = self._named(keys, keys & guessed) & compatible
            if len(named) > 1:
                return None
            for owner in named:
                owners[owner].append(rank)
        if len(owners) < 2:
            return None
        ranked = sorted(owners, key=lambda owner: (-len(owners[owner]), owners[owner][0], owner))
        target, other = ranked[0], ranked[1]
        shared = sorted(self.names_keys([names[owners[target][0]]]) & self.info[target].keys)
        return Resolution(target, natural, "name", 0.97, {"matching_name_key": shared[0] if shared else names[0]},
                          review_with=other, review_score=BRIDGE_REVIEW, review_keeps_record=True,
                          review_evidence={"named_by_one_record": [names[owners[target][0]], names[owners[other][0]]],
                                           "also_named": sorted(ranked[2:])})

    def _site_pair(self, node: Organization, natural: str, keys: set[str]) -> Resolution | None:
        """A new organisation named as a site of a known company ('삼성전자 광주사업장' and 삼성전자), or a new company
        whose site is known: the pair goes to review (approving it keeps the company)."""
        for name in node.names():
            if (site := split_site(name)) is None:
                continue
            companies = sorted({c for k in self.names_keys([site.company]) for c in self.by_key.get(k, ())} - {natural})
            if len(companies) == 1:
                return Resolution(natural, natural, "new", review_with=companies[0], review_score=SITE_REVIEW,
                                  review_evidence={"site": site.site, "company": companies[0]})
        sites = sorted({s for k in keys for s in self.sites_by_company.get(k, ())} - {natural})
        if sites:
            return Resolution(natural, natural, "new", review_with=sites[0], review_score=SITE_REVIEW,
                              review_evidence={"site": self.site_names.get(sites[0], ""), "company": natural},
                              review_keeps_record=True)
        return None

    def _acronym_pair(self, node: Organization, natural: str) -> Resolution | None:
        """A new organisation named by an acronym that the initials of one known organisation's name spell (or
        the other way round): the pair goes to review."""
        candidates = self.acronyms.candidates(node.names())
        if not candidates:
            return None
        ids, domain = node.identifiers(), web_domain(node.homepage)
        found = {owner: letters for owner, letters in candidates.items()
                 if owner != natural and not self._conflicts(owner, ids, domain)}
        if len(found) != 1:
            return None
        ((owner, letters),) = found.items()
        return Resolution(natural, natural, "new", review_with=owner, review_score=ACRONYM_REVIEW,
                          review_evidence={"acronym": letters})

    def letter_pairs(self, new: Iterable[str], in_review: set[frozenset[str]], budget: int | None = None
                     ) -> list[Resolution] | None:
        """Review pairs for ``new`` organisations named in one script only, not in a review pair yet: each with the
        organisation named only in the other script whose Latin keys' letters are closest to its own, each the
        other's closest (``loaders.script_pairs``); their numbers alike and no registry number or web site
        between them. None when there are more names to compare than ``budget`` key pairs (``NGRAM_BUDGET``)."""
        new = list(new)
        one_script = {org: next(iter(info.scripts)) for org, info in self.info.items() if len(info.scripts) == 1}
        paired = {org for pair in in_review for org in pair}
        found: dict[frozenset[str], Resolution] = {}
        sides = []
        for hangul in (True, False):
            queries = {org: self._latin_keys(org) for org in new if one_script.get(org) is hangul and org not in paired}
            if queries:
                sides.append((queries, {org: self._latin_keys(org) for org, script in one_script.items()
                                        if script is not hangul}))
        if sum(key_pairs(queries, candidates) for queries, candidates in sides) > (budget or NGRAM_BUDGET):
            return None
        for queries, candidates in sides:
            for pair in closest_across_scripts(queries, candidates):
                record = self.info[pair.record]
                if _digits(pair.key) != _digits(pair.candidate_key) or self._conflicts(
                        pair.candidate, record.ids, record.domain):
                    continue
                evidence = {"name_key": pair.key, "candidate_key": pair.candidate_key, "ratio": pair.score,
                            "closest_across_scripts": True}
                found.setdefault(frozenset((pair.record, pair.candidate)), Resolution(
                    pair.record, pair.record, "new", review_with=pair.candidate, review_score=pair.score,
                    review_evidence=evidence))
        return list(found.values())

    def _latin_keys(self, org_id: str) -> list[str]:
        """An organisation's name keys in Latin letters (a Hangul name's renderings), sorted."""
        return sorted(k for k in self.info[org_id].keys if not has_hangul(k))

    def _named(self, keys: set[str], guessed: set[str]) -> set[str]:
        """Organisations known by one of ``keys``; a guessed key (a loanword reading of a Hangul name) names only
        organisations with a name in Latin letters: two Hangul names read alike as loanwords (티에스아이, 티에스이:
        'tiesi') are still two names."""
        named = {c for k in keys - guessed for c in self.by_key.get(k, ())}
        named.update(c for k in guessed for c in self.by_key.get(k, ()) if False in self.info[c].scripts)
        return named

    def _across_scripts(self, node: Organization, natural: str, keys: set[str], guessed: set[str]
                        ) -> Resolution | None:
        """A record named in one script only (Hangul, or not) whose name sounds like that of an organisation known
        only in the other (``loaders.sounds``): merged when one organisation sounds so by a clear margin, else the
        best goes to review; None when none sounds so. DART's listed companies loaded as two files, Hangul names
        then English names: pairwise P 0.964 -> 0.971, R 0.376 -> 0.540 (folded keys compared by ratio instead of
        the given-name fold compared for equality); review pairs 134 (88 one company) -> 151 (98)."""
        scripts = {has_hangul(name) for name in node.names()}
        if len(scripts) != 1:
            return None
        ids, domain = node.identifiers(), web_domain(node.homepage)
        found = [m for m in self.sounds.matches(keys, guessed, known_in_hangul=not next(iter(scripts)),
                                                shorter=self._a_word_shorter(node.names()))
                 if _digits(m.key) == _digits(m.their_key) and not self._conflicts(m.owner, ids, domain)]
        if not found:
            return None
        best, close = found[0], [m for m in found[1:] if m.score > found[0].score - SOUND_MARGIN]
        evidence = _sound_evidence(best)
        if best.score >= SOUND_MERGE and not close and not best.loose:
            return Resolution(best.owner, natural, "name across scripts", round(best.score / 100, 3), evidence)
        if close:
            evidence["sounds_like"] = [best.owner] + [m.owner for m in close]
        return Resolution(natural, natural, "new", review_with=best.owner, review_score=round(best.score / 100, 3),
                          review_evidence=evidence)

    def _a_word_shorter(self, names: Iterable[str]) -> list[tuple[str, str]]:
        """The keys of Latin ``names`` a word shorter (``loaders.sounds.a_word_shorter``), each with its name's key."""
        return [pair for name in names for pair in _keys_a_word_shorter(self.normalizer, name)]

    def _conflicts(self, candidate: str, ids: Mapping[str, str], domain: str | None) -> bool:
        """Both carry a number of one registry (or a web site) and they differ: not the same company."""
        info = self.info[candidate]
        return any(info.ids.get(scheme, number) != number for scheme, number in ids.items()) or bool(
            domain and info.domain and info.domain != domain)

    def technologies(self, org_id: str) -> set[str]:
        """What is known of an organisation's technologies: from this load's records and, once asked, the store."""
        info = self.info[org_id]
        if self._first_ask(org_id, "technologies"):
            info.technologies |= self.stored_technologies(org_id)
        return info.technologies

    def people(self, org_id: str) -> set[str]:
        """The inventors of an organisation's patents: from this load's rows and, once asked, the store. One of them
        on the patent naming a near name backs it as a region or a technology does: on PatentsView's assignees 48
        misspellings joined their organisation (Genentec, Miscrosoft, Spanion, Hyndai Motor; two or three were a
        subsidiary: Winbond Electronics (H.K.)), and review pairs went from 276 to 250."""
        if self._first_ask(org_id, "people"):
            self.people_of[org_id] |= self.stored_people(org_id)
        return self.people_of.get(org_id, set())

    def _first_ask(self, org_id: str, what: str) -> bool:
        """Whether the store's ``what`` of a stored organisation is asked for the first time (and is now read)."""
        info = self.info.get(org_id)
        if info is None or what not in info.unread:
            return False
        info.unread.discard(what)
        return True

    def _fuzzy(self, node: Organization, natural: str, keys: set[str], technologies: set[str] | frozenset[str],
               people: set[str] | frozenset[str] = frozenset()) -> Resolution:
        best: tuple[float, str, str, str] | None = None
        blocks = self.fuzzy_unregistered if node.business_number else self.fuzzy
        ids, domain = node.identifiers(), web_domain(node.homepage)
        pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)  # candidate -> (my key, its key) found
        for key in sorted(keys):
            found = blocks.best(key)
            if found is None:
                continue
            for candidate in sorted(blocks.owners(found[0])):
                if self._conflicts(candidate, ids, domain):
                    continue
                pairs[candidate].append((key, found[0]))
                if best is None or found[1] > best[0]:
                    best = (float(found[1]), candidate, key, found[0])
        if best is None:
            return Resolution(natural, natural, "new")
        score, candidate, mine, theirs = best
        if _digits(mine) != _digits(theirs):  # 'SPAC No.13' and 'SPAC No.23', 'Plant 1' and 'Plant 2': others
            return Resolution(natural, natural, "new")
        info = self.info[candidate]
        shared = sorted(technologies & self.technologies(candidate)) if technologies else []
        inventors = sorted(people & self.people(candidate)) if people else []
        across_scripts = _one_script_each({has_hangul(name) for name in node.names()}, info.scripts)
        # a region or a technology backs a name alike where it differs; two names differing in what names the
        # organisation are two organisations of one region, or of one field, however long the words they share
        same_region = bool(node.region and node.region == info.region)
        weak_support_counts = across_scripts or _alike_where_they_differ(mine, theirs)
        support = [s for s, ok in (("region", weak_support_counts and same_region),
                                   ("homepage", domain and domain == info.domain),
                                   ("technology", weak_support_counts and shared),
                                   ("inventor", weak_support_counts and inventors))
                   if ok]
        evidence: dict[str, object] = {"name_key": mine, "candidate_key": theirs, "ratio": round(score, 1),
                                       "supporting": support}
        if shared:
            evidence["shared_technologies"] = shared[:5]
        if inventors:
            evidence["shared_inventors"] = inventors[:5]
        if _one_typo_apart(mine, theirs):
            support.append("long name, a typo apart")
        # any of the keys found for it (a plural or number variant can share an ending the names do not)
        distinct = any(distinct_parts_ratio(a, b) >= DISTINCT_CUTOFF for a, b in pairs[candidate])
        if across_scripts and distinct:
            # A Hangul name's romanisation against an English one (or back): a few letters apart is what
            # romanising does (eo/u, eu/-), not another company, unless the letters apart are all in what names
            # the company ('Daesan' / 'Daesung' Engineering & Construction). On DART's listed companies every such
            # review pair at the merge threshold was one company (23 of 23; same-script pairs there: 0 of 3).
            support.append("across scripts")
        if score >= MERGE_FUZZY and support:
            return Resolution(candidate, natural, "fuzzy", round(score / 100, 3), evidence)
        if not support and not across_scripts and not distinct and not (same_region or shared or inventors):
            # two names in one script near only through the ending they share ('…engineeringconstruction'), nothing
            # else backing them: 성원건설 / 서희건설, 대웅제약 / 대화제약 are not worth an administrator's time (on DART
            # 20 such review pairs of 20 joined two companies). Across scripts romanising makes that part differ.
            return Resolution(natural, natural, "new")
        return Resolution(natural, natural, "new", review_with=candidate, review_score=round(score / 100, 3),
                          review_evidence=evidence)

    def lookup(self, text: str) -> list[str]:
        """Organisations a free-text reference names (by business number or by any name key)."""
        prefix, _, number = text.partition(":")
        if prefix in REGISTRY_PREFIXES and number:
            number = number.replace("-", "")
            found = self.by_id.get((REGISTRY_PREFIXES[prefix], number))
            if found is None:  # the number of one merged away (its id was made from it): the one that took it in
                found = self.canonical(make_id(Organization, f"{prefix}-{number}"))
                found = found if found in self.info else None
            return [found] if found else []
        return sorted({c for k in self.normalizer.org_keys(text) for c in self.by_key.get(k, ())})
