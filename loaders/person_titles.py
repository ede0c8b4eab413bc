"""A person's name cell that carries their title ('김민수 교수', '홍길동 박사님', 'Dr. Minsu Kim', 'Kim Minsu,
Ph.D.'), as rosters and contact lists write it: the name is kept without it and the title goes to the person's
``title`` field (when that is blank), so that '김민수 교수' and '김민수' resolve as one person and show one name.

A Korean title is taken off only where what stays is still a name: after a space when two syllables or more
stay (a surname alone with a title, '이 교수', stays as written), and written without a space only for the titles
no given name ends in (교수, 박사, 연구원, …) and when a whole name of three syllables or more stays.
"""

from __future__ import annotations

import re

_KOREAN_TITLES = (
    "산학협력중점교수", "명예교수", "석좌교수", "연구교수", "초빙교수", "겸임교수", "특임교수", "정교수", "부교수",
    "조교수", "교수", "박사후연구원", "책임연구원", "선임연구원", "수석연구원", "전임연구원", "연구위원", "연구원",
    "박사과정", "석사과정", "박사", "대표이사", "연구소장", "센터장", "본부장", "대표", "소장", "원장", "단장", "팀장",
    "실장", "부장", "차장", "과장", "이사", "선생",
)
_UNSPACED = frozenset(title for title in _KOREAN_TITLES if title.endswith(("교수", "연구원", "박사", "과정")))
"""Titles taken off a name written against it: no Korean given name ends in them."""
_KOREAN_TITLE = re.compile(r"^(?P<name>.*?)\s*[(\[]?(?P<title>" + "|".join(_KOREAN_TITLES) + r")\s*님?[)\]]?$")
_ENGLISH_BEFORE = re.compile(r"^(?P<title>(?:Prof(?:essor)?|Dr|Mr|Mrs|Ms|Miss)\.?)\s+(?P<name>.+)$", re.IGNORECASE)
_ENGLISH_AFTER = re.compile(r"^(?P<name>.+?),?\s+(?P<title>Ph\.?\s?D\.?)$", re.IGNORECASE)
"""Not M.D.: 'Md' is also a name (Md Rahman, as Mohammad is written short)."""
_HANGUL = re.compile(r"[가-힣]")


def without_title(name: str) -> tuple[str, str | None]:
    """(the name, the title it carried or None)."""
    text = name.strip()
    if _HANGUL.search(text):
        return _korean(text)
    titles = []
    for pattern in (_ENGLISH_BEFORE, _ENGLISH_BEFORE, _ENGLISH_AFTER):  # 'Prof. Dr. Minsu Kim, Ph.D.'
        if (match := pattern.match(text)) and len(match["name"].split()) >= 2:
            text, title = match["name"].strip(" ,"), match["title"]
            titles.append(title)
    return text, " ".join(titles) or None


def hangul_syllables(text: str) -> int:
    """How many Hangul syllables ``text`` holds (a name of two or more is still a name)."""
    return len(_HANGUL.findall(text))


def _korean(text: str) -> tuple[str, str | None]:
    match = _KOREAN_TITLE.match(text)
    if not match:
        return text, None
    name, title = match["name"].strip(), match["title"]
    syllables = hangul_syllables(name)
    spaced = text[len(match["name"]):][:1] in (" ", "(", "[")
    if (spaced and syllables >= 2) or (title in _UNSPACED and syllables >= 3):
        return name, title
    return text, None
