"""KeepPlaying: after a win the city runs on without goals, and everything else works as before.

The Neo-Terra level with its goals cut to "funds at least 1 for one day-end" (a copy of the file,
so that replays can read it again) is won at the end of day 1; then the player keeps playing, and
the city must advance, deterministically, through saves and replays.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.level import load_level
from game.level.commands_file import load_commands
from game.level.save import load_game, save_bytes
from game.replay import Matched, export_replay, load_replay, verify
from game.sim import Simulation
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Choose, KeepPlaying, Place, Rejected, SetPolicy, command_to_dict
from game.sim.events import LevelEnded
from game.sim.snapshot import command_from_dict
from game.sim.view import CityView

NEO_TERRA = Path(__file__).resolve().parent.parent / "levels" / "02_neo_terra.toml"
EASY_GOALS = '[goals]\nhold_days = 1\n[[goals.targets]]\nmetric = "funds"\nat_least = 1\n\n'


@pytest.fixture
def level(tmp_path: Path) -> Path:
    """Neo-Terra with its goals cut to one any city meets on day 1."""
    text = re.sub(r"\[goals\].*?(?=\n# Elections)", EASY_GOALS.rstrip("\n"), NEO_TERRA.read_text(), flags=re.S)
    path = tmp_path / "easy_neo_terra.toml"
    path.write_text(text)
    return path


def won_game(level: Path, seed: int = 3) -> Simulation:
    """Neo-Terra won at the end of its first day."""
    sim = Simulation(load_level(level), seed=seed)
    sim.step(TICKS_PER_DAY)
    assert sim.outcome.status == "won"
    return sim


def played_on(level: Path, seed: int = 3) -> Simulation:
    """The won game played on for 100 ticks with a policy change half-way."""
    sim = won_game(level, seed)
    assert sim.execute(KeepPlaying()).ok
    sim.step(50)
    assert sim.execute(SetPolicy("tax_rate", 9)).ok
    sim.step(50)
    return sim


def test_keep_playing_is_refused_with_a_reason_unless_the_level_was_won(level: Path) -> None:
    sim = Simulation(load_level(NEO_TERRA), seed=3)
    assert sim.execute(KeepPlaying()) == Rejected("the level is still being played: win it first")
    sim.outcome.status, sim.outcome.reason = "lost", "bankrupt"
    assert sim.execute(KeepPlaying()) == Rejected("the level was lost: only a won level can be played on")
    sim.close()
    won = won_game(level)
    assert won.execute(KeepPlaying()).ok
    assert won.execute(KeepPlaying()) == Rejected("the city already plays on without goals")
    won.close()


def test_a_won_city_played_on_advances_without_goals_and_never_ends(level: Path) -> None:
    sim = won_game(level)
    frozen = sim.tick
    reason = sim.outcome.reason
    assert isinstance(sim.execute(Place("garden", 0, 0)), Rejected)  # the level is over: nothing is built
    assert sim.execute(KeepPlaying()).ok
    city = CityView(sim)
    assert city.running and city.playing_on and sim.outcome.reason == reason  # the record of the win stays
    sim.drain_events()
    history_days = len(sim.history["day"])
    sim.step(100)
    assert sim.tick == frozen + 100 and len(sim.history["day"]) == history_days + 4  # day ends keep coming
    sim.funds = -10**9  # would be bankrupt in a level still played; a city played on is never lost
    sim.step(TICKS_PER_DAY * 8)
    assert sim.outcome.status == "playing_on"
    assert not [event for event in sim.drain_events() if isinstance(event, LevelEnded)]
    sim.close()


def test_a_city_played_on_is_deterministic_and_survives_a_save(level: Path, tmp_path: Path) -> None:
    first, second = played_on(level), played_on(level)
    assert first.state_hash() == second.state_hash()
    stopped = won_game(level)
    assert first.state_hash() != stopped.state_hash()
    stopped.close()
    path = tmp_path / "on.save"
    path.write_bytes(save_bytes(first))
    loaded = load_game(path)
    assert loaded.state_hash() == first.state_hash() and loaded.outcome.status == "playing_on"
    loaded.step(48)
    first.step(48)
    assert loaded.state_hash() == first.state_hash()
    for sim in (first, second, loaded):
        sim.close()


def test_an_event_can_be_answered_while_the_city_plays_on(level: Path) -> None:
    sim = won_game(level)
    sim.execute(KeepPlaying())
    for _ in range(TICKS_PER_DAY * 60):
        if sim.story.active is not None:
            break
        sim.step()
    active = sim.story.active
    assert active is not None, "a story event fires while the city plays on"
    choice = sim.story.definition(active.event_id).choices[0].id
    assert sim.execute(Choose(active.event_id, choice)).ok
    sim.close()


def test_keep_playing_is_written_in_commands_files_and_replays(level: Path, tmp_path: Path) -> None:
    assert command_to_dict(KeepPlaying()) == {"type": "keep_playing"}
    assert command_from_dict({"type": "keep_playing"}) == KeepPlaying()
    commands = tmp_path / "commands.toml"
    commands.write_text('[[command]]\ntick = 24\ntype = "keep_playing"\n')
    assert load_commands(commands) == [(24, KeepPlaying())]
    sim = played_on(level)
    replay = tmp_path / "on.replay.json"
    assert export_replay(sim, replay).ok
    assert isinstance(verify(load_replay(replay)), Matched)
    sim.close()
