"""Deterministic demo data: realistic experts, organisations and works, scaling to 100,000."""

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from talent.core.names import fold_name
from talent.core.types import EngagementMode
from talent.demo.names import (
    ABSTRACT_FORMS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    ORGANIZATIONS,
    OVERSEAS,
    TITLE_FORMS,
    TITLES,
)
from talent.experts.models import Affiliation, Consent, ExpertCreate, ExpertStatus, SkillClaim
from talent.resources.models import (
    OrganizationCreate,
    OrganizationKind,
    ProgrammeCreate,
    ProgrammeStatus,
    Requirement,
    RoleConstraints,
    RoleCreate,
    WorkCreate,
    WorkKind,
)
from talent.taxonomy.bundled import bundled

NAMESPACE = uuid.UUID("5b1d7a52-3c1e-4d2b-9a55-8b9f3e0c2d11")
MODES = list(EngagementMode)


def demo_id(kind: str, n: int, seed: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{seed}:{kind}:{n}"))


def orcid_with_check(rng: random.Random) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(15))
    total = 0
    for ch in digits:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    raw = digits + ("X" if check == 10 else str(check))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True, slots=True)
class DemoExpert:
    id: str
    expert: ExpertCreate
    works: list[tuple[str, WorkCreate]]


class DemoGenerator:
    """Same seed, same data: ids are derived from the seed and the position."""

    def __init__(self, seed: int = 21) -> None:
        self.seed = seed
        taxonomy = bundled()
        self.skills = taxonomy["skills"]
        self.groups = sorted({g for s in self.skills for g in s["groups"]})
        self.by_group = {g: [s for s in self.skills if g in s["groups"]] for g in self.groups}
        self.labels = {s["id"]: s["en"] for s in self.skills}
        self.org_ids = [demo_id("org", i, seed) for i in range(len(ORGANIZATIONS))]
        self.orgs_by_country: dict[str, list[str]] = {}
        for org_id, (_, _, country) in zip(self.org_ids, ORGANIZATIONS, strict=True):
            self.orgs_by_country.setdefault(country, []).append(org_id)
        self._family = [f for f, _ in FAMILY_NAMES]
        self._family_w = [w for _, w in FAMILY_NAMES]
        self._country = [c for c, _, _ in OVERSEAS]
        self._country_w = [w for _, w, _ in OVERSEAS]
        self._country_lang = {c: lang for c, _, lang in OVERSEAS}

    def organizations(self) -> list[tuple[str, OrganizationCreate]]:
        return [
            (
                org_id,
                OrganizationCreate(name=name, kind=OrganizationKind(kind), country=country),
            )
            for org_id, (name, kind, country) in zip(self.org_ids, ORGANIZATIONS, strict=True)
        ]

    def programmes(
        self, count: int = 3
    ) -> list[tuple[tuple[str, ProgrammeCreate], list[tuple[str, RoleCreate]]]]:
        """Programmes on the first groups with enough skills, each with a chief engineer and a
        chief architect role, so that matching can be tried on demo data at once."""
        names = {g["id"]: (g["vi"], g["en"]) for d in bundled()["decisions"] for g in d["groups"]}
        companies = [
            org_id
            for org_id, (_, kind, _) in zip(self.org_ids, ORGANIZATIONS, strict=True)
            if kind == "company"
        ]
        result = []
        groups = [g for g in self.groups if len(self.by_group[g]) >= 8][:count]
        for n, group in enumerate(groups):
            vi, en = names.get(group, (group, group))
            programme_id = demo_id("programme", n, self.seed)
            programme = ProgrammeCreate(
                name=f"Chương trình quốc gia: {vi}",
                description=f"National programme on {en}.",
                status=ProgrammeStatus.ACTIVE,
                tech_group_ids=[group],
                contractor_ids=[companies[n % len(companies)]] if companies else [],
            )
            skills = [s["id"] for s in self.by_group[group]]
            engineer = RoleCreate(
                programme_id=programme_id,
                kind="chief_engineer",
                title=f"Chief engineer, {en}",
                description=f"Lead the delivery of the national {en} platform: "
                + ", ".join(self.labels[s].lower() for s in skills[:4]),
                requirements=[
                    Requirement(skill_id=skills[0], weight=1, min_level=3, must=True),
                    *(Requirement(skill_id=s, weight=0.6, min_level=2) for s in skills[1:4]),
                ],
                constraints=RoleConstraints(languages=["vi"], min_years=8),
            )
            architect = RoleCreate(
                programme_id=programme_id,
                kind="chief_architect",
                title=f"Chief architect, {en}",
                description=f"Design the architecture of the national {en} systems.",
                requirements=[Requirement(skill_id=s, weight=0.8, min_level=2) for s in skills[:7]],
                constraints=RoleConstraints(min_years=12),
            )
            roles = [
                (demo_id("role", 2 * n, self.seed), engineer),
                (demo_id("role", 2 * n + 1, self.seed), architect),
            ]
            result.append(((programme_id, programme), roles))
        return result

    def experts(self, count: int, start: int = 0) -> Iterator[DemoExpert]:
        for n in range(start, start + count):
            yield self.expert(n)

    def expert(self, n: int) -> DemoExpert:
        rng = random.Random(f"{self.seed}:{n}")
        expert_id = demo_id("expert", n, self.seed)
        family = rng.choices(self._family, self._family_w)[0]
        middle = rng.choice(MIDDLE_NAMES)
        given = rng.choice(GIVEN_NAMES)
        overseas = rng.random() < 0.4
        country = rng.choices(self._country, self._country_w)[0] if overseas else "VN"
        languages = ["vi", "en"]
        if overseas and self._country_lang[country] not in languages:
            languages.append(self._country_lang[country])
        years = rng.randint(2, 40)
        group = rng.choice(self.groups)
        skills = self._skills(rng, group, years)
        orgs = self._affiliations(rng, country, years)
        ascii_name = fold_name(f"{given} {family}").replace(" ", ".")
        full_name = f"{family} {middle} {given}"
        expert = ExpertCreate(
            full_name=full_name,
            family_name=family,
            given_name=given,
            emails=[f"{ascii_name}.{n}@example.org"],
            birth_year=min(2026 - 22 - years - rng.randint(0, 6), 2008),
            country=country,
            nationality="VN",
            languages=languages,
            years_experience=years,
            headline=f"{rng.choice(TITLES)}, {self.labels[skills[0].skill_id]}",
            bio=f"Works on {', '.join(self.labels[s.skill_id] for s in skills[:3])}.",
            orcid=orcid_with_check(rng) if rng.random() < 0.5 else None,
            engagement_modes=sorted(set(rng.sample(MODES, rng.randint(1, 3)))),
            available_from=date(2026, rng.randint(1, 12), 1) if rng.random() < 0.5 else None,
            consent=Consent(match=rng.random() < 0.95, contact=rng.random() < 0.6),
            status=ExpertStatus.ACTIVE if rng.random() < 0.95 else ExpertStatus.PENDING,
            verification_grade=rng.choices([0, 1, 2, 3], [40, 30, 20, 10])[0],
            skills=skills,
            affiliations=orgs,
        )
        works = [self._work(rng, expert_id, n, i, skills) for i in range(rng.randint(0, 6))]
        return DemoExpert(expert_id, expert, works)

    def _skills(self, rng: random.Random, group: str, years: int) -> list[SkillClaim]:
        pool = self.by_group[group]
        picked = rng.sample(pool, min(len(pool), rng.randint(5, 12)))
        other = self.by_group[rng.choice(self.groups)]
        picked += rng.sample(other, 2)
        seen: dict[str, SkillClaim] = {}
        top = 2 + min(3, years // 8)
        for skill in picked:
            if skill["id"] not in seen:
                level = max(1, min(5, round(rng.triangular(1, top + 0.49, top - 0.5))))
                seen[skill["id"]] = SkillClaim(
                    skill_id=skill["id"], level=level, years=rng.randint(1, max(1, years))
                )
        return list(seen.values())

    def _affiliations(self, rng: random.Random, country: str, years: int) -> list[Affiliation]:
        local = self.orgs_by_country.get(country) or self.orgs_by_country["VN"]
        current = rng.choice(local)
        result = [
            Affiliation(
                organization_id=current,
                title=rng.choice(TITLES),
                start_year=2026 - rng.randint(0, min(years, 15)),
                team_size=rng.choice([0, 0, 3, 5, 8, 12, 20, 50, 120]),
            )
        ]
        if years > 8 and rng.random() < 0.6:
            past = rng.choice(self.org_ids)
            if past != current:
                end = 2026 - rng.randint(1, 8)
                result.append(
                    Affiliation(
                        organization_id=past,
                        title=rng.choice(TITLES),
                        start_year=end - rng.randint(1, 6),
                        end_year=end,
                    )
                )
        return result

    def _work(
        self, rng: random.Random, author: str, n: int, i: int, skills: list[SkillClaim]
    ) -> tuple[str, WorkCreate]:
        a, b = rng.sample(skills, 2) if len(skills) > 1 else (skills[0], skills[0])
        la, lb = self.labels[a.skill_id].lower(), self.labels[b.skill_id].lower()
        title = rng.choice(TITLE_FORMS).format(a=la, b=lb)
        sentences = rng.sample(ABSTRACT_FORMS, 3)
        work = WorkCreate(
            kind=rng.choices(list(WorkKind), [70, 8, 15, 5, 2])[0],
            title=title[0].upper() + title[1:],
            abstract=" ".join(s.format(a=la, b=lb) for s in sentences),
            year=rng.randint(2000, 2026),
            author_ids=[author],
            skill_ids=sorted({a.skill_id, b.skill_id}),
        )
        return demo_id("work", n * 10 + i, self.seed), work
