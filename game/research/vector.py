"""The native batch of `NeoTerra-v0`: many cities of one level stepped together in one process.

    envs = gymnasium.make_vec("NeoTerra-v0", num_envs=8, vectorization_mode="vector_entry_point", level="first_light")

Each city is a `NeoTerraEnv` of its own (its own simulation and seed), sharing the one parsed level;
the batch steps them in turn and assembles the observations of all of them at once: every city
writes its full-size grids into one [num_envs, channels, height, width] array, pooled to the grid
in one numpy call, and the figures go into one [num_envs, figures] array. There are no worker
processes and nothing is pickled or copied between them; the simulations themselves still run one
after another, and they are most of a step's time (bench/bench_env.py measures the batch against
the standard wrappers).

Autoreset follows gymnasium 1.x's modes, as SyncVectorEnv does (`autoreset_mode=`, kept in
`metadata["autoreset_mode"]`): NEXT_STEP (the default) resets a city on the step after its episode
ended, returning its first observation with reward 0 and ignoring its action; SAME_STEP resets it on
the step it ended, the last observation and info in `info["final_obs"]` and `info["final_info"]`;
DISABLED leaves it to the caller, `reset(options={"reset_mask": mask})` restarting the cities the
mask picks. `reset(seed=s)` seeds city i with s + i (a list gives each its own), and so does
`make_vec(..., seed=s)` for the first reset (gymnasium's sync and async wrappers give every city s).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium.vector import AutoresetMode
from gymnasium.vector.utils import batch_space

from game.research.env import CHANNELS, DEFAULT_LEVEL, NeoTerraEnv, load_scenario, pool, split_grids
from game.sim.scenario import Scenario


class NeoTerraVectorEnv(gym.vector.VectorEnv[dict[str, np.ndarray], np.ndarray, np.ndarray]):
    """`num_envs` cities of one level, stepped together (see the module docstring); keyword arguments go to each NeoTerraEnv."""

    metadata: dict[str, Any] = {"render_modes": ["rgb_array"], "autoreset_mode": AutoresetMode.NEXT_STEP}  # noqa: RUF012 - gymnasium's

    def __init__(
        self, num_envs: int, level: str | Path | Scenario = DEFAULT_LEVEL, *, autoreset_mode: str | AutoresetMode = AutoresetMode.NEXT_STEP,
        **kwargs: Any,
    ) -> None:
        if num_envs < 1:
            raise ValueError(f"NeoTerra-v0: num_envs must be at least 1, not {num_envs}")
        try:
            self.autoreset_mode = AutoresetMode(autoreset_mode)
        except ValueError:
            modes = ", ".join(mode.value for mode in AutoresetMode)
            raise ValueError(f"NeoTerra-v0: autoreset_mode must be one of {modes}, not {autoreset_mode!r}") from None
        self.metadata = {**self.metadata, "autoreset_mode": self.autoreset_mode}
        scenario = load_scenario(level)
        first_seed = kwargs.pop("seed", None)  # make_vec(..., seed=s): city i starts on s + i, not all on s
        self.envs = [NeoTerraEnv(scenario, seed=None if first_seed is None else first_seed + index, **kwargs) for index in range(num_envs)]
        first = self.envs[0]
        self.num_envs = num_envs
        self.render_mode = first.render_mode
        self.single_observation_space = first.observation_space
        self.single_action_space = first.action_space
        self.observation_space = batch_space(first.observation_space, num_envs)
        self.action_space = batch_space(first.action_space, num_envs)
        self._tiles = np.zeros((num_envs, CHANNELS, scenario.height, scenario.width), np.float32)
        self._ended = np.zeros(num_envs, bool)

    def reset(
        self, *, seed: int | Sequence[int | None] | None = None, options: dict[str, Any] | None = None,
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Start every city afresh (or those `options["reset_mask"]` picks): city i on seed + i (or the list's i-th seed)."""
        super().reset(seed=seed if isinstance(seed, int) else None)
        seeds: Sequence[int | None]
        if seed is None or isinstance(seed, int):
            seeds = [None if seed is None else seed + index for index in range(self.num_envs)]
        else:
            seeds = seed
        if len(seeds) != self.num_envs:
            raise ValueError(f"NeoTerra-v0: {len(seeds)} seeds for {self.num_envs} cities")
        options = dict(options or {})
        mask = np.asarray(options.pop("reset_mask", np.ones(self.num_envs, bool)), bool)
        infos: dict[str, Any] = {}
        for index in np.flatnonzero(mask).tolist():
            infos = self._add_info(infos, self.envs[index].reset(seed=seeds[index], options=options)[1], index)
        self._ended[mask] = False
        return self.observe(), infos

    def step(self, actions: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Play each city's action (row i for city i), resetting the cities whose episode ended as the autoreset mode says."""
        rewards = np.zeros(self.num_envs, np.float64)
        terminated = np.zeros(self.num_envs, bool)
        truncated = np.zeros(self.num_envs, bool)
        infos: dict[str, Any] = {}
        for index, env in enumerate(self.envs):
            if self._ended[index] and self.autoreset_mode == AutoresetMode.NEXT_STEP:
                info = env.reset()[1]
            elif self._ended[index]:
                raise gym.error.ResetNeeded(f"NeoTerra-v0: city {index} ended; reset it (options={{'reset_mask': ...}}) before stepping it")
            else:
                rewards[index], terminated[index], truncated[index], info = env.advance(actions[index])
                if (terminated[index] or truncated[index]) and self.autoreset_mode == AutoresetMode.SAME_STEP:
                    infos = self._add_info(infos, {"final_obs": env.observe(), "final_info": info}, index)
                    info = env.reset()[1]
            infos = self._add_info(infos, info, index)
        self._ended = (terminated | truncated) & (self.autoreset_mode != AutoresetMode.SAME_STEP)
        return self.observe(), rewards, terminated, truncated, infos

    def observe(self) -> dict[str, np.ndarray]:
        """Return the batch's observation: every city's grids pooled in one call, the figures stacked."""
        for index, env in enumerate(self.envs):
            env.write_tiles(self._tiles[index])
        first = self.envs[0]
        observation = split_grids(pool(self._tiles, first.pool_rows, first.pool_cols))  # the cities share one level's bounds
        observation["figures"] = np.stack([env.figures() for env in self.envs])
        return observation

    def render(self) -> tuple[np.ndarray, ...] | None:
        """Return every city's map picture in rgb_array mode, else None."""
        if self.render_mode != "rgb_array":
            return None
        return tuple(image for image in (env.render() for env in self.envs) if image is not None)

    def close_extras(self, **kwargs: Any) -> None:
        """Release every city's simulation."""
        for env in self.envs:
            env.close()
