"""How a resource's model maps onto a graph node and its links."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, Self

from pydantic import BaseModel
from typing_extensions import TypeVar

from graph import GraphStore
from graph.queries import entities
from graph.store import Row
from talent.core.errors import NotFound
from talent.core.types import Strict

# Properties the service keeps beside the client's fields: stamps and merge pointers.
SystemProps = Mapping[str, str | int | None]
# (target label, referenced id, field path) of one id an item points at.
Reference = tuple[str, str, str]


class Stored(Protocol):
    """What the generic layer needs of a read model: its id, creation stamp and pydantic's
    validation and dump."""

    id: str
    created_at: int
    version: int

    @classmethod
    def model_validate(cls, obj: Any) -> Self: ...

    def model_dump(self, *, include: set[str] | None = None) -> dict[str, Any]: ...


# A bare `Resource` (code that handles every kind alike) leaves the models open, as an
# unparametrised generic does.
C = TypeVar("C", bound=Strict, default=Any)
R = TypeVar("R", bound=Stored, default=Any)


@dataclass(frozen=True, slots=True)
class LinkField:
    """A model field stored as links: objects with an id field, a list of ids, or one id."""

    key: str
    field: str
    id_field: str | None = None
    single: bool = False


def _nothing_derived(props: Row) -> Row:
    return {}


def _no_references(item: object) -> list[Reference]:
    return []


def _no_rules(store: GraphStore, item: object, current: object) -> dict[str, str]:
    return {}


@dataclass(frozen=True, slots=True)
class Resource(Generic[C, R]):
    """One kind of resource: its create model `C`, its read model `R` and their node."""

    name: str
    entity: entities.Entity
    create: type[C]
    read: type[R]
    links: tuple[LinkField, ...] = ()
    # Nested objects stored as flat properties `<field>_<key>` (graph properties are scalars).
    nested: tuple[str, ...] = ()
    derived: Callable[[Row], Row] = field(default=_nothing_derived)
    # Ids held in plain properties rather than links, checked like link targets.
    other_references: Callable[[C], list[Reference]] = field(default=_no_references)
    # Properties the service keeps beside the client's fields (freshness, merge pointers).
    system: tuple[str, ...] = ()
    # Rules that read the graph besides references (a programme's groups in force): field
    # path -> message for the item, given the stored version on a change.
    rules: Callable[[GraphStore, C, R | None], dict[str, str]] = field(default=_no_rules)
    # A system property that, while set, names the only profile besides admins that may see
    # the item (an organisation proposed at registration, until an admin approves it).
    withheld_by: str | None = None

    def not_found(self, resource_id: str) -> NotFound:
        return NotFound(f"{self.name} '{resource_id}' does not exist", fields={"id": resource_id})

    def to_row(
        self,
        item: C,
        *,
        resource_id: str,
        created_at: int,
        updated_at: int,
        system: SystemProps | None = None,
    ) -> Row:
        """The `{props, <link key>: [{id, props}]}` row that the entity queries write."""
        data = item.model_dump(mode="json")
        row: Row = {}
        for link in self.links:
            value = data.pop(link.field)
            row[link.key] = _link_rows(link, value)
        for name in self.nested:
            for key, value in data.pop(name).items():
                data[f"{name}_{key}"] = value
        data.update(self.derived(data))
        data.update({k: v for k, v in (system or {}).items() if k in self.system})
        # A new node's version; a replace sets the next one itself.
        data.update(id=resource_id, created_at=created_at, updated_at=updated_at, version=1)
        row["props"] = {k: v for k, v in data.items() if v is not None}
        return row

    def rows(self, items: Iterable[tuple[str, C]], *, stamp: int) -> list[Row]:
        """Rows of new (id, item) pairs, created and updated at `stamp`."""
        return [
            self.to_row(item, resource_id=rid, created_at=stamp, updated_at=stamp)
            for rid, item in items
        ]

    def from_row(self, row: Row) -> R:
        props = dict(row["node"])
        for name in self.nested:
            nested_model = self.create.model_fields[name].annotation
            assert isinstance(nested_model, type)
            assert issubclass(nested_model, BaseModel)
            props[name] = {
                key: props.pop(f"{name}_{key}")
                for key in nested_model.model_fields
                if f"{name}_{key}" in props
            }
        for link in self.links:
            props[link.field] = _link_values(link, row[link.key])
        return self.read.model_validate(props)

    def references(self, item: C) -> list[Reference]:
        """(target label, referenced id, field path) for every id the item points at."""
        refs: list[Reference] = []
        target = {link.key: link.target for link in self.entity.links}
        for link in self.links:
            value = getattr(item, link.field)
            label = target[link.key]
            if link.single:
                refs.append((label, value, link.field))
            elif link.id_field:
                refs += [
                    (label, getattr(v, link.id_field), f"{link.field}[{i}].{link.id_field}")
                    for i, v in enumerate(value)
                ]
            else:
                refs += [(label, v, f"{link.field}[{i}]") for i, v in enumerate(value)]
        return refs + self.other_references(item)


def _link_rows(link: LinkField, value: Any) -> list[Row]:
    if link.single:
        return [{"id": value, "props": {}}] if value else []
    if link.id_field:
        return [
            {"id": v.pop(link.id_field), "props": {k: x for k, x in v.items() if x is not None}}
            for v in value
        ]
    return [{"id": v, "props": {"position": i}} for i, v in enumerate(value)]


def _link_values(link: LinkField, rows: list[Row]) -> object:
    if link.single:
        return rows[0]["id"] if rows else None
    if link.id_field:
        items = [{link.id_field: r["id"], **r["props"]} for r in rows]
        return sorted(items, key=lambda item: str(item[link.id_field]))
    ordered = sorted(rows, key=lambda r: (r["props"].get("position", 0), r["id"]))
    return [r["id"] for r in ordered]
