"""Feature weights per role kind, which a programme lead may override per request."""

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from talent.core.errors import InvalidInput

FEATURES = ("skill", "evidence", "seniority", "network", "availability", "confidence")


class FeatureWeights(BaseModel):
    """Relative weights of the six features; they are normalised to sum to 1 when scoring."""

    model_config = ConfigDict(extra="forbid")

    skill: float = Field(ge=0, le=1)
    evidence: float = Field(ge=0, le=1)
    seniority: float = Field(ge=0, le=1)
    network: float = Field(ge=0, le=1)
    availability: float = Field(ge=0, le=1)
    confidence: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _not_all_zero(self) -> Self:
        if self.total() <= 0:
            raise ValueError("at least one weight must be above 0")
        return self

    def total(self) -> float:
        return float(sum(getattr(self, name) for name in FEATURES))

    def normalised(self) -> dict[str, float]:
        total = self.total()
        return {name: getattr(self, name) / total for name in FEATURES}


class WeightOverride(BaseModel):
    """Some weights of a preset replaced for one request."""

    model_config = ConfigDict(extra="forbid")

    skill: float | None = Field(default=None, ge=0, le=1)
    evidence: float | None = Field(default=None, ge=0, le=1)
    seniority: float | None = Field(default=None, ge=0, le=1)
    network: float | None = Field(default=None, ge=0, le=1)
    availability: float | None = Field(default=None, ge=0, le=1)
    confidence: float | None = Field(default=None, ge=0, le=1)
    depth: float | None = Field(
        default=None, ge=0.25, le=3, description="how strongly skill levels count (see presets)"
    )


class RoleProfile(BaseModel):
    """`depth` is the exponent on a skill's level (level / 5) ** depth in the skill fit.

    Above 1 rewards deep mastery of each requirement (a chief engineer's delivery); below 1,
    covering many requirements well enough counts for more (a chief architect's breadth).
    """

    weights: FeatureWeights
    depth: float = 1.0

    def with_override(self, override: WeightOverride | None) -> "RoleProfile":
        if override is None:
            return self
        changes = override.model_dump(exclude_none=True)
        depth = changes.pop("depth", self.depth)
        weights = FeatureWeights.model_validate({**self.weights.model_dump(), **changes})
        return RoleProfile(weights=weights, depth=depth)


def _profile(depth: float, *weights: float) -> RoleProfile:
    return RoleProfile(
        weights=FeatureWeights.model_validate(dict(zip(FEATURES, weights, strict=True))),
        depth=depth,
    )


# Weights in FEATURES order: skill, evidence, seniority, network, availability, confidence.
# A chief engineer: depth of mastery and delivery; a chief architect: breadth and leadership.
PRESETS: dict[str, RoleProfile] = {
    "chief_engineer": _profile(1.5, 0.35, 0.25, 0.15, 0.1, 0.1, 0.05),
    "chief_architect": _profile(0.6, 0.3, 0.2, 0.25, 0.1, 0.1, 0.05),
}
DEFAULT = _profile(1.0, 0.35, 0.25, 0.15, 0.1, 0.1, 0.05)


def profile_for(kind: str, override: WeightOverride | None = None) -> RoleProfile:
    """The preset of the role's kind with the request's override; 422 if nothing is left."""
    try:
        return PRESETS.get(kind, DEFAULT).with_override(override)
    except ValidationError as exc:
        raise InvalidInput(
            "the weights after the override must not all be 0",
            fields={"weights": exc.errors()[0]["msg"]},
        ) from exc
