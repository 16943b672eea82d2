from typing import Any

import pytest
from pydantic import ValidationError

from talent.core.types import Strict
from talent.experts.models import ExpertCreate, ExpertUpdate
from talent.resources.models import (
    OrganizationCreate,
    OrganizationUpdate,
    ProgrammeCreate,
    ProgrammeUpdate,
    RoleCreate,
    RoleUpdate,
    WorkCreate,
    WorkUpdate,
)
from tests.factories import expert_body


def _fields(exc: ValidationError) -> set[str]:
    return {".".join(str(p) for p in e["loc"]) for e in exc.errors()}


def test_an_overseas_vietnamese_expert_is_marked_diaspora() -> None:
    expert = ExpertCreate.model_validate(expert_body(country="JP"))
    assert expert.diaspora is True
    assert (expert.family_name, expert.given_name) == ("Nguyễn", "Ánh")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"emails": ["not-an-email"]}, "emails.0"),
        ({"orcid": "0000-0002-1825-0098"}, "orcid"),
        ({"languages": ["zz"]}, "languages.0"),
        ({"skills": [{"skill_id": "ai", "level": 6}]}, "skills.0.level"),
        ({"years_experience": -1}, "years_experience"),
        ({"full_name": "x" * 201}, "full_name"),
        ({"bio": "x" * 10_001}, "bio"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_invalid_expert_fields_are_named(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        ExpertCreate.model_validate(expert_body(**change))
    assert field in _fields(info.value)


def test_repeated_skills_are_refused() -> None:
    skills = [{"skill_id": "ai", "level": 2}, {"skill_id": "ai", "level": 3}]
    with pytest.raises(ValidationError, match="must not repeat"):
        ExpertCreate.model_validate(expert_body(skills=skills))


def test_an_update_holds_only_the_fields_sent() -> None:
    patch = ExpertUpdate.model_validate({"years_experience": 20})
    assert patch.model_dump(exclude_unset=True) == {"years_experience": 20}
    with pytest.raises(ValidationError):
        ExpertUpdate.model_validate({"country": "XX"})


@pytest.mark.parametrize(
    ("create", "update"),
    [
        (ExpertCreate, ExpertUpdate),
        (OrganizationCreate, OrganizationUpdate),
        (WorkCreate, WorkUpdate),
        (ProgrammeCreate, ProgrammeUpdate),
        (RoleCreate, RoleUpdate),
    ],
)
def test_a_patch_model_has_every_field_of_its_create_model_optional_with_its_limits(
    create: type[Strict], update: type[Strict]
) -> None:
    assert list(update.model_fields) == list(create.model_fields)
    created = create.model_json_schema()["properties"]
    for name, schema in update.model_json_schema()["properties"].items():
        assert not update.model_fields[name].is_required(), name
        assert schema.get("default") is None, name
        # The same limits as the create model's field, or null.
        assert {"type": "null"} in schema["anyOf"], name
        expected = _limits(created[name])
        assert _not_null(schema["anyOf"]) == _not_null(expected.get("anyOf", [expected])), name


def _not_null(kinds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_limits(k) for k in kinds if k != {"type": "null"}]


def _limits(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in schema.items() if k not in {"title", "default", "description", "examples"}
    }


def test_role_kind_and_requirement_levels_are_checked() -> None:
    with pytest.raises(ValidationError) as info:
        RoleCreate.model_validate(
            {
                "programme_id": "p",
                "kind": "Chief Engineer!",
                "title": "t",
                "requirements": [{"skill_id": "ai", "min_level": 0}],
            }
        )
    assert {"kind", "requirements.0.min_level"} <= _fields(info.value)
