"""ROR records of both schemas read into one model, and dumps read record by record: zipped
as ROR publishes them or plain, a zip bomb and malformed JSON refused with what is wrong."""

import io
import json

import pytest

from talent.organizations import ror
from talent.organizations.ror import DumpTooLarge, RorMalformed, parse_record, read_dump
from talent.resources.models import OrganizationKind
from tests.talent import ror_fixtures as f


def test_a_v2_record_keeps_its_display_name_vietnamese_label_and_folded_names() -> None:
    record = parse_record(f.hust())
    assert record.id == f.HUST
    assert record.name == "Hanoi University of Science and Technology"
    assert record.name_vi == "Đại học Bách khoa Hà Nội"
    assert record.names_folded == (
        "hanoi university of science and technology",
        "dai hoc bach khoa ha noi",
        "hanoi polytechnic",
    )
    assert record.acronyms_folded == ("hust",)
    assert record.country == "VN"
    assert record.kind is OrganizationKind.UNIVERSITY
    assert record.status == "active"


def test_a_v1_record_reads_as_the_same_model() -> None:
    record = parse_record(f.hue_v1())
    assert (record.id, record.name, record.name_vi) == (f.HUE, "Hue University", "Đại học Huế")
    assert record.names_folded == ("hue university", "university of hue", "dai hoc hue")
    assert record.acronyms_folded == ("hu",)
    assert (record.country, record.kind) == ("VN", OrganizationKind.UNIVERSITY)


def test_kinds_follow_the_most_telling_type() -> None:
    assert parse_record(f.vast()).kind is OrganizationKind.AGENCY  # government + facility
    funder = f.v2("0abcdef12", [("Quỹ Đổi mới", ["ror_display"], "vi")], types=["funder"])
    assert parse_record(funder).kind is OrganizationKind.AGENCY
    company = f.v2("0abcdef34", [("Viettel", ["ror_display"], None)], types=["company"])
    assert parse_record(company).kind is OrganizationKind.COMPANY
    other = f.v2("0abcdef56", [("Bảo tàng", ["ror_display"], "vi")], types=["archive"])
    assert parse_record(other).kind is OrganizationKind.OTHER


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "https://example.org/x"}, "is not a ROR id"),
        ({"names": [{"lang": None, "types": ["acronym"], "value": "X"}]}, "no name of type"),
        ({"names": [{"types": ["label"]}]}, "a name without a value"),
    ],
)
def test_a_record_outside_the_schema_is_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_record({**f.hust(), **change})


def test_a_zipped_dump_reads_the_v2_file() -> None:
    data = f.dump_zip([f.hust(), f.vast(), f.hue_v1()])
    records = list(read_dump(io.BytesIO(data), max_bytes=1_000_000))
    assert [r.id for r in records] == [f.HUST, f.VAST, f.HUE]


def test_a_plain_dump_is_read_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks far smaller than a record: records are put together across them."""
    monkeypatch.setattr(ror, "_CHUNK", 7)
    data = "\ufeff".encode() + f.dump_json([f.hust(), f.hue_v1()] * 3)
    records = list(read_dump(io.BytesIO(data), max_bytes=1_000_000))
    assert [r.id for r in records] == [f.HUST, f.HUE] * 3
    assert records[0].name_vi == "Đại học Bách khoa Hà Nội"


def test_one_record_alone_is_a_dump_of_one() -> None:
    data = json.dumps(f.hust()).encode()
    assert [r.id for r in read_dump(io.BytesIO(data), max_bytes=100_000)] == [f.HUST]


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = f.zip_bomb(50_000_000)
    assert len(bomb) < 100_000
    with pytest.raises(DumpTooLarge) as refused:
        list(read_dump(io.BytesIO(bomb), max_bytes=1_000_000))
    assert refused.value.status_code == 413
    assert refused.value.fields == {"file": "at most 1000000 bytes uncompressed"}


def test_a_plain_file_over_the_limit_is_refused() -> None:
    data = f.dump_json([f.hust()] * 20)
    with pytest.raises(DumpTooLarge):
        list(read_dump(io.BytesIO(data), max_bytes=2048))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"id": "https://ror.org/04hb5qz12",}]', "malformed JSON at character 36"),
        (b"[" + json.dumps(f.hust()).encode() + b" {}]", "expected , or ]"),
        (b"[" + json.dumps(f.hust()).encode(), "the dump ends before its closing ]"),
        (b"name,id\nHUST,04hb5qz12\n", "a dump is a JSON array of records"),
        (b"[1]", "record 1: a record is a JSON object"),
        (b"\xff\xfe[]", "not UTF-8"),
        (b"PK\x03\x04 not really a zip", "not a readable zip"),
    ],
)
def test_malformed_dumps_say_where(data: bytes, message: str) -> None:
    with pytest.raises(RorMalformed, match=message) as refused:
        list(read_dump(io.BytesIO(data), max_bytes=100_000))
    assert refused.value.status_code == 422
    assert "file" in refused.value.fields


def test_a_bad_record_is_named_by_position_and_id() -> None:
    data = f.dump_json([f.hust(), {**f.vast(), "names": []}])
    with pytest.raises(RorMalformed, match=r"record 2 \(https://ror.org/02r6dz823\): no name"):
        list(read_dump(io.BytesIO(data), max_bytes=100_000))
