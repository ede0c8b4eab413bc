"""Organisations known by their initials (loaders.acronyms, OrganizationIndex._acronym_pair)."""

from __future__ import annotations

import pytest

from graph.schema import Organization
from loaders.acronyms import acronym, initials
from loaders.evidence_text import EvidenceReader
from loaders.normalize import NameNormalizer
from loaders.resolution import OrganizationIndex
from tests.factories import review_evidence_between

N = NameNormalizer()


@pytest.mark.parametrize(("name", "letters"), [
    ("TLHM", "tlhm"), ("K.P.T.U.", "kptu"), ("케이알엠", "krm"), ("(주)케이씨티", "kct"), ("KTCS Corporation", "ktcs"),
    ("SBS", None), ("G.K.L.", None),  # three capitals name too many organisations
    ("하스", None),  # a word, not spelt letters
    ("Zeus", None), ("KT", None),  # not capitals; too short
    ("SEOUL BROADCASTING SYSTEM", None),
])
def test_an_acronym_is_capitals_or_spelt_letters_only(name: str, letters: str | None) -> None:
    assert acronym(name) == letters


@pytest.mark.parametrize(("name", "letters"), [
    ("Korea Robot Manufacturing Co., Ltd.", "krm"), ("SEOUL BROADCASTING SYSTEM", "sbs"),
    ("Korea Development and Trade Bank", "kdtb"),  # 'and', 'the', 'of', 'for' are left out
    ("Gwangju Institute of Science and Technology", "gist"), ("Korea Institute for Advancement of Technology", "kiat"),
    ("InternationalDisplaySolutionsCo.,Ltd.", "ids"),  # words in camel case, run together
    ("Hanbit Optics Co., Ltd.", None), ("PearlAbyss Corp.", None),  # two words
    ("한빛광학 연구소 본사", None),
])
def test_initials_are_of_three_words_or_more(name: str, letters: str | None) -> None:
    assert initials(name) == letters


@pytest.mark.parametrize(("known", "record"), [
    ("Korea Robot Manufacturing Co., Ltd.", "케이알엠"),
    ("TUNG LUNG HARDWARE MANUFACTURING CO., LTD.", "TLHM CO., LTD."),
    ("(주)케이알엠", "Korea Robot Manufacturing Co., Ltd."),  # the other way round
    ("아이디에스", "InternationalDisplaySolutionsCo.,Ltd."),
])
def test_an_acronym_and_the_name_it_abbreviates_go_to_review(known: str, record: str) -> None:
    evidence = review_evidence_between(known, record)
    assert EvidenceReader("en").lines(evidence)[0].startswith("One name is the other's initials")


def test_two_organisations_with_the_initials_raise_no_pair() -> None:
    index = OrganizationIndex(N)
    index.add("org:one", ["Global Standard Technology"], None, None, None)
    index.add("org:two", ["Global SM Tech Limited"], None, None, None)
    assert index.resolve(Organization(id="org:x", name_ko="지에스티")).review_with is None
