"""Name keys: the spellings administrators meet resolve to the same key; different names do not."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from cleanco import basename

from graph.schema import Organization
from loaders.normalize import (
    _LEGAL_TERMS,
    NameNormalizer,
    _strip_suffix_terms,
    fold_romanization,
    loanword_reading,
    romanize,
    singular,
    spell_letters,
)
from loaders.resolution import OrganizationIndex

N = NameNormalizer()


@pytest.mark.parametrize("name", ["(주)한빛광학", "한빛광학 주식회사", "㈜ 한빛광학", "주식회사 한빛광학",
                                  "한빛 광학(주)"])
def test_korean_legal_forms_and_spacing(name: str) -> None:
    assert N.org_key(name) == "한빛광학"


@pytest.mark.parametrize("name", ["Hanbit Optics Co., Ltd.", "HANBIT OPTICS CO.,LTD", "Hanbit Optics, Inc.",
                                  "hanbit optics corporation", "Ｈａｎｂｉｔ Ｏｐｔｉｃｓ"])
def test_english_legal_forms_width_and_case(name: str) -> None:
    assert N.org_key(name) == "hanbitoptics"


@pytest.mark.parametrize("name", ["Hanbit Optics Kabushiki Kaisha", "KABUSHIKI KAISHA HANBIT OPTICS",
                                  "Hanbit Optics Aktiengesellschaft", "Hanbit Optics Aktiebolag (publ)",
                                  "Hanbit Optics public limited company"])
def test_legal_forms_spelt_out_before_or_after_the_name(name: str) -> None:
    assert N.org_key(name) == "hanbitoptics"
    assert N.org_key("Kabushiki Kaisha") == "kabushikikaisha"  # nothing but a legal form: kept
    assert N.org_key("Telefonaktiebolaget LM Ericsson") == "telefonaktiebolagetlmericsson"  # a word of the name


def test_hangul_name_answers_to_its_english_rendering() -> None:
    assert "hanbitoptics" in N.org_keys("(주)한빛광학")
    assert "asiacement" in N.org_keys("아세아시멘트")
    assert N.org_keys("삼성전자") & N.org_keys("Samsung Electronics Co., Ltd.")


@pytest.mark.parametrize(("hangul", "english"), [
    ("(주)에스와이코퍼레이션", "SY Corporation"), ("씨티엘테크", "CTL Tech Co., Ltd."), ("케이이엔지", "KENG"),
    ("디에이치패션", "DH Fashion"), ("씨앤씨엔터프라이즈", "C&C Enterprise"), ("유티엑스", "UTX Co., Ltd."),
    ("퓨쳐인포넷", "Future Infonet"), ("케이티", "KT Corporation"),
])
def test_letters_spelt_in_hangul_and_loanwords_meet_the_english_name(hangul: str, english: str) -> None:
    assert N.org_keys(hangul) & N.org_keys(english)


@pytest.mark.parametrize(("hangul", "reading"), [
    ("멀티캠퍼스", "multicampus"), ("에코캡", "ecocap"), ("로보스타", "robosta"), ("엔플렉스", "enplecs"),
    ("데브시스터즈", "debsistuz"), ("컴퓨터", "cumpyuter"), ("제우스", "jeus"), ("한빛", "hanbit"), ("넷", "net"),
    ("하이럭스", "hirucs"), ("바이오", "bio"), ("마이크로", "micro"), ("다이내믹스", "dinamics"),  # 아이: i
])
def test_loanword_reading(hangul: str, reading: str) -> None:
    assert loanword_reading(hangul) == reading


def test_a_loanword_reading_merges_only_when_exact() -> None:
    assert N.guessed_org_keys("(주)멀티캠퍼스") == {"multicampus"} <= N.org_keys("(주)멀티캠퍼스")
    assert N.org_keys("(주)멀티캠퍼스") & N.org_keys("Multicampus Co., Ltd.")
    assert not N.guessed_org_keys("Multicampus Co., Ltd.") and not N.guessed_org_keys("한빛광학")
    index = OrganizationIndex(N)
    index.add("org:멀티캠퍼스", ["(주)멀티캠퍼스"], None, None, None)
    assert index.resolve(Organization(id="org:x", name_en="Multicampus Inc.")).method == "name"
    near = index.resolve(Organization(id="org:x", name_en="Multicampas"))  # ratio 90.9 with the guess
    assert (near.method, near.review_with) == ("new", "org:멀티캠퍼스")  # never merged, only a pair to review
    assert near.review_evidence["loanword_guess"] == ["multicampas", "multicampus"]


@pytest.mark.parametrize(("run", "parts"), [
    ("에스와이", [(True, "sy")]), ("이레아이엔씨", [(False, "이레"), (True, "inc")]),
    ("지오", [(False, "지오")]), ("씨티", [(False, "씨티")]),  # two one-syllable names: a word (geo, city)
    ("엠비씨", [(True, "mbc")]), ("씨앤씨", [(True, "cc")]), ("한빛", [(False, "한빛")]),
])
def test_spelt_letters_are_found_only_where_they_cannot_be_a_word(run: str, parts: list[tuple[bool, str]]) -> None:
    assert spell_letters(run) == parts


@pytest.mark.parametrize(("short", "spelt"), [
    ("Hyundai Heavy Inds Co Ltd", "Hyundai Heavy Industries Co., Ltd."),
    ("Korea Electrotechnology Res Inst", "Korea Electrotechnology Research Institute"),
    ("KONINK PHILIPS ELECTRONICS N V", "Koninklijke Philips Electronics N.V."),
    ("SHELL INTERNAT RES MIJ", "Shell International Research Maatschappij"),
    ("LG Chem Mfg Technol", "LG Chem Manufacturing Technology"),
])
def test_patent_office_abbreviations_are_spelt_out(short: str, spelt: str) -> None:
    assert N.org_key(short) == N.org_key(spelt)


@pytest.mark.parametrize(("glued", "key"), [
    ("BIXOLONCo.,Ltd", "bixolon"), ("PULOONTECHNOLOGYINC.", "puloontechnology"),
    ("SiliconFileTechnologiesInc.", "siliconfiletechnologies"), ("DE&TCo.,Ltd.", "det"),
    ("SeoulAuctionCo.Ltd..", "seoulauction"), ("ELKCorporation", "elk"),
    ("CNH C0., LTD.", "cnh"), ("SAMYOUNG M-TEK C0. LTD.", "samyoungmtek"),  # a zero typed for Co's O
    ("TELECORP", "telecorp"), ("Telco", "telco"), ("CISCO", "cisco"),  # letters that are no legal form
    ("Brainzcompany", "brainzcompany"), ("C0LTD", "c0ltd"),
])
def test_a_legal_form_written_without_a_space_is_still_one(glued: str, key: str) -> None:
    assert N.org_key(glued) == key


def test_korea_first_in_hangul_may_come_last_in_english() -> None:
    assert N.org_key("BTB Korea Co.,Ltd") in N.org_keys("한국비티비")
    assert N.org_key("PIM KOREA Co.,Ltd.") in N.org_keys("한국피아이엠")
    assert N.org_key("Korea BTB Co., Ltd.") in N.org_keys("한국비티비")
    assert "btbkorea" not in N.org_keys("대한비티비") and N.org_keys("한국") == {"한국", "korea", "hankook", "hankuk"}


def test_a_numbered_spac_or_fund_meets_its_english_number() -> None:
    assert N.org_key("SK Securities No.12 Special Purpose Acquisition Company") in N.org_keys("SK증권제12호스팩")
    assert N.org_key("Korea No.12 Special Purpose Acquisition Co., LTD.") in N.org_keys("한국제12호스팩")
    assert any("no9" in key for key in N.org_keys("신영스팩9호"))
    assert N.org_key("KOREA SPECIAL PURPOSE ACQUISITION 1 CO., LTD.") in N.org_keys("한국기업인수목적1호")
    assert "sinhanno3specialpurposeacquisition" in N.org_keys("신한제3호기업인수목적")  # 제 after a romanised run


def test_abbreviations_are_whole_words_only() -> None:
    assert N.org_key("Mijnbouw Industries") == "mijnbouwindustries"
    assert N.org_key("Indsys") == "indsys"


def test_acronyms_are_not_taken_for_legal_forms() -> None:
    assert N.org_key("New EV Co., Ltd.") == "newev"
    assert N.org_key("KT Corporation") == "kt"


def _names_with_legal_forms() -> list[str]:
    """Every cell of the sample CSVs, and names ending in one to three legal forms (cleanco's own terms, in
    any case, with trailing punctuation): the stacked ones exercise the order in which forms are removed."""
    names = set()
    for path in sorted((Path(__file__).parents[2] / "data" / "sample").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            names.update(cell for row in csv.reader(handle) for cell in row if cell)
    terms = [" ".join(parts) for _, parts in _LEGAL_TERMS]
    rng = random.Random(5)
    for base in sorted(names)[:3000]:
        suffix = " ".join(rng.choice(terms) for _ in range(rng.randrange(1, 4)))
        names.add(f"{base} {rng.choice([suffix, suffix.upper(), suffix.title()])}{rng.choice(['', '.', ',', ' -'])}")
    names.update(f"{a} {b}" for a, b in zip(terms, reversed(terms), strict=True))
    return sorted(names)


def test_legal_suffixes_are_stripped_exactly_as_cleanco_strips_them() -> None:
    names = _names_with_legal_forms()
    assert len(names) > 5000
    differ = [(n, basename(n, terms=_LEGAL_TERMS), _strip_suffix_terms(n)) for n in names
              if _strip_suffix_terms(n) != basename(n, terms=_LEGAL_TERMS)]
    assert not differ, differ[:5]


@pytest.mark.parametrize("name", ["이승훈", "Seung-Hoon Lee", "Lee Seung Hoon", "Seunghoon Lee", "LEE, Seung-hoon",
                                  "Yi Seung-hun", "Rhee Seunghoon"])
def test_person_romanisations_share_a_coarse_key(name: str) -> None:
    assert N.person_key(name).coarse == "lee|sunghun"


def test_person_exact_key_keeps_spelling_apart_but_not_punctuation() -> None:
    assert N.person_key("Seung-Hoon Lee").exact == N.person_key("Seunghoon LEE").exact == "lee|seunghoon"
    assert N.person_key("김영수").given == "yeongsu"
    assert N.person_key("남궁민").family == "namgung"
    assert N.person_key("Kim Minsu").coarse != N.person_key("Kim Minho").coarse


def test_fold_romanization() -> None:
    assert fold_romanization("youngsoo") == fold_romanization("yeongsu") == "yungsu"
    assert fold_romanization("chul") == fold_romanization("cheol")


def test_names_the_romanizer_cannot_take_whole_still_get_keys() -> None:
    """korean_romanizer raises KeyError on some syllable pairs ('뚆쿟', '않쿠'); a load must not fail on them."""
    assert N.person_key("김않쿠").given == romanize("않") + romanize("쿠") == "anku"
    assert romanize("뚆") + romanize("쿟") in N.org_keys("(주)뚆쿟")


@pytest.mark.parametrize(("english", "in_digits"), [
    ("Hana Financial Twenty-three SPAC", "hanafinancial23spac"),
    ("Hana Must Seven Special Purpose Acquisition Company", "hanamust7specialpurposeacquisition"),
    ("Daishin Balance 4th Special Purpose Acquisition Co., Ltd.", "daishinbalance4specialpurposeacquisition"),
])
def test_numbers_in_words_or_ordinals_are_also_keyed_in_digits(english: str, in_digits: str) -> None:
    assert in_digits in N.org_keys(english) and N.org_key(english) != in_digits  # its own key keeps its words
    assert "hanafinancial23spac" in N.org_keys("하나금융23호기업인수목적")  # what a Hangul name of a SPAC gives


def test_a_name_of_number_words_only_gets_no_digits_key() -> None:
    assert N.org_keys("Seven Eleven") == {"seveneleven"}


def test_and_is_a_noise_word_as_the_ampersand_is() -> None:
    assert N.org_key("Research & Business Foundation") == N.org_key("Research and Business Foundation")
    assert N.org_key("Science and Technology Co.") == N.org_key("SCIENCE & TECHNOLOGY") == "sciencetechnology"


@pytest.mark.parametrize(("plural", "singular_name"), [
    ("Sun Microsystems, Inc.", "Sun Microsystem, Inc."), ("Toshiba Silicones Limited", "Toshiba Silicone Co., Ltd."),
    ("Hanbit Technologies", "Hanbit Technology"), ("JOHNSON ELECTRICS S.A.", "JOHNSON ELECTRIC S.A."),
])
def test_a_plural_and_a_singular_word_share_a_key(plural: str, singular_name: str) -> None:
    assert N.org_keys(plural) & N.org_keys(singular_name)


def test_words_ending_in_ss_us_is_and_short_capitals_are_not_plurals() -> None:
    assert singular("Glass Campus Analysis") == "Glass Campus Analysis" and singular("Bus") == "Bus"
    assert singular("SKCS") == "SKCS" and singular("Carelabs LABS Labs") == "Carelab LABS Lab"  # capitals: letters
