"""Every label of the web UI in Korean (the default) and English."""

from __future__ import annotations

from graph.regions import REGIONS

LANGS = ("ko", "en")

LABELS: dict[str, tuple[str, str]] = {
    # (Korean, English)
    "app_tagline": ("광주 혁신 클러스터 연구·산업 연계 플랫폼", "Research–industry linkage for the Gwangju cluster"),
    "nav_search": ("검색", "Search"),
    "nav_need": ("기술 수요", "Find partners"),
    "nav_founder": ("공동창업자 찾기", "Find co-founders"),
    "nav_dashboard": ("현황", "Dashboard"),
    "nav_tto": ("기술이전", "Tech transfer"),
    "nav_admin": ("관리", "Admin"),
    "nav_login": ("로그인", "Log in"),
    "nav_logout": ("로그아웃", "Log out"),
    "skip": ("본문 바로가기", "Skip to content"),
    "language": ("English", "한국어"),
    "search_placeholder": ("기업, 연구자, 특허, 기술 이름", "Company, researcher, patent or technology"),
    "search_button": ("검색", "Search"),
    "search_label": ("검색어", "Search terms"),
    "results": ("검색 결과", "Results"),
    "no_results": ("결과가 없습니다.", "Nothing found."),
    "facet_type": ("유형", "Type"),
    "facet_region": ("지역", "Region"),
    "facet_year": ("연도", "Year"),
    "facet_institution": ("기관", "Institution"),
    "facet_industry": ("산업", "Industry"),
    "clear_filters": ("필터 해제", "Clear filters"),
    "previous": ("이전", "Previous"),
    "next": ("다음", "Next"),
    "page_of": ("{count}건 중 {start}–{end}", "{start}–{end} of {count}"),
    "type_Organization": ("기관·기업", "Organisation"),
    "type_Person": ("인물", "Person"),
    "type_Patent": ("특허", "Patent"),
    "type_Publication": ("논문", "Publication"),
    "type_Project": ("과제", "Project"),
    "type_Technology": ("기술", "Technology"),
    "type_Industry": ("산업", "Industry"),
    "profile": ("기본 정보", "Profile"),
    "provenance": ("출처", "Provenance"),
    "named_at": ("목록에 적힌 소속", "The organisation the list names them at"),
    "provenance_help": ("이 정보를 만든 원본 파일과 행", "The source file and row of each fact"),
    "links": ("연결", "Links"),
    "graph_view": ("관계망 보기", "Graph view"),
    "partners_title": ("추천 연구 파트너", "Recommended research partners"),
    "licensees_title": ("추천 기술이전 기업", "Recommended licensees"),
    "cofounders_title": ("추천 공동창업자", "Recommended co-founders"),
    "score": ("점수", "Score"),
    "score_parts": ("점수 구성", "Score parts"),
    "evidence": ("근거", "Evidence"),
    "shared_technologies": ("공유 기술", "Shared technologies"),
    "similar_documents": ("유사 특허·논문", "Similar patents and papers"),
    "paths": ("연결 경로", "Graph paths"),
    "ranker_learned": ("학습된 순위 모델", "learned ranker"),
    "ranker_default": ("기본 가중치", "default weights"),
    "founder_title": ("창업하려는 일을 설명하세요", "Describe what you are founding"),
    "founder_help": ("그래프에 없는 창업자도 찾을 수 있습니다. 그래프에 있는 연구자는 자기 페이지에서 추천을 봅니다.",
                     "For a founder not in the graph; a researcher in it finds their co-founders on their own page."),
    "founder_label": ("무엇을 만들거나 연구하나요? (한국어 또는 영어)",
                      "What you work on or plan to build (Korean or English)"),
    "founder_placeholder": ("예: 자율주행 차량용 라이다 센서를 개발해 창업하려고 합니다",
                            "e.g. a start-up building LiDAR sensors for autonomous vehicles"),
    "founder_brings": ("내가 맡을 역할", "What you bring"),
    "brings_technical": ("기술 (사업·경영 파트너를 찾습니다)", "Technology (looking for a business partner)"),
    "brings_business": ("사업·경영 (기술 파트너를 찾습니다)", "Business (looking for a technical partner)"),
    "brings_unsaid": ("말하지 않음", "Not saying"),
    "founder_submit": ("공동창업자 찾기", "Find co-founders"),
    "need_title": ("필요한 기술을 설명하세요", "Describe what you need"),
    "need_label": ("기술 수요 (한국어 또는 영어)", "Your need (Korean or English)"),
    "need_placeholder": ("예: 자율주행 차량용 라이다 센서의 신호 처리 기술",
                         "e.g. signal processing for automotive LiDAR"),
    "need_submit": ("연구자 찾기", "Find researchers"),
    "need_save": ("이 수요 저장", "Save this need"),
    "need_name": ("저장 이름", "Name to save it under"),
    "saved_needs": ("저장된 수요", "Saved needs"),
    "run_again": ("다시 실행", "Run again"),
    "filter_institution": ("기관", "Institution"),
    "filter_region": ("지역", "Region"),
    "filter_industry": ("산업", "Industry"),
    "any": ("전체", "Any"),
    "dashboard_title": ("클러스터 현황", "Cluster at a glance"),
    "by_industry": ("산업별 기관 수", "Organisations by industry"),
    "by_kind": ("유형별 기관 수", "Organisations by kind"),
    "by_institution": ("기관별 인력", "People by institution"),
    "by_year": ("연도별 특허 출원", "Patent applications by year"),
    "counts": ("전체 규모", "Totals"),
    "tto_title": ("기술이전 포트폴리오", "Technology-transfer portfolio"),
    "tto_choose": ("기관 선택", "Choose an institution"),
    "tto_show": ("보기", "Show"),
    "tto_export": ("CSV 내려받기", "Download CSV"),
    "tto_invention": ("아직 그래프에 없는 발명(출원 전 발명신고)의 수요 기업 찾기",
                      "Licensees for an invention not in the graph yet (a disclosure before filing)"),
    "invention_title": ("발명의 수요 기업 찾기", "Licensees for an invention"),
    "invention_help": ("발명의 제목과 요약을 적으세요. IPC 코드와 그래프에 있는 발명자를 더하면, 그 기술의 특허와 같은 "
                       "발명자의 다른 특허를 가진 기업이 앞에 옵니다.",
                       "Write the invention's title and abstract. With its IPC codes and its inventors in the graph, "
                       "companies holding patents of that technology and the inventors' other patents come first."),
    "invention_text": ("제목과 요약 (한국어 또는 영어)", "Title and abstract (Korean or English)"),
    "invention_ipc": ("IPC 코드 (선택, ; 로 구분)", "IPC codes (optional, separated by ;)"),
    "invention_inventors": ("발명자 이름 또는 ID (선택, ; 로 구분)",
                            "Inventors' names or ids (optional, separated by ;)"),
    "invention_submit": ("수요 기업 찾기", "Find licensees"),
    "patent": ("특허", "Patent"),
    "year": ("연도", "Year"),
    "top_licensees": ("유망 수요 기업", "Top licensees"),
    "admin_title": ("데이터 관리", "Data administration"),
    "upload_title": ("파일 올리기", "Upload a file"),
    "upload_file": ("파일 (CSV, XLSX, XLS, ODS, JSONL, Parquet, RIS; OpenDART: ZIP, XML)",
                    "File (CSV, XLSX, XLS, ODS, JSONL, Parquet, RIS; OpenDART: ZIP, XML)"),
    "upload_kind": ("데이터 종류", "Kind of records"),
    "upload_public": ("공개 데이터 형식 (PatentsView, PATSTAT, OpenDART)",
                      "Public formats (PatentsView, PATSTAT, OpenDART)"),
    "upload_mapping": ("열 매핑 (선택, YAML)", "Column mapping (optional, YAML)"),
    "upload_sheet": ("시트 (선택, 엑셀·ODS)", "Sheet (optional, workbooks)"),
    "upload_sheet_hint": ("비우면 열 이름이 맞는 첫 시트", "blank: the first sheet with the columns"),
    "upload_dry_run": ("검증만 하기 (저장하지 않음)", "Validate only (write nothing)"),
    "upload_reprocess": ("변경 없는 파일도 모든 행을 다시 처리", "Process every row even if the file is unchanged"),
    "upload_submit": ("올리기", "Upload"),
    "upload_check_columns": ("열 먼저 확인하기", "Check the columns first"),
    "columns_title": ("열 확인", "Check the columns"),
    "undo_import": ("이 불러오기 되돌리기", "Undo this import"),
    "undo_import_note": ("만든 것은 지우고 바꾼 것은 불러오기 전대로 돌려놓습니다",
                         "what it created is removed and what it changed is put back as it was"),
    "stop_import": ("불러오기 멈추기", "Stop this import"),
    "last_heard": ("마지막 소식:", "last heard from at"),
    "journal_elsewhere": ("이 불러오기의 되돌리기 기록은 불러온 컴퓨터에 있습니다. 그곳에서 되돌리세요:",
                          "This load's undo journal is on the machine that loaded it; undo it there:"),
    "stop_import_note": ("멈추면 그때까지 쓴 것은 되돌려 그래프가 불러오기 전과 같아집니다",
                         "what it has written so far is taken back: the graph stays as it was before it"),
    "columns_recheck": ("이 파일의 열을 확인하고 다시 불러오기", "Check this file's columns and load it again"),
    "columns_help": ("각 열이 {kind}의 어느 항목으로 읽힐지 열 이름과 첫 값들로 추정했습니다. "
                     "바꿀 항목을 고른 뒤 불러오거나, 매핑(YAML)으로 내려받아 다음 파일에도 쓰세요. 이름이 두 열(성과 "
                     "이름)에, 목록이 여러 열에 나뉘어 있으면 그 열들에 같은 항목을 고르세요: 함께 읽습니다.",
                     "Each column's field among {kind} is guessed from its header and its first values. Change any "
                     "choice, then load the file, or download the choices as a mapping (YAML) for the next file. A "
                     "name split over two columns (given and family name), or a list over several, is read whole "
                     "when those columns are given the same field."),
    "columns_column": ("열", "Column"),
    "columns_samples": ("첫 값", "First values"),
    "columns_why": ("근거", "Why"),
    "columns_unread": ("읽지 않음", "not read"),
    "columns_none": ("맞는 항목을 찾지 못함", "no field's name or values fit it"),
    "columns_empty": ("첫 행들이 비어 있음", "empty in the first rows"),
    "columns_missing": ("필수 항목에 열이 없음", "No column for the required field(s)"),
    "columns_load": ("이대로 불러오기", "Load with these columns"),
    "columns_yaml": ("매핑 내려받기 (YAML)", "Download the mapping (YAML)"),
    "upload_templates": ("빈 양식 내려받기 (한글 열 이름도 읽습니다)",
                         "Blank templates (Korean column names are read as well)"),
    "job_title": ("가져오기 작업", "Import job"),
    "status": ("상태", "Status"),
    "file": ("파일", "File"),
    "created": ("신규", "Created"),
    "updated": ("변경", "Updated"),
    "unchanged": ("동일", "Unchanged"),
    "merged": ("병합", "Merged"),
    "review": ("검토", "Review"),
    "rejected": ("거부", "Rejected"),
    "rejects": ("거부된 행", "Rejected rows"),
    "line": ("행", "Line"),
    "field": ("항목", "Field"),
    "value": ("값", "Value"),
    "reason": ("사유", "Reason"),
    "download_rejects": ("거부 보고서 내려받기", "Download the rejects report"),
    "undo_run": ("이 작업 되돌리기", "Undo this load"),
    "reviews_title": ("중복 검토", "Duplicate review"),
    "run_reviews": ("이 작업에서 나온 중복 후보", "Possible duplicates from this import"),
    "run_corrections": ("관리자가 고친 내용", "Corrections made by hand"),
    "rec_export": ("상위 50개를 CSV로 내려받기", "Download the top 50 (CSV)"),
    "run_corrections_note": ("다시 적재한 파일은 관리자가 고친 값, 삭제한 기록과 관계를 되돌리지 않습니다. "
                             "고친 뒤 파일의 값이 바뀐 항목만 파일 값을 따릅니다. 수정이나 삭제를 되돌리면 파일이 다시 "
                             "반영됩니다.",
                             "A file loaded again does not undo the values, records and relationships administrators "
                             "corrected or deleted; only a field the file has changed since takes the file's value. "
                             "Undo the correction for the file to speak again."),
    "correction": ("수정·삭제 기록", "Correction"),
    "record": ("기록", "Record"),
    "download_review": ("검토 보고서 내려받기 (CSV)", "Download the review report (CSV)"),
    "approve": ("병합 승인", "Merge"),
    "reject": ("별개로 유지", "Keep apart"),
    "merges_title": ("병합 기록", "Merges"),
    "undo": ("되돌리기", "Undo"),
    "runs_title": ("최근 작업", "Recent loads"),
    "nothing_pending": ("검토할 항목이 없습니다.", "Nothing to review."),
    "decisions_download": ("열린 검토 전체 내려받기 (CSV: decision 칸에 승인 또는 거절을 적어 다시 올리세요)",
                           "Download every open pair (CSV: write approve or reject in its decision column and "
                           "upload it back)"),
    "reviews_shown": ("열린 검토 {total}건 중 점수 높은 {shown}건 (전체는 아래 CSV로)",
                      "The {shown} best of {total} open pairs (all of them in the CSV below)"),
    "decisions_file": ("결정을 적은 검토 보고서", "Review report with decisions"),
    "decisions_submit": ("결정 적용", "Apply the decisions"),
    "decisions_dry_run": ("확인만, 바꾼 것 없음", "checked only, nothing changed"),
    "decisions_approved": ("병합", "merged"),
    "decisions_rejected": ("별개로 유지", "kept apart"),
    "decisions_unchanged": ("이미 결정됨", "already decided"),
    "decisions_blank": ("결정 없음 (열린 채로)", "left open"),
    "decisions_problems": ("적용하지 못한 행", "rows not applied"),
    "login_title": ("API 키로 로그인", "Log in with an API key"),
    "login_key": ("API 키", "API key"),
    "login_submit": ("로그인", "Log in"),
    "login_failed": ("키가 올바르지 않습니다.", "That key is not valid."),
    "forbidden": ("이 페이지를 볼 권한이 없습니다.", "Your role cannot open this page."),
    "not_found": ("찾을 수 없습니다.", "Not found."),
    "error": ("오류", "Error"),
    "signed_in_as": ("로그인:", "Signed in as"),
    "truncated": ("일부만 표시됨", "showing part of it"),
    "depth": ("단계", "Depth"),
    "open": ("열기", "Open"),
    "edit_title": ("기록 바로잡기 (관리자)", "Correct this record (administrators)"),
    "edit_lists": ("여러 값은 ; 로 구분합니다. 저장하기 전에 모든 항목을 검사합니다.",
                   "Separate several values with ;. Every field is checked before anything is saved."),
    "edit_save": ("저장", "Save"),
    "save": ("저장", "Save"),
    "new_since": ("새로 추천", "New"),
    "last_run": ("마지막 실행 {when}", "last run {when}"),
    "completeness_title": ("보완이 필요한 자료", "Records that need attention"),
    "completeness_intro": ("추천과 검색에 쓰이는 정보가 빠진 자료입니다. "
                           "각 자료의 페이지에서 고치거나, 빠진 항목을 채운 파일을 다시 올리면 됩니다.",
                           "Records lacking something the matcher or search uses. Correct one on its page, or load a "
                           "file with the missing columns filled in."),
    "completeness_count": ("{checked}건 중 {count}건", "{count} of {checked}"),
    "completeness_none": ("해당 자료가 없습니다.", "None."),
    "completeness_fill": ("{count}건 모두 채울 파일(CSV)로 내려받기",
                          "Download all {count} as a file to fill in (CSV)"),
    "completeness_fill_note": ("빈칸을 채워 관리 페이지에서 데이터 종류 ‘{kind}’로 가져오면 각 행이 그 자료를 "
                               "고칩니다. 비워 둔 칸은 바꾸지 않습니다.",
                               "Fill in the blanks and import it on the admin page as ‘{kind}’: each row updates its "
                               "record; cells left blank change nothing."),
    "completeness_first": ("처음 {n}건:", "The first {n}:"),
    "nav_outreach": ("후속 관리", "Follow-up"),
    "follow_up": ("진행 상태", "Follow-up"),
    "follow_up_note": ("메모", "Note"),
    "standing_label_licensees": ("이 기업은 몇 위인가요?", "Where does this company rank?"),
    "standing_label_partners": ("이 연구자는 몇 위인가요?", "Where does this researcher rank?"),
    "standing_label_cofounders": ("이 사람은 몇 위인가요?", "Where does this person rank?"),
    "standing_button": ("순위 보기", "Show"),
    "standing_rank": ("후보 {count}개 중 {rank}위입니다.", "Ranked {rank} of {count} candidates."),
    "standing_outside": ("전체 평가한 상위 {scored}개 후보에 들지 않았습니다. "
                         "점수로는 그중 {place}위에 해당합니다 (후보 {count}개).",
                         "Not among the {scored} candidates scored in full; its score would place it {place} among "
                         "them ({count} candidates)."),
    "standing_hidden": ("거절·부적합으로 표시해 목록에서 뺀 후보 {n}개는 순위에서 제외했습니다.",
                        "Not counting {n} candidates above it that your office marked declined or not a fit (left "
                        "out of the list)."),
    "standing_never": ("추천 대상이 아닙니다: {reason}.", "Never recommended here: {reason}."),
    "standing_nothing": ("'{name}'에 해당하는 후보를 찾지 못했습니다.", "No candidate found for '{name}'."),
    "standing_others": ("다른 후보:", "Or:"),
    "follow_up_none": ("— 선택 —", "— choose —"),
    "follow_up_saved": ("진행 상태를 저장했습니다. 거절·부적합으로 표시한 후보는 목록에서 빠집니다.",
                        "Follow-up saved. Candidates marked declined or not a fit leave the list."),
    "declined_hidden": ("거절·부적합으로 표시한 후보 {count}명(곳)은 빼고 보여 줍니다.",
                        "{count} candidate(s) marked declined or not a fit are left out."),
    "show_declined": ("모두 보기", "Show them"),
    "hide_declined": ("거절·부적합 후보 숨기기", "Hide declined candidates"),
    "outreach_title": ("추천 후보 후속 관리", "Following up recommendations"),
    "outreach_intro": ("추천받은 후보에게 연락한 기록입니다. 각 추천 목록에서 상태를 바꾸면 여기에 모입니다.",
                       "Where the office stands with recommended candidates. Set a status beside any recommendation; "
                       "it is collected here."),
    "outreach_upload": ("내려받은 파일에서 상태·메모를 고쳐 올리기",
                        "Upload the downloaded file with statuses and notes changed"),
    "outreach_apply": ("적용", "Apply"),
    "outreach_applied": ("{file}: 새로 {created}건, 변경 {updated}건, 그대로 {unchanged}건, "
                         "빈 상태 {blank}건, 문제 {problems}건.",
                         "{file}: {created} new, {updated} changed, {unchanged} unchanged, {blank} blank, "
                         "{problems} problems."),
    "outreach_checked_only": ("확인만 했습니다 (저장하지 않음).", "Checked only: nothing was saved."),
    "outreach_export": ("엑셀로 내려받기 (CSV)", "Download as a spreadsheet (CSV)"),
    "outreach_none": ("아직 기록한 후속 조치가 없습니다.", "No follow-up recorded yet."),
    "outreach_query": ("추천 대상", "Recommended for"),
    "outreach_candidate": ("후보", "Candidate"),
    "outreach_when": ("변경일", "Changed"),
    "outreach_by": ("담당", "By"),
    "outreach_history": ("이전 상태", "Earlier"),
    "outreach_gone": ("(그래프에 없음)", "(no longer in the graph)"),
    "filter_all": ("전체", "All"),
    "filter": ("보기", "Show"),
    "rec_kind": ("추천 종류", "Recommendations"),
    "edit_saved": ("저장했습니다. 관리 페이지의 수정 기록에서 되돌릴 수 있습니다.",
                   "Saved. The admin page's list of edits can undo it."),
    "edit_undone": ("수정을 되돌렸습니다.", "The edit was undone."),
    "edits_title": ("수정 기록", "Edits"),
    "merge_drop": ("이 기록에 합칠 중복 기록의 ID", "Id of a duplicate to fold into this record"),
    "merge_submit": ("합치기", "Merge"),
    "merge_done": ("합쳤습니다. 관리 페이지의 병합 기록에서 되돌릴 수 있습니다.",
                   "Merged. The admin page's list of merges can undo it."),
    "keys_title": ("API 키", "API keys"),
    "keys_help": ("키마다 역할이 있습니다: 열람자(읽기), 기술이전 담당(수요 저장, 포트폴리오 내려받기), "
                  "관리자(적재, 수정, 병합, 되돌리기). 키는 만들 때 한 번만 보여 줍니다 "
                  "(저장하는 것은 그 해시뿐입니다).",
                  "Each key has a role: viewer (read), TTO (saved needs, portfolio exports), admin (load, correct, "
                  "merge, undo). A key is shown once, when it is made (only its hash is stored)."),
    "key_name": ("이름 (누구의 키인지)", "Name (whose key it is)"),
    "key_name_hint": ("예: 전남대 기술이전센터", "e.g. JNU technology transfer office"),
    "key_role": ("역할", "Role"),
    "key_create": ("키 만들기", "Create a key"),
    "key_created": ("{name}의 {role} 키를 만들었습니다. 지금 복사해 전달하세요: 다시 볼 수 없습니다.",
                    "Made a {role} key for {name}. Copy it now and pass it on: it cannot be shown again."),
    "key_created_at": ("만든 때", "Created"),
    "key_revoke": ("폐기", "Revoke"),
    "key_revoked": ("폐기됨", "revoked"),
    "key_yours": ("지금 쓰는 키", "the key you are using"),
    "delete_confirm": ("이 기록과 그 관계를 모두 삭제합니다. 관리 페이지의 삭제 기록에서 되살릴 수 있습니다.",
                       "Delete this record and all its relationships. The admin page's list of deletions can "
                       "restore it."),
    "delete_submit": ("삭제", "Delete"),
    "delete_unconfirmed": ("삭제하려면 확인란을 선택하세요.", "Tick the box to confirm the deletion."),
    "deleted_notice": ("삭제했습니다. 아래 삭제 기록에서 되살릴 수 있습니다:",
                       "Deleted. The list of deletions below can restore it:"),
    "deletions_title": ("삭제 기록", "Deletions"),
    "deletion_relationships": ("관계 {n}개", "{n} relationships"),
    "restore": ("되살리기", "Restore"),
    "restored": ("되살렸습니다. 삭제되어 있는 동안 적재한 파일에서 이 기록을 가리켜 빠졌던 행은 "
                 "그 파일을 다시 적재하면 들어옵니다.",
                 "Restored. Files loaded while it was deleted bring in the rows that named it when loaded again."),
    "restored_partly": ("되살렸습니다. 다른 쪽 기록이 없어진 관계 일부는 되살리지 못했습니다. "
                        "삭제되어 있는 동안 적재한 파일에서 이 기록을 가리켜 빠졌던 행은 그 파일을 다시 적재하면 "
                        "들어옵니다.",
                        "Restored. Some relationships could not come back: the record at their other end is gone. "
                        "Files loaded while it was deleted bring in the rows that named it when loaded again."),
    "merge_undone": ("병합을 되돌렸습니다. 떨어져 나간 기록은 다시 따로 있습니다.",
                     "Merge undone: the record merged away stands apart again."),
    "merge_undone_load_again": (
        "병합을 되돌렸습니다. 병합한 뒤에 적재한 파일에서 떨어져 나간 기록을 가리킨 행은 아직 이 기록에 붙어 "
        "있습니다. 그 파일을 '모든 행을 다시 처리'로 다시 적재하면 제자리를 찾습니다.",
        "Merge undone. Rows of files loaded since the merge that named the record merged away are still on this "
        "one: import those files again with 'Process every row' to place them apart."),
    "unlink": ("이 관계 삭제", "Remove this relationship"),
    "unlinked": ("관계를 삭제했습니다. 관리 페이지의 삭제 기록에서도 되살릴 수 있습니다. 이 관계가 담긴 파일을 다시 "
                 "적재해도 되살리기 전까지는 돌아오지 않습니다.",
                 "Removed the relationship. The admin page's list of deletions can restore it too. Loading again "
                 "a file that carries it does not bring it back until it is restored."),
    "corrections_title": ("수정·병합 기록", "Corrections"),
    "correction_edit": ("수정", "edited"),
    "correction_merge": ("병합해 들임", "merged in"),
    "correction_undone": ("되돌림", "undone"),
    "backup_link": ("그래프 전체 백업 내려받기", "Download a backup of the whole graph"),
    "add_title": ("기록 직접 추가", "Add a record by hand"),
    "add_link": ("기록 직접 추가", "Add a record by hand"),
    "add_help": ("파일의 한 행처럼 처리합니다: 모든 항목을 검사하고, 그래프에 이미 있는 기록과 맞춰 보며 "
                 "(같은 기록이면 그 기록에 합치고, 비슷하면 검토 목록에 올립니다), "
                 "관리 페이지의 적재 기록에서 되돌릴 수 있습니다. "
                 "다른 기록은 ID(org:…), 번호 또는 이름으로 가리킵니다. 여러 값은 ; 로 구분합니다.",
                 "Handled as one row of a file: every field is checked, the record is matched with those the graph "
                 "holds (the same one gets merged into it, a look-alike goes to the review list), and the admin "
                 "page's list of loads can undo it. Name other records by id (org:…), number or name. Separate "
                 "several values with ;."),
    "add_required": ("필수", "required"),
    "add_submit": ("추가", "Add"),
    "add_check": ("확인만 (저장하지 않음)", "Check only (nothing saved)"),
    "add_refused": ("추가하지 않았습니다. 아래 항목을 고치세요.", "Not added: correct the fields below."),
    "add_would": ("확인 결과 (저장하지 않음)", "Checked, nothing saved"),
    "add_would_new": ("새 기록이 됩니다: {target}", "It would be a new record: {target}"),
    "add_would_existing": ("이미 있는 기록과 같습니다: {target}", "It is a record the graph holds: {target}"),
    "add_would_merged": ("이미 있는 기록에 합쳐집니다: {target}",
                         "It would be merged into a record the graph holds: {target}"),
    "add_would_review": ("새 기록이 되고, 비슷한 기록과 함께 검토 목록에 오릅니다: {target}",
                         "It would be a new record, listed for review with a look-alike: {target}"),
    "add_queued": ("진행 중인 적재가 끝나면 추가됩니다 (적재 기록: {run}).",
                   "It will be added once the running load finishes (run {run})."),
    "added_created": ("추가했습니다. 관리 페이지의 적재 기록에서 되돌릴 수 있습니다.",
                      "Added. The admin page's list of loads can undo it."),
    "added_updated": ("이미 있던 이 기록과 같아서, 입력한 내용을 이 기록에 더했습니다.",
                      "It matched this record, which now holds what the form said."),
    "added_merged": ("이미 있던 이 기록과 같아서 합쳤습니다. 관리 페이지의 병합 기록에서 되돌릴 수 있습니다.",
                     "It matched this record and was merged into it. The admin page's list of merges can undo it."),
    "added_unchanged": ("이미 있던 이 기록이 입력한 내용을 모두 담고 있습니다.",
                        "It matched this record, which already held everything the form said."),
    "added_review": ("추가했습니다. 비슷한 기록이 있어 관리 페이지의 검토 목록에 올렸습니다.",
                     "Added. It looks like another record, so the pair is on the admin page's review list."),
    "add_here_person": ("이 기관에 인물 추가", "Add a person here"),
    "add_here_licence_taken": ("기술이전 기록 (도입)", "Record a licence it took"),
    "add_here_licence": ("기술이전 기록", "Record a licence"),
    "add_here_affiliation": ("소속 추가", "Add an affiliation"),
    "add_here_founding": ("창업 기록", "Record a company founded"),
    "kind_organizations": ("기업·기관", "Organisations"), "kind_people": ("인물", "People"),
    "kind_patents": ("특허", "Patents"), "kind_publications": ("논문", "Publications"),
    "kind_projects": ("과제", "Projects"), "kind_affiliations": ("소속", "Affiliations"),
    "kind_licenses": ("기술이전", "Licences"), "kind_collaborations": ("협력", "Collaborations"),
    "kind_founders": ("창업", "Founders"),
}


FIELDS: dict[str, tuple[str, str]] = {
    # a node's properties as the entity page lists them; "Label.field" where one name means two things
    "kind": ("유형", "Kind"), "name_ko": ("국문명", "Korean name"), "name_en": ("영문명", "English name"),
    "aliases": ("다른 이름", "Other names"), "business_number": ("사업자등록번호", "Business registration no."),
    "corporate_number": ("법인등록번호", "Corporate registration no."),
    "dart_code": ("DART 고유번호", "DART code"), "stock_code": ("종목코드", "Stock code"),
    "ksic_code": ("표준산업분류", "KSIC code"), "region": ("지역", "Region"), "country": ("국가", "Country"),
    "size": ("규모", "Size"), "founded_year": ("설립연도", "Founded"), "employees": ("종업원 수", "Employees"),
    "homepage": ("홈페이지", "Homepage"), "description": ("소개", "Description"),
    "romanizations": ("로마자 표기", "Romanisations"), "roles": ("역할", "Roles"), "orcid": ("ORCID", "ORCID"),
    "skills": ("역량", "Skills"), "Person.title": ("직위", "Position"), "lab": ("연구실", "Lab"),
    "email": ("이메일", "E-mail"), "phone": ("전화", "Phone"), "bio": ("소개", "About"),
    "application_number": ("출원번호", "Application no."), "registration_number": ("등록번호", "Registration no."),
    "office": ("특허청", "Office"), "title_ko": ("국문 명칭", "Korean title"),
    "title_en": ("영문 명칭", "English title"),
    "abstract_ko": ("국문 요약", "Korean abstract"), "abstract_en": ("영문 요약", "English abstract"),
    "ipc_codes": ("IPC 분류", "IPC codes"), "application_date": ("출원일", "Filed"),
    "registration_date": ("등록일", "Registered"), "status": ("상태", "Status"), "doi": ("DOI", "DOI"),
    "title": ("제목", "Title"), "Project.title": ("과제명", "Title"), "abstract": ("초록", "Abstract"),
    "year": ("연도", "Year"), "venue": ("게재지", "Venue"), "keywords": ("키워드", "Keywords"),
    "project_number": ("과제번호", "Project no."), "funder": ("지원 기관", "Funder"),
    "start_year": ("시작연도", "Start"), "end_year": ("종료연도", "End"), "budget_krw": ("예산(원)", "Budget (KRW)"),
    "label_ko": ("국문명", "Korean name"), "label_en": ("영문명", "English name"), "scheme": ("분류 체계", "Scheme"),
    "code": ("코드", "Code"), "synonyms": ("동의어", "Synonyms"), "ksic_codes": ("표준산업분류", "KSIC codes"),
    "focus": ("지역 주력 산업", "Focus industry"),
    # fields of the records a file's row (or the form to add one) holds, besides the nodes' own
    "org_kind": ("유형", "Kind"), "industries": ("산업", "Industries"), "technologies": ("기술", "Technologies"),
    "person_id": ("인물 ID", "Person id"), "organization": ("소속 기관", "Organisation"),
    "applicants": ("출원인", "Applicants"), "inventors": ("발명자", "Inventors"), "cites": ("인용", "Cites"),
    "authors": ("저자", "Authors"), "organizations": ("기관", "Organisations"), "people": ("참여자", "People"),
    "authors_with_affiliations": ("저자와 소속", "Authors with affiliations"),
    "author_full_names": ("저자 전체 이름", "Author full names"), "author_ids": ("Scopus 저자 ID 목록", "Author(s) ID"),
    "scopus_id": ("Scopus 저자 ID", "Scopus author id"), "researcher_id": ("ResearcherID", "ResearcherID"),
    "author_researcher_ids": ("저자 ResearcherID", "Authors' ResearcherIDs"),
    "author_short_names": ("저자 약칭", "Authors' short names"), "author_addresses": ("저자 주소", "Author addresses"),
    "author_orcids": ("저자 ORCID", "Authors' ORCID iDs"), "addresses": ("주소", "Addresses"),
    "wos_id": ("Web of Science 번호 (UT)", "Web of Science number (UT)"),
    "scopus_eid": ("Scopus 번호 (EID)", "Scopus number (EID)"), "pmid": ("PubMed 번호", "PubMed id"),
    "kci_id": ("KCI 논문 ID", "KCI article id"),
    "person": ("인물", "Person"), "patent": ("특허", "Patent"), "licensee": ("기술 도입 기업", "Licensee"),
    "exclusive": ("전용실시", "Exclusive"), "left": ("한쪽", "One side"), "right": ("다른 쪽", "Other side"),
    "left_type": ("한쪽 유형", "One side is a"), "right_type": ("다른 쪽 유형", "Other side is a"),
    "collaboration": ("협력 내용", "Collaboration"), "count": ("횟수", "Times"),
    "first_year": ("처음 연도", "First year"), "last_year": ("마지막 연도", "Last year"), "role": ("역할", "Role"),
}

VALUES: dict[str, tuple[str, str]] = {
    # "field=value" of coded properties
    "kind=company": ("기업", "company"), "kind=university": ("대학", "university"),
    "kind=research_institute": ("연구기관", "research institute"), "kind=government": ("공공기관", "government"),
    "kind=support_agency": ("지원기관", "support agency"), "kind=other": ("기타", "other"),
    "size=startup": ("스타트업", "start-up"), "size=small": ("소기업", "small"), "size=medium": ("중기업", "medium"),
    "size=large": ("대기업", "large"), "roles=researcher": ("연구자", "researcher"),
    "roles=entrepreneur": ("창업자", "entrepreneur"), "roles=executive": ("경영진", "executive"),
    "roles=student": ("학생", "student"), "roles=inventor": ("발명자", "inventor"), "status=filed": ("출원", "filed"),
    "status=published": ("공개", "published"), "status=registered": ("등록", "registered"),
    "status=expired": ("소멸", "expired"), "status=abandoned": ("포기", "abandoned"),
    "status=unknown": ("미상", "unknown"), "focus=True": ("예", "yes"), "focus=False": ("아니요", "no"),
    "outreach=shortlisted": ("관심 후보", "shortlisted"), "outreach=contacted": ("연락함", "contacted"),
    "outreach=interested": ("관심 있음", "interested"), "outreach=declined": ("거절", "declined"),
    "outreach=not_a_fit": ("부적합", "not a fit"),
    "rec_kind=partners": ("협력 연구자", "partners"), "rec_kind=licensees": ("기술이전 수요 기업", "licensees"),
    "rec_kind=cofounders": ("공동창업자", "co-founders"),
    "org_kind=company": ("기업", "company"), "org_kind=university": ("대학", "university"),
    "org_kind=research_institute": ("연구기관", "research institute"),
    "org_kind=government": ("공공기관", "government"), "org_kind=support_agency": ("지원기관", "support agency"),
    "org_kind=other": ("기타", "other"), "exclusive=true": ("전용실시", "exclusive"),
    "exclusive=false": ("통상실시", "non-exclusive"), "left_type=person": ("인물", "person"),
    "left_type=organization": ("기관", "organisation"), "right_type=person": ("인물", "person"),
    "right_type=organization": ("기관", "organisation"),
    # a load run's status (LoadRun.status) and a user's role (api.auth.Role)
    "run=queued": ("대기", "queued"), "run=running": ("진행 중", "running"), "run=done": ("완료", "done"),
    "run=failed": ("실패", "failed"), "run=undone": ("되돌림", "undone"),
    "kept=edited": ("고친 값을 유지", "kept as corrected"),
    "kept=superseded": ("파일이 그 뒤 바뀌어 파일 값을 씀", "changed in the file since: its value taken"),
    "kept=deleted": ("삭제한 기록: 되살리지 않음", "deleted record: not brought back"),
    "kept=removed": ("삭제한 관계: 되살리지 않음", "removed relationship: not brought back"),
    "role=viewer": ("열람자", "viewer"), "role=tto": ("기술이전 담당", "TTO"), "role=admin": ("관리자", "admin"),
}

RELATIONS: dict[str, tuple[str, str]] = {
    # "TYPE|out" seen from its source, "TYPE|in" from its target (entity page headings)
    "AFFILIATED_WITH|out": ("소속 기관", "Affiliations"), "AFFILIATED_WITH|in": ("소속 인물", "People"),
    "APPLICANT_OF|out": ("출원 특허", "Patents applied for"), "APPLICANT_OF|in": ("출원인", "Applicants"),
    "INVENTED|out": ("발명 특허", "Inventions"), "INVENTED|in": ("발명자", "Inventors"),
    "AUTHORED|out": ("논문", "Publications"), "AUTHORED|in": ("저자·소속", "Authors and affiliations"),
    "PARTICIPATED_IN|out": ("참여 과제", "Projects"), "PARTICIPATED_IN|in": ("참여자", "Participants"),
    "HAS_TECHNOLOGY|out": ("기술", "Technologies"), "HAS_TECHNOLOGY|in": ("이 기술의 보유자·문서", "Held by"),
    "IN_INDUSTRY|out": ("산업", "Industries"), "IN_INDUSTRY|in": ("이 산업의 기관·과제", "Members"),
    "RELATES_TO|out": ("관련 산업", "Industries"), "RELATES_TO|in": ("관련 기술", "Technologies"),
    "CITES|out": ("인용한 특허·논문", "Cites"), "CITES|in": ("인용된 곳", "Cited by"),
    "LICENSED_TO|out": ("기술이전 기업", "Licensed to"), "LICENSED_TO|in": ("도입 기술", "Licensed patents"),
    "COLLABORATED_WITH|out": ("협력", "Collaborations"), "COLLABORATED_WITH|in": ("협력", "Collaborations"),
    "FOUNDED|out": ("창업 기업", "Founded"), "FOUNDED|in": ("창업자", "Founders"),
}

STEPS: dict[str, tuple[str, str]] = {
    # a relationship as one step of an evidence path, which may walk it either way
    "AFFILIATED_WITH": ("소속", "affiliation"), "APPLICANT_OF": ("출원", "applicant"), "INVENTED": ("발명", "inventor"),
    "AUTHORED": ("저술", "author"), "PARTICIPATED_IN": ("과제 참여", "project"),
    "HAS_TECHNOLOGY": ("기술", "technology"),
    "IN_INDUSTRY": ("산업", "industry"), "RELATES_TO": ("관련", "related"), "CITES": ("인용", "citation"),
    "LICENSED_TO": ("기술이전", "licence"), "COLLABORATED_WITH": ("협력", "collaboration"),
    "FOUNDED": ("창업", "founder"),
}

SCORE_PARTS: dict[str, tuple[str, str]] = {
    # the ranker's features (matcher/features.py)
    "text": ("텍스트 유사도", "text similarity"), "closest_document": ("가장 비슷한 문서", "closest document"),
    "technology": ("공유 기술", "shared technologies"), "industry": ("산업 일치", "industry fit"),
    "metapath": ("기술–특허 경로", "technology–patent paths"),
    "prior_collaboration": ("이전 협력", "prior collaboration"),
    "region": ("같은 지역", "same region"), "capacity": ("실적", "track record"),
    "licensing_history": ("기술이전 이력", "licensing history"), "citation": ("인용 관계", "citations"),
    "inventor_link": ("발명자와의 관계", "inventors' ties"),
    "inventor_history": ("발명자의 다른 특허", "inventors' other patents"),
    "complement": ("역할 보완", "complementary roles"),
    "context": ("소속 기관 포함 기술 적합도", "fit with organisations"),
    "network": ("인맥 근접도", "network closeness"),
}


def translator(lang: str) -> dict[str, str]:
    """Labels for one language (Korean unless 'en')."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in LABELS.items()}


class Terms:
    """Names of the graph's own terms (properties, coded values, relationships, score parts) in one language;
    a term without one is shown as it is."""

    def __init__(self, lang: str) -> None:
        self.index = 1 if lang == "en" else 0

    def _pick(self, table: dict[str, tuple[str, str]], key: str, fallback: str) -> str:
        pair = table.get(key)
        return pair[self.index] if pair else fallback

    def field(self, node_label: str, name: str) -> str:
        return self._pick(FIELDS, f"{node_label}.{name}", self._pick(FIELDS, name, name))

    def value(self, name: str, value: object) -> str:
        if name == "region" and self.index == 1 and str(value) in REGIONS:  # 광주 → Gwangju
            return next(form for form in REGIONS[str(value)] if form.isascii())
        return self._pick(VALUES, f"{name}={value}", str(value))

    def relation(self, rel: str, direction: str) -> str:
        return self._pick(RELATIONS, f"{rel}|{direction}", rel)

    def step(self, rel: str) -> str:
        return self._pick(STEPS, rel, rel)

    def score_part(self, name: str) -> str:
        return self._pick(SCORE_PARTS, name, name)
