"""Checks for identifiers found in Korean and international records. Each returns the canonical form or
raises ``ValueError`` with a reason a person can act on (pydantic turns it into a field error)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from graph.identifiers import KCI_ARTICLE, PMID, SCOPUS_AUTHOR_ID, SCOPUS_EID, WOS_DATABASE, WOS_NUMBER

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_ORCID_PREFIX = re.compile(r"^https?://orcid\.org/", re.IGNORECASE)
_SCOPUS_AUTHOR = re.compile(r"^(?:scopus(?:_id)?:\s*|https?://(?:www\.)?scopus\.com/authid/detail\.uri\?authorId=)?"
                            rf"({SCOPUS_AUTHOR_ID})$", re.IGNORECASE)
"""A Scopus author id (57193812345), also as Scopus writes it in an API record or its author page's link."""
_WOS_ID = re.compile(rf"^(?:({WOS_DATABASE}):)?({WOS_NUMBER})$")
_RESEARCHER_ID = re.compile(r"^(?:rid:\s*|https?://(?:www\.)?(?:webofscience\.com/wos/author/rid|researcherid\.com/rid)/)?"
                            r"([A-Z]{1,4})-?(\d{4})-?((?:19|20)\d{2})/?$", re.IGNORECASE)
_BARE_UT = re.compile(r"^[A-Z0-9]{15}$")
_SCOPUS_EID = re.compile(rf"^(?:.*[?&]eid=)?({SCOPUS_EID})(?:&.*)?$")
_PMID = re.compile(rf"^(?:pmid:\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)?({PMID})/?$", re.IGNORECASE)
_KCI_ARTICLE = re.compile(rf"^(?:KJD:|.*[?&](?:\w+\.)?artiId=)?({KCI_ARTICLE})(?:&.*)?$", re.IGNORECASE)
_IPC = re.compile(r"^([A-HY])\s*(\d{2})\s*([A-Z])(?:[\s-]*(\d{1,4})\s*/\s*(\d{1,6}))?(?:\s*\(\d{4}\.\d{1,2}\))?$")
"""An IPC/CPC code, also as patent offices write it: G01S7/481, G01S-007/481, and with the scheme's version after
it, G01S 7/481(2006.01), as KIPRIS and WIPO list them (the version is dropped)."""
_KR_APPLICATION = re.compile(r"^(10|20|30|40)-?((?:19|20)\d{2})-?(\d{7})$")
_KR_REGISTRATION = re.compile(r"^(10|20|30|40)-?(\d{7})(?:-?0000)?$")
_OTHER_PATENT = re.compile(r"^(US|EP|JP|CN|WO|KR|DE|FR|GB)?\s*(RE|PP|D|H)?\s*(\d[\d,./-]{3,14}\d)\s*([A-Z]\d?)?$")
_KR_LEGAL_WORDS = re.compile(r"^(?:특허|실용신안|디자인|상표)?(?:출원|등록)?(?:번호)?[:：]?제?|호$")
"""How Korean documents write a number: 특허 제10-1234567호, 출원번호 제10-2020-0012345호."""
_KR_SHORT_SERIAL = re.compile(r"^(10|20|30|40)-((?:19|20)\d{2})-(\d{5,6})$")
"""An application's serial without its one or two leading zeros (10-2020-12345); a shorter one is likely cut."""
_KIND_CODE = re.compile(r"(?<=\d)[ABUY]\d?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EMAIL_IN_TEXT = re.compile(r"[^@\s<>;,:()\"']+@[^@\s<>;,()\"']+\.[A-Za-z]{2,}")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_BARE_BRN = re.compile(r"^\d{3}-?\d{2}-?\d{5}$")
_BARE_CRN = re.compile(r"^\d{6}-?\d{7}$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NO_VALUE = {"없음", "해당없음", "미상", "n/a", "na", "none", "null", "nil"}
"""What a sheet writes for 'no value' in a cell that must otherwise hold an identifier."""
_DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d", "%Y. %m. %d", "%Y.%m.%d.", "%Y. %m. %d.")
_NUMERIC_DATE = re.compile(r"\d{4}\s*([-./])\s*\d{1,2}\s*\1\s*\d{1,2}\.?")
_KOREAN_DATE = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?")
_ENGLISH_DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%Y %b %d")
"""Dates with the month in English, as US and journal exports write them: Mar 5, 2021; 5 March 2021; 2021 Mar 5."""
_TIME_OF_DAY = re.compile(r"(?:[ T]|\s+)(?:(?:오전|오후)\s*)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*"
                          r"(?:Z|[+-]\d{2}:?\d{2}|[AaPp][Mm])?$")
"""A time after a date (2021-03-05 00:00:00, 2021-03-05T09:30:00+09:00, 2021-03-05 오후 3:20:00 as a Korean
Windows or Google Sheets writes it): a spreadsheet's date-time or a database export; the date is what is kept."""
_SPREADSHEET_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_SPREADSHEET_DAY_ZERO = date(1899, 12, 30)
"""Day 0 of a spreadsheet's date numbers: a date cell saved as text in General format becomes one (44260 is
2021-03-05)."""
_SPREADSHEET_SERIALS = range(18264, 73051)
"""The day numbers read as dates: 1950-01-01 to 2099-12-31."""
_YEAR = re.compile(r"(\d{4})(?:\s*년(?:\s*\d{1,2}\s*월?(?:\s*\d{1,2}\s*일?)?)?"  # 2019년 3월 5일
                   r"|\s*[-./]\s*\d{1,2}(?:\s*[-./]\s*\d{1,2})?\.?)?")  # 2019-03-15, 2019.03
"""A year alone or leading a date: 2019, 2019년, 2019년 3월, 2019-03-15, 2019.03 (the year is what is kept)."""
_COUNT_UNIT = re.compile(r"\s*(원|명|인|건|회|개사|개|곳)$")
_NOTE_AFTER = re.compile(r"\s*[(\[][^()\[\]]*[)\]]$")
_APPROXIMATE_BEFORE = re.compile(r"^(?:약|대략|approx\.?|about|ca\.)\s*", re.IGNORECASE)
_APPROXIMATE_AFTER = re.compile(r"\s*(?:내외|정도|가량|안팎|이상|남짓|\+)$")
_ABOUT_SUFFIX = re.compile(r"(?<=[\d만억천백십조])\s*여$")
_RANGE = re.compile(r"\d\s*[~～〜–]\s*[\d약]")
"""Two numbers joined by a tilde or an en dash (50~100): a hyphen could be a date's or a code's."""
_KOREAN_GROUPS = (("조", 10**12), ("억", 10**8), ("만", 10**4))
_KOREAN_SMALL = {"천": 1000, "백": 100, "십": 10}
_KOREAN_DIGITS = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(천|백|십)?")


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"))


def _plain(value: object) -> str:
    """An identifier's text with full-width letters and digits made plain (２２０ → 220, as Korean input's
    full-width mode types them) and any dash a hyphen (a word processor turns 220-81 into 220–81)."""
    return unicodedata.normalize("NFKC", str(value)).translate(_DASHES)


def business_number(value: str) -> str:
    """A Korean business registration number (사업자등록번호): 10 digits whose last is a check digit."""
    digits = re.sub(r"[\s.-]", "", _plain(value))
    if not re.fullmatch(r"\d{10}", digits):
        raise ValueError(f"business registration number must have 10 digits (e.g. 123-45-67890), got {value!r}")
    nums = [int(c) for c in digits]
    total = sum(d * w for d, w in zip(nums, _BRN_WEIGHTS, strict=False)) + (nums[8] * 5) // 10
    if (10 - total % 10) % 10 != nums[9]:
        raise ValueError(f"business registration number {value!r} fails its check digit")
    return digits


def corporate_number(value: str) -> str:
    """A Korean corporate registration number (법인등록번호): 13 digits (110111-2487050) whose last is a check digit
    (the first twelve weighed 1, 2, 1, 2, …)."""
    digits = _code_digits(value)
    if not re.fullmatch(r"\d{13}", digits):
        raise ValueError(f"corporate registration number must have 13 digits (e.g. 110111-2487050), got {value!r}")
    total = sum(int(d) * (1 + i % 2) for i, d in enumerate(digits[:12]))
    if (10 - total % 10) % 10 != int(digits[12]):
        raise ValueError(f"corporate registration number {value!r} fails its check digit")
    return digits


def business_number_check_digit(first_nine: str) -> int:
    """The check digit that completes nine digits into a valid business registration number."""
    nums = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(nums, _BRN_WEIGHTS, strict=True)) + (nums[8] * 5) // 10
    return (10 - total % 10) % 10


def _code_digits(value: str) -> str:
    """A code's text as a spreadsheet may have turned it: '260985.0' from a number cell, spaces, hyphens."""
    text = re.sub(r"[\s-]", "", _plain(value))
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def dart_code(value: str) -> str:
    """OpenDART's company code (고유번호): 8 digits. A number cell that lost its leading zeros is padded back."""
    digits = _code_digits(value)
    if not re.fullmatch(r"\d{1,8}", digits):
        raise ValueError(f"DART company code must have 8 digits (e.g. 00126380), got {value!r}")
    return digits.zfill(8)


def stock_code(value: str) -> str | None:
    """A KRX ticker (종목코드): 6 digits or capitals (005930, 0126Z0); 'A005930' (as some terminals write it)
    and a number cell that lost leading zeros are read too. Blank means an unlisted company."""
    text = _code_digits(value).upper()
    if not text:
        return None
    if re.fullmatch(r"A[0-9A-Z]{6}", text):
        text = text[1:]
    elif re.fullmatch(r"\d{1,5}", text):
        text = text.zfill(6)
    if not re.fullmatch(r"[0-9A-Z]{6}", text):
        raise ValueError(f"stock code must have 6 digits or capitals (e.g. 005930), got {value!r}")
    return text


def web_address(value: str) -> str | None:
    """A homepage: a host name with a dot, with or without scheme and path (www.example.co.kr). A placeholder
    ('-', '.', '없음', 'N/A') means none."""
    text = value.strip()
    if not any(ch.isalnum() for ch in text) or text.lower().replace(" ", "") in _NO_VALUE:
        return None
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:
        host = ""
    if "." not in host.strip(".") or any(ch.isspace() for ch in text):
        raise ValueError(f"homepage must be a web address like https://www.example.co.kr, got {value!r}")
    return text


def orcid(value: str) -> str:
    """An ORCID iD (ISO 7064 MOD 11-2 check digit), returned as 0000-0000-0000-000X."""
    cleaned = _ORCID_PREFIX.sub("", _plain(value).strip()).upper()
    match = _ORCID.match(cleaned)
    if not match:
        raise ValueError(f"ORCID must look like 0000-0002-1825-0097, got {value!r}")
    body = "".join(match.groups())
    if orcid_check_digit(body[:15]) != body[15]:
        raise ValueError(f"ORCID {value!r} fails its check digit")
    return "-".join(match.groups())


def scopus_author_id(value: str) -> str:
    """A Scopus author id: 6 to 12 digits (57193812345), returned as the digits."""
    return _first_group(_SCOPUS_AUTHOR, value, "a Scopus author id is 6 to 12 digits like 57193812345")


def wos_id(value: str) -> str:
    """A Web of Science accession number (UT), returned with its database's prefix: WOS:000412345600001 (a bare
    15-character one is the Core Collection's, WOS:), KJD:ART002345678 (the Korean Journal Database)."""
    match = _WOS_ID.match(_plain(value).strip().upper())
    if not match or (match.group(1) is None and not _BARE_UT.match(match.group(2))):
        raise ValueError(f"a Web of Science accession number (UT) looks like WOS:000412345600001, got {value!r}")
    return f"{match.group(1) or 'WOS'}:{match.group(2)}"


def scopus_eid(value: str) -> str:
    """A Scopus record id (EID), or a Scopus record link holding one: returned as 2-s2.0-85012345678."""
    return _first_group(_SCOPUS_EID, value, "a Scopus EID looks like 2-s2.0-85012345678")


def pmid(value: str) -> str:
    """A PubMed id (1 to 9 digits; 'PMID: 12345678' or its PubMed link too), returned as the digits."""
    return _first_group(_PMID, value, "a PubMed id is 1 to 9 digits like 31452104")


def researcher_id(value: str) -> str:
    """A Web of Science ResearcherID (one to four letters, four digits, the year it was made: A-1234-2008,
    AAB-1234-2020; its link too), returned upper-cased with its hyphens."""
    match = _RESEARCHER_ID.match(_plain(value).strip())
    if not match:
        raise ValueError(f"a Web of Science ResearcherID looks like A-1234-2008 or AAB-1234-2020, got {value!r}")
    return "-".join(match.groups()).upper()


def kci_id(value: str) -> str:
    """A Korea Citation Index article id (ART and nine digits), also as WoS's KJD: accession number or a KCI article
    link writes it: returned as ART002345678."""
    return _first_group(_KCI_ARTICLE, value, "a KCI article id looks like ART002345678").upper()


def _first_group(pattern: re.Pattern[str], value: str, shape: str) -> str:
    """The identifier ``pattern``'s first group finds in ``value``; else ValueError saying its ``shape``."""
    match = pattern.match(_plain(value).strip())
    if not match:
        raise ValueError(f"{shape}, got {value!r}")
    return match.group(1)


def orcid_check_digit(first_fifteen: str) -> str:
    total = 0
    for ch in first_fifteen:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def doi(value: str) -> str:
    """A DOI, lower-cased, without a resolver prefix."""
    cleaned = _DOI_PREFIX.sub("", value.strip()).lower()
    if not _DOI.match(cleaned):
        raise ValueError(f"DOI must look like 10.1234/abc.567, got {value!r}")
    return cleaned


def ipc_code(value: str) -> str:
    """An IPC/CPC code: subclass (G01S) or group (G01S 7/48), without the scheme's version a code may carry."""
    cleaned = _plain(value).strip().upper()
    match = _IPC.match(cleaned)
    if not match:
        raise ValueError(f"IPC code must look like G01S or G01S 7/48, got {value!r}")
    section, klass, subclass, group, subgroup = match.groups()
    head = f"{section}{klass}{subclass}"
    return f"{head} {int(group)}/{subgroup}" if group else head


def ipc_subclass(code: str) -> str:
    """The four-character subclass of an IPC code (G01S 7/48 -> G01S)."""
    return code.replace(" ", "")[:4]


def patent_number(value: str, office: str | None = None) -> str:
    """A patent application or registration number in a canonical form.

    Korean applications: 10-2020-0012345; Korean registrations: 10-1234567 (also written KR1020200012345A,
    KR101234567B1); others keep their office prefix and digits (US10692631, USD624006; a Korean publication
    number, KR20200012345A, is not an application's and stays KR20200012345).
    """
    cleaned = _plain(value).strip().upper().replace(" ", "")
    cleaned = _KR_LEGAL_WORDS.sub("", cleaned)  # 특허 제10-1234567호, 출원번호: 10-2020-0012345
    if match := _KR_SHORT_SERIAL.match(cleaned):  # 10-2020-12345: the serial's leading zeros left out
        kind, year, serial = match.groups()
        cleaned = f"{kind}-{year}-{serial.zfill(7)}"
    if cleaned.startswith("KR"):  # KR1020200012345A, KR 10-1234567 B1: the Korean number without office and kind
        bare = _KIND_CODE.sub("", cleaned[2:].lstrip("-"))
        if _KR_APPLICATION.match(bare) or _KR_REGISTRATION.match(bare):
            cleaned = bare
    if match := _KR_APPLICATION.match(cleaned):
        kind, year, serial = match.groups()
        return f"{kind}-{year}-{serial}"
    if match := _KR_REGISTRATION.match(cleaned):
        kind, serial = match.groups()
        return f"{kind}-{serial}"
    if (match := _OTHER_PATENT.match(cleaned)) and (match.group(1) or office or "-" not in cleaned):
        prefix, series, digits, _kind_code = match.groups()
        digits = re.sub(r"[,./-]", "", digits)
        return f"{prefix or office or ''}{series or ''}{digits}"
    raise ValueError(
        f"patent number must look like 10-2020-0012345 (KR application), 10-1234567 (KR registration) "
        f"or US10692631, got {value!r}"
    )


def parse_date(value: object) -> date:
    """A calendar date from ISO, dotted Korean (2021.03.05), compact (20210305), Korean (2021년 3월 5일) or English
    (Mar 5, 2021) forms, a time after it set aside, or a spreadsheet's date (a cell, or its day number: 44260)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) > 40 or not any(c.isdigit() for c in text):  # no date: fail before trying every form
        raise _not_a_date(value)
    if ":" in text:
        text = _TIME_OF_DAY.sub("", text)
    if _ISO_DATE.fullmatch(text):  # the common form, ten times faster than strptime
        try:
            parsed = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if not 1900 <= parsed.year <= 2100:
                raise ValueError(f"date {value!r} is outside 1900-2100")
            return parsed
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= parsed.year <= 2100:
            raise ValueError(f"date {value!r} is outside 1900-2100")
        return parsed
    korean = _KOREAN_DATE.fullmatch(text)
    if korean:
        try:
            parsed = date(*(int(part) for part in korean.groups()))
        except ValueError:
            raise ValueError(f"not a calendar date: {value!r}") from None
        if 1900 <= parsed.year <= 2100:
            return parsed
    for fmt in _ENGLISH_DATE_FORMATS:
        try:
            return datetime.strptime(text.replace(".", ""), fmt).date()  # 'Mar. 5, 2021' too
        except ValueError:
            continue
    if _SPREADSHEET_SERIAL.fullmatch(text) and (serial := int(float(text))) in _SPREADSHEET_SERIALS:
        return _SPREADSHEET_DAY_ZERO + timedelta(days=serial)
    if _NUMERIC_DATE.fullmatch(text):
        raise ValueError(f"not a calendar date: {value!r}")  # a date's form, a day its month lacks (2021. 2. 30.)
    raise _not_a_date(value)


def _not_a_date(value: object) -> ValueError:
    return ValueError(f"date must look like 2021-03-05 (or 2021.03.05, 20210305, 2021년 3월 5일, Mar 5, 2021), "
                      f"got {value!r}")


def whole_number(value: str) -> int | str | None:
    """A count or an amount as Korean sheets write it: digits with thousands commas (1,200), a unit after it
    (12명, 3건, 5,000원), Korean numerals (1만 2천, 12억 5,000만원, 1억2천만원, 1.5억); an approximate one as its
    number (약 50명, 50여 명, 50명 내외, 50명 이상), a note in brackets after it set aside (50명(2023년 기준)). A
    placeholder ('-', '없음', 'N/A', '미상') means none, and a range (50~100) is refused. Anything else comes back
    as it was, for the integer check to refuse with its own message."""
    text = value.strip()
    if not any(ch.isalnum() for ch in text) or text.lower().replace(" ", "") in _NO_VALUE:
        return None
    text = _APPROXIMATE_AFTER.sub("", _APPROXIMATE_BEFORE.sub("", _NOTE_AFTER.sub("", text)))
    if _RANGE.search(text):
        raise ValueError(f"a range ({value.strip()}): give one number")
    text = _COUNT_UNIT.sub("", text.replace(",", "").strip())
    text = _ABOUT_SUFFIX.sub("", text)
    if text.isdigit():
        return int(text)
    if not any(unit in text for unit in "조억만천백십"):
        return value
    total, rest = Decimal(0), text
    for unit, scale in _KOREAN_GROUPS:  # 조, 억, 만: each preceded by a number below 10,000 (천, 백, 십 allowed)
        head, found, tail = rest.partition(unit)
        if found:
            coefficient = _small_number(head)
            if coefficient is None:
                return value
            total, rest = total + coefficient * scale, tail
    if rest.strip():
        remainder = _small_number(rest)
        if remainder is None:
            return value
        total += remainder
    if total != total.to_integral_value():  # '1.23456만'
        return value
    return int(total)


def _small_number(text: str) -> Decimal | None:
    """'5000', '2천', '5천5백', '1.5' → its value; None if it is not such a number."""
    total, end, previous = Decimal(0), 0, None
    text = text.strip()
    for part in _KOREAN_DIGITS.finditer(text):
        if part.start() != end or part.end() == part.start():
            return None
        scale = _KOREAN_SMALL[part.group(2)] if part.group(2) else 1
        if previous is not None and scale >= previous:
            return None
        total, end, previous = total + Decimal(part.group(1)) * scale, part.end(), scale
    return total if text and end == len(text) else None


def email(value: str) -> str:
    """An e-mail address, lower-cased: also as a mail program copies it (홍길동 <hong@gist.ac.kr>), a mailto: link
    holds it, or a note or a sentence's dot surrounds it. A cell naming two addresses is refused: a person has one."""
    text = _MAILTO.sub("", unicodedata.normalize("NFKC", value).strip())  # ｈｏｎｇ＠ｇｉｓｔ．ａｃ．ｋｒ too
    found = _EMAIL_IN_TEXT.findall(text)
    if len(found) > 1:
        raise ValueError(f"more than one e-mail address ({', '.join(found)}): give one, {found[0]} or another")
    cleaned = (found[0] if len(found) == 1 and text.count("@") == 1 else text).lower()
    if not _EMAIL.match(cleaned):
        raise ValueError(f"not an e-mail address: {value!r}")
    return cleaned


def person_reference(text: str) -> str:
    """A reference to a person as the loaders look it up: a bare e-mail address or ORCID iD (also as an orcid.org
    link) becomes its key (``email:…``, ``orcid:…``, checked), a ResearcherID key is written as stored
    (``rid:A-1234-2008``); anything else is returned as it is (a name, an id, a key already)."""
    if ":" not in text and "@" in text and _EMAIL.match(text.strip()):  # not an id or key (per:email-…)
        return f"email:{email(text)}"
    if _ORCID.match(_ORCID_PREFIX.sub("", _plain(text).strip()).upper()):
        return f"orcid:{orcid(text)}"
    if text.strip().lower().startswith("rid:"):
        return f"rid:{researcher_id(text)}"
    return text


def organization_reference(text: str) -> str:
    """A reference to an organisation as the loaders look it up: a bare business registration number
    (220-81-62517, 2208162517) or corporate registration number (110111-2487050) becomes its key (``brn:…``,
    ``crn:…``, checked); anything else is returned as it is."""
    if _BARE_BRN.match(_plain(text).strip()):
        return f"brn:{business_number(text)}"
    if _BARE_CRN.match(_plain(text).strip()):
        return f"crn:{corporate_number(text)}"
    return text


def year(value: object) -> int:
    """A year, alone or leading a date (2019, 2019년, 2019-03-15, 2019.03), or of any date ``parse_date`` reads
    (2019-03-15 09:00:00, Mar 15, 2019, a spreadsheet's day number)."""
    found = _YEAR.fullmatch(str(value).strip())
    if found is None:
        try:
            return parse_date(value).year
        except ValueError:
            raise ValueError(f"year must be a number like 2019, got {value!r}") from None
    number = int(found.group(1))
    if not 1800 <= number <= 2100:
        raise ValueError(f"year {number} is outside 1800-2100")
    return number
