"""The one module that imports esper: each simulation gets a private esper world behind this class.

esper 3 keeps its worlds in module state and works on the "current" one, so every call here first
switches to this store's world; that is what lets two simulations run side by side in one process.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from operator import itemgetter
from typing import Any, TypeVar

import esper

_T = TypeVar("_T")
_world_numbers = itertools.count(1)
_entity_of = itemgetter(0)


class EntityStore:
    """A private esper world: create, read and delete entities and their components."""

    def __init__(self, watched: tuple[type, ...] = ()) -> None:
        """Make a private world; `watched_version` will move whenever a component of the `watched` types comes or goes."""
        self._name = f"neo-terra-{next(_world_numbers)}"
        self.version = 0  # moves whenever an entity or a component comes or goes (see game.sim.layout)
        self._versions: dict[type, int] = {}  # the same, per component type
        self._watched = frozenset(watched)
        self.watched_version = 0
        esper.switch_world(self._name)

    def _enter(self) -> None:
        if esper.current_world != self._name:
            esper.switch_world(self._name)

    def _moved(self, component_type: type) -> None:
        self.version += 1
        self._versions[component_type] = self._versions.get(component_type, 0) + 1
        if component_type in self._watched:
            self.watched_version += 1

    def version_of(self, component_type: type) -> int:
        """Return a number that moves whenever an entity with a `component_type`, or such a component, comes or goes."""
        return self._versions.get(component_type, 0)

    def create(self, *components: Any) -> int:
        """Create an entity with `components` and return its esper id."""
        self._enter()
        for component in components:
            self._moved(type(component))
        return esper.create_entity(*components)

    def delete(self, entity: int) -> None:
        """Delete an entity at once."""
        self._enter()
        components: tuple[Any, ...] = esper.components_for_entity(entity)
        for component in components:
            self._moved(type(component))
        esper.delete_entity(entity, immediate=True)

    def component(self, entity: int, component_type: type[_T]) -> _T:
        """Return the entity's component of `component_type`."""
        self._enter()
        return esper.component_for_entity(entity, component_type)

    def add(self, entity: int, component: Any) -> None:
        """Add or replace a component on an entity."""
        self._enter()
        self._moved(type(component))
        esper.add_component(entity, component)

    def remove(self, entity: int, component_type: type) -> None:
        """Remove a component from an entity if it has one."""
        self._enter()
        if esper.has_component(entity, component_type):
            self._moved(component_type)
            esper.remove_component(entity, component_type)

    def has(self, entity: int, component_type: type) -> bool:
        """Return whether the entity has a component of `component_type`."""
        self._enter()
        return esper.has_component(entity, component_type)

    def each(self, component_type: type[_T]) -> Iterator[tuple[int, _T]]:
        """Yield (entity, component) for every entity with `component_type`, in entity order."""
        self._enter()
        return iter(sorted(esper.get_component(component_type), key=_entity_of))

    def close(self) -> None:
        """Free the world; the store must not be used afterwards."""
        if self._name in esper.list_worlds():
            if esper.current_world == self._name:
                esper.switch_world("default")
            esper.delete_world(self._name)
