"""Person resolution: ORCID, e-mail, Scopus author id, ResearcherID, and a name (romanisation variants of Korean
names folded) backed by a shared organisation or specific shared skills."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.schema import Person, make_id
from loaders.normalize import NameNormalizer, compact_key
from loaders.resolution_base import MergeMemory, Resolution, drop_if_points_at

SKILL_MERGE = 6.0
"""An exact name plus shared skills weighing this much (about two specific research topics) is the same person."""
SKILL_REVIEW = 3.0
PERSON_KEYS = ("orcid", "email", "scopus_id", "researcher_id")
"""A person's exact keys (``Person.key_fields``); a reference names one as ``orcid:…``, ``email:…``, ``scopus:…``,
``rid:…``."""
_SCHEME_OF_REFERENCE = {"orcid": "orcid", "email": "email", "scopus": "scopus_id", "rid": "researcher_id"}
REFERENCE_OF_SCHEME = {scheme: reference for reference, scheme in _SCHEME_OF_REFERENCE.items()}
KEY_REFERENCES = tuple(f"{reference}:" for reference in _SCHEME_OF_REFERENCE)
ONE_PER_PERSON = ("orcid", "scopus_id", "researcher_id")
"""Keys a person has one of: two that differ are two people (e-mail addresses are not: a person has several)."""
SPLIT_PROFILE_SCORE = 0.7
"""The review score of two Scopus or Web of Science profiles of one name at one organisation (``_split_pair``)."""
_PROFILES = ("scopus_id", "researcher_id")
"""Ids of profiles a service makes by itself, and sometimes makes two of for one researcher."""


def person_keys(node: Person) -> dict[str, str]:
    """The person's exact keys that are given: {"orcid": …, "scopus_id": …}."""
    return {scheme: value for scheme in PERSON_KEYS if (value := getattr(node, scheme))}


@dataclass
class _PersonInfo:
    keys: dict[str, str]
    """Exact key scheme -> value (``PERSON_KEYS``)."""
    exact: set[str]
    coarse: set[str]
    orgs: set[str]
    skills: set[str]
    initials: set[str] = field(default_factory=set)


class PersonIndex(MergeMemory):
    def __init__(self, normalizer: NameNormalizer) -> None:
        super().__init__()
        self.normalizer = normalizer
        self.info: dict[str, _PersonInfo] = {}
        self.by_key: dict[tuple[str, str], str] = {}
        """(scheme, value) of an exact key (``PERSON_KEYS``) -> the person who has it."""
        self.by_exact: dict[str, set[str]] = defaultdict(set)
        self.by_coarse: dict[str, set[str]] = defaultdict(set)
        self.by_initials: dict[str, set[str]] = defaultdict(set)
        """family|initials of a full given name (lee|sh), and family|its first initial* (lee|s*): an author a list
        names by initials ('Lee S.-H.', as Scopus does) is found among the people of their organisation; and
        a:family|initials of a name written as initials, which a full name at their organisation is paired with."""
        self.skill_people: dict[str, int] = defaultdict(int)
        """How many people list each skill: a skill many share ('경영') is weak evidence."""

    def keys(self, names: Iterable[str]) -> tuple[set[str], set[str]]:
        exact, coarse = set(), set()
        for name in names:
            key = self.normalizer.person_key(name)
            if key.given:
                exact.add(key.exact)
                coarse.add(key.coarse)
        return exact, coarse

    def _initials_keys(self, names: Iterable[str]) -> set[str]:
        """A full name's initials (lee|sh) and first initial (lee|s*); a name written as initials, 'a:lee|sh'."""
        out = set()
        for name in names:
            key = self.normalizer.person_key(name)
            if key.initials and key.abbreviated:
                out.add(f"a:{key.initials}")
            elif key.initials:
                out |= {key.initials, f"{key.initials[:len(key.family) + 2]}*"}
        return out

    def _written_as_initials(self, names: Iterable[str]) -> set[str]:
        """People known only by a name written as initials that the full ``names`` abbreviate (Lee S.-H., Lee S.
        for 이승훈)."""
        found: set[str] = set()
        for key in self._initials_keys(names):
            if not key.startswith("a:"):
                found |= self.by_initials.get(f"a:{key.rstrip('*')}", set())
        return found

    def add(self, person_id: str, names: Iterable[str], keys: dict[str, str] | None = None,
            orgs: Iterable[str] = (), skills: Iterable[str] = ()) -> None:
        """Index a person under their names, exact keys (``person_keys``), organisations and skills."""
        exact, coarse = self.keys(names)
        info = self.info.get(person_id)
        if info is None:
            info = self.info[person_id] = _PersonInfo({}, set(), set(), set(), set())
        for scheme, value in (keys or {}).items():
            info.keys.setdefault(scheme, value)
            self.by_key[scheme, value] = person_id
        for key in exact - info.exact:
            self.by_exact[key].add(person_id)
        for key in coarse - info.coarse:
            self.by_coarse[key].add(person_id)
        info.exact |= exact
        info.coarse |= coarse
        for key in self._initials_keys(names) - info.initials:
            self.by_initials[key].add(person_id)
            info.initials.add(key)
        info.orgs |= set(orgs)
        new_skills = {s.lower() for s in skills} - info.skills
        for skill in new_skills:
            self.skill_people[skill] += 1
        info.skills |= new_skills

    def forget(self, person_id: str) -> None:
        """Take back a person added by a record that was then rejected (it will not be written)."""
        info = self.info.pop(person_id, None)
        if info is None:
            return
        for scheme, value in info.keys.items():
            drop_if_points_at(self.by_key, (scheme, value), person_id)
        for key in info.exact:
            self.by_exact[key].discard(person_id)
        for key in info.coarse:
            self.by_coarse[key].discard(person_id)
        for key in info.initials:
            self.by_initials[key].discard(person_id)
        for skill in info.skills:
            self.skill_people[skill] -= 1

    @staticmethod
    def keys_differ(mine: dict[str, str], theirs: dict[str, str]) -> bool:
        """Whether two people's ORCID iDs, Scopus author ids or ResearcherIDs differ (so their names do not join
        them)."""
        return bool(_differing(mine, theirs))

    def forget_orgs(self, person_id: str, orgs: set[str]) -> None:
        """Take back organisations a rejected record linked a known person to."""
        info = self.info.get(person_id)
        if info is not None:
            info.orgs -= orgs

    def skill_evidence(self, skills: set[str]) -> float:
        """IDF-weighted count of shared skills: Σ log((N+1)/(df+1)); three shared research topics weigh ~9,
        a management skill half the people list ('경영') under 1."""
        total = len(self.info) + 1
        return sum(math.log(total / (self.skill_people.get(s, 0) + 1)) for s in skills)

    def add_node(self, node: Person, orgs: Iterable[str] = ()) -> None:
        self.add(node.id, node.names(), person_keys(node), orgs, node.skills)

    def natural_id(self, node: Person, orgs: Iterable[str]) -> str:
        for scheme, value in person_keys(node).items():
            return make_id(Person, f"{REFERENCE_OF_SCHEME[scheme]}-{value}")
        name = node.name_ko or node.name_en or ""
        key = self.normalizer.person_key(name)
        local = f"{key.family}-{key.given}" if key.given else compact_key(name)
        first_org = sorted(orgs)[0].partition(":")[2] if orgs else ""
        return make_id(Person, f"{local}.{first_org}" if first_org else local)

    def resolve(self, node: Person, orgs: set[str], *, given_id: str | None = None) -> Resolution:
        """Where a person lands. ``given_id``: an identity the source already resolved (e.g. PatentsView
        inventors clustered upstream): trusted, so only the same id or exact key joins it to another. A
        person merged away lands on the one that took them in; two whose merge was undone stay apart."""
        return self.remembered(self._placed(node, orgs, given_id), self.info)

    def _placed(self, node: Person, orgs: set[str], given_id: str | None) -> Resolution:
        natural = given_id or self.natural_id(node, orgs)
        if natural in self.info:
            return Resolution(natural, natural, "same")
        own_keys = person_keys(node)
        for scheme, value in own_keys.items():
            if (scheme, value) in self.by_key:
                return Resolution(self.by_key[scheme, value], natural, scheme, 1.0, {scheme: value})
        if given_id:
            return Resolution(natural, natural, "new")
        exact, coarse = self.keys(node.names())
        skills = {s.lower() for s in node.skills}
        scored: list[tuple[float, str, dict[str, object]]] = []
        candidates = {c for k in exact for c in self.by_exact.get(k, ())} | {
            c for k in coarse for c in self.by_coarse.get(k, ())}
        for candidate in sorted(candidates):
            info = self.info[candidate]
            same_exact = bool(exact & info.exact)
            if self.keys_differ(own_keys, info.keys):
                if same_exact and (split := _split_pair(own_keys, orgs, info)):
                    scored.append((SPLIT_PROFILE_SCORE, candidate, split))
                continue
            shared_orgs = sorted(orgs & info.orgs)
            shared_skills = sorted(skills & info.skills)
            weight = self.skill_evidence(set(shared_skills))
            evidence: dict[str, object] = {"name": "exact" if same_exact else "romanisation variant",
                                           "shared_organizations": shared_orgs, "shared_skills": shared_skills,
                                           "skill_evidence": round(weight, 2)}
            if shared_orgs:
                score = 0.95 if same_exact else 0.9
            elif weight >= SKILL_MERGE:
                score = 0.9 if same_exact else 0.75
            elif weight >= SKILL_REVIEW:
                score = 0.65
            else:
                score = 0.0
            if score:
                scored.append((score, candidate, evidence))
        if not scored and orgs:  # 'Lee S.-H.' of a paper's list, at their organisation: for a person to decide
            for candidate in sorted(self._written_as_initials(node.names()) - candidates):
                if shared := sorted(orgs & self.info[candidate].orgs):
                    scored.append((0.7, candidate, {"name": "initials", "shared_organizations": shared}))
        if not scored:
            return Resolution(natural, natural, "new")
        scored.sort(key=lambda s: (-s[0], s[1]))
        score, best, evidence = scored[0]
        unique = len(scored) == 1 or scored[1][0] < score
        if score >= 0.9 and unique:
            return Resolution(best, natural, "name+affiliation", score, evidence)
        if score >= 0.65:
            return Resolution(natural, natural, "new", review_with=best, review_score=score,
                              review_evidence=evidence)
        return Resolution(natural, natural, "new")

    def split_profile(self, node: Person, orgs: set[str]) -> Resolution | None:
        """A new person ``node`` (a work's author with a Scopus author id or ResearcherID) paired for review with a
        person of the same name at one of ``orgs`` who has another id of that service (``_split_pair``), if
        there is one."""
        exact, _coarse = self.keys(node.names())
        own = person_keys(node)
        for candidate in sorted({c for k in exact for c in self.by_exact.get(k, ())} - {node.id}):
            if evidence := _split_pair(own, orgs, self.info[candidate]):
                return Resolution(node.id, node.id, "new", review_with=candidate, review_score=SPLIT_PROFILE_SCORE,
                                  review_evidence=evidence)
        return None

    def holder(self, scheme: str, value: str) -> str | None:
        """The person who has the exact key ``scheme`` = ``value`` (``PERSON_KEYS``); for the key of one merged away
        (their id was made from it), the one that took them in."""
        found = self.by_key.get((scheme, value))
        if found is None:
            found = self.canonical(make_id(Person, f"{REFERENCE_OF_SCHEME[scheme]}-{value}"))
            found = found if found in self.info else None
        return found

    def lookup(self, text: str, orgs: set[str]) -> list[str]:
        """People a reference names: by orcid:/email:/scopus: key, else by name preferring shared organisations."""
        if text.startswith(KEY_REFERENCES):
            reference, _, value = text.partition(":")
            scheme = _SCHEME_OF_REFERENCE[reference]
            found = self.holder(scheme, value.lower() if scheme == "email" else value)
            return [found] if found else []
        exact, coarse = self.keys([text])
        same = {c for k in exact for c in self.by_exact.get(k, ())}
        near = {c for k in coarse for c in self.by_coarse.get(k, ())}
        if orgs:
            with_org = sorted(c for c in same | near if self.info[c].orgs & orgs)
            if with_org:
                return with_org
            return self._by_initials(text, orgs)
        return sorted(same)

    def _by_initials(self, text: str, orgs: set[str]) -> list[str]:
        """The one person of ``orgs`` whose given name has the initials ``text`` gives ('Kim J.-H.': 김재현,
        Jae-Hyun Kim; 'Lee S.': the one Lee S… there); none where two there have them."""
        key = self.normalizer.person_key(text)
        if not key.abbreviated or not key.initials:
            return []
        letters = key.initials[len(key.family) + 1:]
        found = [c for c in self.by_initials.get(key.initials if len(letters) > 1 else f"{key.initials}*", ())
                 if self.info[c].orgs & orgs]
        return found if len(found) == 1 else []


def _differing(mine: dict[str, str], theirs: dict[str, str]) -> list[str]:
    """The schemes of ``ONE_PER_PERSON`` both people have, with different values."""
    return [s for s in ONE_PER_PERSON if mine.get(s) and theirs.get(s) and mine[s] != theirs[s]]


def _split_pair(mine: dict[str, str], orgs: set[str], theirs: _PersonInfo) -> dict[str, object] | None:
    """The evidence for reviewing a person of the same name at one of ``orgs`` whose keys differ from ``mine`` in
    one Scopus author id or ResearcherID only (no two ORCID iDs, no other ids that differ): Scopus and Web of
    Science sometimes split one researcher's papers over two profiles. None when that is not so."""
    differ = _differing(mine, theirs.keys)
    shared = sorted(orgs & theirs.orgs)
    if len(differ) != 1 or differ[0] not in _PROFILES or not shared:
        return None
    scheme = differ[0]
    return {"name": "exact", "shared_organizations": shared,
            "split_profiles": sorted((mine[scheme], theirs.keys[scheme]))}
