"""`NeoTerra-v0`: one city as a Gymnasium environment, for reinforcement-learning research (issue 17).

    import gymnasium, game.research
    env = gymnasium.make("NeoTerra-v0", level="first_light", seed=1)

Importing this module (or `game.research`) registers `NeoTerra-v0`, with the native batched
`game.research.vector.NeoTerraVectorEnv` as its `vector_entry_point`. The environment reads the
city only through `game.sim.view.CityView` and changes it only with `game.sim.commands` commands,
as the window does.

Observation, a `Dict` (grids are `grid` x `grid` cells, each the mean over the map tiles it covers,
float32 in [0, 1], indexed [y, x]):
    pollution   pollution / the rules' pollution cap
    waste       uncollected waste units on the tiles / WASTE_FULL (clipped)
    power       share of the buildings' power demand met, on building tiles (0 elsewhere)
    buildings   (len(BUILDING_CLASSES), grid, grid): share of the cell covered by housing, power
                sources, waste plants, power lines and the other buildings
    free        share of the cell that is free ground a building can stand on
    figures     FIGURES, each normalised as `figures` says, float32 in [-1, 1]

Action, a `MultiDiscrete` [verb, arg, x, y, x2, y2, level] (x, y, x2, y2 are grid cells; a cell
means the map tile at its top-left corner):
    0 wait          run the city on
    1 place         building kind BUILDING_KINDS[arg] with its top-left corner at (x, y)
    2 power line    an L-shaped run from (x, y) to (x2, y2), horizontal leg first
    3 demolish      whatever covers (x, y)
    4 policy        POLICY_NAMES[arg] to `level` of POLICY_LEVELS steps from its minimum to its maximum
    5 answer        the waiting story event with the choice it offers at place `arg`
    6 excavate      dig the most one order may out of the landfill at (x, y)
The fields a verb does not use are ignored. A command the game refuses changes nothing: the city
does not run, `info["rejected"]` holds the game's reason, and the reward is `-invalid_penalty`.
Any other step runs the city `ticks_per_step` ticks (default 24, one game day), or until the level
ends.

Reward: the change in goal progress over the step, plus WIN_BONUS when the level is won and
-WIN_BONUS when it is lost. Goal progress (0..1) is the mean over the level's targets of each
target's progress: value / target for an at-least target, (target + 1) / (value + 1) for an
at-most one over its bound, 1 when it holds. The shaping: a `population` target's progress is
multiplied by the share of power served and by the residents' contentment (both / 100), so people
count only while they have light and stay content. Tiling housing around one plant fills homes the
grid cannot light nor the plant serve: the city goes dark, waste piles up, contentment falls and the
vote is lost, so it returns less than a sensible play (tests/test_gym_env.py plays both). As the
progress terms telescope, an episode's return is the progress gained, the end bonus and the
penalties: no loop of actions earns reward without moving the city towards its goals.

`terminated` when the level is won or lost, `truncated` after `max_steps` steps. `info` holds the
tick, the day, the outcome, the goal progress, the applied or rejected result and, with
`hash_info=True` (and always after a reset), the simulation's `state_hash`. `reset(seed=s)` starts
the level on game seed `s`, so equal seeds and actions give equal trajectories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, SupportsFloat

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from game.data.events import MAX_CHOICES  # the story dialog's most choices: the answer verb's places
from game.sim.buildings import BUILDING_TYPES
from game.sim.commands import Choose, Command, Demolish, Excavate, Place, PlaceLine, Rejected, SetPolicy
from game.sim.policies import POLICIES, POLICY_INDEX
from game.sim.scenario import Scenario
from game.sim.simulation import Simulation
from game.sim.terrain import TERRAIN_TYPES
from game.sim.view import CityView, GoalFigure

ENV_ID: Final = "NeoTerra-v0"
DEFAULT_LEVEL: Final = "first_light"
DEFAULT_GRID: Final = 32
DEFAULT_TICKS_PER_STEP: Final = 24  # one game day
DEFAULT_MAX_STEPS: Final = 1_000
DEFAULT_INVALID_PENALTY: Final = 0.01
WIN_BONUS: Final = 1.0
POLICY_LEVELS: Final = 11  # the policy verb's `level` field: 0 is a policy's minimum, POLICY_LEVELS - 1 its maximum
WASTE_FULL: Final = 20  # waste units on a tile the waste grid shows as 1

VERBS: Final = ("wait", "place", "power_line", "demolish", "policy", "answer", "excavate")
WAIT, PLACE, LINE, DEMOLISH, POLICY, ANSWER, EXCAVATE = range(len(VERBS))
BUILDING_KINDS: Final = tuple(btype.kind for btype in BUILDING_TYPES)
POLICY_NAMES: Final = tuple(policy.name for policy in POLICIES)
BUILDING_CLASSES: Final = ("housing", "power", "plant", "line", "other")

# The figures, in order; `figures` says what each is divided by.
FIGURES: Final = (
    "funds", "population", "served_percent", "contentment", "voter_approval", "hazardous_untreated",
    "day", "goal_progress", "event_waiting", "days_to_election", "tax_rate", "pollution_mean",
)
FUNDS_SCALE: Final = 100_000
POPULATION_SCALE: Final = 10_000
HAZARD_SCALE: Final = 10_000
DAY_SCALE: Final = 100
ELECTION_SCALE: Final = 30


def _class_of(kind_index: int) -> int:
    """Return the BUILDING_CLASSES place of building kind `kind_index`."""
    btype = BUILDING_TYPES[kind_index]
    if btype.housing_capacity:
        return 0
    if btype.power_supply_kw:
        return 1
    if btype.is_plant:
        return 2
    return 3 if btype.kind == "power_line" else 4


# Per building kind (plus 1, 0 for no building): its class's channel, and whether it asks for power.
KIND_CLASS: Final = np.array([-1] + [_class_of(index) for index in range(len(BUILDING_TYPES))], np.int64)
KIND_DEMANDS: Final = np.array([False] + [btype.power_demand_kw > 0 for btype in BUILDING_TYPES])
BUILDABLE: Final = np.array([terrain.name in ("ground", "ruins") for terrain in TERRAIN_TYPES])
CHANNELS: Final = 3 + len(BUILDING_CLASSES) + 1  # pollution, waste, power, the classes, free


def load_scenario(level: str | Path | Scenario) -> Scenario:
    """Return the scenario `level` names: a Scenario as it is, else a level id or a level file's path."""
    if isinstance(level, Scenario):
        return level
    from game.level.catalogue import find_level
    from game.level.loader import load_level

    return load_level(find_level(str(level)))


def pool_bounds(tiles: int, cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Return where each of `cells` cells starts along an axis of `tiles` tiles, and how many tiles it averages (at least 1)."""
    starts = np.arange(cells) * tiles // cells
    ends = np.maximum(np.append(starts[1:], tiles), starts + 1)
    return starts, ends - starts


def pool(grids: np.ndarray, rows: tuple[np.ndarray, np.ndarray], cols: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Return the cell means of `grids` [..., y, x] over the bounds `rows` and `cols` (pool_bounds), float32.

    A map smaller than the grid repeats tiles: a cell then holds the one tile it starts on.
    """
    summed = np.add.reduceat(np.add.reduceat(grids, rows[0], axis=-2), cols[0], axis=-1)
    means: np.ndarray = (summed / np.multiply.outer(rows[1], cols[1])).astype(np.float32)
    return means


def tile_grids(city: CityView, out: np.ndarray) -> np.ndarray:
    """Write the city's full-size observation grids into `out` [CHANNELS, height, width] (before pooling); return each tile's kind + 1 (0: none)."""
    occupancy = city.occupancy
    ids, kinds = city.column("id"), city.column("kind")
    lookup = np.zeros(int(ids.max(initial=0)) + 1, np.int64)  # building id -> kind + 1
    lookup[ids] = kinds + 1
    tile_kind: np.ndarray = lookup[occupancy]
    served = np.zeros(lookup.size, np.float32)
    served[ids] = city.column("served_permille") / 1000
    out[0] = city.pollution / max(1, city.rules.pollution_cap)
    out[1] = np.minimum(city.waste.sum(axis=0) / WASTE_FULL, 1)
    out[2] = np.where(KIND_DEMANDS[tile_kind], served[occupancy], 0)
    tile_class = KIND_CLASS[tile_kind]
    for channel in range(len(BUILDING_CLASSES)):
        out[3 + channel] = tile_class == channel
    out[-1] = (tile_kind == 0) & BUILDABLE[city.terrain]
    return tile_kind


def split_grids(pooled: np.ndarray) -> dict[str, np.ndarray]:
    """Return the observation's grid entries of pooled grids [..., CHANNELS, grid, grid] (a batch keeps its leading axis)."""
    classes = len(BUILDING_CLASSES)
    return {
        "pollution": pooled[..., 0, :, :], "waste": pooled[..., 1, :, :], "power": pooled[..., 2, :, :],
        "buildings": pooled[..., 3:3 + classes, :, :], "free": pooled[..., -1, :, :],
    }


def figure_progress(figure: GoalFigure) -> float:
    """Return how far one target's figure has come towards it, 0..1 (1: it holds), from the figure and its shortfall."""
    if figure.met or figure.shortfall <= 0:
        return 1.0
    if figure.rising:  # an at-least target, value + shortfall
        return max(0.0, figure.value / (figure.value + figure.shortfall))
    return (max(0, figure.value - figure.shortfall) + 1) / (figure.value + 1)  # an at-most target over its bound


def goal_progress(city: CityView) -> float:
    """Return the shaped goal progress 0..1 the reward follows (the module docstring says how); 1 for a level without targets."""
    targets = city.goals().targets
    if not targets:
        return 1.0
    total = 0.0
    for figure in targets:
        progress = figure_progress(figure)
        if figure.metric == "population":
            progress *= city.power.served_percent / 100 * city.resident_contentment / 100
        total += progress
    return total / len(targets)


@dataclass(frozen=True, slots=True)
class Scales:
    """What a level's figures are divided by where the level sets the scale: its population target and its deadline."""

    population: int
    days: int

    @classmethod
    def of(cls, scenario: Scenario) -> Scales:
        """Return the scales of `scenario`: the population target (else POPULATION_SCALE) and the deadline (else DAY_SCALE)."""
        wanted = [target.at_least for target in scenario.goals.targets if target.metric == "population" and target.at_least]
        return cls(max(wanted, default=POPULATION_SCALE), scenario.goals.deadline_day or DAY_SCALE)


class NeoTerraEnv(gym.Env[dict[str, Any], np.ndarray]):
    """One game of a Neo-Terra level, stepped `ticks_per_step` ticks an action (see the module docstring)."""

    metadata: dict[str, Any] = {"render_modes": ["rgb_array"], "render_fps": 4}  # noqa: RUF012 - gymnasium's own class attribute

    def __init__(
        self, level: str | Path | Scenario = DEFAULT_LEVEL, seed: int | None = None, *, grid: int = DEFAULT_GRID,
        ticks_per_step: int = DEFAULT_TICKS_PER_STEP, max_steps: int = DEFAULT_MAX_STEPS,
        invalid_penalty: float = DEFAULT_INVALID_PENALTY, hash_info: bool = False, render_mode: str | None = None,
        render_scale: int = 4,
    ) -> None:
        for name, value in (("grid", grid), ("ticks_per_step", ticks_per_step), ("max_steps", max_steps), ("render_scale", render_scale)):
            if value < 1:
                raise ValueError(f"{ENV_ID}: {name} must be at least 1, not {value}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"{ENV_ID}: render_mode must be 'rgb_array' or None, not {render_mode!r}")
        self.scenario = load_scenario(level)
        self.grid, self.ticks_per_step, self.max_steps = grid, ticks_per_step, max_steps
        self.invalid_penalty, self.hash_info = invalid_penalty, hash_info
        self.render_mode, self.render_scale = render_mode, render_scale
        self.scales = Scales.of(self.scenario)
        self.observation_space = observation_space(grid)
        self.action_space = action_space(grid)
        self._first_seed = seed
        self.sim: Simulation | None = None
        self.city: CityView | None = None
        self._tiles = np.zeros((CHANNELS, self.scenario.height, self.scenario.width), np.float32)
        self.pool_rows = pool_bounds(self.scenario.height, grid)
        self.pool_cols = pool_bounds(self.scenario.width, grid)
        self._cell_x = (np.arange(grid) * self.scenario.width // grid).tolist()
        self._cell_y = (np.arange(grid) * self.scenario.height // grid).tolist()
        self._progress = 0.0
        self._steps = 0

    # --- the episode ---------------------------------------------------------------------------------
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Start a new game of the level: on game seed `seed`, else the constructor's seed first, else one drawn from np_random."""
        if seed is None and self._first_seed is not None:
            seed, self._first_seed = self._first_seed, None
        super().reset(seed=seed)
        game_seed = seed if seed is not None else int(self.np_random.integers(0, 2**31 - 1))
        self.close()
        self.sim = Simulation(self.scenario, seed=game_seed)
        self.city = CityView(self.sim)
        self._steps = 0
        self._progress = goal_progress(self.city)
        info = self._info()
        info["state_hash"] = self.sim.state_hash()
        return self.observe(), info

    def step(self, action: np.ndarray) -> tuple[dict[str, np.ndarray], SupportsFloat, bool, bool, dict[str, Any]]:
        """Decode `action` into a command (none for wait) and play it, then run the city on (see the module docstring)."""
        reward, terminated, truncated, info = self.advance(action)
        return self.observe(), reward, terminated, truncated, info

    def play(self, commands: Sequence[Command]) -> tuple[dict[str, np.ndarray], SupportsFloat, bool, bool, dict[str, Any]]:
        """Step with game commands instead of an action (a scripted player's): the ones the game takes are executed, then the city runs.

        When every command is refused, nothing changes, as for a refused action; no commands is a wait.
        """
        reward, terminated, truncated, info = self.run(commands)
        return self.observe(), reward, terminated, truncated, info

    def advance(self, action: np.ndarray | Sequence[int]) -> tuple[float, bool, bool, dict[str, Any]]:
        """Play `action` as `step` does and return (reward, terminated, truncated, info), without the observation."""
        command = self.decode(action)
        if isinstance(command, Rejected):
            return self._refused([command.reason])
        return self.run([] if command is None else [command])

    def run(self, commands: Sequence[Command]) -> tuple[float, bool, bool, dict[str, Any]]:
        """Execute the commands the game takes and run the city a step; return (reward, terminated, truncated, info)."""
        sim, city = self._live()
        applied: list[str] = []
        refused: list[str] = []
        for command in commands:
            plan = city.plan(command)
            if isinstance(plan, Rejected):
                refused.append(plan.reason)
                continue
            result = sim.execute(command)
            (applied if result.ok else refused).append(getattr(result, "detail", "") or getattr(result, "reason", ""))
        if commands and not applied:
            return self._refused(refused)
        was_running = city.running
        for _ in range(self.ticks_per_step):
            if not city.running:
                break
            sim.step()
        self._steps += 1
        progress = goal_progress(city)
        reward = progress - self._progress
        self._progress = progress
        status = city.outcome.status
        terminated = not city.running
        if was_running and terminated:  # the end's bonus once, on the step that reached it: stepping on after the end earns nothing
            reward += WIN_BONUS if status == "won" else -WIN_BONUS if status == "lost" else 0.0
        info = self._info(applied="; ".join(applied), rejected="; ".join(refused))
        return reward, terminated, self._steps >= self.max_steps, info

    def _refused(self, reasons: list[str]) -> tuple[float, bool, bool, dict[str, Any]]:
        """Answer a step the game refused: the city unchanged, the reasons in info, the penalty as the reward."""
        self._live()
        self._steps += 1
        info = self._info(rejected="; ".join(reasons))
        return -self.invalid_penalty, not self._live()[1].running, self._steps >= self.max_steps, info

    @property
    def live_city(self) -> CityView:
        """The running game's view (for scripted players); before reset, ResetNeeded."""
        return self._live()[1]

    def _live(self) -> tuple[Simulation, CityView]:
        """Return the running game and its view; stepping before reset is an error."""
        if self.sim is None or self.city is None:
            raise gym.error.ResetNeeded(f"{ENV_ID}: call reset() before step()")
        return self.sim, self.city

    def _info(self, applied: str = "", rejected: str = "") -> dict[str, Any]:
        """Return the step's info: the clock, the outcome, the goal progress and what happened to the commands."""
        sim, city = self._live()
        outcome = city.outcome
        info: dict[str, Any] = {
            "tick": city.tick, "day": city.day, "status": outcome.status, "reason": outcome.reason,
            "goal_progress": self._progress, "applied": applied, "rejected": rejected,
        }
        if self.hash_info:
            info["state_hash"] = sim.state_hash()
        return info

    # --- actions -------------------------------------------------------------------------------------
    def decode(self, action: np.ndarray | Sequence[int]) -> Command | Rejected | None:
        """Return the command `action` stands for, None for wait, or Rejected for an action no command can mean."""
        _sim, city = self._live()
        verb, arg, cx, cy, cx2, cy2, level = (int(value) for value in action)
        if not 0 <= verb < len(VERBS):
            return Rejected(f"no verb {verb} (0..{len(VERBS) - 1})")
        cells = [cx, cy, cx2, cy2]
        if any(not 0 <= cell < self.grid for cell in cells):
            return Rejected(f"cells run 0..{self.grid - 1}")
        x, y, x2, y2 = self._cell_x[cx], self._cell_y[cy], self._cell_x[cx2], self._cell_y[cy2]
        if verb == WAIT:
            return None
        if verb == PLACE:
            return Place(BUILDING_KINDS[arg], x, y) if 0 <= arg < len(BUILDING_KINDS) else Rejected(f"no building kind {arg}")
        if verb == LINE:
            return PlaceLine(x, y, x2, y2)
        if verb == DEMOLISH:
            return Demolish(x, y)
        if verb == POLICY:
            return policy_command(arg, level)
        if verb == ANSWER:
            return answer_command(city, arg)
        building = city.building_at(x, y)
        return Excavate(building, city.rules.excavation_max_units) if building else Rejected(f"no building at ({x}, {y})")

    # --- observations and pictures --------------------------------------------------------------------
    def observe(self) -> dict[str, np.ndarray]:
        """Return the observation of the city now."""
        self.write_tiles(self._tiles)
        observation = split_grids(pool(self._tiles, self.pool_rows, self.pool_cols))
        observation["figures"] = self.figures()
        return observation

    def write_tiles(self, out: np.ndarray) -> None:
        """Write the city's full-size observation grids into `out` [CHANNELS, height, width], to be pooled (alone or in a batch)."""
        tile_grids(self._live()[1], out)

    def figures(self) -> np.ndarray:
        """Return the observation's normalised figures of the city now."""
        return figures(self._live()[1], self._progress, self.scales)

    def render(self) -> np.ndarray | None:
        """Return the map as an RGB image (height x width x 3 uint8, `render_scale` pixels a tile) in rgb_array mode, else None."""
        if self.render_mode != "rgb_array":
            return None
        from game.research.picture import map_image

        return map_image(self._live()[1], self.render_scale)

    def close(self) -> None:
        """Release the game's esper world."""
        if self.sim is not None:
            self.sim.close()
        self.sim = self.city = None


def policy_command(index: int, level: int) -> SetPolicy | Rejected:
    """Return the SetPolicy of policy POLICY_NAMES[index] at `level` of POLICY_LEVELS steps over its range."""
    if not 0 <= index < len(POLICIES):
        return Rejected(f"no policy {index}")
    if not 0 <= level < POLICY_LEVELS:
        return Rejected(f"policy levels run 0..{POLICY_LEVELS - 1}")
    policy = POLICIES[index]
    return SetPolicy(policy.name, policy.minimum + round(level * (policy.maximum - policy.minimum) / (POLICY_LEVELS - 1)))


def answer_command(city: CityView, index: int) -> Choose | Rejected:
    """Return the Choose of the waiting story event's choice at place `index` of those it offers."""
    waiting = city.waiting_event()
    if waiting is None:
        return Rejected("no story event is waiting for an answer")
    if not 0 <= index < len(waiting.offered):
        return Rejected(f"the event offers {len(waiting.offered)} choices, not choice {index}")
    return Choose(waiting.event_id, waiting.offered[index].id)


def figures(city: CityView, progress: float, scales: Scales) -> np.ndarray:
    """Return the normalised figures (FIGURES order) of the city, float32 clipped to [-1, 1].

    Funds / FUNDS_SCALE; population / the level's population target (else POPULATION_SCALE); served
    percent, contentment and approval / 100; the true untreated hazardous waste / HAZARD_SCALE; the
    day / the deadline (else DAY_SCALE); the goal progress; 1 while a story event waits; days to the
    election / ELECTION_SCALE (1 without elections); tax rate / its maximum; mean pollution / the cap.
    """
    election = city.days_to_election()
    values = (
        city.funds / FUNDS_SCALE, city.population / scales.population, city.power.served_percent / 100,
        city.resident_contentment / 100, city.voter_approval / 100, city.hazard_figures()["true_hazardous_untreated"] / HAZARD_SCALE,
        city.day / scales.days, progress, float(city.waiting_event() is not None),
        1.0 if election is None else election / ELECTION_SCALE, city.policy("tax_rate") / POLICY_INDEX["tax_rate"].maximum,
        city.pollution_mean / max(1, city.rules.pollution_cap),
    )
    return np.clip(np.array(values, np.float32), -1, 1)


def observation_space(grid: int) -> spaces.Dict:
    """Return the observation space of a `grid` x `grid` environment."""
    cell = spaces.Box(0.0, 1.0, (grid, grid), np.float32)
    return spaces.Dict({
        "pollution": cell, "waste": cell, "power": cell,
        "buildings": spaces.Box(0.0, 1.0, (len(BUILDING_CLASSES), grid, grid), np.float32),
        "free": cell,
        "figures": spaces.Box(-1.0, 1.0, (len(FIGURES),), np.float32),
    })


def action_space(grid: int) -> spaces.MultiDiscrete:
    """Return the action space [verb, arg, x, y, x2, y2, level] of a `grid` x `grid` environment."""
    args = max(len(BUILDING_KINDS), len(POLICY_NAMES), MAX_CHOICES)
    return spaces.MultiDiscrete([len(VERBS), args, grid, grid, grid, grid, POLICY_LEVELS])


def register() -> None:
    """Register `NeoTerra-v0` with gymnasium (again is harmless), with the native batch as its vector entry point."""
    if ENV_ID not in gym.registry:
        gym.register(ENV_ID, entry_point="game.research.env:NeoTerraEnv", vector_entry_point="game.research.vector:NeoTerraVectorEnv")


register()
