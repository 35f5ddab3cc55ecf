"""Types of the compiled kernels (game/sim/_native.c); game.sim.kernels documents and checks them."""

import numpy as np
import numpy.typing as npt

SOURCE_DIGEST: str

def move(
    x: npt.NDArray[np.int32], y: npt.NDArray[np.int32], px: npt.NDArray[np.int32], py: npt.NDArray[np.int32],
    tx: npt.NDArray[np.int32], ty: npt.NDArray[np.int32], timer: npt.NDArray[np.int32], speed: npt.NDArray[np.int32],
    walking: npt.NDArray[np.bool_], water: npt.NDArray[np.bool_], due: npt.NDArray[np.int64], width: int, /,
) -> int: ...

def share_power(
    net_supply: npt.NDArray[np.int64], siphoned: npt.NDArray[np.int64], demand_milli: npt.NDArray[np.int64],
    divisor: npt.NDArray[np.int64], dark_below: npt.NDArray[np.int64], fuel_per_network: npt.NDArray[np.int64],
    served: npt.NDArray[np.int32], dark: npt.NDArray[np.bool_], load: npt.NDArray[np.int64],
    row_networks: npt.NDArray[np.int32], rated_rows: npt.NDArray[np.bool_], broken: npt.NDArray[np.int64],
    row_supply: npt.NDArray[np.int64], row_demand: npt.NDArray[np.int64],
    supply_kw: npt.NDArray[np.int64], demand_kw: npt.NDArray[np.int64], served_permille: npt.NDArray[np.int32],
    served_day_sum: npt.NDArray[np.int64], output_permille: npt.NDArray[np.int32],
    producers: npt.NDArray[np.int64], producer_networks: npt.NDArray[np.int32], producer_supply: npt.NDArray[np.int64],
    rated: npt.NDArray[np.int64], /,
) -> tuple[int, int, int]: ...

def emit_pollution(
    grid: npt.NDArray[np.int32], centres: npt.NDArray[np.intp], output_permille: npt.NDArray[np.int32], plants: npt.NDArray[np.intp],
    plant_emission: npt.NDArray[np.int32], stored: npt.NDArray[np.int64], landfills: npt.NDArray[np.intp],
    landfill_emission: npt.NDArray[np.int64], per_10k: int, cap: int, /,
) -> None: ...

def pick_up(
    rows: npt.NDArray[np.int64], x: npt.NDArray[np.int32], y: npt.NDArray[np.int32], owner: npt.NDArray[np.int32],
    load: npt.NDArray[np.int32], load_type: npt.NDArray[np.int8], state: npt.NDArray[np.int8], tx: npt.NDArray[np.int32],
    ty: npt.NDArray[np.int32], timer: npt.NDArray[np.int32], waste: npt.NDArray[np.int32], collectors: npt.NDArray[np.bool_],
    camps_x: npt.NDArray[np.int32], camps_y: npt.NDArray[np.int32], pick_orders: npt.NDArray[np.int64], takes: npt.NDArray[np.bool_],
    hiding: npt.NDArray[np.int64], width: int, carry: int, hazardous: int, home: int, home_timer: int, /,
) -> tuple[int, int]: ...

def recycle(
    depot: npt.NDArray[np.int64], capacity: npt.NDArray[np.int64], accepted: npt.NDArray[np.int64], accepted_starts: npt.NDArray[np.int64],
    done: npt.NDArray[np.int64], recycled: npt.NDArray[np.int64], served: npt.NDArray[np.int32], slots: npt.NDArray[np.int64],
    divisor: npt.NDArray[np.int64], rows: npt.NDArray[np.int64], output_permille: npt.NDArray[np.int32], max_tally: int, /,
) -> bool: ...

def load_drones(
    x: npt.NDArray[np.int32], y: npt.NDArray[np.int32], kind: npt.NDArray[np.int64], load: npt.NDArray[np.int32],
    arriving: npt.NDArray[np.bool_], street_of_tile: npt.NDArray[np.int64], street_tiles: npt.NDArray[np.int64],
    street_real: npt.NDArray[np.int32], waste: npt.NDArray[np.int32], width: int, carry: int, streets: int, /,
) -> None: ...
def drop_offs(
    x: npt.NDArray[np.int32], y: npt.NDArray[np.int32], hubs: npt.NDArray[np.int64], kind: npt.NDArray[np.int64],
    at: npt.NDArray[np.int64], tx: npt.NDArray[np.int64], ty: npt.NDArray[np.int64], drop_offs: npt.NDArray[np.bool_],
    served_permille: npt.NDArray[np.int32], plant_rows: npt.NDArray[np.int64], plant_x: npt.NDArray[np.int32],
    plant_y: npt.NDArray[np.int32], types: int, /,
) -> None: ...
