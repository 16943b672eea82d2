"""Names people write in a list, to the graph's codes and ids: countries, organisations,
skills; read once per run or dry run."""

from collections.abc import Mapping

from babel import Locale

from graph import GraphStore
from talent.core.names import fold_name
from talent.registration.lookup import skill_labels
from talent.resources.catalog import ORGANIZATION
from talent.resources.repository import ResourceRepository
from talent.search.skills import SkillLabel


class Lookups:
    """Names people write, to the graph's codes and ids: countries (ISO code, or the name in
    Vietnamese or English), approved organisations (exact folded name), skills (id, or a
    label or alias in either language)."""

    def __init__(self, organizations: Mapping[str, str], skills: list[SkillLabel]) -> None:
        self.organizations = dict(organizations)
        self.countries = _countries()
        self.skill_ids = {s.skill_id for s in skills}
        self.skills: dict[str, str] = {}
        for skill in skills:
            for name in (skill.label_en, skill.label_vi, *skill.aliases):
                self.skills.setdefault(fold_name(name), skill.skill_id)

    def country(self, text: str) -> str | None:
        code = text.strip().upper()
        if len(code) == 2 and code.isalpha() and code in self.countries.values():
            return code
        return self.countries.get(fold_name(text))

    def skill(self, text: str) -> str | None:
        text = text.strip()
        if text in self.skill_ids:
            return text
        return self.skills.get(fold_name(text))


def _countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for locale in ("en", "vi"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold_name(name), code)
    names.setdefault("viet nam", "VN")
    names.setdefault("vietnam", "VN")
    return names


def read_lookups(store: GraphStore) -> Lookups:
    orgs = ResourceRepository(store, ORGANIZATION)
    names: dict[str, str] = {}
    after = ""
    while True:
        batch = orgs.page(after=after, limit=500)
        names.update({o.name_folded: o.id for o in batch if o.proposed_by is None})
        if len(batch) < 500:
            break
        after = batch[-1].id
    return Lookups(names, skill_labels(store))
