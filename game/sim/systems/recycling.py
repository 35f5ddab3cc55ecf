"""Recycling: plants turn collected waste into food, fuel and materials, limited by served power.

All plants of one kind draw from the shared depot; their capacity is scaled by the power each
one gets. What the depot cannot hold goes to landfills, oldest first.

The share-out runs every tick over five depot piles, four plant kinds and their plants: one
compiled loop (kernels.recycle) does it, far cheaper than numpy or Python calls for work this
small; the resources the plants make and the fees they cost are added up here.
"""

from __future__ import annotations

from operator import mul
from typing import TYPE_CHECKING

import numpy as np

from game.sim import kernels
from game.sim.buildings import BUILDING_TYPES
from game.sim.components import Landfill, Recycler
from game.sim.events import LandfillFull, PlantStalled
from game.sim.state import MAX_TALLY, add_to_tally, saturated_funds
from game.sim.systems.collection import neglect_is_criminal
from game.sim.waste import WASTE_INDEX

if TYPE_CHECKING:
    from game.sim.world import World


# Indices of the plant kinds in BUILDING_TYPES, in table order: the kinds share out the depot in this order.
PLANT_KINDS = tuple(index for index, btype in enumerate(BUILDING_TYPES) if btype.is_plant)
# Per plant kind, the depot indices of the waste it accepts.
ACCEPTED = {index: tuple(WASTE_INDEX[name] for name in BUILDING_TYPES[index].accepts) for index in PLANT_KINDS}


class _Plants:
    """The plants of one layout, grouped by kind, and what last tick's power and work made of them."""

    def __init__(self, world: World) -> None:
        self.rows = world.layout.rows(Recycler)
        kinds = world.layout.kinds[self.rows]
        present = [kind for kind in PLANT_KINDS if (kinds == kind).any()]
        self.kinds = [BUILDING_TYPES[kind] for kind in present]
        self.accepted = [ACCEPTED[kind] for kind in present]
        # The kinds' accepted piles one after another, kind k's from accepted_starts[k] (as kernels.recycle reads them).
        self.accepted_flat = np.array([index for accepted in self.accepted for index in accepted], np.int64)
        self.accepted_starts = np.cumsum([0] + [len(accepted) for accepted in self.accepted], dtype=np.int64)
        # Per resource made, what each kind yields of it per unit done; and each kind's fee per unit.
        made = sorted({resource for btype in self.kinds for resource, _ in btype.yields})
        self.yields = [
            (resource, [sum(milli for name, milli in btype.yields if name == resource) for btype in self.kinds]) for resource in made
        ]
        self.fees = [btype.fee_per_unit for btype in self.kinds]
        # Each plant's position in `kinds`, to spread per-kind figures over the plants.
        slot_of_kind = np.zeros(len(BUILDING_TYPES), np.int64)
        slot_of_kind[present] = np.arange(len(present))
        self.slots = slot_of_kind[kinds]
        self.served_key = b""
        self.capacity = np.zeros(len(present), np.int64)  # per kind, units a tick at the power the plants get
        self.divisor = np.zeros(0, np.int64)  # per plant, its kind's capacity (at least 1)
        self.dark = np.zeros(0, np.int64)  # rows of the plants with no power at all

    def power(self, served: np.ndarray) -> None:
        """Work out each kind's capacity from the served shares of its plants, unless they are as before."""
        key = served.tobytes()
        if key == self.served_key:
            return
        # Per kind: the plants' served thousandths added up (exact in float64).
        served_sum = np.bincount(self.slots, weights=served, minlength=len(self.kinds)).astype(np.int64).tolist()
        self.capacity = np.array([btype.capacity * total // 1000 for btype, total in zip(self.kinds, served_sum)], np.int64)
        self.divisor = np.maximum(self.capacity, 1)[self.slots]  # a kind with no capacity does nothing: dividing by one gives its 0
        self.dark = self.rows[served == 0]
        self.served_key = key


def run(world: World) -> None:
    """Process depot waste in every plant, then send the depot's overflow to landfill.

    Kind by kind, in `PLANT_KINDS` order, the plants take up to their power-scaled capacity from
    the piles they accept, in proportion to the piles (`split_proportionally`), and each plant's
    output is its share of its kind's work: one compiled loop (kernels.recycle).
    """
    plants = world.layout.derive(_Plants, world)
    if plants.kinds:
        served = world.buildings.col("served_permille").take(plants.rows)
        plants.power(served)
        _report_stalled(world, plants)  # (before the loop: it reads what the plants did last tick)
        done = np.empty(len(plants.kinds), np.int64)
        if kernels.recycle(
            world.depot, plants.capacity, plants.accepted_flat, plants.accepted_starts, done, world.counters.recycled,
            served, plants.slots, plants.divisor, plants.rows, world.buildings.col("output_permille"), MAX_TALLY,
        ):
            _pay_out(world, plants, done.tolist())
    _landfill_overflow(world, world.depot.tolist())


def _pay_out(world: World, plants: _Plants, done: list[int]) -> None:
    """Credit what the kinds made of the units they did (`done`, per kind) and charge their fees.

    Yields and fees are never negative, so adding them up per resource first gives what one
    addition per kind would, carried fractions and saturation included.
    """
    for resource, per_unit_milli in plants.yields:
        made_milli = sum(map(mul, done, per_unit_milli))
        if made_milli:
            world.add_resource_milli(resource, made_milli)
    world.ledger.fees = saturated_funds(world.ledger.fees + sum(map(mul, done, plants.fees)))


def _report_stalled(world: World, plants: _Plants) -> None:
    """Announce the plants that worked last tick and have no power now, by kind then row."""
    if not plants.dark.size:
        return
    kinds = world.layout.kinds
    ids = world.buildings.col("id")
    stalled = plants.dark[world.buildings.col("output_permille")[plants.dark] > 0].tolist()
    for row in sorted(stalled, key=lambda r: int(kinds[r])):
        world.emit(PlantStalled(int(ids[row]), BUILDING_TYPES[int(kinds[row])].kind))


def split_proportionally(piles: list[int], amount: int) -> list[int]:
    """Return takes from `piles` in proportion to their size summing to `amount` (≤ their sum).

    (kernels.recycle splits the plants' takes the same way, in C; the landfills' share-out here.)
    """
    if len(piles) == 1:
        return [amount]
    total = sum(piles)
    if amount >= total:
        return list(piles)
    exact = [pile * amount for pile in piles]
    taken = [value // total for value in exact]
    short = amount - sum(taken)
    if short:
        # The units that do not divide evenly go to the largest remainders, first pile first on ties
        # (a reversed sort keeps equal keys in their order).
        remainders = [value % total for value in exact]
        for index in sorted(range(len(piles)), key=remainders.__getitem__, reverse=True)[:short]:
            taken[index] += 1
    return taken


def _landfill_overflow(world: World, depot: list[int]) -> None:
    """Move what the depot (`depot`, its current contents) holds beyond its capacity to landfills, oldest first."""
    limit = world.rules.depot_capacity
    if max(depot) <= limit:
        world.landfill_full = False  # the usual case: everything fits
        return
    overflow = [max(units - limit, 0) for units in depot]
    if neglect_is_criminal(world):
        overflow[WASTE_INDEX["hazardous"]] = 0  # the inspectors keep it out: the depot holds it, in drums, for treatment
    total = sum(overflow)
    if total == 0:
        world.landfill_full = False
        return
    fills = world.layout.rows(Landfill)
    stored = world.buildings.col("stored")
    room = world.layout.values(Landfill, "capacity")[fills] - stored[fills]
    placed = 0
    for row, space in zip(fills, room):
        put = min(int(space), total - placed)
        stored[row] += put
        placed += put
        if placed == total:
            break
    taken = split_proportionally(overflow, placed)
    world.depot -= taken
    add_to_tally(world.counters.landfilled, taken)
    if placed < total and not world.landfill_full:
        world.emit(LandfillFull(total - placed))
    world.landfill_full = placed < total
