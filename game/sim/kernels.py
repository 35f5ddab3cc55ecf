"""The compiled kernels (game/sim/_native.c), for the systems to call.

A kernel is a loop over an agent table that numpy would spread over dozens of whole-column calls;
each does exactly what those calls did, so the results are the same to the bit. The module is
built when the game is installed (the wheel's build hook, hatch_build.py); in a checkout by
`pip install -e .`, and by the command line and the test run whenever it is missing or older than
its source (game.bootstrap.ensure_kernels); or by hand with `python tools/packaging/native.py`.

move(x, y, px, py, tx, ty, timer, speed, walking, water, due, width) -> int
    Steps every agent of the table towards its target; see scavengers._move, which calls it.
share_power(net_supply, siphoned, ..., rated) -> (fuel_load, delivered_milli, dark_count)
    Shares every network's supply among its demand and writes the building table's power
    columns; see power.run, which calls it.
emit_pollution(grid, centres, output_permille, plants, plant_emission, stored, landfills, landfill_emission, per_10k, cap)
    Adds one tick's smoke from the plants and stink from the landfills; see pollution.emit.
pick_up(rows, x, y, owner, load, ..., home_timer) -> (picked, hidden)
    Walkers at piles pick them up and head home or, with hazardous waste, get ready to hide it;
    see scavengers._pick_up.
recycle(depot, capacity, accepted, accepted_starts, done, recycled, ..., max_tally) -> bool
    One tick of the recycling plants: what each kind takes from the depot and each plant's
    output; see recycling.run.
load_drones(x, y, kind, load, arriving, ..., streets) -> None
    Collection drones at streets load their waste; see drones._load.
drop_offs(x, y, hubs, kind, at, tx, ty, ..., types) -> None
    Loaded collection drones head for the nearest powered plant that takes their load; see drones._drop_offs.
"""

from __future__ import annotations

REBUILD = "python tools/packaging/native.py (or pip install -e . again)"


class KernelsMissing(ImportError):
    """The compiled kernels are not built for this Python."""


try:
    from game.sim._native import SOURCE_DIGEST, drop_offs, emit_pollution, load_drones, move, pick_up, recycle, share_power
except ImportError as error:
    raise KernelsMissing(f"the simulation's compiled kernels (game/sim/_native) are not built ({error}); build them with: {REBUILD}") from None

__all__ = ["SOURCE_DIGEST", "KernelsMissing", "drop_offs", "emit_pollution", "load_drones", "move", "pick_up", "recycle", "share_power"]
