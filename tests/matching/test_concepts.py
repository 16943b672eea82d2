"""Taxonomy concepts in texts of either language, and evidence that crosses languages through
them."""

import httpx
import pytest

from matching.concepts import ConceptTagger
from tests.matching.helpers import expert, matches, ranked_ids, role, work

# A requirement whose label shares no word with the works: the role's text includes it.
TUNNELS = {"skill_id": "tunnelling", "weight": 1, "min_level": 1}
SKILLS = [
    ("artificial-intelligence", ["Artificial intelligence", "Trí tuệ nhân tạo", "AI"], []),
    ("machine-learning", ["Machine learning", "Học máy", "ML"], ["artificial-intelligence"]),
    ("deep-learning", ["Deep learning", "Học sâu", "deep neural networks"], ["machine-learning"]),
    ("neural-networks", ["Neural network architectures", "neural networks"], ["deep-learning"]),
    ("computer-vision", ["Computer vision", "Thị giác máy tính"], ["artificial-intelligence"]),
    ("machine-vision", ["Machine vision", "Thị giác máy công nghiệp"], ["computer-vision"]),
    ("soc", ["System-on-chip architecture", "SoC"], []),
    ("recommender-systems", ["Recommender systems", "Hệ thống gợi ý"], []),
    ("software-architecture", ["Software architecture", "thiết kế hệ thống"], []),
]


@pytest.fixture
def tagger() -> ConceptTagger:
    return ConceptTagger(SKILLS)


def test_vietnamese_with_or_without_diacritics_names_the_same_concepts(
    tagger: ConceptTagger,
) -> None:
    english = tagger.concepts("Deep learning for computer vision")
    assert english == ["deep-learning", "computer-vision"]
    assert tagger.concepts("Chuyên gia học sâu và thị giác máy tính") == english
    assert tagger.concepts("Chuyen gia hoc sau va thi giac may tinh") == english
    assert tagger.concepts("CHUYÊN GIA HỌC SÂU") == ["deep-learning"]


def test_english_labels_match_other_word_forms(tagger: ConceptTagger) -> None:
    assert tagger.concepts("a neural network for text") == ["neural-networks"]
    assert tagger.concepts("neural networks, again") == ["neural-networks"]


def test_the_longest_label_wins(tagger: ConceptTagger) -> None:
    assert tagger.concepts("deep neural networks") == ["deep-learning"]
    assert tagger.concepts("thị giác máy công nghiệp") == ["machine-vision"]


def test_overlapping_labels_both_count(tagger: ConceptTagger) -> None:
    # "thiết kế hệ thống" (system design) and "hệ thống gợi ý" (recommender systems) share
    # "hệ thống"; the first must not hide the second.
    assert tagger.concepts("Thiết kế hệ thống gợi ý") == [
        "software-architecture",
        "recommender-systems",
    ]


def test_acronyms_match_only_in_their_own_case(tagger: ConceptTagger) -> None:
    assert tagger.concepts("AI and SoC design") == ["artificial-intelligence", "soc"]
    # "ai" is Vietnamese for "who"; "soc" is no acronym in lower case.
    assert tagger.concepts("Ai phụ trách soc?") == []


def test_science_in_vietnamese_is_not_machine_learning(tagger: ConceptTagger) -> None:
    # "khoa học máy tính" (computer science) holds "học máy" (machine learning) across words.
    assert tagger.concepts("Tiến sĩ khoa học máy tính, chuyên về học máy") == ["machine-learning"]


def test_terms_repeat_the_concept_and_add_its_broader_ones_once(tagger: ConceptTagger) -> None:
    assert tagger("học sâu") == ["c:deep-learning", "c:deep-learning", "c:machine-learning"]
    narrow = ConceptTagger(SKILLS, broader=False)
    assert narrow("học sâu") == ["c:deep-learning", "c:deep-learning"]


def test_a_vietnamese_role_finds_the_expert_of_english_papers(client: httpx.Client) -> None:
    author = expert(client)
    other = expert(client)
    work(
        client,
        author,
        "Deep learning for object detection in traffic cameras",
        "Convolutional neural networks trained for computer vision on city scenes.",
    )
    work(client, author, "Computer vision for crop monitoring")
    work(client, other, "Corrosion of bridge steel", "Field study of marine corrosion.")
    role_id = role(
        client, requirements=[TUNNELS], description="Chuyên gia học sâu và thị giác máy tính"
    )
    result = matches(client, role_id)
    assert ranked_ids(result) == [author, other]
    top, second = result["items"]
    assert top["features"]["evidence"]["value"] > second["features"]["evidence"]["value"]
    assert top["works"][0]["title"].startswith(("Deep learning", "Computer vision"))


def test_an_english_role_finds_the_expert_of_vietnamese_patents(client: httpx.Client) -> None:
    other = expert(client)
    author = expert(client)
    work(
        client,
        author,
        "Hệ thống nhận dạng tiếng nói tiếng Việt dùng học sâu",
        "Mô hình âm học cho các phương ngữ.",
    )
    work(client, other, "Ăn mòn thép trong công trình cầu", "Khảo sát ăn mòn vùng biển.")
    role_id = role(
        client,
        requirements=[TUNNELS],
        description="Lead engineer for speech recognition with deep learning",
    )
    result = matches(client, role_id)
    assert ranked_ids(result) == [author, other]
    top, second = result["items"]
    assert top["features"]["evidence"]["value"] > second["features"]["evidence"]["value"]
