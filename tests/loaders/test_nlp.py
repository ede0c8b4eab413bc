"""Technology extraction from Korean and English text."""

from __future__ import annotations

from loaders import TechnologyExtractor


def test_korean_compounds_match_gazetteer_entries(extractor: TechnologyExtractor) -> None:
    text = "본 발명은 리튬이온 배터리와 딥러닝 기반 객체 검출에 관한 것이다."
    (hits,) = extractor.extract_many([["자율주행차량용 라이다 센서", text]])
    found = {h.technology_id: h for h in hits}
    assert {"tec:autonomous-driving", "tec:lidar", "tec:secondary-battery", "tec:machine-learning",
            "tec:computer-vision"} <= set(found)
    assert found["tec:lidar"].weight > found["tec:secondary-battery"].weight  # title mentions weigh more
    # '라이다 센서' is the concept LiDAR's own Korean name: no keyword of its own beside it
    assert not any(h.extractor == "keyphrase" for h in hits)


def test_keyphrases_are_the_noun_runs_no_concept_names(extractor: TechnologyExtractor) -> None:
    (hits,) = extractor.extract_many([["광섬유 브래그 격자 온도 센서 기술",
                                       "본 발명은 광섬유 브래그 격자를 이용한 온도 센서 장비에 관한 것이다."]])
    assert {h.label for h in hits if h.extractor == "keyphrase"} == {"광섬유 브래그 격자", "온도 센서"}


def test_words_kiwi_cuts_apart_are_put_back_and_english_stop_words_end_a_phrase(
        extractor: TechnologyExtractor) -> None:
    """초+음파, 전+고체, 3+D and solid-state are one written word each; 'We develop' is not a technology; job titles
    after a company's name are trimmed; English heads keep -ing and -a (the lemma table reads 'learn', 'datum')."""
    texts = [["초음파 영상 진단 및 3D 프린팅 공정", "We develop solid-state battery cells. (주)누리 대표이사"],
             ["advanced metering infrastructure for reinforcement learning and big data platforms"]]
    phrases = [{h.label for h in hits if h.extractor == "keyphrase"} for hits in extractor.extract_many(texts)]
    assert {"초음파 영상 진단", "3D 프린팅 공정", "solid-state battery cells"} <= phrases[0]
    assert not any(p.startswith(("We", "음파", "D ")) or "대표이사" in p for p in phrases[0])
    assert {"advanced metering infrastructure", "big data platform"} <= phrases[1]
    assert not any(p.endswith((" learn", " datum")) for p in phrases[1])


def test_english_lemmas_and_case_sensitive_acronyms(extractor: TechnologyExtractor) -> None:
    (hits,) = extractor.extract_many([["Solar Cells and Fuel Cells", "LEDs for displays. This led to lead pipes."]])
    ids = {h.technology_id for h in hits if h.extractor == "gazetteer"}
    assert {"tec:solar-cell", "tec:fuel-cell", "tec:led", "tec:display"} <= ids
    (plain,) = extractor.extract_many([["The project led the team", ""]])
    assert "tec:led" not in {h.technology_id for h in plain}


def test_results_are_cached_by_content(extractor: TechnologyExtractor) -> None:
    texts = [["에너지저장장치 기반 스마트그리드 운영", "microgrid control"]]
    first = extractor.extract_many(texts)
    assert extractor.cache is not None
    assert extractor.cache.get_many([extractor.cache_key(texts[0])])
    assert extractor.extract_many(texts) == first


def test_ipc_titles_name_their_subclass_in_both_languages(extractor: TechnologyExtractor) -> None:
    """A text in the words of an IPC title ('Batteries; fuel cells', '무선 통신 네트워크') links to that subclass, so
    a free-text need meets patents whose technologies are their classes."""
    (hits,) = extractor.extract_many([["Lithium batteries for wireless communication networks",
                                       "반도체 장치 및 연료전지 스택, MEMS 마이크로폰"]])
    ids = {h.technology_id for h in hits if h.extractor == "gazetteer"}
    assert {"tec:ipc-H01M", "tec:ipc-H04W", "tec:ipc-H01L", "tec:ipc-B81B", "tec:ipc-H04R"} <= ids
    assert {"tec:fuel-cell", "tec:semiconductor"} <= ids  # a span two entries name counts for both
    labels = {h.technology_id: h.label for h in hits}
    assert labels["tec:ipc-H01M"] == "H01M: Batteries; fuel cells"


def test_ipc_title_words_that_prose_uses_otherwise_name_nothing(extractor: TechnologyExtractor) -> None:
    (hits,) = extractor.extract_many([["A concrete example of the transmission", "표시 및 혼합. Former art."]])
    assert not any(h.technology_id.startswith("tec:ipc-") for h in hits)


def test_an_english_term_ending_a_korean_sentence_is_read_whole(extractor: TechnologyExtractor) -> None:
    """kiwipiepy alone reads 'microphones.' as 'microp' + 'hones.'."""
    (hits,) = extractor.extract_many([["", "본 발명은 MEMS microphones. 이다"]])
    assert {"tec:ipc-B81B", "tec:ipc-H04R"} <= {h.technology_id for h in hits}
    doc = extractor.ko_tokenizer("박막 thin film transistors. 본 발명")
    assert "transistors" in [t.text for t in doc]
