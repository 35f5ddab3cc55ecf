"""`NeoTerra-v0` (game.research): the Gymnasium environment of one city, its native batch and the baselines."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import warnings
from pathlib import Path

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from gymnasium.vector import AutoresetMode
from worlds import at, blank, scenario

import game.research
from game.level.errors import InputError
from game.research.agents import Agent, HousingTiler, RandomAgent, ScriptedAgent, play_episode
from game.research.env import (
    ANSWER,
    BUILDING_KINDS,
    ENV_ID,
    FIGURES,
    PLACE,
    POLICY,
    POLICY_LEVELS,
    POLICY_NAMES,
    WIN_BONUS,
    NeoTerraEnv,
    figure_progress,
    pool,
    pool_bounds,
)
from game.research.picture import colours
from game.research.vector import NeoTerraVectorEnv
from game.sim.scenario import Goals, GoalTarget, Scenario
from game.sim.terrain import TERRAIN_TYPES
from game.sim.view import GoalFigure

ROOT = Path(__file__).resolve().parents[1]
BENCH_LINE = re.compile(r"^BENCH name=(\S+) mean_ms=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+) max_ms=([\d.]+) ticks=(\d+)$")


def action(verb: int = 0, arg: int = 0, x: int = 0, y: int = 0, x2: int = 0, y2: int = 0, level: int = 0) -> np.ndarray:
    """Return one MultiDiscrete action."""
    return np.array([verb, arg, x, y, x2, y2, level], np.int64)


def small_level(deadline: int = 3, *targets: GoalTarget) -> Scenario:
    """Return a 12x8 city of a solar farm and a housing block whose goals (default: unreachable) run out on day `deadline`."""
    wanted = targets or (GoalTarget("population", at_least=100_000),)
    return scenario(blank(12, 8), at("solar_farm", 0, 0), at("housing", 4, 0, 50), goals=Goals(wanted, deadline_day=deadline))


def random_actions(env: NeoTerraEnv, count: int, seed: int) -> list[np.ndarray]:
    """Return `count` actions drawn from a seeded generator."""
    agent = RandomAgent()
    agent.start(seed)
    return [agent.act(env, {}) for _ in range(count)]  # type: ignore[misc]


def test_make_builds_the_registered_environment_and_check_env_passes_it() -> None:
    assert ENV_ID in gymnasium.registry and game.research.ENV_ID == ENV_ID
    env = gymnasium.make(ENV_ID, level="first_light", seed=3, render_mode="rgb_array")
    assert isinstance(env.unwrapped, NeoTerraEnv)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # check_env warns about what it does not like: none of that here
        check_env(env.unwrapped)
    with pytest.warns(UserWarning, match="different from the unwrapped"):  # the one thing it says of the wrapped env
        check_env(env)
    observation, info = env.reset(seed=2)
    assert env.observation_space.contains(observation)
    assert set(observation) == {"pollution", "waste", "power", "buildings", "free", "figures"}
    assert observation["figures"].shape == (len(FIGURES),) and info["state_hash"]
    env.close()


def test_reset_with_a_seed_gives_the_same_observations_and_trajectories() -> None:
    first, second = NeoTerraEnv("first_light", hash_info=True), NeoTerraEnv("first_light", hash_info=True)
    actions = random_actions(first, 12, seed=5)
    runs = []
    for env in (first, second, first):
        observation, info = env.reset(seed=11)
        trajectory = [(observation, info["state_hash"], 0.0)]
        for chosen in actions:
            observation, reward, _terminated, _truncated, info = env.step(chosen)
            trajectory.append((observation, info["state_hash"], float(reward)))
        runs.append(trajectory)
    for other in runs[1:]:
        for (obs_a, hash_a, reward_a), (obs_b, hash_b, reward_b) in zip(runs[0], other):
            assert hash_a == hash_b and reward_a == reward_b
            assert all(np.array_equal(obs_a[key], obs_b[key]) for key in obs_a)
    assert first.reset(seed=12)[1]["state_hash"] != runs[0][0][1]  # another seed, another city
    assert len({step[1] for step in runs[0]}) > 1  # the city moved


def test_a_refused_action_changes_nothing_and_says_why() -> None:
    env = NeoTerraEnv("first_light", hash_info=True, invalid_penalty=0.25)
    _observation, info = env.reset(seed=1)
    before, tick = info["state_hash"], info["tick"]
    water_cell = 27  # x = 27 * 40 // 32 = 33: the river
    for refused, reason in (
        (action(PLACE, BUILDING_KINDS.index("housing"), water_cell, 0), "water"),
        (action(PLACE, len(BUILDING_KINDS), 5, 5), "no building kind"),
        (action(ANSWER, 0), "no story event"),
        (action(3, 0, 0, 0), "nothing"),  # demolish on an empty tile
    ):
        _observation, reward, terminated, truncated, info = env.step(refused)
        assert reason in info["rejected"], info["rejected"]
        assert (info["state_hash"], info["tick"], reward, terminated, truncated) == (before, tick, -0.25, False, False)


def test_place_policy_and_wait_change_the_city_as_the_game_would() -> None:
    env = NeoTerraEnv("first_light")
    env.reset(seed=1)
    city = env.live_city
    funds = city.funds
    _obs, _reward, _terminated, _truncated, info = env.step(action(PLACE, BUILDING_KINDS.index("housing"), 4, 20))
    assert "Housing" in info["applied"] and not info["rejected"] and city.tick == 24
    assert city.building_at(4 * 40 // 32, 20 * 30 // 32) and city.funds < funds
    tax = POLICY_NAMES.index("tax_rate")
    env.step(action(POLICY, tax, level=POLICY_LEVELS - 1))
    assert city.policy("tax_rate") == 30  # the top level is the policy's maximum
    env.step(action(POLICY, tax, level=4))
    assert city.policy("tax_rate") == 12
    env.step(action())
    assert city.tick == 4 * 24


def test_a_story_event_is_answered_with_the_choice_at_its_place() -> None:
    env = NeoTerraEnv("first_light")
    observation, _info = env.reset(seed=3)
    city = env.live_city
    while city.waiting_event() is None:
        observation, *_ = env.step(action())
    assert observation["figures"][FIGURES.index("event_waiting")] == 1
    waiting = city.waiting_event()
    assert waiting is not None
    _obs, _reward, _terminated, _truncated, info = env.step(action(ANSWER, len(waiting.offered) - 1))
    assert not info["rejected"]
    assert next(target.value for target in city.goals().targets if target.metric == "events_answered") == 1


def test_the_level_ending_terminates_with_its_bonus_and_max_steps_truncates() -> None:
    lost = NeoTerraEnv(small_level(3))
    lost.reset(seed=1)
    rewards, terminated, steps = [], False, 0
    while not terminated:
        _obs, reward, terminated, truncated, info = lost.step(action())
        rewards.append(float(reward))
        steps += 1
        assert not truncated
    assert (info["status"], info["day"], steps) == ("lost", 3, 3)
    assert rewards[-1] < -WIN_BONUS / 2
    won = NeoTerraEnv(small_level(9, GoalTarget("day", at_least=2)))
    won.reset(seed=1)
    results = [won.step(action()) for _ in range(2)]
    assert results[-1][2] and results[-1][4]["status"] == "won" and float(results[-1][1]) > WIN_BONUS / 2
    short = NeoTerraEnv(small_level(30), max_steps=3)
    short.reset(seed=1)
    ends = [short.step(action(PLACE, len(BUILDING_KINDS)))[2:4] for _ in range(3)]  # refused steps count too
    assert ends == [(False, False), (False, False), (False, True)]


def test_goal_progress_follows_each_targets_shortfall() -> None:
    assert figure_progress(GoalFigure("", "population", 500, False, "", 1500, True)) == 0.25
    assert figure_progress(GoalFigure("", "hazardous_untreated", 2999, False, "", 1500, False)) == 1500 / 3000
    assert figure_progress(GoalFigure("", "served_percent", 100, True, "")) == 1.0


def test_the_housing_tiling_trick_returns_less_than_the_scripted_player() -> None:
    env = NeoTerraEnv("first_light")
    scripted = play_episode(env, ScriptedAgent("planner"), seed=1)
    trick = play_episode(env, HousingTiler(), seed=1)
    idle = play_episode(env, Agent(), seed=1)
    assert scripted.won and not trick.won
    assert trick.total_reward < scripted.total_reward - WIN_BONUS
    assert idle.total_reward < trick.total_reward  # (its compost works does recycle: the level's own goal)


def test_housing_the_grid_cannot_light_lowers_the_reward() -> None:
    env = NeoTerraEnv("first_light")
    agent = HousingTiler()
    observation, _info = env.reset(seed=1)
    served_index = FIGURES.index("served_percent")
    while observation["figures"][served_index] > 0.5:
        observation, reward, terminated, *_ = env.play(agent.act(env, observation))
        assert not terminated
    assert float(reward) < 0  # the day the city went dark, the shaped population target fell


def test_rgb_array_draws_the_map_with_the_palette() -> None:
    env = NeoTerraEnv("first_light", render_mode="rgb_array", render_scale=3)
    env.reset(seed=1)
    image = env.render()
    assert image is not None and image.shape == (30 * 3, 40 * 3, 3) and image.dtype == np.uint8
    water = colours()[0][[terrain.name for terrain in TERRAIN_TYPES].index("water")]
    assert np.array_equal(image[0, 33 * 3], water.astype(np.uint8))  # a river tile (no pollution yet)
    assert not np.array_equal(image[13 * 3, 3 * 3], image[0, 0])  # the solar farm is not ground
    assert NeoTerraEnv("first_light").render() is None


def test_pooling_averages_the_tiles_a_cell_covers_and_repeats_them_on_a_small_map() -> None:
    grid = np.arange(12, dtype=np.float32).reshape(3, 4)
    pooled = pool(grid, pool_bounds(3, 3), pool_bounds(4, 2))
    assert np.array_equal(pooled, [[0.5, 2.5], [4.5, 6.5], [8.5, 10.5]])
    assert np.array_equal(pool(grid, pool_bounds(3, 6), pool_bounds(4, 4))[:, 0], [0, 0, 4, 4, 8, 8])


def test_the_native_batch_matches_single_environments_step_for_step_across_autoreset() -> None:
    level = small_level(2)
    batch = NeoTerraVectorEnv(3, level, hash_info=True)
    singles = [NeoTerraEnv(level, hash_info=True) for _ in range(3)]
    observations, infos = batch.reset(seed=[4, 5, 6])
    single_obs = [env.reset(seed=seed)[0] for env, seed in zip(singles, (4, 5, 6))]
    ended = [False] * 3
    rng = np.random.default_rng(0)
    for _ in range(5):  # past the second day's end: every city autoresets once
        actions = np.stack([action(PLACE, BUILDING_KINDS.index("housing"), int(rng.integers(16)), int(rng.integers(32)))
                            for _ in range(3)])
        observations, rewards, terminated, truncated, infos = batch.step(actions)
        for index, env in enumerate(singles):
            if ended[index]:
                single_obs[index], info = env.reset()
                reward, done = 0.0, False
            else:
                single_obs[index], reward, term, trunc, info = env.step(actions[index])
                done = term or trunc
            ended[index] = done
            assert infos["state_hash"][index] == info["state_hash"] and rewards[index] == reward
            assert all(np.array_equal(observations[key][index], single_obs[index][key]) for key in observations)
        assert list(terminated | truncated) == ended
    assert batch.observation_space.contains(observations)
    batch.close()


@pytest.mark.parametrize("mode", [AutoresetMode.SAME_STEP, AutoresetMode.DISABLED])
def test_the_other_autoreset_modes_behave_as_the_sync_wrappers(mode: AutoresetMode) -> None:
    level = small_level(2)
    batch = NeoTerraVectorEnv(2, level, autoreset_mode=mode.value)
    standard = gymnasium.vector.SyncVectorEnv([lambda: NeoTerraEnv(level) for _ in range(2)], autoreset_mode=mode)
    assert batch.metadata["autoreset_mode"] == mode
    runs = []
    for envs in (batch, standard):
        observations, _infos = envs.reset(seed=[1, 2])
        steps = []
        for _ in range(3):
            observations, rewards, terminated, truncated, infos = envs.step(np.zeros((2, 7), np.int64))
            if mode == AutoresetMode.DISABLED and (terminated | truncated).any():
                observations, _infos = envs.reset(options={"reset_mask": terminated | truncated})
            steps.append((observations, rewards, terminated, infos.get("final_obs")))
        runs.append(steps)
    for (obs_a, rewards_a, ended_a, final_a), (obs_b, rewards_b, ended_b, final_b) in zip(*runs):
        assert np.array_equal(rewards_a, rewards_b) and np.array_equal(ended_a, ended_b)
        assert all(np.array_equal(obs_a[key], obs_b[key]) for key in obs_a)
        assert (final_a is None) == (final_b is None)
        if final_a is not None:
            assert all(np.array_equal(final_a[0][key], final_b[0][key]) for key in final_a[0])
    assert runs[0][1][2].all()  # both cities ended on day 2
    with pytest.raises(ValueError, match="autoreset_mode must be one of"):
        NeoTerraVectorEnv(2, level, autoreset_mode="sometimes")


def test_make_vec_builds_the_native_batch_and_the_standard_wrappers_alike() -> None:
    seen = {}
    for mode in ("vector_entry_point", "sync", "async"):
        envs = gymnasium.make_vec(ENV_ID, num_envs=2, vectorization_mode=mode, level="first_light")
        observations, _infos = envs.reset(seed=7)
        observations, *_ = envs.step(np.zeros((2, 7), np.int64))
        seen[mode] = (type(envs.unwrapped).__name__, observations)
        envs.close()
    assert seen["vector_entry_point"][0] == "NeoTerraVectorEnv"
    assert seen["sync"][0] == "SyncVectorEnv" and seen["async"][0] == "AsyncVectorEnv"
    for mode in ("sync", "async"):
        assert all(np.array_equal(seen[mode][1][key], seen["vector_entry_point"][1][key]) for key in seen[mode][1])
    assert gymnasium.make_vec(ENV_ID, num_envs=2, level="first_light").metadata["autoreset_mode"].name == "NEXT_STEP"


def test_bad_arguments_get_one_line() -> None:
    with pytest.raises(ValueError, match="grid must be at least 1, not 0"):
        NeoTerraEnv("first_light", grid=0)
    with pytest.raises(ValueError, match="render_mode must be 'rgb_array'"):
        NeoTerraEnv("first_light", render_mode="human")
    with pytest.raises(gymnasium.error.ResetNeeded):
        NeoTerraEnv("first_light").step(action())
    with pytest.raises(InputError, match="--level: no level named 'frist_light'"):
        gymnasium.make(ENV_ID, level="frist_light")


def test_the_research_package_reads_the_city_only_through_the_view() -> None:
    allowed = {"game.sim.view", "game.sim.commands", "game.sim.buildings", "game.sim.terrain", "game.sim.policies",
               "game.sim.simulation", "game.sim.scenario"}
    for path in sorted((ROOT / "game" / "research").glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        assert {name for name in names if name.startswith("game.sim")} <= allowed, path.name
        assert "_world" not in path.read_text(), path.name


def test_the_benchmark_and_the_baselines_print_their_tables() -> None:
    bench = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_env.py"), "--steps", "3", "--batch", "2"],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert bench.returncode == 0, bench.stderr
    names = [match[1] for match in (BENCH_LINE.match(line) for line in bench.stdout.splitlines()) if match]
    assert names == ["env_single", "env_sync_2", "env_async_2", "env_native_2"]
    assert "environment steps per second" in bench.stdout
    baselines = subprocess.run([sys.executable, str(ROOT / "bench" / "baselines.py"), "--seeds", "1", "--levels", "first_light"],
                               capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert baselines.returncode == 0, baselines.stderr
    rows = [line for line in baselines.stdout.splitlines() if line.startswith("| first_light")]
    assert [row.split(" | ")[1] for row in rows] == ["random", "scripted:enforcer", "housing_tiler"]
    assert rows[1].split(" | ")[5] == "100%"


def test_stepping_on_after_the_end_earns_no_second_bonus_and_the_batch_seeds_each_city_apart() -> None:
    won = NeoTerraEnv(small_level(9, GoalTarget("day", at_least=2)))
    won.reset(seed=1)
    while not won.step(action())[2]:
        pass
    after = [won.step(action())[1:3] for _ in range(3)]
    assert [(float(reward), terminated) for reward, terminated in after] == [(0.0, True)] * 3
    refused = won.step(action(PLACE, 0, 0, 0))  # the level is over: refused, and still the end
    assert refused[2] and refused[4]["rejected"]
    batch = NeoTerraVectorEnv(3, small_level(30), seed=5)
    batch.reset()
    assert [env.live_city.seed for env in batch.envs] == [5, 6, 7]
    batch.close()
