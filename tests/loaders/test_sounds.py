"""Organisation names met across scripts by how they sound (loaders.sounds, OrganizationIndex._across_scripts)."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from graph.schema import Organization
from loaders.evidence_text import EvidenceReader
from loaders.normalize import NameNormalizer, has_hangul
from loaders.resolution import SOUND_MARGIN, SOUND_MERGE, OrganizationIndex
from loaders.sounds import SoundsByScript, a_word_shorter, consonant_skeleton, distinct_parts_ratio, korean_ear
from tests.factories import review_evidence_between

N = NameNormalizer()


def _resolve(index: OrganizationIndex, name: str) -> tuple[str, str, str | None]:
    field = "name_ko" if has_hangul(name) else "name_en"
    found = index.resolve(Organization(id="org:x", **{field: name}))  # type: ignore[arg-type]
    return found.node_id, found.method, found.review_with


@pytest.mark.parametrize(("english", "romanised"), [
    ("raphion", "rapion"),  # ph / p
    ("glovatech", "geulrobatek"),  # v / b, tech / tek, an inserted eu
    ("humacell", "hyumasel"),  # a glide, soft c, doubled letters
    ("veritex", "beritekseu"),  # x / ks
    ("woojintech", "ujintek"),  # woo / u
    ("taekyungsteel", "taegyeongsteel"),  # g before a glide stays hard (경: gyeong, kyung)
    ("miraeventure", "miraebencheo"),  # -ture as Hangul writes it (벤처)
    ("hanbitpower", "hanbitpawo"),  # -ower (파워)
    ("hanjoolightmetal", "hanjuraiteumetal"),  # silent gh (라이트)
    ("newgenict", "nyujenict"),  # ew is 유 (뉴)
])
def test_a_romanisation_and_an_english_spelling_sound_alike(english: str, romanised: str) -> None:
    ours, theirs = korean_ear(english), korean_ear(romanised)
    assert ours is not None and theirs is not None
    assert fuzz.ratio(ours, theirs) >= SOUND_MERGE  # an inserted eu may leave a u
    assert fuzz.ratio(english, romanised) < SOUND_MERGE  # as spelt they are further apart


def test_hangul_keys_and_short_folds_have_no_sound() -> None:
    assert korean_ear("한빛광학") is None
    assert korean_ear("elk") is None and korean_ear("kcc") is None


@pytest.mark.parametrize(("known", "record"), [
    ("Raphion Co., Ltd.", "라피온"),
    ("GLOVATECH CO.,LTD", "(주)글로바텍"),
    ("휴마셀", "Humacell Inc."),  # and back: an English record meets a company known in Hangul
    ("베리텍스", "VERITEX CO., LTD."),
    ("MGEN Solutions Co., Ltd.", "엠젠솔루션"),  # a letter's name first (엠: M), then a word
    ("Taekyung Chemical Co., Ltd.", "태경케미컬"),  # 경 heard kyung
])
def test_a_name_sounding_like_one_company_in_the_other_script_merges(known: str, record: str) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", [known], None, None, None)
    assert _resolve(index, record)[:2] == ("org:known", "name across scripts")


def test_a_shared_generic_ending_does_not_make_two_names_one() -> None:
    """'sunktu' and 'sunkun' differ where the company is named; the long shared ending lifts the whole ratio to 96."""
    assert distinct_parts_ratio("sunktuenkinilinkunstluktiun", "sunkunenkinilinkunstluktiun") < 85
    index = OrganizationIndex(N)
    index.add("org:known", ["대성건설"], None, None, None)
    node_id, method, _ = _resolve(index, "Daesan Engineering & Construction Co.")
    assert (node_id, method) == ("org:daesanengineeringconstruction", "new")


def test_a_company_known_in_both_scripts_is_no_longer_a_candidate_by_sound() -> None:
    index = OrganizationIndex(N)
    index.add("org:known", ["라피온"], None, None, None)
    index.add("org:known", ["Lapion Holdings"], None, None, None)  # now known in both scripts
    assert _resolve(index, "Raphion Co., Ltd.")[1] != "name across scripts"
    index.forget("org:known")
    assert not index.sounds.matches({"raphion"}, set(), known_in_hangul=True)


def test_two_companies_sounding_alike_send_the_record_to_review() -> None:
    index = OrganizationIndex(N)
    index.add("org:one", ["Raphion Co., Ltd."], None, None, None)
    index.add("org:two", ["Rafion Inc."], None, None, None)
    node_id, method, review_with = _resolve(index, "라피온")
    assert (node_id, method, review_with) == ("org:라피온", "new", "org:one")


def test_a_guessed_key_near_a_name_is_a_loose_match() -> None:
    sounds = SoundsByScript(85)
    sounds.add("org:a", True, {"multikampus"}, guessed={"multikampus"})
    near = sounds.matches({"multicampas"}, set(), known_in_hangul=True)  # ratio 90.9 with a guess: review only
    assert [(m.owner, m.loose) for m in near] == [("org:a", "guess")]
    assert [m.owner for m in sounds.matches({"multicampus"}, set(), known_in_hangul=True)] == ["org:a"]


def test_vowels_are_read_left_to_right_and_yeong_is_not_ung() -> None:
    """대웅 (Daewoong, Daeung) is not 대영 (Daeyoung); 명 is Myeong, Myoung and Myung alike; 현 keeps its y."""
    assert korean_ear("daewoong") == korean_ear("daeung") != korean_ear("daeyoung")
    assert korean_ear("myeongsin") == korean_ear("myoungshin") == korean_ear("myungshin")
    assert korean_ear("hyundai") != korean_ear("hundai")


@pytest.mark.parametrize(("english", "romanised"), [
    ("celltechnology", "seltek"),  # 'Cell Tech' spelt out by the name keys, 셀텍 romanised
    ("hyundaiautoever", "hyundaiotoebeo"),  # -er is 어
    ("sunnyfarm", "sseonipam"),  # y as a vowel is 이
    ("theragenbio", "terajenbaio"),  # gen is 젠
    ("smartsolutions", "seumateusolutions"),  # r before a consonant is silent
])
def test_spellings_hangul_writes_by_their_sound_meet_their_romanisation(english: str, romanised: str) -> None:
    assert fuzz.ratio(korean_ear(english), korean_ear(romanised)) >= SOUND_MERGE - SOUND_MARGIN


@pytest.mark.parametrize(("english", "hangul"), [
    ("INTOPS CO., LTD", "인탑스"), ("Openbase, Inc.", "오픈베이스"), ("Carelabs Co.,Ltd", "케어랩스"),
    ("Inventage Lab Inc.", "인벤티지랩"),
])
def test_loanwords_spelt_with_other_vowels_have_the_same_consonants(english: str, hangul: str) -> None:
    skeletons = {consonant_skeleton(korean_ear(k) or "") for k in N.org_keys(hangul) - N.guessed_org_keys(hangul)}
    assert consonant_skeleton(korean_ear(N.org_key(english)) or "") in skeletons - {None}


def test_same_consonants_only_send_a_name_across_scripts_to_review() -> None:
    index = OrganizationIndex(N)
    index.add("org:intops", ["INTOPS CO., LTD"], None, None, None)
    found = index.resolve(Organization(id="org:x", name_ko="인탑스"))
    assert (found.node_id, found.review_with) == (found.natural_id, "org:intops")
    assert found.review_evidence["same_consonants"] == "ntps"
    assert "Same consonants (ntps), vowels spelt otherwise" in EvidenceReader("en").lines(found.review_evidence)


def test_a_name_without_its_plural_is_not_heard_across_scripts() -> None:
    """INTOPS is 인탑스, not 'intop' (as 인디에프 'indf' sounds, ratio 88.9): the plural-free key matches other Latin
    names only."""
    assert "intop" in N.singular_org_keys("INTOPS CO., LTD.")
    index = OrganizationIndex(N)
    index.add("org:a", ["인탑스"], None, None, None)
    index.add("org:b", ["인디에프"], None, None, None)
    found = index.resolve(Organization(id="org:x", name_en="INTOPS CO., LTD."))
    assert (found.review_with, found.review_evidence["same_consonants"]) == ("org:a", "ntps")


def test_same_consonants_count_from_their_cut_off_and_a_ratio_match_is_not_loose() -> None:
    for cutoff, found in ((75, []), (70, ["consonants"])):
        sounds = SoundsByScript(85, skeleton_cutoff=cutoff)
        sounds.add("org:a", False, {"tozaiholdings"})  # 이지홀딩스 and TOZAI Holdings: 'jltns' both, ratio 72.7
        assert [m.loose for m in sounds.matches({"ijiholdingseu"}, set(), known_in_hangul=False)] == found
    assert [m.loose for m in sounds.matches({"tojaiholdings"}, set(), known_in_hangul=False)] == [""]
    sounds.discard("org:a", {"tozaiholdings"})
    assert not sounds.matches({"ijiholdingseu"}, set(), known_in_hangul=False)


@pytest.mark.parametrize(("known", "hangul"), [
    ("Daejoo Inc.", "대주산업"),  # the Hangul name's 산업 (industry) left out of the English one
    ("EcoBioHoldings Co., Ltd.", "에코바이오"),  # the English name's Holdings left out of the Hangul one
])
def test_names_sounding_the_same_but_for_a_generic_ending_go_to_review(known: str, hangul: str) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", [known], None, None, None)
    found = index.resolve(Organization(id="org:x", name_ko=hangul))
    assert (found.node_id, found.review_with) == (found.natural_id, "org:known")
    assert found.review_evidence["same_core_name"]
    index.forget("org:known")
    assert not index.sounds.matches(N.org_keys(hangul), set(), known_in_hangul=False)


@pytest.mark.parametrize(("known", "record"), [
    ("HANIL IRON & STEEL CO.,LTD", "한일철강"),  # the English name has a word more
    ("한일철강", "HANIL IRON & STEEL CO.,LTD"),  # the other way round
    ("비아트론", "Viatron Technologies, Inc."),  # the Hangul name's loanword reading is the English one a word shorter
])
def test_names_sounding_the_same_but_for_a_word_more_go_to_review(known: str, record: str) -> None:
    assert review_evidence_between(known, record)["a_word_more"]


def test_a_word_shorter_leaves_out_a_word_after_the_first() -> None:
    assert a_word_shorter("HANIL IRON & STEEL") == ["HANIL STEEL", "HANIL IRON"]
    assert a_word_shorter("Hanbit") == [] and a_word_shorter("한빛 광학") == []
