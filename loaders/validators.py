"""Checks for identifiers found in Korean and international records. Each returns the canonical form or
raises ``ValueError`` with a reason a person can act on (pydantic turns it into a field error)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from urllib.parse import urlsplit

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_ORCID_PREFIX = re.compile(r"^https?://orcid\.org/", re.IGNORECASE)
_IPC = re.compile(r"^([A-HY])\s*(\d{2})\s*([A-Z])(?:\s*(\d{1,4})\s*/\s*(\d{1,6}))?$")
_KR_APPLICATION = re.compile(r"^(10|20|30|40)-?((?:19|20)\d{2})-?(\d{7})$")
_KR_REGISTRATION = re.compile(r"^(10|20|30|40)-?(\d{7})(?:-?0000)?$")
_OTHER_PATENT = re.compile(r"^(US|EP|JP|CN|WO|KR|DE|FR|GB)?\s*(RE|PP|D|H)?\s*(\d[\d,./-]{3,14}\d)\s*([A-Z]\d?)?$")
_KIND_CODE = re.compile(r"(?<=\d)[ABUY]\d?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NO_VALUE = {"없음", "해당없음", "미상", "n/a", "na", "none", "null", "nil"}
"""What a sheet writes for 'no value' in a cell that must otherwise hold an identifier."""
_DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d", "%Y. %m. %d", "%Y.%m.%d.")


def business_number(value: str) -> str:
    """A Korean business registration number (사업자등록번호): 10 digits whose last is a check digit."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValueError(f"business registration number must have 10 digits (e.g. 123-45-67890), got {value!r}")
    nums = [int(c) for c in digits]
    total = sum(d * w for d, w in zip(nums, _BRN_WEIGHTS, strict=False)) + (nums[8] * 5) // 10
    if (10 - total % 10) % 10 != nums[9]:
        raise ValueError(f"business registration number {value!r} fails its check digit")
    return digits


def business_number_check_digit(first_nine: str) -> int:
    """The check digit that completes nine digits into a valid business registration number."""
    nums = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(nums, _BRN_WEIGHTS, strict=True)) + (nums[8] * 5) // 10
    return (10 - total % 10) % 10


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
    cleaned = _ORCID_PREFIX.sub("", value.strip()).upper()
    match = _ORCID.match(cleaned)
    if not match:
        raise ValueError(f"ORCID must look like 0000-0002-1825-0097, got {value!r}")
    body = "".join(match.groups())
    if orcid_check_digit(body[:15]) != body[15]:
        raise ValueError(f"ORCID {value!r} fails its check digit")
    return "-".join(match.groups())


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
    """An IPC/CPC code: subclass (G01S) or group (G01S 7/48)."""
    cleaned = unicodedata.normalize("NFKC", value).strip().upper()
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
    cleaned = unicodedata.normalize("NFKC", value).strip().upper().replace(" ", "")
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
    """A calendar date from ISO, dotted Korean (2021.03.05) or compact (20210305) forms, or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
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
    raise ValueError(f"date must look like 2021-03-05 (or 2021.03.05, 20210305), got {value!r}")


def email(value: str) -> str:
    cleaned = value.strip().lower()
    if not _EMAIL.match(cleaned):
        raise ValueError(f"not an e-mail address: {value!r}")
    return cleaned


def year(value: object) -> int:
    try:
        number = int(str(value).strip().split(".")[0])
    except ValueError:
        raise ValueError(f"year must be a number like 2019, got {value!r}") from None
    if not 1800 <= number <= 2100:
        raise ValueError(f"year {number} is outside 1800-2100")
    return number
