"""How a resource's model maps onto a graph node and its links."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from graph.queries import entities
from talent.core.errors import NotFound
from talent.core.types import Strict


@dataclass(frozen=True, slots=True)
class LinkField:
    """A model field stored as links: objects with an id field, a list of ids, or one id."""

    key: str
    field: str
    id_field: str | None = None
    single: bool = False


@dataclass(frozen=True, slots=True)
class Resource:
    name: str
    entity: entities.Entity
    create: type[Strict]
    read: type[Strict]
    links: tuple[LinkField, ...] = ()
    # Nested objects stored as flat properties `<field>_<key>` (graph properties are scalars).
    nested: tuple[str, ...] = ()
    derived: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda props: {})
    # Ids held in plain properties rather than links, checked like link targets.
    other_references: Callable[[Any], list[tuple[str, str, str]]] = field(default=lambda item: [])
    # Properties the service keeps beside the client's fields (freshness, merge pointers).
    system: tuple[str, ...] = ()

    def not_found(self, resource_id: str) -> NotFound:
        return NotFound(f"{self.name} '{resource_id}' does not exist", fields={"id": resource_id})

    def to_row(
        self,
        item: BaseModel,
        *,
        resource_id: str,
        created_at: int,
        updated_at: int,
        system: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The `{props, <link key>: [{id, props}]}` row that the entity queries write."""
        data = item.model_dump(mode="json")
        row: dict[str, Any] = {}
        for link in self.links:
            value = data.pop(link.field)
            row[link.key] = _link_rows(link, value)
        for name in self.nested:
            for key, value in data.pop(name).items():
                data[f"{name}_{key}"] = value
        data.update(self.derived(data))
        data.update({k: v for k, v in (system or {}).items() if k in self.system})
        data.update(id=resource_id, created_at=created_at, updated_at=updated_at)
        row["props"] = {k: v for k, v in data.items() if v is not None}
        return row

    def rows(self, items: Iterable[tuple[str, BaseModel]], *, stamp: int) -> list[dict[str, Any]]:
        """Rows of new (id, item) pairs, created and updated at `stamp`."""
        return [
            self.to_row(item, resource_id=rid, created_at=stamp, updated_at=stamp)
            for rid, item in items
        ]

    def from_row(self, row: dict[str, Any]) -> Any:
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

    def references(self, item: BaseModel) -> list[tuple[str, str, str]]:
        """(target label, referenced id, field path) for every id the item points at."""
        refs: list[tuple[str, str, str]] = []
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


def _link_rows(link: LinkField, value: Any) -> list[dict[str, Any]]:
    if link.single:
        return [{"id": value, "props": {}}] if value else []
    if link.id_field:
        return [
            {"id": v.pop(link.id_field), "props": {k: x for k, x in v.items() if x is not None}}
            for v in value
        ]
    return [{"id": v, "props": {"position": i}} for i, v in enumerate(value)]


def _link_values(link: LinkField, rows: list[dict[str, Any]]) -> Any:
    if link.single:
        return rows[0]["id"] if rows else None
    if link.id_field:
        items = [{link.id_field: r["id"], **r["props"]} for r in rows]
        return sorted(items, key=lambda item: str(item[link.id_field]))
    ordered = sorted(rows, key=lambda r: (r["props"].get("position", 0), r["id"]))
    return [r["id"] for r in ordered]
