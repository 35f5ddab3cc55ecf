"""Types of the compiled kernels (game/sim/_native.c); game.sim.kernels documents and checks them."""

import numpy as np
import numpy.typing as npt

SOURCE_DIGEST: str

def move(
    x: npt.NDArray[np.int32], y: npt.NDArray[np.int32], px: npt.NDArray[np.int32], py: npt.NDArray[np.int32],
    tx: npt.NDArray[np.int32], ty: npt.NDArray[np.int32], timer: npt.NDArray[np.int32], speed: npt.NDArray[np.int32],
    walking: npt.NDArray[np.bool_], water: npt.NDArray[np.bool_], width: int, due: npt.NDArray[np.int64], /,
) -> int: ...
