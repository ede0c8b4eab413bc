"""Name keys: the spellings administrators meet resolve to the same key; different names do not."""

from __future__ import annotations

import pytest

from loaders.normalize import NameNormalizer, fold_romanization

N = NameNormalizer()


@pytest.mark.parametrize("name", ["(주)한빛광학", "한빛광학 주식회사", "㈜ 한빛광학", "주식회사 한빛광학",
                                  "한빛 광학(주)"])
def test_korean_legal_forms_and_spacing(name: str) -> None:
    assert N.org_key(name) == "한빛광학"


@pytest.mark.parametrize("name", ["Hanbit Optics Co., Ltd.", "HANBIT OPTICS CO.,LTD", "Hanbit Optics, Inc.",
                                  "hanbit optics corporation", "Ｈａｎｂｉｔ Ｏｐｔｉｃｓ"])
def test_english_legal_forms_width_and_case(name: str) -> None:
    assert N.org_key(name) == "hanbitoptics"


def test_hangul_name_answers_to_its_english_rendering() -> None:
    assert "hanbitoptics" in N.org_keys("(주)한빛광학")
    assert "asiacement" in N.org_keys("아세아시멘트")
    assert N.org_keys("삼성전자") & N.org_keys("Samsung Electronics Co., Ltd.")


def test_acronyms_are_not_taken_for_legal_forms() -> None:
    assert N.org_key("New EV Co., Ltd.") == "newev"
    assert N.org_key("KT Corporation") == "kt"


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
