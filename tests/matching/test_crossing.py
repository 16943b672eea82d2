"""The Vietnamese -> English glossary and its matcher: what a role written in Vietnamese adds in
English, the matching rules (longest phrase, unaccented text, spelling variants) and the file."""

import importlib
import time
import unicodedata
from collections import defaultdict

import pytest

from matching.crossing import crossed, gloss
from matching.crossing.gloss import Glossary, clauses, glossary_files, read_pairs

# The package exports the function `gloss`, which hides the module of the same name.
gloss_module = importlib.import_module("matching.crossing.gloss")


@pytest.mark.parametrize(
    ("role", "english"),
    [
        (
            "Kỹ sư trưởng thiết kế vi mạch cho chip AI, có kinh nghiệm về quang khắc và đóng gói"
            " tiên tiến.",
            "chief engineer integrated circuit design for AI chip experienced on photolithography"
            " and advanced packaging",
        ),
        (
            "Chủ nhiệm nghiên cứu pin thể rắn và vật liệu điện cực cho xe điện",
            "leader research solid-state battery and electrode materials for electric vehicle",
        ),
        (
            "Phát triển mô hình ngôn ngữ lớn cho tiếng Việt, học tăng cường từ phản hồi của con"
            " người",
            "development large language model for Vietnamese reinforcement learning from human"
            " feedback",
        ),
        (
            "Định vị và lập bản đồ đồng thời (SLAM) cho robot tự hành trong nhà máy thông minh",
            "simultaneous localization and mapping SLAM for autonomous mobile robot in smart"
            " factory",
        ),
        (
            "Chuyên gia an ninh mạng: phát hiện xâm nhập, phân tích mã độc, mật mã hậu lượng tử",
            "expert cybersecurity intrusion detection malware analysis post-quantum cryptography",
        ),
        (
            "Giải trình tự gen thế hệ mới và tin sinh học cho y học chính xác",
            "gene sequencing next generation and bioinformatics for precision medicine",
        ),
    ],
)
def test_a_vietnamese_role_reads_in_english(role: str, english: str) -> None:
    assert gloss(role) == english


def test_the_longest_phrase_wins() -> None:
    assert gloss("mạng nơ-ron tích chập") == "convolutional neural network"
    assert gloss("mạng nơ-ron") == "neural network"
    assert gloss("mạng") == "network"
    # The hyphen is a syllable break: written apart or joined, the phrase is the same.
    assert gloss("mạng nơ ron tích chập") == "convolutional neural network"


@pytest.mark.parametrize(
    "text",
    [
        "LiDAR SLAM for autonomous vehicles",
        "The data can be used to train a model in the lab",
        "Solid-state battery pin assignment",
        "Réseau de neurones convolutif pour la vision",
        "",
        "2026",
    ],
)
def test_a_text_in_another_language_gives_nothing(text: str) -> None:
    assert gloss(text) == ""
    assert crossed(text) == text


def test_crossed_keeps_the_text_and_adds_its_gloss() -> None:
    assert crossed("Pin thể rắn cho xe điện") == (
        "Pin thể rắn cho xe điện solid-state battery for electric vehicle"
    )


def test_text_typed_without_diacritics_matches_an_unambiguous_phrase() -> None:
    assert gloss("pin the ran cho xe dien") == "solid-state battery for electric vehicle"
    # "va" alone (và, vá, vả, ...) is one syllable: not trusted unaccented.
    assert gloss("Hoc sau va thi giac may tinh") == "deep learning computer vision"


def test_an_ambiguous_unaccented_phrase_is_refused() -> None:
    # "dien tu" is both "điện tử" and "điện từ"; "tri thuc" both "tri thức" and "trí thức".
    assert gloss("điện tử") == "electronics"
    assert gloss("điện từ") == "electromagnetic"
    assert gloss("thiet ke vi mach dien tu") == "integrated circuit design"
    assert gloss("tri thuc va do thi tri thuc") == "knowledge graph"


def test_the_ambiguity_rule_on_a_small_glossary() -> None:
    small = Glossary.of(
        [
            ("điện tử", "electronics"),
            ("điện từ", "electromagnetic"),
            ("học sâu", "deep learning"),
            ("mạng", "network"),
            ("mạng nơ-ron", "neural network"),
        ]
    )
    assert small.renderings("dien tu hoc sau") == ["deep learning"]
    assert small.renderings("mang no ron hoc sau") == ["neural network", "deep learning"]
    # One unaccented syllable stands for too many words to be trusted.
    assert small.renderings("mang hoc sau") == ["deep learning"]
    # Accented syllables are matched exactly, never through their unaccented form.
    assert small.renderings("điện tu học sâu") == ["deep learning"]


def test_unaccented_english_is_not_read_as_vietnamese() -> None:
    # "can" and "ban" are syllables of the glossary, but most of the sentence is not.
    small = Glossary.of([("căn bản", "fundamentals")])
    assert small.renderings("you can ban these lorries now") == []
    assert small.renderings("can ban") == ["fundamentals"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("hoá học", "hóa học"),
        ("thuỷ điện", "thủy điện"),
        ("kĩ sư", "kỹ sư"),
        ("xử lí ảnh", "xử lý ảnh"),
        ("qui trình công nghệ", "quy trình công nghệ"),
        ("vắc xin", "vắc-xin"),
        ("Trí Tuệ Nhân Tạo", "trí tuệ nhân tạo"),
    ],
)
def test_spelling_variants_read_alike(one: str, other: str) -> None:
    assert gloss(one) == gloss(other) != ""


def test_a_vietnamese_text_of_words_outside_the_glossary_is_still_read() -> None:
    # Few of these syllables are in the glossary; the marks alone say the text is Vietnamese.
    assert gloss("Bà ngoại kể chuyện cổ tích về học máy") == "on machine learning"


def test_decomposed_input_reads_like_composed() -> None:
    assert gloss(unicodedata.normalize("NFD", "học máy")) == "machine learning"


def test_a_phrase_never_spans_a_comma() -> None:
    # "xe, điện" is two words of two clauses, not "electric vehicle".
    assert gloss("xe, điện") == "vehicle electrical"


def test_glossing_a_long_role_is_fast() -> None:
    sentence = (
        "Kỹ sư trưởng nghiên cứu thuật toán học sâu và tối ưu hoá hệ thống nhúng cho xe điện, "
        "có kinh nghiệm thiết kế vi mạch, xử lý ảnh y tế và điện toán đám mây. "
    )
    role = sentence * 12  # about 300 words
    gloss(role)  # the glossary is read once, outside the timing
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        gloss(role)
    per_hundred_chars_ms = (time.perf_counter() - started) / runs * 1000 / (len(role) / 100)
    assert per_hundred_chars_ms < 1.0


def _entries() -> list[tuple[str, str, str]]:
    return [
        (path.name, vietnamese, english)
        for path in glossary_files()
        for vietnamese, english in read_pairs(path.read_text(encoding="utf-8").splitlines())
    ]


def test_every_glossary_line_is_nfc_and_one_phrase_with_its_rendering() -> None:
    assert len(glossary_files()) >= 5
    for path in glossary_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        assert "Written for the talentgraph project" in lines[1], path.name
        for number, line in enumerate(lines, 1):
            assert unicodedata.normalize("NFC", line) == line, f"{path.name}:{number}"
            if line and not line.startswith("#"):
                vietnamese, english = line.split("\t")
                assert vietnamese.strip() == vietnamese != "", f"{path.name}:{number}"
                assert english.strip() == english != "", f"{path.name}:{number}"


def test_the_glossary_has_no_duplicate_phrase() -> None:
    """No phrase twice, in the spelling the matcher compares (so never two renderings of one)."""
    places = defaultdict(list)
    for name, vietnamese, english in _entries():
        places[tuple(s for c in clauses(vietnamese) for s in c)].append(f"{name}: {english}")
    assert {key: found for key, found in places.items() if len(found) > 1} == {}


def test_the_glossary_is_broad() -> None:
    assert len(_entries()) >= 2000


def test_a_missing_glossary_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """An install without the package data must not gloss every text as nothing."""
    monkeypatch.setattr(gloss_module, "glossary_files", list)
    with pytest.raises(FileNotFoundError, match="package data"):
        gloss_module.glossary.__wrapped__()
