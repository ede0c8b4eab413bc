"""PubMed's MEDLINE records (.nbib, what PubMed exports for citation managers) load as a publications file: each
author at the organisation of their own affiliation, with their ORCID iD, and the paper found again by its PubMed
id and DOI."""

from __future__ import annotations

from pathlib import Path

from graph.schema import Person, Publication
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.medline import is_medline, medline_records
from loaders.readers import read_rows
from tests.loaders.test_wos_export import _institutes, _where_authors_are

NBIB = """
PMID- 31452104
OWN - NLM
STAT- MEDLINE
DP  - 2019 Aug 21
TI  - Solid-state LiDAR on
      silicon photonics.
LID - 10.1038/s41598-019-48000-1 [doi]
AB  - A solid-state LiDAR
      for vehicles.
FAU - Kim, Jae Hyun
AU  - Kim JH
AUID- ORCID: https://orcid.org/0000-0002-1825-0097
AD  - School of Mechanical Engineering, Gwangju Institute of Science and Technology, Gwangju,
      Republic of Korea.
AD  - Korea Photonics Technology Institute, Gwangju, Republic of Korea.
FAU - Park, Ji Min
AU  - Park JM
AD  - Department of Physics, Chonnam National University, Gwangju, Republic of Korea.
FAU - Choi, Young
AU  - Choi Y
LA  - eng
TA  - Sci Rep
JT  - Scientific reports
OT  - lidar
OT  - silicon photonics
AID - 10.1038/s41598-019-48000-1 [doi]

PMID- 29000001
DP  - 2017
TI  - A paper without a title's period
AU  - Lee S
AD  - Chosun University, Gwangju, Korea.
"""


def test_a_medline_record_gives_the_publications_columns_each_author_at_their_affiliations() -> None:
    assert is_medline(NBIB) and not is_medline("TY  - JOUR\n")
    (first_line, first), (second_line, second) = medline_records(NBIB)
    assert (first_line, second_line) == (2, 29)
    assert first == {
        "pmid": "31452104", "title": "Solid-state LiDAR on silicon photonics", "year": "2019",
        "abstract": "A solid-state LiDAR for vehicles.", "venue": "Scientific reports",
        "doi": "10.1038/s41598-019-48000-1", "keywords": "lidar; silicon photonics",
        "authors": "Kim, Jae Hyun; Park, Ji Min; Choi, Young", "author_short_names": "Kim JH; Park JM; Choi Y",
        "author_addresses": "[Kim, Jae Hyun] Gwangju Institute of Science and Technology; "
                            "[Kim, Jae Hyun] Korea Photonics Technology Institute; "
                            "[Park, Ji Min] Chonnam National University",
        "author_orcids": "Kim, Jae Hyun/0000-0002-1825-0097"}
    assert second["authors"] == "Lee S" and second["author_addresses"] == "[Lee S] Chosun University"


def test_a_nbib_file_loads_each_author_at_their_institute_and_a_second_load_finds_the_paper(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    path = tmp_path / "pubmed-lidar.nbib"
    path.write_text(NBIB, encoding="utf-8")
    assert [row.line for row in read_rows(path)] == [2, 29]
    summary = pipeline.load("publications", path)
    assert (summary.created, summary.rejected, summary.unread_columns) == (2, 0, [])
    paper = graph.get("pub:doi-10.1038/s41598-019-48000-1")
    assert isinstance(paper, Publication) and paper.pmid == "31452104" and paper.venue == "Scientific reports"
    assert _where_authors_are(graph, paper.id) == {
        "Kim, Jae Hyun": ("광주과학기술원", "0000-0002-1825-0097"), "Park, Ji Min": ("전남대학교", None),
        "Choi, Young": (None, None)}
    again = path.with_name("pubmed-2.nbib")
    again.write_text(NBIB.replace("LID - 10.1038/s41598-019-48000-1 [doi]\n", "").replace(
        "AID - 10.1038/s41598-019-48000-1 [doi]\n", "").replace("Solid-state LiDAR on", "Solid state LiDAR in"),
        encoding="utf-8")
    second = pipeline.load("publications", again)
    assert (second.created, second.merged) == (0, 1)  # no DOI, another title: its PubMed id finds it
    assert sum(isinstance(p, Person) for p in graph.list_nodes("Person")) == 4
