"""RIS references (DBpia, RISS, KCI, Scopus, Google Scholar exports) load as a publications file: each record a
row of the template's columns, its AD addresses the paper's organisations."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.readers import read_rows
from loaders.ris import ris_records
from tests.loaders.test_pipeline import write

DBPIA = """TY  - JOUR
AU  - 홍길동
AU  - 김철수
TI  - 고체 라이다를 위한 실리콘 광위상배열
T2  - 한국광학회지
PY  - 2021///
SP  - 12
EP  - 19
KW  - 라이다
KW  - 광위상배열
AB  - 실리콘 포토닉스 기반의 광위상배열을 이용한
  고체 라이다를 제안한다.
AD  - 광주과학기술원 기계공학부
DO  - 10.3807/KJOP.2021.32.1.012
ER  -

TY  - PAT
TI  - 라이다 장치
AU  - 홍길동
ER  -

TY  - CONF
A1  - Lee, Sang
T1  - Edge computing for lidar
BT  - Proceedings of the Photonics Conference 2022
Y1  - 2022/05/01/
AD  - Department of Physics, Chonnam National University, Gwangju, South Korea
ER  -
"""


def test_each_reference_becomes_a_row_of_the_templates_columns() -> None:
    (line, paper, refused), (pat_line, _, why), (_, conference, _) = ris_records(DBPIA)
    assert (line, refused, pat_line) == (1, None, 17) and why is not None and "patents" in why
    assert paper == {
        "title": "고체 라이다를 위한 실리콘 광위상배열", "authors": "홍길동; 김철수", "year": "2021",
        "venue": "한국광학회지", "doi": "10.3807/KJOP.2021.32.1.012",
        "abstract": "실리콘 포토닉스 기반의 광위상배열을 이용한 고체 라이다를 제안한다.",
        "keywords": "라이다; 광위상배열", "addresses": "광주과학기술원 기계공학부"}
    assert conference == {"title": "Edge computing for lidar", "authors": "Lee, Sang", "year": "2022",
                          "venue": "Proceedings of the Photonics Conference 2022",
                          "addresses": "Department of Physics, Chonnam National University, Gwangju, South Korea"}


def test_a_ris_file_loads_its_papers_at_their_institutes_and_refuses_a_patent(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "institutions.csv", ["name_ko", "name_en", "kind"], [
        ["광주과학기술원", "Gwangju Institute of Science and Technology", "university"],
        ["전남대학교", "Chonnam National University", "university"]]))
    path = tmp_path / "dbpia.ris"
    path.write_text(DBPIA, encoding="utf-8")
    assert [row.line for row in read_rows(path)] == [1, 17, 22]
    summary = pipeline.load("publications", path)
    assert (summary.created, summary.rejected) == (2, 1) and summary.rejects[0].line == 17
    paper = graph.get("pub:doi-10.3807/kjop.2021.32.1.012")
    assert paper is not None and paper.year == 2021 and paper.venue == "한국광학회지"
    linked = {n.node.display_name() for n in graph.neighbours(paper.id, edge_types=["AUTHORED"], direction="in")}
    assert linked == {"홍길동", "김철수", "광주과학기술원"}
    conference = next(p for p in graph.list_nodes("Publication") if p.display_name() == "Edge computing for lidar")
    linked = {n.node.display_name() for n in graph.neighbours(conference.id, edge_types=["AUTHORED"], direction="in")}
    assert linked == {"Lee, Sang", "전남대학교"}
    assert graph.count("Organization") == 2
