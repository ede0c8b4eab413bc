"""Generate the bundled sample data (data/sample/) with a fixed seed.

    .venv/bin/python tools/make_sample.py [--out data/sample] [--seed 2026]

The records are invented but shaped like the cluster's real ones: Gwangju institutions and focus industries
(from shared/CONTEXT.md), companies with (주)/주식회사/Co., Ltd. names and valid business numbers, researchers
with Hangul names and romanised forms, patents and papers whose Korean/English text and IPC codes come from
the technology vocabulary. It plants what the product must cope with and find:
- duplicates spelled differently (labelled in duplicates_truth.csv: file, line, entity),
- bad rows (invalid business numbers, ORCIDs, dates, missing names),
- a history of company–researcher collaborations, licences and co-founders driven by shared technology
  (a partner or licensee is likelier the more technology terms it shares with the company or patent, and
  collaborations prefer the same region), which the matcher's evaluation hides and tries to recover.
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from korean_romanizer.romanizer import Romanizer

from loaders.validators import business_number_check_digit, orcid_check_digit

FIELDS: dict[str, dict[str, object]] = {
    "photonics": {
        "industry": "photonics",
        "terms": [("라이다 센서", "LiDAR sensor"), ("레이저 다이오드", "laser diode"), ("광섬유", "optical fiber"),
                  ("광검출기", "photodetector"), ("발광 다이오드", "light emitting diode"), ("광학 렌즈", "optical lens"),
                  ("분광기", "spectrometer"), ("광도파로", "optical waveguide"), ("마이크로 LED", "micro LED")],
        "ipc": ["G02B 6/12", "H01S 5/183", "G01J 3/28", "H01L 33/50", "G01S 7/481", "G02F 1/01", "H01L 31/10"],
        "co": ["포토닉스", "옵틱스", "레이저", "광학", "라이팅"],
    },
    "autonomous": {
        "industry": "autonomous-vehicles",
        "terms": [("자율주행", "autonomous driving"), ("센서 융합", "sensor fusion"), ("정밀 지도", "HD map"),
                  ("객체 인식", "object detection"), ("레이더", "radar"), ("차량 통신", "V2X communication"),
                  ("운전자 보조", "driver assistance"), ("라이다 센서", "LiDAR sensor")],
        "ipc": ["B60W 30/09", "G05D 1/02", "G01S 17/93", "G08G 1/16", "G06V 20/58", "G01C 21/36"],
        "co": ["모빌리티", "오토", "드라이브", "로보틱스"],
    },
    "eco_vehicle": {
        "industry": "eco-vehicles",
        "terms": [("이차전지", "secondary battery"), ("수소 연료전지", "hydrogen fuel cell"),
                  ("배터리 관리 시스템", "battery management system"), ("구동 모터", "traction motor"),
                  ("전기차 충전", "EV charging"), ("전고체 배터리", "solid-state battery"), ("인버터", "inverter")],
        "ipc": ["H01M 10/44", "H01M 8/04", "B60L 53/10", "H02K 1/27", "B60L 58/12", "H02M 7/48"],
        "co": ["모터스", "배터리", "이브이", "파워"],
    },
    "energy": {
        "industry": "renewable-energy",
        "terms": [("태양전지", "solar cell"), ("페로브스카이트 태양전지", "perovskite solar cell"),
                  ("풍력 발전", "wind power"), ("수전해", "water electrolysis"), ("에너지저장장치", "energy storage system"),
                  ("태양광 모듈", "PV module"), ("그린 수소", "green hydrogen")],
        "ipc": ["H02S 40/38", "H01L 31/18", "F03D 7/04", "C25B 1/04", "H02J 7/35", "Y02E 10/50"],
        "co": ["에너지", "솔라", "파워", "그린텍"],
    },
    "grid": {
        "industry": "smart-grid",
        "terms": [("스마트그리드", "smart grid"), ("마이크로그리드", "microgrid"), ("전력 변환", "power converter"),
                  ("수요 반응", "demand response"), ("원격 검침", "advanced metering"), ("전력 반도체", "power semiconductor")],
        "ipc": ["H02J 3/38", "H02J 13/00", "G01R 22/06", "H02M 3/335", "Y04S 10/50", "G06Q 50/06"],
        "co": ["그리드", "전력", "일렉트릭", "파워시스템"],
    },
    "medical": {
        "industry": "medical",
        "terms": [("의료 영상", "medical imaging"), ("바이오센서", "biosensor"), ("체외 진단", "in vitro diagnostics"),
                  ("약물 전달 시스템", "drug delivery system"), ("심전도", "ECG"), ("초음파 영상", "ultrasound imaging"),
                  ("웨어러블 의료기기", "wearable medical device")],
        "ipc": ["A61B 5/00", "A61B 8/08", "G01N 33/543", "A61K 9/51", "G16H 50/20", "A61B 5/0205"],
        "co": ["메디칼", "바이오", "헬스케어", "메드텍"],
    },
    "ai": {
        "industry": "ai",
        "terms": [("딥러닝", "deep learning"), ("컴퓨터 비전", "computer vision"), ("자연어 처리", "natural language processing"),
                  ("빅데이터", "big data"), ("강화 학습", "reinforcement learning"), ("엣지 컴퓨팅", "edge computing"),
                  ("음성 인식", "speech recognition")],
        "ipc": ["G06N 3/08", "G06N 20/00", "G06T 7/00", "G06F 16/35", "G10L 15/16", "G06V 10/82"],
        "co": ["AI", "데이터", "인텔리전스", "랩스"],
    },
    "manufacturing": {
        "industry": "manufacturing",
        "terms": [("산업용 로봇", "industrial robot"), ("스마트 공장", "smart factory"), ("디지털 트윈", "digital twin"),
                  ("예지 보전", "predictive maintenance"), ("에어컨", "air conditioner"), ("자동차 부품", "automotive parts"),
                  ("3D 프린팅", "3D printing")],
        "ipc": ["B25J 9/16", "G05B 19/418", "F24F 11/00", "B62D 65/00", "B33Y 10/00", "G05B 23/02"],
        "co": ["테크", "정밀", "기계", "로봇"],
    },
}
FIELD_NAMES = list(FIELDS)
NEIGHBOUR_FIELDS = {
    "photonics": ["autonomous", "medical", "energy"], "autonomous": ["photonics", "ai", "eco_vehicle"],
    "eco_vehicle": ["energy", "grid", "autonomous"], "energy": ["grid", "eco_vehicle", "photonics"],
    "grid": ["energy", "eco_vehicle", "ai"], "medical": ["ai", "photonics"], "ai": ["autonomous", "medical", "manufacturing"],
    "manufacturing": ["ai", "eco_vehicle"],
}
INSTITUTIONS_ALSO_KNOWN_AS = {"GIST": ["GIST"], "CNU": ["전남대", "JNU"], "CHOSUN": ["조선대"], "GICON": ["GICON"],
                              "KTL": ["KTL"], "GJTP": ["GJTP"], "KOPTI": ["KOPTI"], "KAPID": ["KAPID"]}
"""The short names people type for the institutions (../shared/CONTEXT.md gives the acronyms): their aliases."""
INSTITUTIONS = [
    ("광주광역시", "Gwangju Metropolitan City", "government", "GWANGJU-CITY", None),
    ("광주과학기술원", "Gwangju Institute of Science and Technology", "university", "GIST", "gist.ac.kr"),
    ("전남대학교", "Chonnam National University", "university", "CNU", "jnu.ac.kr"),
    ("조선대학교", "Chosun University", "university", "CHOSUN", "chosun.ac.kr"),
    ("광주정보문화산업진흥원", "Gwangju Information & Culture Industry Promotion Agency", "support_agency", "GICON", None),
    ("한국산업기술시험원", "Korea Testing Laboratory", "research_institute", "KTL", "ktl.re.kr"),
    ("광주테크노파크", "Gwangju Technopark", "support_agency", "GJTP", None),
    ("한국광기술원", "Korea Photonics Technology Institute", "research_institute", "KOPTI", "kopti.re.kr"),
    ("한국광산업진흥회", "Korea Association for Photonics Industry Development", "support_agency", "KAPID", None),
    ("국립인공지능연구원", "National AI Research Institute", "research_institute", "NAIRI", None),
]
RESEARCH_ORGS = {"GIST": 0.4, "CNU": 0.25, "CHOSUN": 0.15, "KOPTI": 0.12, "KTL": 0.08}
SURNAMES = [("김", "Kim", 21), ("이", "Lee", 15), ("박", "Park", 8), ("최", "Choi", 5), ("정", "Jung", 5),
            ("강", "Kang", 2), ("조", "Cho", 2), ("윤", "Yoon", 2), ("장", "Jang", 2), ("임", "Lim", 2),
            ("한", "Han", 1), ("오", "Oh", 1), ("서", "Seo", 1), ("신", "Shin", 1), ("권", "Kwon", 1),
            ("황", "Hwang", 1), ("안", "Ahn", 1), ("송", "Song", 1), ("류", "Ryu", 1), ("홍", "Hong", 1)]
GIVEN = ["민", "수", "영", "지", "현", "준", "서", "우", "승", "훈", "재", "성", "진", "혜", "은", "경", "호", "상", "동",
         "태", "하", "연", "정", "희", "석", "철", "광", "용", "규", "원"]
SPELLING = {"seung": ["Seung", "Sung"], "hun": ["Hoon", "Hun"], "yeong": ["Young", "Yeong"], "jun": ["Joon", "Jun"],
            "su": ["Soo", "Su"], "u": ["Woo", "U"], "eun": ["Eun"], "hui": ["Hee", "Hui"], "cheol": ["Chul", "Cheol"],
            "seok": ["Seok", "Suk"], "jeong": ["Jung", "Jeong"], "hyeon": ["Hyun", "Hyeon"]}
CO_PREFIX = [("빛고을", "Bitgoeul"), ("한빛", "Hanbit"), ("무등", "Mudeung"), ("영산", "Yeongsan"), ("첨단", "Cheomdan"),
             ("솔빛", "Solbit"), ("에코", "Eco"), ("스마트", "Smart"), ("나노", "Nano"), ("하이", "Hi"), ("뉴", "New"),
             ("세움", "Seum"), ("그린", "Green"), ("블루", "Blue"), ("퓨처", "Future"), ("다온", "Daon"), ("온빛", "Onbit"),
             ("누리", "Nuri"), ("한결", "Hangyeol"), ("아름", "Areum"), ("가람", "Garam"), ("미르", "Mir"), ("새솔", "Saesol"),
             ("해오름", "Haeoreum"), ("별빛", "Byeolbit"), ("라온", "Raon"), ("비전", "Vision"), ("코어", "Core"),
             ("제이", "J"), ("케이", "K"), ("엠", "M"), ("에이치", "H"), ("유니", "Uni"), ("인피니", "Infini"), ("테라", "Tera")]
CO_SUFFIX_EN = {"포토닉스": "Photonics", "옵틱스": "Optics", "레이저": "Laser", "광학": "Optics", "라이팅": "Lighting",
                "모빌리티": "Mobility", "오토": "Auto", "드라이브": "Drive", "로보틱스": "Robotics", "모터스": "Motors",
                "배터리": "Battery", "이브이": "EV", "파워": "Power", "에너지": "Energy", "솔라": "Solar", "그린텍": "Greentech",
                "그리드": "Grid", "전력": "Power", "일렉트릭": "Electric", "파워시스템": "Power Systems",
                "메디칼": "Medical", "바이오": "Bio", "헬스케어": "Healthcare", "메드텍": "Medtech", "AI": "AI",
                "데이터": "Data", "인텔리전스": "Intelligence", "랩스": "Labs", "테크": "Tech", "정밀": "Precision",
                "기계": "Machinery", "로봇": "Robot"}
REGIONS = [("광주", 0.72), ("전남", 0.12), ("서울", 0.08), ("대전", 0.04), ("경기", 0.04)]
VENUES = ["Optics Express", "IEEE Transactions on Intelligent Vehicles", "Journal of Power Sources",
          "Applied Energy", "IEEE Transactions on Smart Grid", "Biosensors and Bioelectronics",
          "IEEE Transactions on Pattern Analysis and Machine Intelligence", "Robotics and Computer-Integrated Manufacturing",
          "한국광학회지", "대한전기학회 논문지", "한국자동차공학회 논문집", "Journal of the Optical Society of Korea"]


def josa(word: str, pair: str) -> str:
    """Attach the particle that agrees with the word's last syllable: josa('영상', '을/를') -> '영상을'."""
    with_final, without_final = pair.split("/")
    last = word[-1]
    has_final = "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0
    return word + (with_final if has_final else without_final)


@dataclass
class Org:
    key: str
    name_ko: str
    name_en: str
    kind: str
    brn: str | None
    region: str
    fields: list[str]
    domain: str | None = None
    line: int = 0
    people: list[str] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)


@dataclass
class Researcher:
    key: str
    name_ko: str
    name_en: str
    org: str
    fields: list[str]
    role: str
    email: str
    orcid: str | None
    title: str
    lab: str | None
    skills: list[str]
    line: int = 0


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.orgs: dict[str, Org] = {}
        self.people: dict[str, Researcher] = {}
        self.used_names: set[str] = set()
        self.used_brn: set[str] = set()
        self.truth: list[tuple[str, int, str]] = []
        self.patent_numbers: list[tuple[str, str, list[str]]] = []

    # ------------------------------------------------------------------ helpers

    def pick(self, weighted: list[tuple[object, float]]) -> object:
        return self.rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]

    def brn(self) -> str:
        while True:
            nine = f"{self.rng.randint(101, 899)}{self.rng.randint(81, 88)}{self.rng.randint(1000, 9999)}"
            number = nine + str(business_number_check_digit(nine))
            if number not in self.used_brn:
                self.used_brn.add(number)
                return f"{number[:3]}-{number[3:5]}-{number[5:]}"

    def orcid(self) -> str:
        body = "0000000" + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
        full = body + orcid_check_digit(body)
        return "-".join(full[i:i + 4] for i in range(0, 16, 4))

    def person_name(self) -> tuple[str, str, str]:
        while True:
            sur = self.rng.choices(SURNAMES, [s[2] for s in SURNAMES])[0]
            given = "".join(self.rng.sample(GIVEN, 2))
            if sur[0] + given not in self.used_names:
                self.used_names.add(sur[0] + given)
                break
        parts = [Romanizer(ch).romanize() for ch in given]
        spelled = [self.rng.choice(SPELLING.get(p, [p.capitalize()])) for p in parts]
        given_en = spelled[0] + "-" + spelled[1].lower() if self.rng.random() < 0.7 else "".join(spelled)
        return sur[0] + given, f"{given_en} {sur[1]}", sur[1].lower()

    def text_for(self, fields: list[str], n_terms: int = 3) -> tuple[list[tuple[str, str]], list[str]]:
        terms: list[tuple[str, str]] = []
        ipc: list[str] = []
        for i, f in enumerate(fields):
            spec = FIELDS[f]
            terms += self.rng.sample(spec["terms"], min(n_terms - i, len(spec["terms"])))  # type: ignore[arg-type]
            ipc += self.rng.sample(spec["ipc"], 2 if i == 0 else 1)  # type: ignore[arg-type]
        return terms[:n_terms], list(dict.fromkeys(ipc))

    # ------------------------------------------------------------------ organisations

    def institutions(self) -> list[dict[str, object]]:
        rows = []
        for ko, en, kind, key, domain in INSTITUTIONS:
            fields = self.rng.sample(FIELD_NAMES, 3) if kind in ("university", "research_institute") else []
            if key == "KOPTI":
                fields = ["photonics", "medical", "energy"]
            self.orgs[key] = Org(key, ko, en, kind, None, "광주", fields, domain)
            rows.append({"kind": kind, "name_ko": ko, "name_en": en,
                         "aliases": ";".join(INSTITUTIONS_ALSO_KNOWN_AS.get(key, [])), "region": "광주", "country": "KR",
                         "homepage": f"https://www.{domain}" if domain else "",
                         "description": f"{josa(ko, '은/는')} 광주 지역의 {'연구' if fields else '지원'} 기관입니다.",
                         "industries": ";".join(FIELDS[f]["industry"] for f in fields)})  # type: ignore[misc]
        return rows

    def companies(self, n: int) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = []
        used: set[str] = set()
        domains: set[str] = set()
        for i in range(n):
            main = self.rng.choice(FIELD_NAMES)
            fields = [main] + ([self.rng.choice(NEIGHBOUR_FIELDS[main])] if self.rng.random() < 0.4 else [])
            while True:
                pre_ko, pre_en = self.rng.choice(CO_PREFIX)
                suf = self.rng.choice(FIELDS[main]["co"])  # type: ignore[arg-type]
                if pre_ko + suf not in used:
                    used.add(pre_ko + suf)
                    break
            name_ko, name_en = f"{pre_ko}{suf}", f"{pre_en} {CO_SUFFIX_EN[suf]}"
            key = f"C{i:04d}"
            region = str(self.pick(REGIONS))  # type: ignore[arg-type]
            domain = f"{pre_en.lower()}{CO_SUFFIX_EN[suf].lower().replace(' ', '')}"
            domain = next(f"{domain}{n or ''}.co.kr" for n in range(99) if f"{domain}{n or ''}.co.kr" not in domains)
            domains.add(domain)
            org = Org(key, name_ko, name_en, "company", self.brn(), region, fields, domain)
            self.orgs[key] = org
            terms, _ = self.text_for(fields, 3)
            org.terms = {t[0] for t in terms}
            size = self.rng.choice(["startup", "small", "small", "medium", "large"])
            style = self.rng.random()
            shown_ko = f"(주){name_ko}" if style < 0.4 else f"{name_ko} 주식회사" if style < 0.6 else name_ko
            rows.append({
                "kind": "company", "name_ko": shown_ko, "name_en": f"{name_en} Co., Ltd.", "business_number": org.brn,
                "ksic_code": self.rng.choice(["C26", "C27", "C28", "C29", "C30", "J62", "M70"]), "region": region,
                "country": "KR", "size": size, "founded_year": self.rng.randint(1995, 2023),
                "employees": {"startup": 8, "small": 35, "medium": 180, "large": 900}[size] + self.rng.randint(0, 30),
                "homepage": f"https://www.{org.domain}",
                "description": f"{terms[0][0]} 및 {terms[1][0]} 전문 기업으로 {terms[2][0]} 기술을 개발합니다. "
                               f"We develop {terms[0][1]} and {terms[1][1]} products.",
                "industries": ";".join(FIELDS[f]["industry"] for f in fields),  # type: ignore[misc]
                "technologies": ";".join(t[0] for t in terms[:2]),
                "_key": key,
            })
        return rows

    def company_duplicates(self, rows: list[dict[str, object]], n: int) -> list[dict[str, object]]:
        """Rows that name an existing company another way (labelled in duplicates_truth.csv)."""
        out = []
        for row in self.rng.sample(rows, n):
            org = self.orgs[str(row["_key"])]
            style = self.rng.randrange(6)
            dup: dict[str, object] = {"kind": "company", "region": org.region, "_key": org.key}
            if style == 0:
                dup.update(name_ko=f"㈜ {org.name_ko}", business_number=org.brn)
            elif style == 1:
                dup.update(name_en=f"{org.name_en.upper()} CO.,LTD", homepage=f"http://{org.domain}")
            elif style == 2:
                dup.update(name_ko=f"{org.name_ko} 주식회사", employees=self.rng.randint(5, 50))
            elif style == 3:
                dup.update(name_en=f"{org.name_en}, Inc.", business_number=org.brn)
            elif style == 4:  # spaced differently, as typed by hand
                cut = len(org.name_ko) // 2
                dup.update(name_ko=f"(주) {org.name_ko[:cut]} {org.name_ko[cut:]}")
            else:  # a typo in the English name; the same web site
                name = org.name_en
                i = self.rng.randrange(1, len(name) - 1)
                dup.update(name_en=name[:i] + name[i + 1:] + " Co., Ltd.", homepage=f"www.{org.domain}")
            out.append(dup)
        return out

    def company_lookalikes(self, n: int) -> list[dict[str, object]]:
        """Different companies whose names resemble existing ones (must not be merged)."""
        rows = []
        for org in self.rng.sample([o for o in self.orgs.values() if o.kind == "company"], n):
            extra_ko, extra_en = self.rng.choice([("기술", "Technology"), ("솔루션", "Solutions"), ("시스템", "Systems")])
            key = f"{org.key}-L"
            twin = Org(key, org.name_ko + extra_ko, f"{org.name_en} {extra_en}", "company", self.brn(), org.region,
                       org.fields, f"{org.domain.split('.')[0]}-{extra_en.lower()}.co.kr" if org.domain else None)
            self.orgs[key] = twin
            rows.append({"kind": "company", "name_ko": twin.name_ko, "name_en": f"{twin.name_en} Co., Ltd.",
                         "business_number": twin.brn, "region": twin.region, "homepage": f"https://www.{twin.domain}",
                         "_key": key})
        return rows

    # ------------------------------------------------------------------ people

    def researchers(self, n: int) -> list[dict[str, object]]:
        rows = []
        orgs = list(RESEARCH_ORGS)
        for i in range(n):
            org = str(self.rng.choices(orgs, list(RESEARCH_ORGS.values()))[0])
            inst = self.orgs[org]
            main = self.rng.choice(inst.fields or FIELD_NAMES) if self.rng.random() < 0.7 else self.rng.choice(FIELD_NAMES)
            fields = [main] + ([self.rng.choice(NEIGHBOUR_FIELDS[main])] if self.rng.random() < 0.5 else [])
            ko, en, sur = self.person_name()
            key = f"R{i:04d}"
            terms, _ = self.text_for(fields, 3)
            student = self.rng.random() < 0.12
            title = "박사과정" if student else self.rng.choice(["교수", "부교수", "조교수", "책임연구원", "선임연구원"])
            lab = f"{terms[0][0]} 연구실"
            email = f"{en.split()[0].lower().replace('-', '')}.{sur}{self.rng.randint(1, 99)}@{inst.domain}"
            person = Researcher(key, ko, en, org, fields, "student" if student else "researcher", email,
                                self.orcid() if self.rng.random() < 0.6 else None, title, lab,
                                [t[0] for t in terms])
            self.people[key] = person
            inst.people.append(key)
            rows.append(self._person_row(person))
        return rows

    def _person_row(self, p: Researcher) -> dict[str, object]:
        inst = self.orgs[p.org]
        return {"name_ko": p.name_ko, "name_en": p.name_en, "roles": p.role, "orcid": p.orcid or "",
                "email": p.email, "phone": f"062-{self.rng.randint(200, 999)}-{self.rng.randint(1000, 9999)}",
                "title": p.title, "lab": p.lab or "", "organization": inst.name_ko, "skills": ";".join(p.skills),
                "bio": (f"{p.lab}에서 {', '.join(p.skills)} 분야를 연구합니다." if p.lab else
                        f"{inst.name_ko} {p.title}: {', '.join(p.skills)}"), "region": inst.region, "_key": p.key}

    def namesakes(self, n: int) -> list[dict[str, object]]:
        """Different researchers who share a Hangul name with someone else (common in Korea): never merged."""
        rows = []
        researchers = [p for p in self.people.values() if p.role == "researcher"]
        for i, other in enumerate(self.rng.sample(researchers, n)):
            org = self.rng.choice([o for o in RESEARCH_ORGS if o != other.org])
            inst = self.orgs[org]
            field = self.rng.choice([f for f in FIELD_NAMES if f not in other.fields])
            terms, _ = self.text_for([field], 3)
            key = f"N{i:04d}"
            person = Researcher(key, other.name_ko, other.name_en, org, [field], "researcher",
                                f"{key.lower()}.{other.name_en.split()[-1].lower()}@{inst.domain}", None, "교수",
                                f"{terms[0][0]} 연구실", [t[0] for t in terms])
            self.people[key] = person
            inst.people.append(key)
            rows.append(self._person_row(person))
        return rows

    def company_people(self) -> list[dict[str, object]]:
        rows = []
        i = 0
        for org in [o for o in self.orgs.values() if o.kind == "company"]:
            for role, title in (("executive", "대표이사"), ("entrepreneur", "CTO")) if self.rng.random() < 0.6 else (
                    ("executive", "대표이사"),):
                ko, en, sur = self.person_name()
                key = f"E{i:04d}"
                i += 1
                skills = ["경영", "투자 유치", "마케팅"] if title == "대표이사" else [
                    t[0] for t in self.text_for(org.fields, 2)[0]]
                person = Researcher(key, ko, en, org.key, org.fields, role, f"{sur}.{i}@{org.domain}", None, title,
                                    None, skills)
                self.people[key] = person
                org.people.append(key)
                row = self._person_row(person)
                row["organization"] = org.name_ko
                rows.append(row)
        return rows

    def person_duplicates(self, rows: list[dict[str, object]], n: int) -> list[dict[str, object]]:
        """The same person again: romanised only, with the same e-mail/ORCID, or at a new institution."""
        out = []
        for row in self.rng.sample([r for r in rows if str(r["_key"]).startswith("R")], n):
            p = self.people[str(row["_key"])]
            inst = self.orgs[p.org]
            style = self.rng.randrange(4)
            dup: dict[str, object] = {"name_en": p.name_en.replace("-", " "), "_key": p.key,
                                      "skills": ";".join(p.skills[:2])}
            if style == 0:
                dup.update(organization=inst.name_en, title="Professor")
            elif style == 1 and p.orcid:
                moved = self.rng.choice([o for o in RESEARCH_ORGS if o != p.org])
                dup.update(orcid=p.orcid, organization=self.orgs[moved].name_ko)
            elif style == 2:
                dup.update(email=p.email.upper(), organization=inst.name_ko)
            else:  # moved institution, no identifier: only the name and the research area say it is them
                moved = self.rng.choice([o for o in RESEARCH_ORGS if o != p.org])
                dup.update(organization=self.orgs[moved].name_en, skills=";".join(p.skills))
            out.append(dup)
        return out

    # ------------------------------------------------------------------ documents

    def patents(self, n: int) -> list[dict[str, object]]:
        rows = []
        companies = [o for o in self.orgs.values() if o.kind == "company"]
        research = [self.orgs[k] for k in RESEARCH_ORGS]
        for _ in range(n):
            owner = self.rng.choice(companies) if self.rng.random() < 0.45 else self.rng.choice(research)
            main = self.rng.choice(owner.fields or FIELD_NAMES)
            fields = [main] + ([self.rng.choice(NEIGHBOUR_FIELDS[main])] if self.rng.random() < 0.35 else [])
            terms, ipc = self.text_for(fields, 3)
            inventors = [k for k in owner.people if self.people[k].role in ("researcher", "entrepreneur")]
            inventors = [k for k in inventors if set(self.people[k].fields) & set(fields)] or inventors
            chosen = self.rng.sample(inventors, min(len(inventors), self.rng.randint(1, 3))) if inventors else []
            year = self.rng.randint(2012, 2024)
            number = f"10-{year}-{self.rng.randint(0, 9999999):07d}"
            registered = year < 2022 and self.rng.random() < 0.6
            title_ko = f"{josa(terms[0][0], '을/를')} 이용한 {terms[1][0]} 장치 및 그 제조 방법"
            title_en = f"{terms[1][1].capitalize()} apparatus using {terms[0][1]} and manufacturing method thereof"
            abstract = (f"본 발명은 {josa(terms[0][0], '을/를')} 이용한 {terms[1][0]} 장치에 관한 것으로, {terms[2][0]} "
                        f"모듈과 제어부를 포함한다. 상기 {terms[1][0]} 장치는 {terms[0][0]}의 신호를 처리하여 성능을 "
                        "향상시킨다.")
            applicants = [owner.name_ko if owner.kind != "company" else self.rng.choice(
                [f"(주){owner.name_ko}", owner.name_ko, f"{owner.name_ko} 주식회사"])]
            if owner.kind != "company" and self.rng.random() < 0.15:
                partner = self.rng.choice([c for c in companies if set(c.fields) & set(fields)] or companies)
                applicants.append(partner.name_ko)
            rows.append({
                "application_number": number,
                "registration_number": f"10-{self.rng.randint(1000000, 2999999)}" if registered else "",
                "office": "KR", "title_ko": title_ko, "title_en": title_en, "abstract_ko": abstract,
                "abstract_en": f"An apparatus using {terms[0][1]} with a {terms[2][1]} module.",
                "ipc_codes": ";".join(ipc), "application_date": f"{year}-{self.rng.randint(1, 12):02d}-"
                                                              f"{self.rng.randint(1, 28):02d}",
                "registration_date": f"{year + 2}-{self.rng.randint(1, 12):02d}-15" if registered else "",
                "status": "registered" if registered else self.rng.choice(["filed", "published"]),
                "applicants": ";".join(applicants),
                "inventors": ";".join(self.people[k].name_ko for k in chosen),
                "_owner": owner.key, "_fields": fields, "_terms": {t[0] for t in terms},
            })
            self.patent_numbers.append((number, owner.key, fields))
        for row in rows:  # citations to earlier patents in the same field
            same = [p for p in self.patent_numbers if p[2][0] == row["_fields"][0] and p[0] < row["application_number"]]
            if same and self.rng.random() < 0.4:
                row["cites"] = ";".join(p[0] for p in self.rng.sample(same, min(2, len(same))))
        return rows

    def publications(self, n: int) -> list[dict[str, object]]:
        rows = []
        researchers = [p for p in self.people.values() if p.role in ("researcher", "student")]
        for i in range(n):
            lead = self.rng.choice(researchers)
            fields = lead.fields
            terms, _ = self.text_for(fields, 3)
            coauthors = [p for p in researchers if set(p.fields) & set(fields) and p.key != lead.key]
            authors = [lead] + self.rng.sample(coauthors, min(len(coauthors), self.rng.randint(0, 3)))
            year = self.rng.randint(2012, 2024)
            korean = self.rng.random() < 0.25
            rows.append({
                "doi": f"10.{self.rng.randint(1000, 9999)}/inno.{year}.{i:05d}",
                "title": (f"{terms[0][0]} 기반 {terms[1][0]} 성능 향상 연구" if korean else
                          f"{terms[0][1].capitalize()}-based {terms[1][1]} with improved {terms[2][1]}"),
                "abstract": (f"We study {terms[0][1]} for {terms[1][1]}. The proposed {terms[2][1]} method improves "
                             f"accuracy and efficiency in experiments."),
                "year": year, "venue": self.rng.choice(VENUES), "keywords": ";".join(t[1] for t in terms),
                "authors": (" ; ".join(f"{a.name_ko if self.rng.random() < 0.7 else a.name_en} "
                                       f"({' '.join(filter(None, (self.orgs[a.org].name_ko, a.lab)))})"
                                       for a in authors) if korean else  # as KoreaScience lists a Korean paper's
                            ";".join(a.name_ko if self.rng.random() < 0.7 else a.name_en for a in authors)),
                "organizations": ";".join(dict.fromkeys(self.orgs[a.org].name_ko for a in authors)),
            })
        return rows

    def projects(self, n: int) -> list[dict[str, object]]:
        rows = []
        companies = [o for o in self.orgs.values() if o.kind == "company"]
        researchers = [p for p in self.people.values() if p.role == "researcher"]
        for i in range(n):
            company = self.rng.choice(companies)
            lab = self.rng.choice([p for p in researchers if set(p.fields) & set(company.fields)] or researchers)
            terms, _ = self.text_for(company.fields, 2)
            start = self.rng.randint(2014, 2024)
            rows.append({
                "project_number": f"RS-{start}-{i:05d}", "title": f"{terms[0][0]} 기반 {terms[1][0]} 실증 과제",
                "description": f"{josa(company.name_ko, '과/와')} {josa(self.orgs[lab.org].name_ko, '이/가')} "
                               f"{terms[0][0]} 기술을 공동 개발한다.",
                "funder": self.rng.choice(["과학기술정보통신부", "산업통상자원부", "광주광역시", "중소벤처기업부"]),
                "start_year": start, "end_year": start + self.rng.randint(1, 4),
                "budget_krw": self.rng.randint(1, 40) * 50_000_000,
                "organizations": f"{company.name_ko};{self.orgs[lab.org].name_ko}",
                "people": lab.name_ko, "industries": FIELDS[company.fields[0]]["industry"],
            })
        return rows

    # ------------------------------------------------------------------ planted history

    def collaborations(self, n: int) -> list[dict[str, object]]:
        """Company–researcher collaborations: mostly with researchers sharing the company's technology."""
        rows = []
        companies = [o for o in self.orgs.values() if o.kind == "company"]
        researchers = [p for p in self.people.values() if p.role == "researcher"]
        seen: set[tuple[str, str]] = set()
        while len(rows) < n:
            company = self.rng.choice(companies)
            fit = [p for p in researchers if p.fields[0] in company.fields]
            local = [p for p in fit if (self.orgs[p.org].region == company.region)]
            pool = local if local and self.rng.random() < 0.6 else fit
            if pool and self.rng.random() < 0.85:  # closer skills, likelier partner
                weights = [1 + 3 * len(company.terms & set(p.skills)) for p in pool]
                person = self.rng.choices(pool, weights)[0]
            else:
                person = self.rng.choice(researchers)
            if (company.key, person.key) in seen:
                continue
            seen.add((company.key, person.key))
            year = self.rng.randint(2015, 2024)
            rows.append({"left": company.name_ko, "left_type": "organization", "right": f"email:{person.email}",
                         "right_type": "person", "collaboration": self.rng.choice(["공동연구", "기술자문", "위탁연구"]),
                         "count": self.rng.randint(1, 4), "first_year": year, "last_year": year + self.rng.randint(0, 2)})
        return rows

    def licenses(self, patents: list[dict[str, object]], n: int) -> list[dict[str, object]]:
        """Institution patents licensed to companies working in the same field (never the owner)."""
        rows = []
        companies = [o for o in self.orgs.values() if o.kind == "company"]
        owned = [p for p in patents if not str(p["_owner"]).startswith("C")]
        for patent in self.rng.sample(owned, n):
            fields = patent["_fields"]
            fit = [c for c in companies if fields[0] in c.fields]  # type: ignore[index]
            if fit and self.rng.random() < 0.85:  # companies closer to the patent license it more often
                weights = [1 + 3 * len(c.terms & patent["_terms"]) for c in fit]  # type: ignore[operator]
                company = self.rng.choices(fit, weights)[0]
            else:
                company = self.rng.choice(companies)
            rows.append({"patent": patent["application_number"], "licensee": company.name_ko,
                         "year": int(str(patent["application_date"])[:4]) + self.rng.randint(1, 3),
                         "exclusive": self.rng.random() < 0.3})
        return rows

    def founders(self, n: int) -> list[dict[str, object]]:
        """Start-ups founded by a researcher (technical) and an executive (business)."""
        rows = []
        startups = [o for o in self.orgs.values() if o.kind == "company"]
        researchers = [p for p in self.people.values() if p.role == "researcher"]
        for org in self.rng.sample(startups, n):
            execs = [self.people[k] for k in org.people if self.people[k].role == "executive"]
            tech = self.rng.choice([p for p in researchers if p.fields[0] in org.fields] or researchers)
            year = self.rng.randint(2010, 2024)
            rows.append({"person": f"email:{tech.email}", "organization": org.name_ko, "year": year, "role": "CTO"})
            if execs:
                rows.append({"person": f"email:{execs[0].email}", "organization": org.name_ko, "year": year,
                             "role": "CEO"})
        return rows

    def affiliation_history(self, n: int) -> list[dict[str, object]]:
        rows = []
        researchers = [p for p in self.people.values() if p.role == "researcher"]
        for p in self.rng.sample(researchers, n):
            before = self.rng.choice([o for o in RESEARCH_ORGS if o != p.org])
            end = self.rng.randint(2012, 2020)
            rows.append({"person": f"email:{p.email}", "organization": self.orgs[before].name_ko,
                         "title": "박사후연구원", "start_year": end - self.rng.randint(2, 5), "end_year": end})
        return rows


MANIFEST = """# Load order for `innolink load-dir`: entities before the records that link them.
- {file: institutions.csv, kind: organizations}
- {file: companies.csv, kind: organizations}
- {file: people.csv, kind: people}
- {file: affiliations.csv, kind: affiliations}
- {file: patents.csv, kind: patents}
- {file: publications.csv, kind: publications}
- {file: projects.csv, kind: projects}
- {file: licenses.csv, kind: licenses}
- {file: collaborations.csv, kind: collaborations}
- {file: founders.csv, kind: founders}
"""


def bad_rows(kind: str) -> list[dict[str, object]]:
    """Rows an administrator's spreadsheet really contains: each must be rejected with a reason."""
    if kind == "companies":
        return [
            {"kind": "company", "name_ko": "오류기업", "business_number": "123-45-67891x"},
            {"kind": "company", "name_ko": "체크디지트기업", "business_number": "220-81-62510"},
            {"kind": "company", "name_ko": "", "name_en": ""},
            {"kind": "company", "name_ko": "미래기업", "founded_year": "이천십년"},
            {"kind": "company", "name_ko": "음수기업", "employees": "-5"},
            {"kind": "not-a-kind", "name_ko": "종류오류"},
        ]
    if kind == "people":
        return [
            {"name_ko": "", "name_en": "", "email": "nobody@gist.ac.kr"},
            {"name_ko": "오류연구자", "orcid": "0000-0002-1825-0098"},
            {"name_ko": "메일오류", "email": "not-an-email"},
            {"name_ko": "역할오류", "roles": "wizard"},
        ]
    if kind == "patents":
        return [
            {"application_number": "", "title_ko": "번호 없는 특허"},
            {"application_number": "10-2020-12", "title_ko": "잘못된 번호"},
            {"application_number": "10-2020-0099999", "title_ko": "날짜 오류", "application_date": "2020-13-45"},
            {"application_number": "10-2020-0099998", "title_ko": "IPC 오류", "ipc_codes": "XYZ"},
            {"application_number": "10-2020-0099997", "title_ko": "순서 오류", "application_date": "2021-05-01",
             "registration_date": "2020-01-01"},
        ]
    return []


def write(path: Path, rows: list[dict[str, object]], columns: list[str]) -> list[int]:
    """Write rows; returns the line number of each (header is line 1)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    return list(range(2, len(rows) + 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("data/sample"))
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    g = Generator(args.seed)
    org_cols = ["kind", "name_ko", "name_en", "aliases", "business_number", "ksic_code", "region", "country", "size",
                "founded_year", "employees", "homepage", "description", "industries", "technologies"]
    write(out / "institutions.csv", g.institutions(), org_cols)
    companies = g.companies(320)
    dups = g.company_duplicates(companies, 36) + g.company_lookalikes(12)
    rows = companies + dups
    g.rng.shuffle(rows)
    rows += bad_rows("companies")
    for line, row in zip(write(out / "companies.csv", rows, org_cols), rows, strict=True):
        if row.get("_key"):
            g.truth.append(("companies.csv", line, str(row["_key"])))
    person_cols = ["name_ko", "name_en", "roles", "orcid", "email", "phone", "title", "lab", "organization",
                   "skills", "bio", "region"]
    people = g.researchers(420) + g.company_people()
    people += g.namesakes(20)
    dups = g.person_duplicates(people, 50)
    rows = people + dups
    g.rng.shuffle(rows)
    rows += bad_rows("people")
    for line, row in zip(write(out / "people.csv", rows, person_cols), rows, strict=True):
        if row.get("_key"):
            g.truth.append(("people.csv", line, str(row["_key"])))
    patents = g.patents(3000)
    write(out / "patents.csv", patents + bad_rows("patents"),
          ["application_number", "registration_number", "office", "title_ko", "title_en", "abstract_ko",
           "abstract_en", "ipc_codes", "application_date", "registration_date", "status", "applicants", "inventors",
           "cites"])
    write(out / "publications.csv", g.publications(1500),
          ["doi", "title", "abstract", "year", "venue", "keywords", "authors", "organizations"])
    write(out / "projects.csv", g.projects(220),
          ["project_number", "title", "description", "funder", "start_year", "end_year", "budget_krw",
           "organizations", "people", "industries"])
    write(out / "affiliations.csv", g.affiliation_history(60),
          ["person", "organization", "title", "lab", "start_year", "end_year"])
    write(out / "licenses.csv", g.licenses(patents, 160), ["patent", "licensee", "year", "exclusive"])
    write(out / "collaborations.csv", g.collaborations(600),
          ["left", "left_type", "right", "right_type", "collaboration", "count", "first_year", "last_year"])
    write(out / "founders.csv", g.founders(90), ["person", "organization", "year", "role"])
    (out / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    with (out / "duplicates_truth.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "entity"])
        writer.writerows(g.truth)
    print(f"wrote {out}: {len(g.orgs)} organisations, {len(g.people)} people, {len(patents)} patents")


if __name__ == "__main__":
    main()
