"""What a search by topic and "experts like this one" answer: experts ranked by their works'
affinity to a text, each with the works that support it."""

from enum import StrEnum

from pydantic import BaseModel, Field


class SupportingWork(BaseModel):
    """One of the expert's works and how close it is to the text (0..1)."""

    work_id: str
    title: str = Field(description="as written: an English title stays English")
    year: int | None = None
    similarity: float


class TopicHit(BaseModel):
    expert_id: str
    full_name: str = Field(description="as search cards show it")
    headline: str
    country: str
    residency: str
    verification_grade: int
    score: float = Field(description="the affinity of the expert's works to the text, 0..1")
    works: list[SupportingWork] = Field(description="the closest works, best first (3 at most)")
    emails: list[str] | None = Field(
        default=None, description="only where the expert lets this caller see them"
    )


class TopicResult(BaseModel):
    total: int = Field(description="experts with any evidence for the topic")
    items: list[TopicHit]
    next_cursor: str | None = None


class NoSimilar(StrEnum):
    """Why an expert has no similar experts to show."""

    NO_WORKS = "no_works"  # nothing of theirs to compare with


class SimilarResult(BaseModel):
    expert_id: str = Field(description="the expert compared with (a merged id's survivor)")
    full_name: str
    items: list[TopicHit]
    reason: NoSimilar | None = Field(
        default=None, description="why the list is empty, when it is for a known reason"
    )
