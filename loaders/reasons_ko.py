"""A reject's reason and a run's notes in Korean, for the administrators who read the import page in Korean: the
loader gives them in English (the CLI, the logs and the API keep those), and this module says the same in Korean
(the rejects file's 이유 column, the import page and the add-a-record form in Korean). Words it does not know stay
in English."""

from __future__ import annotations

import re

_ENUM_CHOICE = re.compile(r"'([^']*)'")

_REASONS: list[tuple[str, str]] = [
    # validators (loaders/validators.py)
    (r"business registration number must have 10 digits \(e\.g\. 123-45-67890\), got (?P<v>.*)",
     "사업자등록번호는 10자리여야 합니다(예: 123-45-67890). 입력값: {v}"),
    (r"business registration number (?P<v>.*) fails its check digit", "사업자등록번호 {v}의 검증번호가 맞지 않습니다"),
    (r"corporate registration number must have 13 digits \(e\.g\. 110111-2487050\), got (?P<v>.*)",
     "법인등록번호는 13자리여야 합니다(예: 110111-2487050). 입력값: {v}"),
    (r"corporate registration number (?P<v>.*) fails its check digit", "법인등록번호 {v}의 검증번호가 맞지 않습니다"),
    (r"DART company code must have 8 digits \(e\.g\. 00126380\), got (?P<v>.*)",
     "DART 고유번호는 8자리여야 합니다(예: 00126380). 입력값: {v}"),
    (r"stock code must have 6 digits or capitals \(e\.g\. 005930\), got (?P<v>.*)",
     "종목코드는 숫자나 영문 대문자 6자리여야 합니다(예: 005930). 입력값: {v}"),
    (r"homepage must be a web address like (?P<e>\S+), got (?P<v>.*)",
     "홈페이지는 {e} 같은 웹 주소여야 합니다. 입력값: {v}"),
    (r"ORCID must look like (?P<e>\S+), got (?P<v>.*)", "ORCID는 {e} 형식이어야 합니다. 입력값: {v}"),
    (r"ORCID (?P<v>.*) fails its check digit", "ORCID {v}의 검증 문자가 맞지 않습니다"),
    (r"DOI must look like (?P<e>\S+), got (?P<v>.*)", "DOI는 {e} 형식이어야 합니다. 입력값: {v}"),
    (r"IPC code must look like G01S or G01S 7/48, got (?P<v>.*)",
     "IPC 코드는 G01S 또는 G01S 7/48 형식이어야 합니다. 입력값: {v}"),
    (r"patent number must look like .*, got (?P<v>.*)",
     "특허번호는 10-2020-0012345(출원번호), 10-1234567(등록번호) 또는 US10692631 형식이어야 합니다. 입력값: {v}"),
    (r"date (?P<v>.*) is outside 1900-2100", "날짜 {v}이(가) 1900–2100년 범위를 벗어납니다"),
    (r"not a calendar date: (?P<v>.*)", "달력에 없는 날짜입니다: {v}"),
    (r"date must look like .*, got (?P<v>.*)",
     "날짜는 2021-03-05(또는 2021.03.05, 20210305, 2021년 3월 5일, Mar 5, 2021) 형식이어야 합니다. 입력값: {v}"),
    (r"not an e-mail address: (?P<v>.*)", "이메일 주소가 아닙니다: {v}"),
    (r"more than one e-mail address \((?P<v>.*)\): give one, (?P<first>\S+) or another",
     "이메일 주소가 둘 이상입니다({v}): 하나만 적으세요(예: {first})"),
    (r"a Scopus author id is 6 to 12 digits like (?P<e>\S+), got (?P<v>.*)",
     "Scopus 저자 ID는 {e} 같은 6–12자리 숫자여야 합니다. 입력값: {v}"),
    (r"a Web of Science ResearcherID looks like (?P<e>\S+) or (?P<f>\S+), got (?P<v>.*)",
     "Web of Science ResearcherID는 {e} 또는 {f} 형식이어야 합니다. 입력값: {v}"),
    (r"a Web of Science accession number \(UT\) looks like (?P<e>\S+), got (?P<v>.*)",
     "Web of Science 등록번호(UT)는 {e} 형식이어야 합니다. 입력값: {v}"),
    (r"a Scopus EID looks like (?P<e>\S+), got (?P<v>.*)", "Scopus EID는 {e} 형식이어야 합니다. 입력값: {v}"),
    (r"a PubMed id is 1 to 9 digits like (?P<e>\S+), got (?P<v>.*)",
     "PubMed ID는 {e} 같은 1–9자리 숫자여야 합니다. 입력값: {v}"),
    (r"a KCI article id looks like (?P<e>\S+), got (?P<v>.*)", "KCI 논문 ID는 {e} 형식이어야 합니다. 입력값: {v}"),
    (r"a range \((?P<v>.*)\): give one number", "범위({v})가 아니라 숫자 하나를 적으세요"),
    (r"year must be a number like 2019, got (?P<v>.*)", "연도는 2019 같은 숫자여야 합니다. 입력값: {v}"),
    (r"year (?P<v>.*) is outside 1800-2100", "연도 {v}이(가) 1800–2100년 범위를 벗어납니다"),
    # whole records (loaders/records.py)
    (r"needs name_ko or name_en", "국문명(name_ko)이나 영문명(name_en)이 있어야 합니다"),
    (r"needs application_number or registration_number",
     "출원번호(application_number)나 등록번호(registration_number)가 있어야 합니다"),
    (r"needs title_ko or title_en", "국문 제목(title_ko)이나 영문 제목(title_en)이 있어야 합니다"),
    (r"registration_date is before application_date", "등록일이 출원일보다 앞섭니다"),
    (r"end_year is before start_year", "종료 연도가 시작 연도보다 앞섭니다"),
    # references to the graph (loaders/builders.py, loaders/handlers.py)
    (r"unknown organization id (?P<v>.*)", "없는 기관 id입니다: {v}"),
    (r"no organization has business number (?P<v>.*)", "사업자등록번호가 {v}인 기관이 없습니다"),
    (r"no organization has dart code (?P<v>.*)", "DART 고유번호가 {v}인 기관이 없습니다"),
    (r"no organization has stock code (?P<v>.*)", "종목코드가 {v}인 기관이 없습니다"),
    (r"no organization has this id \(leave org_id blank for a new one\)",
     "이 id의 기관이 없습니다(새 기관이면 org_id를 비워 두세요)"),
    (r"(?P<v>\S+) already has this business number", "{v}에 이미 이 사업자등록번호가 있습니다"),
    (r"(?P<v>\S+) already has this dart code", "{v}에 이미 이 DART 고유번호가 있습니다"),
    (r"(?P<v>\S+) already has this stock code", "{v}에 이미 이 종목코드가 있습니다"),
    (r"unknown person id (?P<v>.*)", "없는 인물 id입니다: {v}"),
    (r"no person has (?P<v>.*)", "{v}에 해당하는 인물이 없습니다"),
    (r"no patent with number (?P<v>.*) is in the graph", "번호가 {v}인 특허가 그래프에 없습니다"),
    (r"a collaboration needs two different parties", "협력 기록에는 서로 다른 두 당사자가 필요합니다"),
    # how a file was read (loaders/readers.py, loaders/pipeline.py)
    (r"(?P<n>\d+) cells but the header has (?P<m>\d+) columns", "칸이 {n}개인데 머리글은 {m}열입니다"),
    (r"not valid JSON \((?P<v>.*)\)", "올바른 JSON이 아닙니다({v})"),
    (r"a value of an unexpected type: (?P<v>.*)", "예상하지 못한 형식의 값입니다: {v}"),
    (r"not a field of (?P<kind>\S+) records \(see docs/TEMPLATES.md\)",
     "{kind} 기록에 없는 항목입니다(docs/TEMPLATES.md 참고)"),
    (r"the record was not loaded", "기록을 불러오지 못했습니다"),
    (r"a formula with no saved result \(the workbook was written by a program, not saved by a spreadsheet\): open and "
     r"save it in Excel or LibreOffice, or paste the values in its place",
     "저장된 결과가 없는 수식입니다(프로그램이 만든 통합 문서를 스프레드시트 프로그램에서 저장한 적이 없음): "
     "Excel이나 LibreOffice에서 열어 저장하거나, 그 자리에 값을 붙여 넣으세요"),
    # the schema's own checks (pydantic's words)
    (r"(?:[A-Za-z]+: )?Field required", "필수 항목입니다"),
    (r"(?:[A-Za-z]+: )?Extra inputs are not permitted", "이 종류의 기록에 없는 항목입니다"),
    (r"(?:[A-Za-z]+: )?Input should be greater than or equal to (?P<v>.*)", "{v} 이상이어야 합니다"),
    (r"(?:[A-Za-z]+: )?Input should be less than or equal to (?P<v>.*)", "{v} 이하여야 합니다"),
    (r"(?:[A-Za-z]+: )?Input should be greater than (?P<v>.*)", "{v}보다 커야 합니다"),
    (r"(?:[A-Za-z]+: )?Input should be a valid integer.*", "정수여야 합니다"),
    (r"(?:[A-Za-z]+: )?Input should be a valid number.*", "숫자여야 합니다"),
    (r"(?:[A-Za-z]+: )?Input should be a valid boolean.*", "예/아니오 값이어야 합니다(true/false, 예/아니오)"),
    (r"(?:[A-Za-z]+: )?String should have at most (?P<v>\d+) characters?", "{v}자 이하여야 합니다"),
    (r"(?:[A-Za-z]+: )?String should have at least (?P<v>\d+) characters?", "{v}자 이상이어야 합니다"),
    (r"(?:[A-Za-z]+: )?Input should be (?P<choices>'.*)", "다음 중 하나여야 합니다: {choices}"),
]
_COMPILED = [(re.compile(pattern, re.DOTALL), template) for pattern, template in _REASONS]


def in_korean(reason: str) -> str:
    """``reason`` said in Korean, or as it is when it is not one the loader gives."""
    return _said(_COMPILED, reason)


_NOTES: list[tuple[str, str]] = [
    (r"(?P<file>.+) was last loaded on (?P<host>\S+) \((?P<run>\S+)\) by an earlier release, whose load ledger stays "
     r"on that machine: what its rows said then and no longer say was not withdrawn",
     "{file}은(는) {host}에서 이전 버전으로 마지막으로 불러왔고({run}) 그 불러오기 장부는 그 기기에 있습니다: "
     "그때 행이 말했고 이제 말하지 않는 것은 지우지 않았습니다"),
    (r"its undo journal was pruned on (?P<day>\S+): it can no longer be undone",
     "되돌리기 기록을 {day}에 정리해 더 이상 되돌릴 수 없습니다"),
    (r"(?P<n>\d+) rows? unchanged since this file's last load, whose result the graph still holds: not processed "
     r"again", "{n}행은 이 파일을 마지막으로 불러온 뒤 바뀌지 않았고 그 결과가 그래프에 그대로 있어 "
               "다시 처리하지 않았습니다"),
    (r"(?P<n>\d+) relationships? the rows restating their records no longer give (?:was|were) removed: (?P<v>.*) "
     r"\(undoing this run puts (?:it|them) back\)",
     "관계 {n}개는 그 레코드를 다시 적은 행이 더 이상 말하지 않아 지웠습니다: {v} (이 실행을 되돌리면 다시 생깁니다)"),
    (r"(?P<n>\d+) relationships? the rows restating their records no longer give would be removed: (?P<v>.*)",
     "관계 {n}개는 그 레코드를 다시 적은 행이 더 이상 말하지 않아 지워집니다: {v}"),
    (r"(?P<n>\d+) values? the rows restating their records no longer give (?:was|were) cleared: (?P<v>.*)",
     "값 {n}개는 그 레코드를 다시 적은 행이 더 이상 주지 않아 비웠습니다: {v}"),
    (r"(?P<n>\d+) values? the rows restating their records no longer give would be cleared: (?P<v>.*)",
     "값 {n}개는 그 레코드를 다시 적은 행이 더 이상 주지 않아 비워집니다: {v}"),
    (r"(?P<n>\d+) records? only those relationships named and only this file made (?:was|were) removed with them: "
     r"(?P<v>.*)", "그 관계만 가리키고 이 파일만 만든 레코드 {n}개도 함께 지웠습니다: {v}"),
    (r"(?P<n>\d+) records? only those relationships named and only this file made would be removed with them: "
     r"(?P<v>.*)", "그 관계만 가리키고 이 파일만 만든 레코드 {n}개도 함께 지워집니다: {v}"),
    (r"read sheet (?P<v>.*)", "시트 {v}을(를) 읽었습니다"),
    (r"header found on line (?P<n>\d+): lines? (?P<v>[\d-]+) (?:was|were) skipped \(a title, notes or blank rows\)",
     "머리글을 {n}행에서 찾았습니다: {v}행(제목, 메모 또는 빈 행)은 건너뛰었습니다"),
    (r"lines? (?P<v>.*) skipped \(a repeated header\)", "{v}행은 건너뛰었습니다(되풀이된 머리글)"),
    (r"lines? (?P<v>.*) skipped \(a total row\)", "{v}행은 건너뛰었습니다(합계 행)"),
    (r"lines? (?P<v>.*) skipped \(the header's second row\)", "{v}행은 머리글의 둘째 줄로 읽었습니다"),
    (r"lines? (?P<v>.*) skipped \(the header again, in other words\)",
     "{v}행은 건너뛰었습니다(머리글을 다른 말로 되풀이한 행)"),
    (r"lines? (?P<v>.*) skipped \((?P<why>.*)\)", "{v}행은 건너뛰었습니다({why})"),
    (r"the header names columns more than once: the later ones are renamed (?P<v>.*) \(a list field reads them all, "
     r"any other field the first\)", "머리글에 같은 이름의 열이 여럿 있습니다: 뒤의 열은 {v}(으)로 이름을 바꿨습니다"
     "(목록 항목은 모두 읽고, 다른 항목은 첫째 열만 읽습니다)"),
    (r"the file is a web page \(HTML\) saved as a spreadsheet: read its table (?P<v>.*)",
     "파일은 스프레드시트 이름으로 저장한 웹 페이지(HTML)입니다: 그 표 {v}을(를) 읽었습니다"),
    (r"cells merged down several rows were read into each row they span: (?P<spans>.*)",
     "여러 행에 걸쳐 병합된 셀의 값은 그 모든 행에 읽었습니다: {spans}"),
    (r"the file has a header but no rows below it: nothing to load",
     "파일에 머리글만 있고 그 아래 행이 없습니다: 불러올 것이 없습니다"),
    (r"the file is empty: nothing to load", "파일이 비어 있습니다: 불러올 것이 없습니다"),
    (r"no column for required field (?P<field>'[^']+'): expected one of (?P<wanted>\[.*\]), the file has "
     r"(?P<header>\[.*\])", "필수 항목 {field}을(를) 채울 열이 없습니다: {wanted} 중 하나가 있어야 하는데, 파일의 열은 "
                             "{header}입니다"),
    (r"mapping (?P<mapping>\S+) is for (?P<theirs>\S+), not (?P<kind>\S+)",
     "매핑 {mapping}은(는) {kind}이(가) 아니라 {theirs}용입니다"),
    (r"columns not read \(no field of the (?P<kind>\S+) mapping names them\): (?P<v>.*)",
     "읽지 않은 열({kind} 매핑의 어느 항목도 가리키지 않음): {v}"),
    (r"organisations named in one script only were not paired across scripts by their letters: too many names to "
     r"compare in one load \(loaders/script_pairs.py\)",
     "한 가지 문자로만 이름이 있는 기관은 글자로 한글·영문 짝을 찾지 않았습니다: "
     "한 번에 비교하기에 이름이 너무 많습니다"),
    (r"people loaded as (?P<run>\S+) \(created (?P<c>\d+), merged (?P<m>\d+), unchanged (?P<u>\d+), rejected "
     r"(?P<r>\d+)\)", "인물은 {run}(으)로 불러왔습니다(새로 만듦 {c}, 병합 {m}, 변경 없음 {u}, 거부 {r})"),
    (r"unchanged since run (?P<run>\S+), whose result the graph still holds: skipped",
     "{run} 이후 바뀌지 않았고 그 결과가 그래프에 그대로 있어 건너뛰었습니다"),
    (r"dry run: nothing written", "시험 실행: 아무것도 쓰지 않았습니다"),
    (r"interrupted before it finished", "끝나기 전에 중단되었습니다"),
    (r"stopped before it finished \(the process was told to exit\)", "끝나기 전에 멈췄습니다(프로세스 종료 요청)"),
    (r"stopped by the server shutting down before it finished", "서버가 멈추면서 끝나기 전에 멈췄습니다"),
    (r"stopped by (?P<who>.+) before it finished", "{who}이(가) 끝나기 전에 멈췄습니다"),
    (r"stopping: asked by (?P<who>.+)", "멈추는 중: {who}의 요청"),
    (r"never started: stopped by (?P<who>.+)", "시작하기 전에 {who}이(가) 멈췄습니다"),
    (r"never started: the process that queued it ended first \(the server stopped\)",
     "시작하지 못했습니다: 대기시킨 프로세스가 먼저 끝났습니다(서버 중지)"),
    (r"stopped before it finished: the process running it ended \(killed, or the server stopped\)",
     "끝나기 전에 멈췄습니다: 실행하던 프로세스가 끝났습니다(강제 종료 또는 서버 중지)"),
    (r"stopped before it finished: process (?P<pid>\S+) on (?P<host>.+), last heard from at (?P<when>.+ UTC), then "
     r"nothing more", "끝나기 전에 멈췄습니다: {host}의 프로세스 {pid}에서 {when} 이후 소식이 없습니다"),
    (r"(?P<run>\S+) was settled as ended while it ran \(silent too long\): it stops here",
     "{run}은(는) 실행 중에 소식이 너무 오래 없어 끝난 것으로 정리되었습니다: 여기서 멈춥니다"),
    (r"(?P<run>\S+) is (?:running|queued) \((?P<whose>.*)\): stop it where it runs \(Ctrl-C, or its import's page\)",
     "{run}은(는) 아직 작업 중입니다({whose}): 실행 중인 곳에서 멈추세요(Ctrl-C 또는 그 불러오기 화면)"),
    (r"run (?P<run>\S+)'s journal is not on this machine \((?P<path>.*)\): undo it on the machine that loaded it "
     r"\((?P<cmd>innolink runs undo \S+)\)",
     "실행 {run}의 되돌리기 기록이 이 컴퓨터에 없습니다({path}): 불러온 컴퓨터에서 되돌리세요({cmd})"),
    (r"run (?P<run>\S+) has no journal to undo it with", "실행 {run}에는 되돌릴 기록이 없습니다"),
    (r"run (?P<run>\S+) was already undone", "실행 {run}은(는) 이미 되돌렸습니다"),
    (r"run (?P<run>\S+) cannot be undone: later loads changed or joined what it wrote \((?P<ids>.*)\)",
     "실행 {run}은(는) 되돌릴 수 없습니다: 나중의 불러오기가 이 실행이 쓴 것을 바꾸었거나 이어 썼습니다({ids})"),
    (r"undo those first, the latest first: (?P<runs>.*)", "그것들을 최근 것부터 먼저 되돌리세요: {runs}"),
    (r"run (?P<run>\S+) cannot be undone: records it wrote were changed by hand since \((?P<ids>.*)\)",
     "실행 {run}은(는) 되돌릴 수 없습니다: 이 실행이 쓴 레코드를 그 뒤 직접 고쳤습니다({ids})"),
    (r"undo those edits or merges first", "그 수정이나 병합을 먼저 되돌리세요"),
    (r"merge (?P<merge>\S+) was already undone", "병합 {merge}은(는) 이미 되돌렸습니다"),
    (r"merge (?P<merge>\S+) cannot be undone while later merges into (?P<kept>\S+) stand: undo (?P<ids>.*) first",
     "병합 {merge}은(는) {kept}(으)로 나중에 한 병합이 남아 있어 되돌릴 수 없습니다: {ids}을(를) 먼저 되돌리세요"),
    (r"merge (?P<merge>\S+) cannot be undone: (?P<kept>\S+) is no longer in the graph \(deleted, or merged into "
     r"another since\)", "병합 {merge}은(는) 되돌릴 수 없습니다: {kept}이(가) 더 이상 그래프에 없습니다(삭제되었거나 "
                         "그 뒤 다른 레코드에 병합됨)"),
    (r"restore it or undo that first", "그것을 복원하거나 그 병합을 먼저 되돌리세요"),
    (r"edit (?P<edit>\S+) was already undone", "수정 {edit}은(는) 이미 되돌렸습니다"),
    (r"(?P<node>\S+) is no longer in the graph \(deleted or merged away since the edit\)",
     "{node}이(가) 더 이상 그래프에 없습니다(수정 뒤 삭제되었거나 다른 레코드에 병합됨)"),
    (r"(?P<fields>.+) of (?P<node>\S+) changed since the edit: undo that change first",
     "{node}의 {fields}이(가) 수정 뒤에 바뀌었습니다: 그 변경을 먼저 되돌리세요"),
    (r"deletion (?P<deletion>\S+) was already restored", "삭제 {deletion}은(는) 이미 복원했습니다"),
    (r"(?P<node>\S+) exists again \(loaded or created since it was deleted\)",
     "{node}이(가) 다시 있습니다(삭제 뒤 불러왔거나 만들어짐)"),
    (r"it cannot be restored over it", "그 위에 복원할 수 없습니다"),
    (r"(?P<node>\S+), at one end of the relationship, is no longer in the graph: it cannot be restored",
     "관계의 한쪽 끝인 {node}이(가) 더 이상 그래프에 없습니다: 복원할 수 없습니다"),
    (r"(?P<edge>\S+) exists again \(loaded or added since it was removed\)",
     "{edge}이(가) 다시 있습니다(지운 뒤 불러왔거나 추가됨)"),
    (r"review item (?P<review>\S+) is already approved", "검토 항목 {review}은(는) 이미 승인되었습니다"),
    (r"review item (?P<review>\S+) is already rejected", "검토 항목 {review}은(는) 이미 거절되었습니다"),
    (r"(?P<run>\S+) has ended \((?P<status>\w+)\): undo it instead",
     "{run}은(는) 이미 끝났습니다({status}): 대신 되돌리세요"),
    (r"(?P<run>\S+) has ended \((?P<status>\w+)\): nothing to settle",
     "{run}은(는) 이미 끝났습니다({status}): 정리할 것이 없습니다"),
    (r"settled by hand: what it had written \(if anything\) stays",  # said by an older release
     "관리자가 정리했습니다: 그때까지 쓴 것(있다면)은 남아 있습니다"),
    (r"what it had written stays: settled by hand, keeping it: undo the run to take it back",
     "그때까지 쓴 것은 남아 있습니다: 관리자가 남겨 두고 정리했습니다(이 실행을 취소하면 되돌립니다)"),
    (r"what it had written was taken back: the graph is as it was before the load",
     "그때까지 쓴 것은 되돌렸습니다: 그래프는 불러오기 전과 같습니다"),
    (r"what it had written was taken back: load the file again",
     "그때까지 쓴 것은 되돌렸습니다: 파일을 다시 불러오세요"),
    (r"nothing was written: load the file again", "아무것도 쓰지 않았습니다: 파일을 다시 불러오세요"),
    (r"another load is writing to this graph: (?P<run>\S+) \((?P<what>.*)\)",
     "다른 불러오기가 이 그래프에 쓰는 중입니다: {run} ({what})"),
    (r"loads go one at a time: load this file once it has finished",
     "불러오기는 한 번에 하나씩 합니다: 그것이 끝난 뒤 이 파일을 불러오세요"),
    (r"what it had written stays in the graph \(taking it back failed: (?P<why>.*)\): undo the run to take it back "
     r"\(innolink runs undo (?P<run>\S+)\)",
     "그때까지 쓴 것은 그래프에 남아 있습니다(되돌리기 실패: {why}): 이 실행을 취소해 되돌리세요"
     "(innolink runs undo {run})"),
    (r"what it had written stays: (?P<why>.*)", "그때까지 쓴 것은 남아 있습니다: {why}"),
    (r"read", "읽는 중"),
    (r"technology extraction", "기술 추출 중"),
    (r"resolve\+write", "식별하고 저장하는 중"),
    (r"resolving inventors", "발명자 식별 중"),
]
_COMPILED_NOTES = [(re.compile(pattern, re.DOTALL), template) for pattern, template in _NOTES]


_MORE = re.compile(r" and (\d+) more$")
_LINES = re.compile(r"\(lines? ([^)]*)\)")
_LEDGER_ENTRY = re.compile(r"the load ledger's entry of (.+?)(?=, |$)")


def note_in_korean(message: str) -> str:
    """A run's message (its notes joined by '; ', or the stage it is at) in Korean, note by note; a note this
    module does not know stays in English."""
    return "; ".join(_said(_COMPILED_NOTES, note) for note in message.split("; "))


def _said(patterns: list[tuple[re.Pattern[str], str]], text: str) -> str:
    """``text`` in the words of the first pattern it matches, or as it is."""
    for pattern, template in patterns:
        if match := pattern.fullmatch(text):
            values = match.groupdict()
            if "choices" in values:  # an enumeration's values, listed
                values["choices"] = ", ".join(f"'{c}'" for c in _ENUM_CHOICE.findall(values["choices"]))
            if "spans" in values:  # columns and the lines they were read into
                values["spans"] = _LINES.sub(r"(\1행)", _MORE.sub(r" 외 \1개", values["spans"]))
            if "ids" in values:  # records listed by their ids (``curation._few``), and a file's ledger entry
                values["ids"] = _LEDGER_ENTRY.sub(r"\1의 불러오기 장부 항목", _MORE.sub(r" 외 \1개", values["ids"]))
            return template.format(**values)
    return text


def known(reason: str) -> bool:
    """Whether ``reason`` has a Korean rendering."""
    return any(pattern.fullmatch(reason) for pattern, _ in _COMPILED)
