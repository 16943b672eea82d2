"""Plain keyword-only builders of request bodies, and of snapshot rows for in-memory indexes."""

from typing import Any

from talent.snapshot.rows import ExpertRow


def expert_body(
    *,
    full_name: str = "Nguyễn Văn Ánh",
    country: str = "VN",
    skills: list[dict[str, Any]] | None = None,
    affiliations: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": full_name,
        "country": country,
        "nationality": "VN",
        "emails": ["anh.nguyen@example.org"],
        "languages": ["vi", "en"],
        "years_experience": 12,
        "orcid": "0000-0002-1825-0097",
        "engagement_modes": ["remote", "advisory"],
        "skills": skills
        if skills is not None
        else [
            {"skill_id": "machine-learning", "level": 4},
            {"skill_id": "computer-vision", "level": 3},
        ],
        "affiliations": affiliations or [],
    }
    body.update(extra)
    return body


def organization_body(
    *, name: str = "Đại học Bách khoa Hà Nội", country: str = "VN"
) -> dict[str, Any]:
    return {"name": name, "kind": "university", "country": country}


def expert_row(expert_id: str, full_name: str | None = None) -> ExpertRow:
    """An active, consenting expert as a snapshot reads one, for indexes built in memory:
    at home, ten years, Vietnamese, advisory, grade 1; named by their id unless given a name."""
    return ExpertRow(
        expert_id, "active", True, "home", 10, ["vi"], ["advisory"], None, None, 1,
        1_700_000_000_000, full_name or expert_id, None, "VN", False, [], None, None,
    )  # fmt: skip
