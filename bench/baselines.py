"""Baseline scores of `NeoTerra-v0`: the random agent, the scripted agent and the housing trick, over seeds, per level.

Run: python bench/baselines.py [--seeds N] [--levels first_light neo_terra] [--scripted enforcer]
Prints a Markdown table (docs/research.md keeps the one it printed): per level and agent the mean
episode return, its spread over the seeds, the win rate, the mean steps and the mean day the episode
ended, with the environment's defaults (one game day a step, 1,000 steps at most).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.level.errors import InputError  # noqa: E402
from game.research.agents import Agent, Episode, HousingTiler, RandomAgent, ScriptedAgent, play_episodes  # noqa: E402
from game.research.env import NeoTerraEnv  # noqa: E402
from game.strategies import BUILT_IN  # noqa: E402

HEADER = "| level | agent | episodes | mean return | return sd | won | mean steps | mean day |\n|---|---|---:|---:|---:|---:|---:|---:|"


def row(level: str, agent: str, episodes: list[Episode]) -> str:
    """Return one Markdown row of `episodes`."""
    returns = [episode.total_reward for episode in episodes]
    spread = statistics.pstdev(returns) if len(returns) > 1 else 0.0
    won = 100 * sum(episode.won for episode in episodes) // len(episodes)
    steps = statistics.fmean(episode.steps for episode in episodes)
    day = statistics.fmean(episode.day for episode in episodes)
    return f"| {level} | {agent} | {len(episodes)} | {statistics.fmean(returns):.3f} | {spread:.3f} | {won}% | {steps:.0f} | {day:.1f} |"


def main(argv: list[str] | None = None) -> int:
    """Play every agent on every level and seed and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="episodes per agent and level, on seeds 1..N (default 10)")
    parser.add_argument("--levels", nargs="+", default=["first_light", "neo_terra"], help="level ids or files")
    parser.add_argument("--scripted", default="enforcer", choices=sorted(BUILT_IN), help="the built-in strategy the scripted agent plays")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    seeds = range(1, args.seeds + 1)
    agents: list[Agent] = [RandomAgent(), ScriptedAgent(args.scripted), HousingTiler()]
    print(HEADER)
    for level in args.levels:
        try:
            env = NeoTerraEnv(level)
        except InputError as error:
            parser.error(f"--levels: {error.problems[0]}")
        for agent in agents:
            print(row(level, agent.name, play_episodes(env, agent, seeds)), flush=True)
        env.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
