"""Organisation names across scripts: a Latin name key as a Korean ear hears it, and an index of the organisations
known in one script only, by those sounds.

A Hangul name's romanisation ('hyumasiseu', 'rapaseu', 'glostek') and the company's own English name ('Humasis',
'Raphas', 'GLOSTECH') differ in ways romanising makes: f/p, v/b, ph/p, th/t, z/j, c/k/s, r/l, voiced and voiceless
stops, h, the glides of woo/wu and of yu (not in -yun(g)), vowels Hangul spells otherwise (eo/o/u, ae/e, ee/i, -er,
y), soft c and g, silent r, and tech / technology. ``korean_ear`` folds those, and a rapidfuzz ratio between folded
keys scores what is left. On DART's 1,199 listed companies (a Hangul name's renderings against every official
English name: ``benchmarks/resolution_quality.py --only dart``), the best other-script name at >= 93 and at least 3
points above the next company's is the right one 646 times and a wrong one 2 times (a SPAC of another number, which a
load keeps apart by its digits, and 화천기공 / 화천기계, whose names both translate to Hwacheon Machinery). Loanwords
whose vowels Hangul writes otherwise still share their consonants in order (``consonant_skeleton``: 인탑스 / INTOPS),
and a name in one script often leaves out a generic ending the other has (``core_sound``: 대주산업 / Daejoo Inc.):
such pairs are indexed too (``SoundMatch.loose``), and sent to review. How a load uses it:
``OrganizationIndex._across_scripts``.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

SOUND_MIN_LENGTH = 4
"""Shorter folded keys ('elk', 'tet', 'kue') are letters and syllables many companies' names share."""

DISTINCT_CUTOFF = 80.0
"""What two sounding-alike keys must still score without the ending they share (``distinct_parts_ratio``). On DART
75 let 'SAMWHA ELECTRONICS' join 삼지전자 (samaelektluniks / samjielektluniks: 'sama' / 'samji' score 66.7, 'sunktu' /
'sunkun' 83.3)."""

# The folds, in the order korean_ear applies them.
_SPELLED_LIKE_LOANWORDS = (("technologies", "tek"), ("technology", "tek"), ("tech", "tek"), ("chem", "kem"),
                           ("ture", "cheo"), ("ower", "awer"), ("chr", "kr"), ("chl", "kl"), ("echo", "eko"),
                           ("igh", "ai"))
"""English spellings Hangul writes by their sound (텍, 켐, 처: venture, culture, future; 파워, 플라워: power, flower;
크롬, 에코: chrome, echo; 라이트, 하이: light, high) where the spelling rules below would not; a name's 'Tech' is
spelt out as 'technology' by the name keys (and 테크 rendered so), 'Naintech' is not. Romanised Hangul never spells
these (ㅊ is always ch + a vowel)."""
_EW = re.compile(r"(?<!a)ew(?![aeiou])")
"""ew is 유 (뉴, 듀: new, dew); not the ae-w of a romanisation (대웅: daewoong) nor e-wo across its syllables (세워)."""
_SOFT_C = re.compile(r"c(?=[eiy])")
_SOFT_G = re.compile(r"g(?=e[nlmr]|y(?![aeiou]))")
"""gen, gel, gem, ger, gy: 젠, 젤, 젬, 저, 지 (Theragen, Synergy); 게 and 기 in a romanisation stay hard, and so does
g before a glide (gyeong, gyo: 경, 교, spelt kyung, kyo)."""
_YU_AS_U = re.compile(r"y(?:u|oo|ou)(?!ng|n(?![aeiouy]))")
"""휴/큐/유 spelt hu/qu/u in English (Humax, Quratis, Union) and 유 spelt yoo or you (Yoosung): yu before anything but
the -un(g) of a syllable, where it spells ㅕ (Hyundai, Myung, Kyung, Young)."""
_ER = re.compile(r"er(?![aeiouy])")
"""-er ending a syllable is 어 (에버, 리더: ever, leader), romanised eo."""
_Y_AS_VOWEL = re.compile(r"y(?![aeiou])")
"""y as a vowel (energy, Hyundai's -dy, -ry) is 이."""
_SILENT_R = re.compile(r"(?<=[aiou])r(?![aeiouy])")
"""r after a vowel and before a consonant is not sounded (스마트, 포휴먼, 아구스: smart, forhuman, argus); a
romanisation writes ㄹ there as l."""
_LETTERS = (("ph", "p"), ("th", "t"), ("ck", "k"), ("sh", "s"), ("ch", "j"), ("x", "ks"), ("q", "k"), ("f", "p"),
            ("v", "b"), ("z", "j"), ("woo", "u"), ("wu", "u"), ("h", ""))
_STOPS = str.maketrans("ckgdtbprl", "kkkttppll")
_VOWELS = re.compile(r"ae|ai|ei|eu|eo|oo|ou|ee|o")
"""Vowel spellings, read left to right (dae-ung, not da-eung)."""
_VOWEL_SOUNDS = {"ae": "e", "ai": "e", "ei": "e", "eu": "u", "eo": "u", "oo": "u", "ou": "u", "ee": "i", "o": "u"}
_DOUBLED = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=1 << 16)
def korean_ear(key: str) -> str | None:
    """A Latin name key with the differences romanising makes folded ('humasis' and 'hyumasiseu' → 'umasis',
    'umasisu'); None for keys with Hangul and for folds shorter than ``SOUND_MIN_LENGTH``."""
    if not key.isascii():
        return None
    text = key
    for old, new in _SPELLED_LIKE_LOANWORDS:
        text = text.replace(old, new)
    text = _EW.sub("yu", text)
    text = _YU_AS_U.sub("u", _SOFT_G.sub("j", _SOFT_C.sub("s", text)))
    text = _SILENT_R.sub("", _Y_AS_VOWEL.sub("i", _ER.sub("u", text)))
    for old, new in _LETTERS:
        text = text.replace(old, new)
    text = text.translate(_STOPS)
    text = _VOWELS.sub(lambda m: _VOWEL_SOUNDS[m.group()], text)
    text = _DOUBLED.sub(r"\1", text)
    return text if len(text) >= SOUND_MIN_LENGTH else None


def distinct_parts_ratio(a: str, b: str) -> float:
    """The ratio of two folded keys without the ending they share: 'sunktu(enkinilinkunstluktiun)' and
    'sunkun(…)' share a long generic ending that lifts their whole ratio to 96, while what names the company
    differs (66.7)."""
    shared = len(os.path.commonprefix([a[::-1], b[::-1]]))
    return float(fuzz.ratio(a[:len(a) - shared], b[:len(b) - shared])) if shared else float(fuzz.ratio(a, b))


_NOT_CONSONANTS = re.compile(r"[aeiouy]")
SKELETON_MIN_LENGTH = 4
"""Shorter consonant skeletons ('ksk', 'snt') are shared by many unrelated names."""
_GENERIC_ENDING = re.compile(r"(?:industrial|industries|industry|holdings|holding|group|enterprises?|corporation|"
                             r"company|international)+$")
"""Words a company's name in one script often carries and in the other leaves out (대주산업 / Daejoo Inc.,
EcoBio Holdings / 에코바이오)."""


@lru_cache(maxsize=1 << 16)
def consonant_skeleton(sound: str) -> str | None:
    """The consonants of a folded key (``korean_ear``), in order: what survives a Hangul spelling of a loanword
    whose vowels it writes otherwise ('intops' / 인탑스 'intapseu', 'carelabs' / 케어랩스 'keeolabs', 'openbase' /
    오픈베이스 'opeunbeiseu' → 'ntps', 'klps', 'pnps'); ts / tz is ㅊ (츠). None when shorter than
    ``SKELETON_MIN_LENGTH`` (시큐브 / SECUVE: 'skp')."""
    skeleton = _DOUBLED.sub(r"\1", _NOT_CONSONANTS.sub("", sound).replace("tj", "j"))
    return skeleton if len(skeleton) >= SKELETON_MIN_LENGTH else None


SHORTER_MIN_LENGTH = 6
"""A name a word shorter must still sound this long ('dongbang' of 'DONGBANG AGRO' is too common a start)."""
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


def a_word_shorter(name: str) -> list[str]:
    """A Latin name with one of its words after the first left out ('HANIL IRON & STEEL CO.,LTD' → 'HANIL STEEL',
    'HANIL IRON'): the other script's name often has one word fewer (한일철강). Names of two to six words."""
    if not name.isascii():
        return []
    words = _LATIN_WORD.findall(name)
    if not 2 <= len(words) <= 6:
        return []
    return [" ".join(words[:i] + words[i + 1:]) for i in range(1, len(words))]


@lru_cache(maxsize=1 << 16)
def core_sound(key: str) -> str | None:
    """How a Latin name key sounds without the generic words it ends with ('daejuindustry' → 'teju', as
    'daejoo'); None when it ends with none, or too little is left."""
    core = _GENERIC_ENDING.sub("", key)
    return korean_ear(core) if core != key else None


@dataclass(frozen=True)
class SoundMatch:
    owner: str
    score: float
    key: str
    """The record's name key that matched."""
    their_key: str
    loose: str = ""
    """How a match the folded keys' ratio would not make was found, if so: 'consonants' (the same consonant
    skeleton), 'core' (the same sound once a generic ending is left out), 'word' (the same sound but for one word
    more in a Latin name) or 'guess' (a loanword reading near a name). Worth a review, never a merge on its own."""


EXACT = 100.0


class SoundsByScript:
    """The Latin name keys of organisations known in one script only (Hangul names, whose keys include their
    renderings; or names without Hangul), by ``korean_ear``, in blocks by the fold's first two letters."""

    def __init__(self, cutoff: float, skeleton_cutoff: float | None = None) -> None:
        self.cutoff = cutoff
        self.skeleton_cutoff = cutoff if skeleton_cutoff is None else skeleton_cutoff
        self._blocks: dict[bool, dict[str, dict[str, dict[str, tuple[str, bool]]]]] = {
            True: defaultdict(dict), False: defaultdict(dict)}
        """hangul -> block -> folded key -> owner -> (the owner's key, whether that key is a guess)."""
        self._skeletons: dict[bool, dict[str, dict[str, str]]] = {True: defaultdict(dict), False: defaultdict(dict)}
        """hangul -> consonant skeleton -> owner -> the owner's key (keys not guessed only)."""
        self._cores: dict[bool, dict[str, dict[str, str]]] = {True: defaultdict(dict), False: defaultdict(dict)}
        """hangul -> core sound (the sound of a key without a generic ending, or its sound when it has none) ->
        owner -> the owner's key (keys not guessed only)."""
        self._shorter: dict[bool, dict[str, dict[str, str]]] = {True: defaultdict(dict), False: defaultdict(dict)}
        """hangul -> the sound of a name a word shorter (``a_word_shorter``) -> owner -> the whole name's key."""
        self._shorter_of: dict[str, set[tuple[bool, str]]] = defaultdict(set)

    def add(self, owner: str, hangul: bool, keys: Iterable[str], guessed: set[str] | frozenset[str] = frozenset()
            ) -> None:
        """Index ``owner``'s keys; ``guessed`` ones (loanword readings, see ``NameNormalizer.guessed_org_keys``)
        match only a key that sounds the same, never a near one."""
        blocks = self._blocks[hangul]
        for key in sorted(keys):  # which key answers for a sound does not depend on hashing
            if (sound := korean_ear(key)) is None:
                continue
            owners = blocks[sound[:2]].setdefault(sound, {})
            known = owners.get(owner)
            if known is None or (known[1] and key not in guessed):  # a key not guessed answers for its sound first
                owners[owner] = (key, key in guessed)
            if key not in guessed:
                self._cores[hangul][core_sound(key) or sound].setdefault(owner, key)
                if (skeleton := consonant_skeleton(sound)) is not None:
                    self._skeletons[hangul][skeleton].setdefault(owner, key)

    def add_shorter(self, owner: str, hangul: bool, shorter: Iterable[tuple[str, str]]) -> None:
        """Index the keys of ``owner``'s names a word shorter (``a_word_shorter``), each with its whole name's key."""
        for key, whole in shorter:
            if (sound := korean_ear(key)) is not None and len(sound) >= SHORTER_MIN_LENGTH:
                self._shorter[hangul][sound].setdefault(owner, whole)
                self._shorter_of[owner].add((hangul, sound))

    def discard_shorter(self, owner: str) -> None:
        for hangul, sound in self._shorter_of.pop(owner, ()):
            self._shorter[hangul].get(sound, {}).pop(owner, None)

    def discard(self, owner: str, keys: Iterable[str]) -> None:
        for key in keys:
            if (sound := korean_ear(key)) is None:
                continue
            for blocks in self._blocks.values():
                owners = blocks.get(sound[:2], {}).get(sound)
                if owners is not None and owners.get(owner, ("",))[0] == key:
                    del owners[owner]
                    if not owners:
                        del blocks[sound[:2]][sound]
            for index, form in ((self._cores, core_sound(key) or sound), (self._skeletons, consonant_skeleton(sound))):
                for loose in index.values():
                    holders = loose.get(form or "", {})
                    if holders.get(owner) == key:
                        del holders[owner]
                        if not holders:
                            del loose[form or ""]

    def matches(self, keys: Iterable[str], guessed: set[str], known_in_hangul: bool,
                shorter: Iterable[tuple[str, str]] = ()) -> list[SoundMatch]:
        """Organisations known only in Hangul (or only otherwise) whose keys sound like one of ``keys`` with a
        ratio of at least the cut-off (a guess on either side: sound the same), or failing that (``loose``) have the
        same consonant skeleton and a ratio of at least ``skeleton_cutoff``, sound the same once a generic ending
        is left out, or but for one word more on either side (``shorter``: the keys of the record's names a word
        shorter, each with its whole name's key), or a guess near a name: the best match of each, best first (then by
        owner), loose matches after the others."""
        blocks = self._blocks[known_in_hangul]
        best: dict[str, SoundMatch] = {}
        sounds = {key: sound for key in sorted(set(keys)) if (sound := korean_ear(key)) is not None}
        loose = {key: sound for key, sound in sounds.items() if key not in guessed}
        self._a_word_more(sounds, known_in_hangul, shorter, best)
        self._loose_matches(loose, known_in_hangul, best)
        for key, sound in sounds.items():
            if not (block := blocks.get(sound[:2])):
                continue
            for found, score, _ in process.extract(sound, block.keys(), scorer=fuzz.ratio, limit=None,
                                                   score_cutoff=self.cutoff):
                if distinct_parts_ratio(sound, found) < DISTINCT_CUTOFF:
                    continue
                for owner, (their_key, their_guess) in block[found].items():
                    if score < EXACT and (key in guessed or their_guess):  # a guess near a name: review only
                        if owner not in best or score > best[owner].score:
                            best[owner] = SoundMatch(owner, float(score), key, their_key, "guess")
                        continue
                    if owner not in best or best[owner].loose or score > best[owner].score:
                        best[owner] = SoundMatch(owner, float(score), key, their_key)
        return sorted(best.values(), key=lambda m: (bool(m.loose), -m.score, m.owner))

    def _a_word_more(self, sounds: Mapping[str, str], known_in_hangul: bool, shorter: Iterable[tuple[str, str]],
                     best: dict[str, SoundMatch]) -> None:
        """Owners whose name a word shorter sounds like one of the record's keys (``sounds``: key -> sound), and
        owners one of whose keys sounds like one of the record's names a word shorter; scored by how their whole
        names sound alike. A loanword reading counts here, its sound being the same (비아트론 'biatron' / Viatron
        Technologies): on DART 5 more review pairs, 4 of them one company."""
        found: list[tuple[str, str, str]] = []  # (owner, the record's key, the owner's key)
        by_shorter = self._shorter[known_in_hangul]
        for key, sound in sounds.items():
            found.extend((owner, key, whole) for owner, whole in by_shorter.get(sound, {}).items())
        blocks = self._blocks[known_in_hangul]
        for key, whole in sorted(set(shorter)):
            if (heard := korean_ear(key)) is not None and len(heard) >= SHORTER_MIN_LENGTH:
                owners = blocks.get(heard[:2], {}).get(heard, {})
                found.extend((owner, whole, theirs) for owner, (theirs, _) in owners.items())
        for owner, key, theirs in found:
            score = float(fuzz.ratio(korean_ear(key) or "", korean_ear(theirs) or ""))
            if owner not in best or score > best[owner].score:
                best[owner] = SoundMatch(owner, score, key, theirs, "word")

    def _loose_matches(self, sounds: Mapping[str, str], known_in_hangul: bool, best: dict[str, SoundMatch]) -> None:
        """Owners with a key of the same consonant skeleton as one of the record's (``sounds``: key -> sound, none
        guessed) and near enough, or of the same core sound."""
        skeletons, cores = self._skeletons[known_in_hangul], self._cores[known_in_hangul]
        for key, sound in sounds.items():
            if (skeleton := consonant_skeleton(sound)) is not None:
                for owner, their_key in skeletons.get(skeleton, {}).items():
                    their_sound = korean_ear(their_key) or ""
                    score = float(fuzz.ratio(sound, their_sound))
                    if score < self.skeleton_cutoff or (owner in best and score <= best[owner].score):
                        continue
                    # as the ratio's own matches (another block of first letters): the distinct-parts check
                    by_ratio = score >= self.cutoff and distinct_parts_ratio(sound, their_sound) >= DISTINCT_CUTOFF
                    best[owner] = SoundMatch(owner, score, key, their_key, "" if by_ratio else "consonants")
            core = core_sound(key)
            for form in dict.fromkeys((core or sound, sound)):  # in this order, whatever the strings' hashes
                for owner, their_key in cores.get(form, {}).items():
                    if core is None and core_sound(their_key) is None:
                        continue  # the same sound: the ratio finds it
                    score = float(fuzz.ratio(sound, korean_ear(their_key) or ""))
                    if owner not in best or score > best[owner].score:
                        best[owner] = SoundMatch(owner, score, key, their_key, "core")
