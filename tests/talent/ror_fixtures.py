"""ROR records written for the tests in ROR's documented formats (schema v2.1 as the API's
`/v2/organizations/{id}` serves it, and the legacy schema v1.0), for Vietnamese institutions;
the ids are invented in ROR's form."""

import io
import json
import zipfile
from typing import Any

HUST = "04hb5qz12"
HUE = "07c9h5k34"
VAST = "02r6dz823"
HCMUT = "05k3n7p61"


def v2(
    ror_id: str,
    names: list[tuple[str, list[str], str | None]],
    *,
    country: str = "VN",
    types: list[str] | None = None,
    status: str = "active",
) -> dict[str, Any]:
    """A schema v2.1 record: names as (value, types, lang)."""
    return {
        "admin": {
            "created": {"date": "2018-11-14", "schema_version": "1.0"},
            "last_modified": {"date": "2026-03-31", "schema_version": "2.1"},
        },
        "domains": [],
        "established": 1956,
        "external_ids": [],
        "id": f"https://ror.org/{ror_id}",
        "links": [],
        "locations": [
            {
                "geonames_details": {
                    "continent_code": "AS",
                    "continent_name": "Asia",
                    "country_code": country,
                    "country_name": "Vietnam",
                    "country_subdivision_code": None,
                    "country_subdivision_name": "Hanoi",
                    "lat": 21.0245,
                    "lng": 105.84117,
                    "name": "Hanoi",
                },
                "geonames_id": 1581130,
            }
        ],
        "names": [{"lang": lang, "types": kinds, "value": value} for value, kinds, lang in names],
        "relationships": [],
        "status": status,
        "types": types or ["education"],
    }


def hust() -> dict[str, Any]:
    return v2(
        HUST,
        [
            ("Hanoi University of Science and Technology", ["ror_display", "label"], "en"),
            ("Đại học Bách khoa Hà Nội", ["label"], "vi"),
            ("Hanoi Polytechnic", ["alias"], "en"),
            ("HUST", ["acronym"], None),
        ],
    )


def vast() -> dict[str, Any]:
    return v2(
        VAST,
        [
            ("HUST", ["acronym"], None),  # not the university: an acronym alone is weak
            ("Vietnam Academy of Science and Technology", ["ror_display", "label"], "en"),
            ("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", ["label"], "vi"),
            ("VAST", ["acronym"], None),
        ],
        types=["government", "facility"],
    )


def hue_v1() -> dict[str, Any]:
    """Hue University in the legacy schema v1.0."""
    return {
        "id": f"https://ror.org/{HUE}",
        "name": "Hue University",
        "email_address": None,
        "ip_addresses": [],
        "established": 1957,
        "types": ["Education"],
        "relationships": [],
        "addresses": [{"lat": 16.4619, "lng": 107.59546, "city": "Huế", "primary": False}],
        "links": ["http://hueuni.edu.vn/"],
        "aliases": ["University of Hue"],
        "acronyms": ["HU"],
        "status": "active",
        "wikipedia_url": None,
        "labels": [{"label": "Đại học Huế", "iso639": "vi"}],
        "country": {"country_name": "Vietnam", "country_code": "VN"},
        "external_ids": {},
    }


def hcmut_abroad_acronym() -> dict[str, Any]:
    """A record elsewhere sharing an acronym with nothing in Vietnam."""
    return v2(
        HCMUT,
        [
            ("Ho Chi Minh City University of Technology", ["ror_display", "label"], "en"),
            ("Trường Đại học Bách khoa, Đại học Quốc gia Thành phố Hồ Chí Minh", ["label"], "vi"),
            ("HCMUT", ["acronym"], None),
        ],
    )


def dump_json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=2).encode()


def dump_zip(records: list[dict[str, Any]], name: str = "v2.8-2026-06-02-ror-data") -> bytes:
    """A dump as ROR publishes it: a zip with the v1 and v2 JSON files (and a CSV)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.csv", "id,name\n")
        archive.writestr(f"{name}_schema_v1.json", b"[]")
        archive.writestr(f"{name}_schema_v2.json", dump_json(records))
    return buffer.getvalue()


def zip_bomb(size: int) -> bytes:
    """A small zip whose JSON inflates to `size` bytes of spaces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb-ror-data_schema_v2.json", b"[" + b" " * size + b"]")
    return buffer.getvalue()
