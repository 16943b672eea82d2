"""The names behind the ids an audit event holds, so that an admin reads who did what to whom:
an account's name and role, a profile's name, a review's people, an organisation's, a work's,
a programme's or a role's name. Read from the repositories directly (reading a name is not a
view of personal data); each id is looked up once per `Names`. Something deleted since has no
name (None), and the page shows its id instead."""

from dataclasses import dataclass, field

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.accounts.repository import AccountRepository
from talent.core.errors import NotFound
from talent.experts.repository import ExpertRepository
from talent.resources.catalog import ORGANIZATION, PROGRAMME, ROLE, WORK
from talent.resources.repository import ResourceRepository
from talent.reviews.queue import ReviewQueue


@dataclass(frozen=True, slots=True)
class Who:
    """Who acted: an account's name and role ("" for one that is gone)."""

    name: str
    role: str


@dataclass
class Names:
    store: GraphStore
    _accounts: dict[str, AccountRead | None] = field(default_factory=dict)
    _targets: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def account(self, account_id: str) -> AccountRead | None:
        if account_id not in self._accounts:
            try:
                self._accounts[account_id] = AccountRepository(self.store).get(account_id)
            except NotFound:
                self._accounts[account_id] = None
        return self._accounts[account_id]

    def who(self, account_id: str) -> Who | None:
        account = self.account(account_id) if account_id else None
        return Who(account.name, account.role.value) if account else None

    def expert(self, expert_id: str) -> str | None:
        return self.target("expert", expert_id)

    def review_people(self, review_id: str) -> list[str]:
        """The names of the profiles a review is about (two for a duplicate, one for a claim)."""
        try:
            review = ReviewQueue(self.store).get(review_id)
        except NotFound:
            return []
        return [self.expert(e) or e for e in review.expert_ids]

    def target(self, kind: str, target_id: str) -> str | None:
        """The name of the `kind` ("expert", "account", "organization", ...) with this id."""
        if not target_id:
            return None
        key = (kind, target_id)
        if key not in self._targets:
            self._targets[key] = self._lookup(kind, target_id)
        return self._targets[key]

    def target_any(self, target_id: str) -> str | None:
        """The name of whatever has this id (a filter by target does not say its kind)."""
        for kind in ("expert", "account", "review", "organization", "programme", "role", "work"):
            name = self.target(kind, target_id)
            if name:
                return name
        return None

    def _lookup(self, kind: str, target_id: str) -> str | None:
        if kind == "expert":
            try:
                return ExpertRepository(self.store).get(target_id).full_name
            except NotFound:
                return None
        if kind == "account":
            account = self.account(target_id)
            return account.name if account else None
        if kind == "review":
            return " · ".join(self.review_people(target_id)) or None
        if kind == "organization":
            org = ResourceRepository(self.store, ORGANIZATION).find(target_id)
            return org.name if org else None
        if kind == "programme":
            programme = ResourceRepository(self.store, PROGRAMME).find(target_id)
            return programme.name if programme else None
        if kind == "role":
            role = ResourceRepository(self.store, ROLE).find(target_id)
            return role.title if role else None
        if kind == "work":
            work = ResourceRepository(self.store, WORK).find(target_id)
            return work.title if work else None
        return None
