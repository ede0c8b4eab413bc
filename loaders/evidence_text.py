"""Why resolution merged two records, or sent a pair to review, in sentences an administrator reads (Korean and
English), from the evidence JSON that ``loaders.resolution`` records on each MergeRecord and ReviewItem."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping

from graph.store import GraphStore

METHODS: dict[str, tuple[str, str]] = {
    "business_number": ("사업자등록번호 일치", "same business registration number"),
    "corporate_number": ("법인등록번호 일치", "same corporate registration number"),
    "dart_code": ("DART 고유번호 일치", "same DART company code"),
    "stock_code": ("종목코드 일치", "same stock code"),
    "homepage": ("홈페이지 일치", "same web site"),
    "name": ("이름 일치", "same name"),
    "name across scripts": ("한글·영문 이름의 발음 일치", "name sounding alike across scripts"),
    "fuzzy": ("비슷한 이름과 뒷받침 근거", "near name with supporting evidence"),
    "orcid": ("ORCID 일치", "same ORCID"),
    "email": ("이메일 일치", "same e-mail"),
    "scopus_id": ("Scopus 저자 ID 일치", "same Scopus author id"),
    "researcher_id": ("ResearcherID 일치", "same ResearcherID"),
    "name+affiliation": ("이름과 소속·역량 일치", "name with a shared affiliation or skills"),
    "patent_number": ("특허번호 일치", "same patent number"),
    "doi": ("DOI·논문 번호(WoS, Scopus, PubMed, KCI) 또는 제목 일치",
            "same DOI, paper number (WoS, Scopus, PubMed, KCI) or title"),
    "project_number": ("과제번호 또는 제목 일치", "same project number or title"),
    "review": ("관리자 승인", "approved by an administrator"),
    "manual": ("관리자 직접 병합", "merged by an administrator"),
}
"""Resolution methods (``Resolution.method``, ``MergeRecord.method``)."""

SUPPORT: dict[str, tuple[str, str]] = {
    "region": ("같은 지역", "same region"),
    "homepage": ("같은 홈페이지", "same web site"),
    "technology": ("공유 기술", "a shared technology"),
    "inventor": ("같은 발명자", "a shared inventor"),
    "long name, a typo apart": ("긴 이름의 오타 한 글자 차이", "a long name one typo apart"),
    "across scripts": ("한글 이름과 영문 이름 (로마자 표기 차이)",
                       "a Hangul name against an English one (romanisation)"),
}

_SENTENCES: dict[str, tuple[str, str]] = {
    "registry": ("{what} 일치: {value}", "Same {what}: {value}"),
    "homepage": ("홈페이지 일치: {value}", "Same web site: {value}"),
    "name_key": ("정규화한 이름이 같음: {value}", "Same name once normalised: {value}"),
    "same_name": ("이름이 같은 기관: {value}", "Same name as: {value}"),
    "but_ids": ("그러나 등록번호나 홈페이지가 다름", "but their registry numbers or web sites differ"),
    "near": ("이름 유사도 {ratio}%: '{mine}' ~ '{theirs}'", "Names {ratio}% alike: '{mine}' ~ '{theirs}'"),
    "names": ("이름: '{mine}' ~ '{theirs}'", "Names: '{mine}' ~ '{theirs}'"),
    "sounds": ("발음 유사도 {ratio}%: '{mine}' ~ '{theirs}'", "Sounds {ratio}% alike: '{mine}' ~ '{theirs}'"),
    "sounds_like": ("발음이 비슷한 기관이 여럿: {value}", "Several organisations sound alike: {value}"),
    "same_consonants": ("자음이 같음 ({value}), 모음 표기만 다름", "Same consonants ({value}), vowels spelt otherwise"),
    "same_core_name": ("산업·홀딩스 같은 일반 단어를 빼면 발음이 같음: {value}",
                       "Sound the same without a generic word such as Industry or Holdings: {value}"),
    "supporting": ("뒷받침: {value}", "Backed by: {value}"),
    "unsupported": ("뒷받침하는 다른 근거 없음", "Nothing else backs it"),
    "technologies": ("공유 기술: {value}", "Shared technologies: {value}"),
    "inventors": ("두 기관의 특허에 같은 발명자: {value}", "The same inventors on both's patents: {value}"),
    "exact_person": ("같은 이름", "Same name"),
    "variant_person": ("이름의 로마자 표기 변형", "A romanisation variant of the name"),
    "initials_person": ("이니셜로 쓴 같은 이름 (Lee S.-H.)", "The same name written with initials (Lee S.-H.)"),
    "organizations": ("같은 소속: {value}", "Shared affiliation: {value}"),
    "skills": ("공통 역량: {value}", "Shared skills: {value}"),
    "record": ("원본 행: {value}", "Source record: {value}"),
    "orcid": ("ORCID 일치: {value}", "Same ORCID: {value}"),
    "email": ("이메일 일치: {value}", "Same e-mail: {value}"),
    "scopus_id": ("Scopus 저자 ID 일치: {value}", "Same Scopus author id: {value}"),
    "split_profiles": ("한 서비스의 저자 ID가 둘: {value} "
                       "(Scopus·Web of Science는 한 연구자의 논문을 두 프로필로 나누기도 함)",
                       "Two author ids of one service: {value} (Scopus and Web of Science sometimes split one "
                       "researcher's papers in two)"),
    "researcher_id": ("ResearcherID 일치: {value}", "Same ResearcherID: {value}"),
    "key": ("같은 식별자: {value}", "Same identifier: {value}"),
    "key:app": ("출원번호 일치: {value}", "Same application number: {value}"),
    "key:reg": ("등록번호 일치: {value}", "Same registration number: {value}"),
    "key:doi": ("DOI 일치: {value}", "Same DOI: {value}"),
    "key:wos": ("Web of Science 번호(UT) 일치: {value}", "Same Web of Science number (UT): {value}"),
    "key:eid": ("Scopus 번호(EID) 일치: {value}", "Same Scopus number (EID): {value}"),
    "key:pmid": ("PubMed 번호 일치: {value}", "Same PubMed id: {value}"),
    "key:kci": ("KCI 논문 ID 일치: {value}", "Same KCI article id: {value}"),
    "key:no": ("과제번호 일치: {value}", "Same project number: {value}"),
    "key:title": ("같은 제목 (띄어쓰기·문장부호 무시)", "Same title (spacing and punctuation aside)"),
    "approved_by": ("승인한 관리자: {value}", "Approved by: {value}"),
    "merged_by": ("병합한 관리자: {value}", "Merged by: {value}"),
    "merged_since": ("먼저 승인된 병합으로 옮겨짐: {value}", "Merged elsewhere before this approval: {value}"),
    "a_word_more": ("한쪽 이름에 단어 하나가 더 있을 뿐 발음이 같음: {value}",
                    "The same sound but for one word more in one name: {value}"),
    "loanword_guess": ("외래어로 읽은 추정 표기가 비슷함: {value}", "Near as a loanword reading (a guess): {value}"),
    "acronym": ("한쪽 이름이 다른 쪽 이름의 머리글자: {value}", "One name is the other's initials: {value}"),
    "closest_across_scripts": ("한글·영문 이름 중 서로 글자가 가장 비슷한 짝 (다른 근거 없음)",
                               "Each is the other's closest name in the other script by its letters (nothing else)"),
    "named_by_one_record": ("한 행이 두 이름을 모두 가짐: {value}", "One row gives both names: {value}"),
    "also_named": ("그 행의 다른 이름으로도 찾은 기관: {value}", "Also named by that row: {value}"),
    "number_row_names": ("번호로 찾은 행이 번호 없는 이 기관의 이름도 가짐: {value}",
                         "A row found by its number also gives this unnumbered organisation's name: {value}"),
    "site": ("'{site}'은(는) {company}의 사업장·지점으로 보임", "'{site}' looks like a site or branch of {company}"),
}
_REGISTRIES = {"business_number": ("사업자등록번호", "business registration number"),
               "corporate_number": ("법인등록번호", "corporate registration number"),
               "dart_code": ("DART 고유번호", "DART company code"), "stock_code": ("종목코드", "stock code")}
_LIST_OF_IDS = ("same_name_as", "sounds_like", "shared_organizations", "shared_technologies", "shared_inventors",
                "company", "also_named")
_SHOWN_ELSEWHERE = {"candidate_key", "candidate_sounds_as", "ratio", "across scripts", "but", "skill_evidence",
                    "name_key", "sounds_as", "company"}


def parse(evidence: str | Mapping[str, object] | None) -> dict[str, object]:
    """The evidence as a dict (a record made before evidence was JSON, or broken JSON: nothing)."""
    if isinstance(evidence, Mapping):
        return dict(evidence)
    try:
        found = json.loads(evidence or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def named_ids(evidences: Iterable[str | Mapping[str, object] | None]) -> set[str]:
    """The node ids the evidence lists (organisations of the same name or sound, shared affiliations and
    technologies): what a page must look up to show them by name."""
    found = [parse(e) for e in evidences]
    moved = {str(i) for f in found for i in _moves(f.get("merged_since")).values()}
    return moved | {str(i) for f in found for field in _LIST_OF_IDS for i in _as_list(f.get(field))}


def names_for(store: GraphStore, evidences: Iterable[str | Mapping[str, object] | None], ids: Iterable[str] = ()
              ) -> dict[str, str]:
    """Display names of ``ids`` (the pair a review or merge joins) and of the nodes the evidence lists, by id."""
    wanted = sorted(set(ids) | named_ids(evidences))
    return {node_id: node.display_name() for node_id, node in store.get_many(wanted).items()}


class EvidenceReader:
    """Evidence in sentences of one language; node ids shown by the names given."""

    def __init__(self, lang: str, names: Mapping[str, str] | None = None) -> None:
        self.index = 1 if lang == "en" else 0
        self.names = names or {}

    def method(self, method: str) -> str:
        pair = METHODS.get(method)
        return pair[self.index] if pair else method

    def lines(self, evidence: str | Mapping[str, object] | None) -> list[str]:
        found = parse(evidence)
        out = _near(self, found) if "name_key" in found and "candidate_key" in found else []
        for field, value in found.items():
            reader = _READERS.get(field)
            if reader is not None:
                out.extend(reader(self, value, found))
            elif field not in _SHOWN_ELSEWHERE:
                out.append(f"{field}: {self.text(value)}")
        return out

    def say(self, sentence: str, **values: object) -> str:
        return _SENTENCES[sentence][self.index].format(**values)

    def text(self, value: object) -> str:
        """A value or list of values, node ids by name."""
        return ", ".join(self.names.get(str(v), str(v)) for v in _as_list(value))


Reader = Callable[[EvidenceReader, object, Mapping[str, object]], list[str]]


def _near(reader: EvidenceReader, found: Mapping[str, object]) -> list[str]:
    mine, theirs, ratio = found["name_key"], found["candidate_key"], _percent(found.get("ratio", 100))
    if found.get("sounds_as") and found.get("candidate_sounds_as"):  # the ratio is of the sounds
        return [reader.say("names", mine=mine, theirs=theirs),
                reader.say("sounds", mine=found["sounds_as"], theirs=found["candidate_sounds_as"], ratio=ratio)]
    return [reader.say("near", mine=mine, theirs=theirs, ratio=ratio)]


def _listed(sentence: str) -> Reader:
    def read(reader: EvidenceReader, value: object, _: Mapping[str, object]) -> list[str]:
        return [reader.say(sentence, value=reader.text(value))] if _as_list(value) else []
    return read


def _registry(field: str) -> Reader:
    def read(reader: EvidenceReader, value: object, _: Mapping[str, object]) -> list[str]:
        return [reader.say("registry", what=_REGISTRIES[field][reader.index], value=value)]
    return read


def _same_name(reader: EvidenceReader, value: object, found: Mapping[str, object]) -> list[str]:
    return [reader.say("same_name", value=reader.text(value))] + ([reader.say("but_ids")] if found.get("but") else [])


def _supporting(reader: EvidenceReader, value: object, _: Mapping[str, object]) -> list[str]:
    support = [SUPPORT.get(str(s), (str(s), str(s)))[reader.index] for s in _as_list(value)]
    return [reader.say("supporting", value=", ".join(support))] if support else [reader.say("unsupported")]


def _person_name(reader: EvidenceReader, value: object, _: Mapping[str, object]) -> list[str]:
    return [reader.say({"exact": "exact_person", "initials": "initials_person"}.get(str(value), "variant_person"))]


def _key(reader: EvidenceReader, value: object, _: Mapping[str, object]) -> list[str]:
    """A patent's, publication's or project's key: 'app:10-2020-0012345', 'doi:…', 'wos:…', 'eid:…', 'pmid:…',
    'kci:…', 'no:…', 'title:<compact>:<year>'."""
    kind, _sep, rest = str(value).partition(":")
    if f"key:{kind}" in _SENTENCES:
        return [reader.say(f"key:{kind}", value=rest)]
    return [reader.say("key", value=value)]


def _record(reader: EvidenceReader, value: object, _: Mapping[str, object]) -> list[str]:
    file, _sep, line = str(value).rpartition(":")
    if file and line.isdigit():
        return [reader.say("record", value=f"{file} {line}행" if reader.index == 0 else f"{file}, line {line}")]
    return [reader.say("record", value=value)]


def _site(reader: EvidenceReader, value: object, found: Mapping[str, object]) -> list[str]:
    return [reader.say("site", site=value, company=reader.text(found.get("company")))]


def _moves(value: object) -> Mapping[object, object]:
    """A review's ``merged_since``: a side's id when the pair was raised -> the node holding it when approved."""
    return value if isinstance(value, Mapping) else {}


def _merged_since(reader: EvidenceReader, value: object, _: Mapping[str, object]) -> list[str]:
    text = ", ".join(f"{reader.text(old)} → {reader.text(new)}" for old, new in _moves(value).items())
    return [reader.say("merged_since", value=text)] if text else []


_READERS: dict[str, Reader] = {
    **{field: _registry(field) for field in _REGISTRIES},
    "homepage": _listed("homepage"),
    "matching_name_key": _listed("name_key"),
    "same_name_as": _same_name,
    "sounds_like": _listed("sounds_like"),
    "same_consonants": _listed("same_consonants"),
    "same_core_name": _listed("same_core_name"),
    "supporting": _supporting,
    "shared_technologies": _listed("technologies"),
    "shared_inventors": _listed("inventors"),
    "name": _person_name,
    "shared_organizations": _listed("organizations"),
    "shared_skills": _listed("skills"),
    "orcid": _listed("orcid"),
    "email": _listed("email"),
    "scopus_id": _listed("scopus_id"),
    "split_profiles": _listed("split_profiles"),
    "researcher_id": _listed("researcher_id"),
    "key": _key,
    "record": _record,
    "approved_by": _listed("approved_by"),
    "merged_by": _listed("merged_by"),
    "merged_since": _merged_since,
    "site": _site,
    "acronym": _listed("acronym"),
    "named_by_one_record": _listed("named_by_one_record"),
    "also_named": _listed("also_named"),
    "number_row_names": _listed("number_row_names"),
    "a_word_more": _listed("a_word_more"),
    "loanword_guess": _listed("loanword_guess"),
    "closest_across_scripts": lambda reader, value, _: [reader.say("closest_across_scripts")] if value else [],
}


def _as_list(value: object) -> list[object]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def _percent(ratio: object) -> str:
    """A ratio as a whole percentage: fuzzy ratios are 0-100, scores 0-1."""
    number = float(str(ratio))
    return f"{number:.0f}" if number > 1 else f"{number * 100:.0f}"
