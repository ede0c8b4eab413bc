"""The journeys people take through the web UI, in headless Chromium, with a screenshot of each page."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from graph.schema import Organization, Outreach, Person, Publication
from tests.factories import affiliated, org, person
from tests.web.conftest import Live, Visit


def test_search_company_partners_evidence_graph(visit: Visit, live: Live) -> None:
    visit.login(live.keys["viewer"])
    visit.page.fill("#q", "포토닉스")
    visit.page.click("form.searchbar button")
    visit.page.wait_for_selector(".hit")
    visit.shot("01-search")
    assert visit.page.locator(".facets").count() == 1
    company = visit.page.locator(".hit", has=visit.page.locator(".badge-organization")).first
    assert "기업" in company.inner_text() and "company" not in company.inner_text()  # its kind in Korean
    company.locator("a").click()
    visit.page.wait_for_selector(".rec")
    first = visit.page.locator(".rec").first
    first.locator("summary").click()
    assert first.locator(".chips li").count() > 0 and first.locator(".sentence").inner_text()
    assert first.locator("table.parts tr").count() >= 5
    shown = visit.page.locator("main").inner_text()  # the graph's terms in Korean, not as stored
    assert "사업자등록번호" in shown and "텍스트 유사도" in shown and "기술" in first.locator(".paths").inner_text()
    assert not re.search(r"business_number|HAS_TECHNOLOGY|closest_document", shown)
    with visit.page.expect_download() as download:  # the list as a spreadsheet, in the order shown
        visit.page.click("#rec-export")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0]["candidate"] == first.locator(".rec-name").inner_text() and rows[0]["이유"]
    visit.shot("02-company-partners")
    visit.page.click("text=관계망 보기")
    visit.page.wait_for_selector("#graph[data-ready=true]")
    visit.shot("03-graph")


def test_patent_licensees_and_csv_export(visit: Visit, live: Live) -> None:
    visit.login(live.keys["tto"])
    visit.go("/tto")
    visit.page.select_option("#org", label="광주과학기술원")
    visit.page.click("form.inline button")
    visit.page.wait_for_selector("table.portfolio tbody tr")
    visit.shot("04-tto-portfolio")
    with visit.page.expect_download() as waited:
        visit.page.click("#csv-export")
    path = Path(waited.value.path())
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["patent_id", "title", "year"] and len(rows) > 1
    patent = visit.page.locator("table.portfolio tbody tr td a").first
    patent.click()
    visit.page.wait_for_selector(".rec")
    assert visit.page.locator("#recs").inner_text() == "추천 기술이전 기업"
    visit.shot("05-patent-licensees")
    visit.go("/search?q=GIST")  # the institute by its acronym, and its portfolio from its page
    visit.page.locator(".hit a").first.click()
    assert visit.page.locator("h1").inner_text() == "광주과학기술원"
    visit.page.click("#portfolio-link")
    visit.page.wait_for_selector("table.portfolio tbody tr")


def test_person_cofounders(visit: Visit, live: Live) -> None:
    visit.login(live.keys["viewer"])
    founder = next(iter(live.store.stream_edges("FOUNDED")))[0][0]
    visit.go(f"/e/{founder}")
    visit.page.wait_for_selector(".rec")
    assert visit.page.locator("#recs").inner_text() == "추천 공동창업자"
    visit.shot("06-person-cofounders")


def test_free_text_need_in_korean(visit: Visit, live: Live) -> None:
    visit.login(live.keys["viewer"])
    _ask_need(visit, "자율주행 차량용 라이다 센서의 신호 처리 기술이 필요합니다")
    assert visit.page.locator("#need-results .rec").count() == 10
    text = visit.page.locator("#need-results").inner_text()
    assert re.search("라이다|LiDAR|자율주행", text)
    visit.shot("07-need")
    _save_need(visit, "라이다 협력")
    first = visit.page.locator("#need-results .rec").first.get_attribute("data-id")
    _run_saved_need(visit, "라이다 협력")
    assert "라이다 협력" in visit.page.locator("#found").inner_text()
    assert visit.page.locator("#need-results .rec").first.get_attribute("data-id") == first
    assert visit.page.locator(".new-badge").count() == 0  # its first visit: nothing to compare with yet
    assert "마지막 실행" in visit.page.locator(".saved-needs").inner_text()


def _ask_need(visit: Visit, text: str) -> None:
    """Write a need on the need page and wait for its researchers."""
    visit.go("/need")
    visit.page.fill("#text", text)
    visit.page.click("form.need button[type=submit]")
    visit.page.wait_for_selector("#need-results .rec")


def _save_need(visit: Visit, name: str) -> None:
    """Save the need just asked under ``name``, and wait for it in the list of saved needs."""
    visit.page.fill("form.save input[name=name]", name)
    visit.page.click("form.save button")
    visit.page.wait_for_selector(f"text={name}")


def _run_saved_need(visit: Visit, name: str) -> None:
    visit.page.locator(".saved-needs li", has_text=name).locator("a.run-saved").click()
    visit.page.wait_for_selector("#need-results .rec")


def test_a_founder_not_in_the_graph_finds_co_founders(visit: Visit, live: Live) -> None:
    """A technical founder describes the start-up in words and is offered business people in its field, a page
    at a time."""
    visit.login(live.keys["viewer"])
    visit.go("/")
    visit.page.click("nav[aria-label=main] a[href='/founder']")
    visit.page.fill("#text", "자율주행 차량용 라이다 센서를 개발해 창업하려고 합니다")
    visit.page.select_option("select[name=brings]", "technical")
    visit.page.click("form.need button[type=submit]")
    visit.page.wait_for_selector("#founder-results .rec")
    assert visit.page.locator("#founder-results .rec").count() == 10
    sentences = visit.page.locator("#founder-results .sentence").all_inner_texts()
    assert sum("사업·경영" in s for s in sentences) >= 8 and any(re.search("라이다|자율주행", s) for s in sentences)
    visit.shot("16-founder")
    first = visit.page.locator("#founder-results .rec").first.get_attribute("data-id")
    visit.page.click("#founder-results .pager a.next")
    visit.page.wait_for_selector("#founder-results ol.recs[start='11']")
    assert first not in {visit.page.locator("#founder-results .rec").nth(i).get_attribute("data-id")
                         for i in range(visit.page.locator("#founder-results .rec").count())}


def test_a_tech_transfer_office_finds_licensees_for_an_invention_not_filed_yet(visit: Visit, live: Live) -> None:
    """From the portfolio page to an invention described in words with an IPC code: companies with evidence; a
    code that is not one is named in the error, with the form as it was."""
    visit.login(live.keys["tto"])
    visit.go("/tto")
    visit.page.click("#invention-link")
    visit.page.fill("#text", "라이다 센서용 광검출기 어레이와 신호 처리 회로")
    visit.page.fill("input[name=ipc]", "G01S 7/48; H01L")
    visit.page.click("form.need button[type=submit]")
    visit.page.wait_for_selector("#invention-results .rec")
    assert visit.page.locator("#invention-results .rec").count() == 10
    assert all(i.startswith("org:") for i in visit.page.locator("#invention-results .rec").evaluate_all(
        "nodes => nodes.map(n => n.dataset.id)"))
    visit.shot("17-invention-licensees")
    visit.page.fill("input[name=ipc]", "G01S; lidar")
    visit.page.click("form.need button[type=submit]")
    visit.page.wait_for_selector("#invention-error")
    assert "lidar" in visit.page.locator("#invention-error").inner_text()
    assert visit.page.locator("#text").input_value() == "라이다 센서용 광검출기 어레이와 신호 처리 회로"
    visit.expect_error("status of 400")


def test_admin_upload_with_bad_rows(visit: Visit, live: Live, tmp_path: Path) -> None:
    upload = tmp_path / "new-companies.csv"
    upload.write_text("name_ko,name_en,business_number,region,description,비고\n"
                      "누리옵틱스,Nuri Optics,,광주,광섬유 센서 전문,\n"
                      "잘못된번호,Wrong Number,123-45-67891x,광주,,\n"
                      ",,,광주,이름 없음,\n"
                      "<script>window.__xss=1</script><b>볼드</b>,Markup Co,,광주,마크업 이름,\n", encoding="utf-8")
    visit.login(live.keys["admin"])
    visit.go("/admin")
    visit.shot("08-admin")
    visit.page.set_input_files("input[name=file]", str(upload))
    visit.page.select_option("select[name=kind]", "organizations")
    visit.page.click("#upload-submit")
    visit.page.wait_for_selector("#job-state[data-status=done]", timeout=60_000)
    assert visit.page.locator("#job-state").inner_text() == "완료"  # the run's status in Korean
    assert visit.page.locator("#rejected-count").inner_text() == "2"
    rows = visit.page.locator("table.rejects tbody tr")
    assert rows.count() == 2 and "business" in rows.first.inner_text()
    assert "사업자등록번호는 10자리여야 합니다" in rows.first.inner_text()  # the reason in the page's language
    assert visit.page.locator("#job-message").inner_text() == (
        "읽지 않은 열(organizations 매핑의 어느 항목도 가리키지 않음): 비고")  # the run's note in Korean
    visit.shot("09-import-rejects")
    names = {n.display_name() for chunk in live.store.stream_nodes("Organization") for n in chunk}
    assert "누리옵틱스" in names and "잘못된번호" not in names  # nothing of a rejected row was written
    visit.go("/search?q=누리옵틱스")
    visit.page.wait_for_selector(".hit")
    assert "누리옵틱스" in visit.page.locator(".hitlist").inner_text()
    visit.go("/search?q=Markup")
    visit.page.locator(".hit a", has_text="<script>").first.click()
    heading = visit.page.locator("h1").inner_text()
    assert heading.startswith("<script>window.__xss=1</script>")  # shown as text, not run
    assert visit.page.evaluate("window.__xss") is None
    visit.shot("10-escaped-name")


def test_admin_fills_a_downloaded_template(visit: Visit, live: Live, tmp_path: Path) -> None:
    visit.login(live.keys["admin"])
    visit.go("/admin")
    with visit.page.expect_download() as waited:
        visit.page.click("p.templates a:text('people')")
    header = next(csv.reader(io.StringIO(Path(waited.value.path()).read_text(encoding="utf-8-sig"))))
    assert header[:3] == ["person_id", "성명", "영문성명"] and "소속" in header  # Korean column names
    row = dict.fromkeys(header, "") | {"성명": "한가람", "소속": "광주과학기술원", "역할": "연구자",
                                       "전문분야": "라이다, 광검출기"}
    filled = tmp_path / "people.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, [row[c] for c in header]])
    visit.page.set_input_files("input[name=file]", str(filled))
    visit.page.select_option("select[name=kind]", "people")
    visit.page.click("#upload-submit")
    visit.page.wait_for_selector("#job-state[data-status=done]", timeout=60_000)
    assert visit.page.locator("#rejected-count").inner_text() == "0"
    [person] = [n for chunk in live.store.stream_nodes("Person") for n in chunk if n.display_name() == "한가람"]
    assert person.skills == ["라이다", "광검출기"] and person.roles == ["researcher"]  # type: ignore[attr-defined]


def test_admin_uploads_the_named_sheet_of_a_workbook_below_its_title(visit: Visit, live: Live, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "2023"
    book.active.append(["성명", "소속"])
    book.active.append(["작년사람", "광주과학기술원"])
    sheet = book.create_sheet("2024")
    sheet.append(["2024년 연구 인력 현황"])
    sheet.append([])
    sheet.append(["성명", "소속", "전문분야"])
    sheet.append(["올해사람", "광주과학기술원", "라이다"])
    book.save(tmp_path / "인력현황.xlsx")
    visit.login(live.keys["admin"])
    visit.go("/admin")
    visit.page.set_input_files("input[name=file]", str(tmp_path / "인력현황.xlsx"))
    visit.page.select_option("select[name=kind]", "people")
    visit.page.fill("input[name=sheet]", "2024")
    visit.page.click("#upload-submit")
    visit.page.wait_for_selector("#job-state[data-status=done]", timeout=60_000)
    status = visit.page.locator("#job-status").inner_text()
    assert "시트 '2024'을(를) 읽었습니다" in status and "머리글을 3행에서 찾았습니다" in status  # the notes in Korean
    assert "read sheet '2024'" in str(visit.page.locator("#job-message").get_attribute("title"))  # and in English
    names = {n.display_name() for chunk in live.store.stream_nodes("Person") for n in chunk}
    assert "올해사람" in names and "작년사람" not in names
    visit.shot("13-named-sheet")


def test_admin_checks_a_files_columns_changes_one_and_loads_it_again(visit: Visit, live: Live, tmp_path: Path) -> None:
    upload = tmp_path / "협력사 목록.csv"
    upload.write_text("Company,회사 이름,Reg. No,Web,Memo\n"
                      "Saebit Lidar Co. Ltd.,새빛라이다,417-81-09232,www.saebit.kr,광주\n", encoding="utf-8")
    _import_file(visit, live, upload)  # the template names none of its columns: the row has no name
    assert visit.page.locator("#rejected-count").inner_text() == "1"
    visit.page.click("#check-job-columns")
    visit.page.wait_for_selector("#columns")
    chosen = {row.get_attribute("data-column"): row.locator("select").input_value()
              for row in visit.page.locator("#columns tbody tr").all()}
    assert chosen == {"Company": "name_en", "회사 이름": "name_ko", "Reg. No": "business_number", "Web": "homepage",
                      "Memo": ""}
    reg_row = visit.page.locator("#columns tbody tr[data-column='Reg. No']").inner_text()
    assert "값 1개 중 1개가 형식에 맞음" in reg_row and "417-81-09232" in reg_row  # why, in Korean, and its value
    visit.shot("26-check-columns")
    visit.page.select_option("#columns tr[data-column='Memo'] select", "homepage")  # taken by Web: refused
    visit.page.click("#columns-load")
    assert "homepage is chosen for two columns" in visit.page.locator("#columns-problem").inner_text()
    visit.expect_error("status of 400")
    visit.page.select_option("#columns tr[data-column='Memo'] select", "region")
    with visit.page.expect_download() as waited:
        visit.page.click("#columns-yaml")
    assert "region: Memo" in Path(waited.value.path()).read_text(encoding="utf-8")
    visit.page.click("#columns-load")
    visit.page.wait_for_selector("#job-state[data-status=done]", timeout=60_000)
    assert visit.page.locator("#rejected-count").inner_text() == "0"
    org = live.store.get("org:brn-4178109232")
    assert org is not None and (org.name_ko, org.name_en, org.region) == (  # type: ignore[attr-defined]
        "새빛라이다", "Saebit Lidar Co. Ltd.", "광주")
    assert visit.page.locator("#check-job-columns").count() == 0  # every column read now
    visit.go("/admin")  # or checked before the first load
    visit.page.set_input_files("input[name=file]", str(upload))
    visit.page.select_option("select[name=kind]", "people")
    visit.page.click("#check-columns")
    visit.page.wait_for_selector("#columns")
    assert visit.page.locator("#columns tr[data-column='Company'] select").input_value() == "organization"


def test_admin_joins_a_name_written_in_two_columns_by_choosing_one_field_for_both(visit: Visit, live: Live,
                                                                                  tmp_path: Path) -> None:
    upload = tmp_path / "Mitarbeiter.csv"
    upload.write_text("Vorname,Nachname,E-Mail\nMinsu,Kim,minsu.kim@gist.ac.kr\n", encoding="utf-8")
    visit.login(live.keys["admin"])
    visit.go("/admin")
    visit.page.set_input_files("input[name=file]", str(upload))
    visit.page.select_option("select[name=kind]", "people")
    visit.page.click("#check-columns")
    visit.page.wait_for_selector("#columns")
    chosen = {row.get_attribute("data-column"): row.locator("select").input_value()
              for row in visit.page.locator("#columns tbody tr").all()}
    assert chosen == {"Vorname": "name_en", "Nachname": "", "E-Mail": "email"}  # 'Vorname' holds 'name'
    visit.page.select_option("#columns tr[data-column='Nachname'] select", "name_en")  # the family name joins it
    with visit.page.expect_download() as waited:
        visit.page.click("#columns-yaml")
    assert "joined:\n  name_en:\n  - Vorname\n  - Nachname" in Path(waited.value.path()).read_text(encoding="utf-8")
    visit.page.click("#columns-load")
    visit.page.wait_for_selector("#job-state[data-status=done]", timeout=60_000)
    names = {n.display_name() for chunk in live.store.stream_nodes("Person") for n in chunk}
    assert "Minsu Kim" in names and "Minsu" not in names


def _import_file(visit: Visit, live: Live, upload: Path, kind: str = "organizations") -> None:
    """Log in as an administrator and import ``upload`` as ``kind`` from the admin page, until the job is done."""
    visit.login(live.keys["admin"])
    visit.go("/admin")
    visit.page.set_input_files("input[name=file]", str(upload))
    visit.page.select_option("select[name=kind]", kind)
    visit.page.click("#upload-submit")
    visit.page.wait_for_selector("#job-state[data-status=done]", timeout=60_000)


def test_an_import_shows_its_possible_duplicates_to_decide(visit: Visit, live: Live, tmp_path: Path) -> None:
    upload = tmp_path / "near-names.csv"
    # near names in two regions, nothing backs the match: a pair to review
    upload.write_text("name_ko,region\n한누리광학,광주\n한누리광학기,전남\n", encoding="utf-8")
    _import_file(visit, live, upload)
    row = visit.page.locator("table.reviews tr").first
    assert "한누리광학" in row.inner_text() and "한누리광학기" in row.inner_text()
    reasons = row.locator("ul.reasons").inner_text()  # why, in words: no evidence JSON
    assert "이름 유사도" in reasons and "뒷받침하는 다른 근거 없음" in reasons and "{" not in row.inner_text()
    with visit.page.expect_download() as waited:
        visit.page.click("#review-report")
    report = list(csv.DictReader(io.StringIO(Path(waited.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(r["left_name"], r["right_name"]) for r in report] == [("한누리광학", "한누리광학기")]
    assert "이름 유사도" in report[0]["reasons_ko"] and "alike" in report[0]["reasons_en"]  # why, in words
    visit.shot("12-import-review")
    row.locator("button", has_text="병합 승인").click()
    visit.page.wait_for_selector("table.reviews td.done")
    names = {n.display_name() for chunk in live.store.stream_nodes("Organization") for n in chunk}
    assert "한누리광학" in names and "한누리광학기" not in names  # merged into the first
    visit.go("/admin")
    merge = visit.page.locator("tr.merge", has_text="관리자 승인").first  # the merge, by name, with its reasons
    assert "한누리광학 ← 한누리광학기" in merge.inner_text() and "이름 유사도" in merge.inner_text()


def test_admin_decides_many_pairs_in_a_spreadsheet(visit: Visit, live: Live, tmp_path: Path) -> None:
    upload = tmp_path / "two-pairs.csv"
    upload.write_text("name_ko,region\n한마루광학,광주\n한마루광학기,전남\n빛나래전자,광주\n빛나래전자기,전남\n",
                      encoding="utf-8")
    _import_file(visit, live, upload)
    visit.go("/admin")
    with visit.page.expect_download() as waited:
        visit.page.click("#all-reviews")
    text = Path(waited.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    ours = {r["left_name"]: r for r in rows if r["left_name"] in ("한마루광학", "빛나래전자")}
    assert set(ours) == {"한마루광학", "빛나래전자"} and all(r["decision"] == "" for r in rows)
    ours["한마루광학"]["decision"], ours["빛나래전자"]["decision"] = "승인", "글쎄요"  # the second: not a decision
    filled = tmp_path / "decided.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(ours.values())
    visit.page.set_input_files("input[name=decisions]", str(filled))
    visit.page.click("#decisions-form button[type=submit]")
    decided = visit.page.locator("#decided").inner_text()
    assert "decided.csv" in decided and "병합 1" in decided and "적용하지 못한 행 1" in decided
    assert "글쎄요" in visit.page.locator("#decided table.problems").inner_text()
    names = {n.display_name() for chunk in live.store.stream_nodes("Organization") for n in chunk}
    assert "한마루광학기" not in names and {"빛나래전자", "빛나래전자기"} <= names
    total = live.store.count("ReviewItem", where={"status": "open"})
    assert f"{total}" in visit.page.locator("#review-count").inner_text()
    visit.shot("14-review-decisions")


def test_viewer_cannot_reach_admin_pages(visit: Visit, live: Live) -> None:
    visit.go("/admin")
    assert visit.page.url.startswith(live.url + "/login")
    visit.login(live.keys["viewer"])
    visit.go("/search?q=GIST")
    visit.page.locator(".hit a").first.click()
    assert visit.page.locator("#portfolio-link").count() == 0  # the portfolio is for tech transfer offices
    response = visit.page.goto(live.url + "/admin")
    assert response is not None and response.status == 403
    assert "권한" in visit.page.locator("main").inner_text()
    assert visit.page.locator("header nav a", has_text="관리").count() == 0
    visit.shot("11-viewer-forbidden")
    response = visit.page.goto(live.url + "/admin/add/organizations")
    assert response is not None and response.status == 403
    visit.expect_error("status of 403")


def test_language_toggle_and_dashboard(visit: Visit, live: Live) -> None:
    visit.login(live.keys["viewer"])
    visit.go("/dashboard")
    visit.page.wait_for_selector("#charts[data-ready=true]")
    visit.page.click("#lang-toggle")
    visit.page.wait_for_selector("text=Cluster at a glance")
    assert visit.page.locator("html").get_attribute("lang") == "en"
    assert "(viewer)" in visit.page.locator("header .who").inner_text()
    kinds = visit.page.locator("#by-kind th").all_inner_texts()
    assert "company" in kinds and "university" in kinds  # organisations by kind, in the page's language
    visit.shot("12-dashboard-en")
    visit.page.keyboard.press("Tab")
    assert visit.page.evaluate("document.activeElement.className") == "skip"


def test_admin_corrects_a_record_and_folds_a_duplicate_into_it(visit: Visit, live: Live) -> None:
    """An administrator changes fields on a record's page; a bad value is refused naming its field, with nothing
    stored; a duplicate named by its id is folded in (and listed among the merges to undo). Viewers see no form."""
    live.store.upsert_nodes([org(901, name_ko="교정광학", name_en=None, employees=3),
                             org(902, name_ko="교정광학 주식회사 (중복)", name_en="Gyojeong Optics")])
    visit.login(live.keys["admin"])
    visit.go("/e/org:o901")
    visit.page.click("#edit summary")
    visit.page.fill("form.edit-form input[name=employees]", "12")
    visit.page.fill("form.edit-form input[name=aliases]", "Correction Optics; 교정")
    visit.page.select_option("form.edit-form select[name=size]", "small")
    visit.page.click("form.edit-form button[type=submit]")
    visit.page.wait_for_selector("#edit-notice")
    node = live.store.get("org:o901")
    assert isinstance(node, Organization) and (node.employees, node.aliases, node.size) == (
        12, ["Correction Optics", "교정"], "small")
    assert node.source == "web-edit"
    visit.page.click("#edit summary")
    visit.page.fill("form.edit-form input[name=business_number]", "123")
    visit.page.fill("form.edit-form input[name=employees]", "99")
    visit.page.click("form.edit-form button[type=submit]")
    visit.page.wait_for_selector("#edit-error")
    assert "business_number" in visit.page.locator("#edit-error").inner_text()
    assert visit.page.locator("form.edit-form input[name=employees]").input_value() == "99"  # as submitted
    visit.expect_error("status of 422")
    unchanged = live.store.get("org:o901")
    assert isinstance(unchanged, Organization) and (unchanged.business_number, unchanged.employees) == (None, 12)
    visit.page.fill("form.merge-form input[name=drop_id]", "org:o902")
    visit.page.click("form.merge-form button[type=submit]")
    visit.page.wait_for_selector("#edit-notice")
    kept = live.store.get("org:o901")
    assert live.store.get("org:o902") is None and isinstance(kept, Organization) and "Gyojeong Optics" in kept.names()
    history = visit.page.locator("table.corrections tr.correction")
    assert history.count() == 2  # the merge, then the edit (the refused one left none)
    assert "교정광학 주식회사 (중복)" in history.nth(0).inner_text() and "종업원" in history.nth(1).inner_text()
    visit.shot("13-record-corrected")
    visit.go("/admin")
    assert "교정광학" in visit.page.locator("main").inner_text()  # the merge, to undo from here
    visit.page.click("tr.edit-record:has-text('교정광학') button")  # and the edit, but the merge came after it
    assert "aliases" in visit.page.locator("main").inner_text()  # changed since: refused, naming the field
    visit.expect_error("status of 409")
    visit.go("/admin")
    visit.page.click("tr.merge:has-text('교정광학') button")
    visit.page.wait_for_selector("#edit-notice")  # on the kept record's page; no file was loaded since the merge
    assert visit.page.url.endswith("/e/org:o901?done=merge_undone")
    assert "병합을 되돌렸습니다" in visit.page.locator("#edit-notice").inner_text()
    assert live.store.get("org:o902") is not None
    visit.go("/admin")
    visit.page.click("tr.edit-record:has-text('교정광학') button")
    visit.page.wait_for_selector("#edit-notice")
    assert visit.page.url.endswith("/e/org:o901?done=edit_undone")
    undone = live.store.get("org:o901")
    assert isinstance(undone, Organization) and (undone.employees, undone.aliases, undone.size) == (3, [], None)
    visit.login(live.keys["viewer"])
    visit.go("/e/org:o901")
    assert visit.page.locator("#edit").count() == 0 and visit.page.locator("table.corrections").count() == 0


def test_an_import_again_keeps_what_the_admin_corrected_and_says_so(visit: Visit, live: Live, tmp_path: Path) -> None:
    """A record corrected on its page keeps the correction when its file is imported again; the import lists it."""
    upload = tmp_path / "kept-companies.csv"
    upload.write_text("name_ko,name_en,business_number,region\n새빛포토닉스,Saebit Potonics,,광주\n", encoding="utf-8")
    _import_file(visit, live, upload)
    (node,) = live.store.find("Organization", "name_ko", ["새빛포토닉스"])
    visit.go(f"/e/{node.id}")
    visit.page.click("#edit summary")
    visit.page.fill("form.edit-form input[name=name_en]", "Saebit Photonics")  # the file's typo, corrected
    visit.page.click("form.edit-form button[type=submit]")
    visit.page.wait_for_selector("#edit-notice")
    _import_file(visit, live, upload)
    row = visit.page.locator("#run-corrections tr[data-what=edited]")
    assert row.count() == 1 and row.get_attribute("data-record") == node.id
    assert "새빛포토닉스" in row.inner_text() and "영문명" in row.inner_text() and "고친 값을 유지" in row.inner_text()
    visit.shot("25-import-keeps-corrections")
    kept = live.store.get(node.id)
    assert isinstance(kept, Organization) and kept.name_en == "Saebit Photonics"


def test_admin_deletes_a_record_and_restores_it(visit: Visit, live: Live) -> None:
    """Deleting asks for a ticked box; the deletion is listed on the admin page, whose Restore button puts the
    record back with its relationships."""
    live.store.upsert_nodes([org(911, name_ko="삭제시험광학", name_en=None), person(911)])
    live.store.upsert_edges([affiliated(911, 911)])
    visit.login(live.keys["admin"])
    visit.go("/e/org:o911")
    visit.page.click("#edit summary")
    visit.page.click("form.delete-form button[type=submit]")  # the box is not ticked: nothing is sent
    assert live.store.get("org:o911") is not None and visit.page.url.endswith("/e/org:o911")
    visit.page.check("form.delete-form input[name=confirm]")
    visit.page.click("form.delete-form button[type=submit]")
    visit.page.wait_for_selector("#deleted-notice")
    assert live.store.get("org:o911") is None and live.store.neighbours("per:p911") == []
    assert "삭제시험광학" in visit.page.locator("#deleted-notice").inner_text()
    visit.shot("15-record-deleted")
    visit.page.click("tr.deletion:has-text('삭제시험광학') button")
    visit.page.wait_for_selector("#edit-notice")
    assert visit.page.url.endswith("/e/org:o911?done=restored")
    assert "다시 적재하면 들어옵니다" in visit.page.locator("#edit-notice").inner_text()  # what files it missed do now
    assert [n.node.id for n in live.store.neighbours("org:o911")] == ["per:p911"]
    visit.go("/admin")
    assert visit.page.locator("tr.deletion:has-text('삭제시험광학') button").count() == 0  # restored: no button


def test_admin_gives_a_tech_transfer_office_a_key_and_revokes_it(visit: Visit, live: Live) -> None:
    """A key made on the keys page is shown once and works at once; revoked, it no longer signs in. The key the
    administrator is using has no revoke button."""
    visit.login(live.keys["admin"])
    visit.go("/admin")
    visit.page.click("#keys-link")
    assert visit.page.locator("tr.key:has-text('web-admin') button").count() == 0  # not one's own key
    visit.page.fill("form.key-form input[name=name]", "전남대 기술이전센터")
    visit.page.select_option("form.key-form select[name=role]", "tto")
    visit.page.click("form.key-form button[type=submit]")
    visit.page.wait_for_selector("#key-created")
    key = visit.page.locator("#new-key").inner_text().strip()
    assert key.startswith("ink_") and "전남대 기술이전센터" in visit.page.locator("#key-created").inner_text()
    visit.shot("18-api-keys")
    me = visit.page.request.get(visit.url + "/api/v1/me", headers={"X-API-Key": key})
    assert me.json() == {"name": "전남대 기술이전센터", "role": "tto"}  # works at once
    visit.go("/admin/keys")  # shown once: not when the page is opened again
    assert visit.page.locator("#new-key").count() == 0
    own = visit.page.locator("tr.key:has-text('web-admin')").get_attribute("data-id")
    token = visit.page.locator("form.key-form input[name=csrf]").input_value()
    refused = visit.page.request.post(f"{visit.url}/admin/keys/{own}/revoke", form={"csrf": token})
    assert refused.status == 409  # the server refuses it too
    visit.page.click("tr.key:has-text('전남대 기술이전센터') button")
    visit.page.wait_for_url(visit.url + "/admin/keys")
    assert "기술이전센터" in visit.page.locator("tr.key:has-text('전남대')").inner_text()
    visit.go("/login")
    visit.page.fill("#key", key)
    visit.page.click("form.login button[type=submit]")
    visit.page.wait_for_selector(".error")
    assert visit.page.url.startswith(visit.url + "/login")
    visit.expect_error("status of 401")


def test_admin_adds_records_by_hand(visit: Visit, live: Live) -> None:
    """From a patent's page an administrator records a licence (the patent filled in, the licensee named as the
    company writes itself); on the admin page's form a check says a record is one the graph holds, a bad field is
    refused naming it with nothing written, and a new company is added and shown."""
    patent = next(p for p in live.store.list_nodes("Patent", limit=50)
                  if not any(n.edge.label == "LICENSED_TO" for n in live.store.neighbours(p.id)))
    company = next(o for o in live.store.list_nodes("Organization", limit=200)
                   if isinstance(o, Organization) and o.kind == "company" and o.name_ko)
    visit.login(live.keys["admin"])
    visit.go(f"/e/{patent.id}")
    visit.page.click("#add-here a")
    assert visit.page.locator("#add-form input[name=patent]").input_value() == patent.id
    visit.page.fill("#add-form input[name=licensee]", str(company.name_ko))
    visit.page.fill("#add-form input[name=year]", "2025")
    visit.page.select_option("#add-form select[name=exclusive]", "true")
    visit.shot("19-record-added-by-hand")
    visit.page.click("#add-form button[type=submit]")
    visit.page.wait_for_selector("#edit-notice")
    assert visit.page.url.endswith(f"/e/{patent.id}?done=added_created")
    licensed = [n for n in live.store.neighbours(patent.id) if n.edge.label == "LICENSED_TO"]
    assert [n.node.id for n in licensed] == [company.id] and getattr(licensed[0].edge, "exclusive", None) is True
    assert company.display_name() in visit.page.locator("section[aria-labelledby=links]").inner_text()

    visit.go("/admin")
    visit.page.click("#add-link")
    visit.page.fill("#add-form input[name=name_ko]", str(company.name_ko))
    visit.page.check("#add-form input[name=check_only]")
    visit.page.click("#add-form button[type=submit]")
    visit.page.wait_for_selector("#add-checked")
    assert company.id in visit.page.locator("#add-checked").inner_text()
    assert visit.page.locator("#add-checked a").get_attribute("href") == f"/e/{quote(company.id, safe=':')}"
    organisations = live.store.count("Organization")
    visit.page.fill("#add-form input[name=name_ko]", "손으로광학")
    visit.page.fill("#add-form input[name=business_number]", "123-45-67892")
    visit.page.click("#add-form button[type=submit]")
    visit.page.wait_for_selector("#add-error")
    assert "검증번호가 맞지 않습니다" in visit.page.locator("label.invalid").inner_text()  # the reason in Korean
    assert visit.page.locator("#add-form input[name=name_ko]").input_value() == "손으로광학"  # as submitted
    visit.expect_error("status of 422")
    assert live.store.count("Organization") == organisations
    visit.page.fill("#add-form input[name=business_number]", "123-45-67891")
    visit.page.click("#add-form button[type=submit]")
    visit.page.wait_for_selector("#edit-notice")
    assert visit.page.url.endswith("/e/org:brn-1234567891?done=added_created")
    assert live.store.count("Organization") == organisations + 1
    response = visit.page.goto(live.url + "/admin/add/spaceships")
    assert response is not None and response.status == 404
    visit.expect_error("status of 404")
    visit.login(live.keys["viewer"])
    visit.go(f"/e/{patent.id}")
    assert visit.page.locator("#add-here").count() == 0


def test_admin_removes_a_wrong_relationship_and_restores_it(visit: Visit, live: Live) -> None:
    """Each relationship on a record's page has a remove button (administrators); the page then says what went and
    offers to restore it at once, as the admin page's deletions do."""
    live.store.upsert_nodes([org(921, name_ko="관계시험광학", name_en=None),
                             org(922, name_ko="잘못된소속기업", name_en=None), person(921)])
    live.store.upsert_edges([affiliated(921, 921), affiliated(921, 922)])
    visit.login(live.keys["admin"])
    visit.go("/e/per:p921")
    visit.page.click("li:has-text('잘못된소속기업') form.unlink button")
    visit.page.wait_for_selector("#restore-removed")
    assert "잘못된소속기업" in visit.page.locator("#edit-notice").inner_text()
    assert [n.node.id for n in live.store.neighbours("per:p921")] == ["org:o921"]
    assert "잘못된소속기업" not in visit.page.locator("section[aria-labelledby=links]").inner_text()
    visit.shot("20-relationship-removed")
    visit.go("/admin")
    assert visit.page.locator("tr.deletion:has-text('잘못된소속기업') button").count() == 1
    visit.go("/e/org:o922")
    visit.go("/admin")
    visit.page.click("tr.deletion:has-text('잘못된소속기업') button")
    visit.page.wait_for_selector("#edit-notice")
    assert visit.page.url.endswith("/e/per:p921?done=restored")
    assert sorted(n.node.id for n in live.store.neighbours("per:p921")) == ["org:o921", "org:o922"]
    visit.login(live.keys["viewer"])
    visit.go("/e/per:p921")
    assert visit.page.locator("form.unlink").count() == 0


def test_admin_downloads_a_backup_of_the_graph(visit: Visit, live: Live, tmp_path: Path) -> None:
    visit.login(live.keys["admin"])
    visit.go("/admin")
    with visit.page.expect_download() as download:
        visit.page.click("#backup-link")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("innolink-") and path.name.endswith(".jsonl.gz")
    from graph.dump import read_dump

    organisations = sum(1 for _, record in read_dump(path) if getattr(record, "label", "") == "Organization")
    assert organisations == live.store.count("Organization")


def test_a_tech_transfer_office_follows_up_its_licensees(visit: Visit, live: Live) -> None:
    """Mark a recommended licensee declined beside it: it leaves the list (shown again on request, with its status),
    and the follow-up page lists it and exports it."""
    visit.login(live.keys["tto"])
    patent = live.store.list_nodes("Patent", limit=1, offset=3)[0]
    visit.go(f"/e/{quote(patent.id, safe=':')}")
    visit.page.wait_for_selector(".rec form.follow-up")
    first = visit.page.locator(".rec").first
    candidate = first.get_attribute("data-id")
    name = first.locator(".rec-name").inner_text()
    first.locator("select[name=status]").select_option("declined")
    first.locator("input[name=note]").fill("예산 부족으로 보류")
    first.locator("form.follow-up button").click()
    visit.page.wait_for_selector(".notice")
    assert visit.page.locator(".rec").first.get_attribute("data-id") != candidate
    assert visit.page.locator(f'.rec[data-id="{candidate}"]').count() == 0
    visit.page.click("#show-declined")
    visit.page.wait_for_selector(f'.rec[data-id="{candidate}"] .follow-up-status')
    again = visit.page.locator(f'.rec[data-id="{candidate}"]')
    assert again.locator(".follow-up-status").inner_text() == "거절"
    assert again.locator("input[name=note]").input_value() == "예산 부족으로 보류"
    visit.shot("21-follow-up-licensees")
    visit.page.click("nav[aria-label=main] a[href='/outreach']")
    row = visit.page.locator("tr.follow-up-row", has_text=name)
    assert row.count() == 1 and "거절" in row.inner_text() and "예산 부족으로 보류" in row.inner_text()
    visit.shot("22-follow-up-page")
    with visit.page.expect_download() as waited:
        visit.page.click("#outreach-export")
    exported = list(csv.DictReader(io.StringIO(Path(waited.value.path()).read_text(encoding="utf-8-sig"))))
    ours = [(r["candidate_id"], r["status"]) for r in exported if r["query_id"] == patent.id]
    assert ours == [(candidate, "declined")]
    for r in exported:  # the office changes its mind in the spreadsheet, and mistypes another row
        r["status"], r["note"] = "연락함", "다시 연락하기로 함"
    exported.append({**exported[0], "candidate_id": "org:nobody"})
    edited = Path(waited.value.path()).with_name("edited.csv")
    with edited.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(exported[0]))
        writer.writeheader()
        writer.writerows(exported)
    visit.page.set_input_files("#follow-ups", str(edited))
    visit.page.click("#outreach-upload button[type=submit]")
    visit.page.wait_for_selector("#follow-ups-applied")
    applied = visit.page.locator("#follow-ups-applied").inner_text()
    assert "변경 1건" in applied and "문제 1건" in applied and "org:nobody" in applied
    row = visit.page.locator("tr.follow-up-row", has_text=name)
    assert "연락함" in row.inner_text() and "다시 연락하기로 함" in row.inner_text() and "거절" in row.inner_text()
    changed = next(n for n in live.store.list_nodes("Outreach", limit=10) if isinstance(n, Outreach)).updated_at
    assert changed is not None  # shown in Korean time (stored in UTC)
    assert changed.astimezone(ZoneInfo("Asia/Seoul")).strftime("%Y-%m-%d %H:%M") in row.inner_text()
    visit.shot("22-follow-up-page")
    row.locator("a").nth(1).click()  # the company's page: its follow-ups, with the patent it was offered for
    visit.page.wait_for_selector("table.follow-ups")
    assert patent.display_name() in visit.page.locator("table.follow-ups").inner_text()
    assert "연락함" in visit.page.locator("table.follow-ups").inner_text()
    live.store.delete_nodes([n.id for n in live.store.list_nodes("Outreach", limit=100)])


def test_where_a_company_the_office_has_in_mind_ranks_for_a_patent(visit: Visit, live: Live) -> None:
    """A company named in the form below the licensees (found by its name in either script) is placed with its
    score and evidence; the patent's owner is never offered, and the page says why."""
    visit.login(live.keys["viewer"])
    patent = live.store.list_nodes("Patent", limit=1, offset=5)[0]
    visit.go(f"/e/{quote(patent.id, safe=':')}")
    visit.page.wait_for_selector(".rec")
    fifth = visit.page.locator(".rec").nth(4)
    name, candidate = fifth.locator(".rec-name").inner_text(), fifth.get_attribute("data-id")
    visit.page.fill("#standing-name", name)
    visit.page.click("#standing-form button")
    visit.page.wait_for_selector(f'#standing .standing[data-id="{candidate}"]')
    assert "5위" in visit.page.locator(".standing-place").inner_text()
    visit.page.locator("#standing summary").click()
    assert visit.page.locator("#standing table.parts tr").count() >= 5
    visit.shot("23-candidate-standing")
    owner = next(n.node for n in live.store.neighbours(patent.id, edge_types=["APPLICANT_OF"]))
    visit.page.fill("#standing-name", owner.display_name())
    visit.page.click("#standing-form button")
    visit.page.wait_for_selector(f'#standing .standing[data-id="{owner.id}"]')
    assert "추천 대상이 아닙니다" in visit.page.locator(".standing-place").inner_text()
    assert "출원인" in visit.page.locator(".standing-place").inner_text()


def test_admin_finds_the_records_that_need_attention_and_opens_one(visit: Visit, live: Live) -> None:
    visit.login(live.keys["admin"])
    visit.go("/admin")
    visit.page.click("#completeness-link")
    section = visit.page.locator("#gap-company_without_business_number")
    assert "사업자등록번호가 없는 기업" in section.inner_text() and "건 중" in section.inner_text()
    visit.shot("24-records-that-need-attention")
    with visit.page.expect_download() as download:  # every such company, to fill in and import back
        section.locator(".gap-file a").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows and all(r["org_id"].startswith("org:") and not r["business_number"] for r in rows)
    section.locator("a").first.click()
    visit.page.wait_for_selector("h1")
    assert visit.page.url.startswith(visit.url + "/e/org")


def test_an_office_follows_up_the_researchers_of_a_saved_need(visit: Visit, live: Live) -> None:
    visit.login(live.keys["tto"])
    _ask_need(visit, "리튬이온 배터리 관리 시스템의 셀 균등화")
    assert visit.page.locator("#need-results form.follow-up").count() == 0  # a need not saved: nothing to attach to
    _save_need(visit, "배터리 협력 연구자")
    _run_saved_need(visit, "배터리 협력 연구자")
    visit.page.wait_for_selector("#need-results .rec form.follow-up")
    first = visit.page.locator("#need-results .rec").first
    researcher, name = first.get_attribute("data-id"), first.locator(".rec-name").inner_text()
    first.locator("select[name=status]").select_option("contacted")
    first.locator("form.follow-up button").click()
    visit.page.wait_for_selector("#need-results .notice")
    marked = visit.page.locator(f'#need-results .rec[data-id="{researcher}"] .follow-up-status')
    assert marked.inner_text() == "연락함"
    visit.page.fill("#standing-name", name)  # where that researcher stands for the need, with its follow-up
    visit.page.click("#standing-form button")
    visit.page.wait_for_selector(f'#standing .standing[data-id="{researcher}"]')
    assert "1위" in visit.page.locator(".standing-place").inner_text()
    assert visit.page.locator("#standing .follow-up-status").inner_text() == "연락함"
    visit.go("/outreach")
    row = visit.page.locator("tr.follow-up-row", has_text=name)
    assert "배터리 협력 연구자" in row.inner_text() and "협력 연구자" in row.inner_text()
    live.store.delete_nodes([n.id for n in live.store.list_nodes("Outreach", limit=100)])


def test_a_papers_authors_show_the_institute_its_list_named_each_at(visit: Visit, live: Live) -> None:
    visit.login(live.keys["viewer"])
    paper, org_id = next((str(dst), str(at)) for chunk in live.store.stream_edges("AUTHORED", ["organization"])
                         for _, dst, at in chunk if at)  # the sample's Korean papers list '조경영 (광주과학기술원 …)'
    institute = live.store.get(org_id)
    assert institute is not None
    visit.go(f"/e/{quote(paper, safe=':')}")
    shown = visit.page.locator("small.at").all_inner_texts()
    assert shown and all(text.startswith("@ ") for text in shown)
    assert f"@ {institute.display_name()}" in shown


def test_a_researchers_orcid_and_a_papers_doi_link_to_their_public_pages(visit: Visit, live: Live) -> None:
    visit.login(live.keys["viewer"])
    person = next(p for p in live.store.list_nodes("Person", limit=500) if isinstance(p, Person) and p.orcid)
    visit.go(f"/e/{quote(person.id, safe=':')}")
    link = visit.page.locator("dl.props a.external")
    assert link.inner_text() == person.orcid and link.get_attribute("href") == f"https://orcid.org/{person.orcid}"
    paper = next(p for p in live.store.list_nodes("Publication", limit=50) if isinstance(p, Publication) and p.doi)
    visit.go(f"/e/{quote(paper.id, safe=':')}")
    assert visit.page.locator("dl.props a.external").get_attribute("href") == f"https://doi.org/{paper.doi}"


def test_admin_imports_a_web_of_science_export_and_its_authors_show_their_institute_and_orcid(
        visit: Visit, live: Live, tmp_path: Path) -> None:
    export = tmp_path / "savedrecs.txt"
    export.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Yoon, HS\n   Baek, JW\n"
                      "AF Yoon, Hyeon Seok\n   Baek, Ji Won\nTI Photonic integrated lidar receiver for WoS import\n"
                      "SO OPTICS EXPRESS\nC1 [Yoon, Hyeon Seok] Gwangju Inst Sci & Technol, Sch Elect Engn, Gwangju "
                      "61005, South Korea\n   [Baek, Ji Won] Chosun Univ, Dept Photon Engn, Gwangju, South Korea\n"
                      "OI Yoon, Hyeon Seok/0000-0002-1694-233X\nPY 2024\nDI 10.1364/OE.2024.9999\n"
                      "UT WOS:001100000000009\nER\n\nEF\n",
                      encoding="utf-8")
    _import_file(visit, live, export, kind="publications")
    assert visit.page.locator("#rejected-count").inner_text() == "0"
    visit.go(f"/e/{quote('pub:doi-10.1364/oe.2024.9999', safe=':')}")
    assert visit.page.locator("dl.props a.external", has_text="WOS:001100000000009").get_attribute("href") == (
        "https://www.webofscience.com/wos/alldb/full-record/WOS:001100000000009")
    authors = visit.page.locator("li", has=visit.page.locator("small.at")).all_inner_texts()
    assert any("Yoon, Hyeon Seok" in a and "@ 광주과학기술원" in a for a in authors), authors
    visit.page.locator("a", has_text="Yoon, Hyeon Seok").first.click()
    link = visit.page.locator("dl.props a.external")
    assert link.get_attribute("href") == "https://orcid.org/0000-0002-1694-233X"
