import pytest

from talent.core import validators
from talent.core.names import fold_name, split_vietnamese_name


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Nguyễn Văn Ánh", "nguyen van anh"),
        ("  NGUYỄN   văn  ánh ", "nguyen van anh"),
        ("Đặng Thị Ngọc", "dang thi ngoc"),
        ("đinh", "dinh"),
        ("Trần Hữu Đức", "tran huu duc"),
        ("Nguyen Van Anh", "nguyen van anh"),
    ],
)
def test_fold_name_removes_diacritics_case_and_spacing(name: str, folded: str) -> None:
    assert fold_name(name) == folded


def test_vietnamese_names_split_family_first_given_last() -> None:
    assert split_vietnamese_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Khai")
    assert split_vietnamese_name(" Madonna ") == (None, "Madonna")


def test_orcid_checksum_accepts_valid_and_rejects_wrong_digit() -> None:
    assert validators.orcid("https://orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert validators.orcid("0000-0002-1694-233X") == "0000-0002-1694-233X"
    with pytest.raises(ValueError, match="check digit"):
        validators.orcid("0000-0002-1825-0098")


@pytest.mark.parametrize("code", ["VN", "us", "de"])
def test_country_codes_are_iso_3166(code: str) -> None:
    assert validators.country_code(code) == code.upper()


@pytest.mark.parametrize("code", ["XX", "VNM", ""])
def test_unknown_country_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="ISO 3166"):
        validators.country_code(code)


def test_language_codes_are_iso_639_two_or_three_letters() -> None:
    assert validators.language_code("VI") == "vi"
    assert validators.language_code("vie") == "vie"
    with pytest.raises(ValueError, match="ISO 639"):
        validators.language_code("xx")


def test_a_doi_has_one_form_wherever_it_comes_from() -> None:
    assert validators.doi("https://doi.org/10.1000/ABC") == "10.1000/abc"
    assert validators.doi("http://dx.doi.org/10.1000/abc") == "10.1000/abc"
    assert validators.doi("DOI 10.1000/abc.") == "10.1000/abc"
    assert validators.doi("doi: 10.1000/a%2Fb") == "10.1000/a/b"


@pytest.mark.parametrize(
    "walking", ["10.1000/../../admin?x=1", "10.1000/./x", "10.1000/a/..", "10.1000/%2E%2E/x"]
)
def test_a_doi_may_not_walk_out_of_a_source_path(walking: str) -> None:
    with pytest.raises(ValueError, match="a DOI looks like"):
        validators.doi(walking)
