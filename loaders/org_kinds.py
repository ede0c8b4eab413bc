"""What kind of organisation a bare name is (university, research institute, agency, government, company), for the
organisations a record only names: a patent's applicant, a researcher's affiliation. PatentsView types most
universities and institutes as companies ('3': foreign company), and a researcher's organisation is not always a
university; the name usually says which it is.

A university's words come first, unless a business's legal form goes with them (its foundations and corporations
are still the university: 'Iowa State University Research Foundation, Inc.'); then a legal form (Co., Ltd.,
주식회사, LLC) makes a company whatever else the name says ('… Research Institute Co., Ltd.'); then the words of a
support agency, a research institute and a government body; else the default the caller gives (what the record's
field usually names)."""

from __future__ import annotations

import re
import unicodedata

from graph.schema import OrgKind
from loaders.normalize import strip_legal_forms

_UNIVERSITY = re.compile(
    r"universi[td]|univer?is[ti]|\buniv\b|college|polytechn|(?<!korea )institute of (?:science (?:and|&) )?technology"
    r"|\bschool of|board of (?:regents|trustees)|regents of|대학|산학협력|과학기술원", re.IGNORECASE)
"""Not 'Universal …'; a misspelt 'Univeristy' too. An institute of (science and) technology is a university (GIST,
KAIST, Caltech) unless it is the Korea Institute of … (KIST and its kin are government research institutes)."""
_RESEARCH_INSTITUTE = re.compile(
    r"institut|research (?:center|centre|council|organi[sz]ation|foundation)|(?:national|research|key|state|testing) "
    r"laborator|academy of|fraunhofer|max[- ]planck|\bcnrs\b|\bcsir\b|연구원|연구소|연구센터|연구재단|기술원|시험원",
    re.IGNORECASE)
"""Not any 'Laboratories' (Abbott Laboratories is a company)."""
_COMPANY_FORM = re.compile(r"\bco\b\.?,?\s*ltd|\bltd\b|limited|gmbh|\bllc\b|\bpte\b|주식회사|\(주\)", re.IGNORECASE)
"""The legal forms of a business, not of a university's foundation or corporation: 'Peking University Founder
Group Co., Ltd.' is a company, 'University of Tennessee Research Corporation' the university's."""
_SUPPORT_AGENCY = re.compile(r"technopark|business incubat|테크노파크|진흥원|진흥회|혁신센터|창업보육|산업단지공단",
                             re.IGNORECASE)
_GOVERNMENT = re.compile(
    r"\bministry\b|\bgovernment\b|as represented by|secretary of|\bdepartment of\b|광역시|특별시|특별자치|시청$"
    r"|도청$|군청$|구청$|^대한민국|^[가-힣]{2,}(?<!대)(?:부|청|처)$", re.IGNORECASE)
"""A ministry (중소벤처기업부), an office (특허청, 식품의약품안전처), a city; not a loan company ('…대부')."""


def has_legal_form(name: str) -> bool:
    """Whether a name carries a company's legal form ((주), 주식회사, Co., Ltd., Inc., GmbH …)."""
    def letters(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())  # ㈜ is (주)

    return letters(strip_legal_forms(name)) != letters(name)


def org_kind_from_name(name: str, default: OrgKind = OrgKind.COMPANY) -> OrgKind:
    """The kind of organisation ``name`` says it is, else ``default``."""
    if _UNIVERSITY.search(name) and not _COMPANY_FORM.search(unicodedata.normalize("NFKC", name)):
        return OrgKind.UNIVERSITY  # also a university's incorporated arm ('… University Research Foundation, Inc.')
    if has_legal_form(name):
        return OrgKind.COMPANY
    for pattern, kind in ((_SUPPORT_AGENCY, OrgKind.SUPPORT_AGENCY), (_RESEARCH_INSTITUTE, OrgKind.RESEARCH_INSTITUTE),
                          (_GOVERNMENT, OrgKind.GOVERNMENT)):
        if pattern.search(name):
            return kind
    return default


def says_organization(name: str) -> bool:
    """Whether ``name`` says it is an organisation (a university, a company's legal form, an institute, an agency, a
    government body), rather than leaving its kind to the field it is in."""
    return org_kind_from_name(name, OrgKind.OTHER) is not OrgKind.OTHER
