"""Baseline players of `NeoTerra-v0` and the loop that plays an episode: the random agent, the scripted one, and the housing trick.

An agent's `act(env, observation)` returns either an action (for `env.step`) or a list of game
commands (for `env.play`, as the scripted players of game.strategies send them). `play_episode`
plays one episode and returns its return and outcome; bench/baselines.py tabulates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from gymnasium.spaces import MultiDiscrete

from game.research.env import NeoTerraEnv
from game.sim.commands import Command
from game.strategies import BUILT_IN, build_connected

Act = np.ndarray | list[Command]


class Agent:
    """A player of the environment: `act` sees the environment and its last observation and answers an action or commands."""

    name = ""

    def start(self, seed: int) -> None:
        """Get ready for an episode on `seed` (nothing by default)."""

    def act(self, env: NeoTerraEnv, observation: dict[str, np.ndarray]) -> Act:
        """Return the next action (or commands); waiting by default."""
        return []


class RandomAgent(Agent):
    """Samples the action space uniformly, from a generator seeded per episode."""

    name = "random"

    def __init__(self) -> None:
        self._rng = np.random.default_rng(0)

    def start(self, seed: int) -> None:
        """Seed the sampling with the episode's seed."""
        self._rng = np.random.default_rng(seed)

    def act(self, env: NeoTerraEnv, observation: dict[str, np.ndarray]) -> Act:
        """Return a uniformly drawn action."""
        space = env.action_space
        assert isinstance(space, MultiDiscrete)
        drawn: np.ndarray = (self._rng.random(space.nvec.shape) * space.nvec).astype(np.int64)
        return drawn


class ScriptedAgent(Agent):
    """Plays one of game.strategies' built-in players through the environment: its commands, sent once a step.

    A step whose commands the game all refused did not advance the city; the agent then waits a
    step instead of sending them again.
    """

    def __init__(self, strategy: str = "planner") -> None:
        self.name = f"scripted:{strategy}"
        self.strategy_name = strategy
        self._strategy = BUILT_IN[strategy]()
        self._last_tick = -1

    def start(self, seed: int) -> None:
        """Start a fresh player of the strategy."""
        self._strategy = BUILT_IN[self.strategy_name]()
        self._last_tick = -1

    def act(self, env: NeoTerraEnv, observation: dict[str, np.ndarray]) -> Act:
        """Return the strategy's commands for the city now (none when the last ones were refused and the clock stood still)."""
        city = env.live_city
        if city.tick == self._last_tick:
            return []
        self._last_tick = city.tick
        return self._strategy.act(city)


class HousingTiler(Agent):
    """The known trick: one compost works on the grid, then a housing block beside the grid every step, for as long as money lasts."""

    name = "housing_tiler"

    def act(self, env: NeoTerraEnv, observation: dict[str, np.ndarray]) -> Act:
        """Build the plant first, then housing on the nearest free site to the powered grid."""
        city = env.live_city
        return build_connected(city, "compost_works" if city.tick == 0 else "housing")


@dataclass(frozen=True, slots=True)
class Episode:
    """One played episode: its return, the steps, the day it ended, its outcome and whether it was won."""

    agent: str
    seed: int
    total_reward: float
    steps: int
    day: int
    status: str
    won: bool


def play_episode(env: NeoTerraEnv, agent: Agent, seed: int) -> Episode:
    """Play one episode of `env` on `seed` with `agent` until it terminates or is truncated."""
    agent.start(seed)
    observation, info = env.reset(seed=seed)
    total, steps, done = 0.0, 0, False
    while not done:
        choice = agent.act(env, observation)
        if isinstance(choice, np.ndarray):
            observation, reward, terminated, truncated, info = env.step(choice)
        else:
            observation, reward, terminated, truncated, info = env.play(choice)
        total += float(reward)
        steps += 1
        done = terminated or truncated
    return Episode(agent.name, seed, total, steps, int(info["day"]), str(info["status"]), info["status"] == "won")


def play_episodes(env: NeoTerraEnv, agent: Agent, seeds: Sequence[int]) -> list[Episode]:
    """Play one episode on each seed."""
    return [play_episode(env, agent, seed) for seed in seeds]
