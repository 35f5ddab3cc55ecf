"""Saving in the middle of the story and the campaign: the game goes on exactly as if it never stopped.

A story event waiting for its answer, a debate taken before an election, tribes mid-errand and
drones mid-flight are all part of the save; `--load` headless reaches the straight run's hash.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.cli import main
from game.level import load_level
from game.level.save import load_game, save_game
from game.sim import Simulation
from game.sim.commands import Choose

NEO_TERRA = Path(__file__).resolve().parents[1] / "levels" / "02_neo_terra.toml"
DAY = 24


def _first_tick_where(sim: Simulation, holds, limit: int) -> int:
    """Step `sim` until `holds(sim)` and return that tick; fail if it never does within `limit` ticks."""
    while not holds(sim):
        assert sim.tick < limit, "the situation the test needs never came"
        sim.step()
    return sim.tick


def _continues_exactly(tmp_path: Path, holds, extra: int) -> Simulation:
    """Save Neo-Terra where `holds` first holds, load it, and check both go on to the same hashes."""
    straight = Simulation(load_level(NEO_TERRA))
    tick = _first_tick_where(straight, holds, 40 * DAY)
    path = tmp_path / "middle.save"
    save_game(straight, path)
    loaded = load_game(path)
    assert loaded.tick == tick and loaded.state_hash() == straight.state_hash()
    for _ in range(extra // 12):
        straight.step(12)
        loaded.step(12)
        assert loaded.state_hash() == straight.state_hash(), f"diverged by tick {straight.tick}"
    loaded.close()
    return straight


def test_saving_while_a_story_event_waits_for_an_answer_continues_exactly(tmp_path: Path) -> None:
    straight = _continues_exactly(tmp_path, lambda sim: sim.story.active is not None, 3 * DAY)
    assert straight.story.choices, "the waiting event was answered (by its timeout) after the save"
    straight.close()


def test_saving_between_the_debate_and_the_election_continues_exactly(tmp_path: Path) -> None:
    def mid_campaign(sim: Simulation) -> bool:
        """True once the debate has been answered and the election is still to come."""
        return any(event == "debate" for _, event, _, _ in sim.story.choices) and not sim.politics.elections

    straight = _continues_exactly(tmp_path, mid_campaign, 4 * DAY)
    assert straight.politics.elections, "the election came after the save"
    assert straight.agents.counts()["scavengers"] > 0
    straight.close()


def test_a_commands_file_answers_a_story_event_headless(tmp_path: Path) -> None:
    probe = Simulation(load_level(NEO_TERRA))
    tick = _first_tick_where(probe, lambda sim: sim.story.active is not None, 40 * DAY)
    event = probe.story.active.event_id
    choice = next(c.id for c in probe.story.definition(event).choices if c.id != probe.story.definition(event).default)
    probe.close()
    commands = tmp_path / "answers.toml"
    commands.write_text(f'[[command]]\ntick = {tick + 1}\ntype = "choose"\nevent = "{event}"\nchoice = "{choice}"\n'
                        f'[[command]]\ntick = {tick + 2}\ntype = "choose"\nevent = "{event}"\nchoice = "{choice}"\n')
    report = tmp_path / "report.json"
    status = main(["--headless", "--level", str(NEO_TERRA), "--ticks", str(tick + 30), "--commands", str(commands),
                   "--report", str(report)])
    assert status == 0
    data = json.loads(report.read_text())
    assert {"tick": tick + 1, "event": event, "choice": choice, "by": "player"} in data["choices"]
    answered, again = data["commands"]
    assert answered["result"] == "applied"
    assert again["result"] == "rejected" and event in again["reason"]  # answered once; nothing waits now
    assert data["events"][0]["event"] and data["voter_approval"]["factions"].keys() >= {"uptown", "undercity", "activists", "backers"}


def test_answering_an_event_that_is_not_waiting_changes_nothing() -> None:
    sim = Simulation(load_level(NEO_TERRA))
    before = sim.state_hash()
    result = sim.execute(Choose("debate", "defend"))
    assert not result.ok and "debate" in result.reason
    sim.command_log.clear()
    assert sim.state_hash() == before
    sim.close()


def test_an_unanswered_debate_takes_its_default_stance_before_the_votes_are_counted() -> None:
    sim = Simulation(load_level(NEO_TERRA))
    _first_tick_where(sim, lambda s: bool(s.politics.elections), 31 * DAY)
    election = sim.politics.elections[0]
    debate_ticks = [tick for tick, event, _, _ in sim.story.choices if event == "debate"]
    assert debate_ticks and debate_ticks[0] < election.day * DAY - 1  # the count is at the day's last tick
    assert election.stances  # the stance counted in this campaign
    sim.close()


def test_the_headless_report_shows_agents_factions_elections_scandals_and_story(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert main(["--headless", "--level", str(NEO_TERRA), "--ticks", str(31 * DAY), "--report", str(report)]) == 0
    data = json.loads(report.read_text())
    assert data["agents"]["scavengers"] > 0 and data["agents"]["drones"]["collection"] > 0
    assert [tribe["name"] for tribe in data["agents"]["tribes"]] == ["Drumhollow", "The Sump", "Foundry Rats"]
    assert set(data["voter_approval"]["factions"]) == {"uptown", "undercity", "activists", "backers"}
    assert 0 <= data["voter_approval"]["overall"] <= 100
    assert 0 <= data["resident_contentment"] <= 100
    [election] = data["elections"]
    assert election["day"] == 30 and election["result"] in ("won", "lost") and 0 <= election["vote_share"] <= 100
    assert data["outcome"]["status"] == "lost" and data["outcome"]["reason"].startswith("voted out")  # left alone
    assert data["figures"]["true_hazardous_untreated"] >= data["figures"]["reported_hazardous_untreated"]
    assert isinstance(data["scandals"], list) and data["events"] and data["choices"]
    assert all(choice["by"] == "timeout" for choice in data["choices"])  # nobody answered


def test_a_save_whose_level_puts_a_camp_off_the_map_is_refused_in_one_line(tmp_path: Path) -> None:
    # The game would load, but Retry rebuilds the tribes from the level's camps and would fail then.
    import hashlib
    import io
    import zipfile

    from game.level import InputError
    from game.level.save import pack_entries, save_bytes

    sim = Simulation(load_level(NEO_TERRA))
    with zipfile.ZipFile(io.BytesIO(save_bytes(sim))) as archive:
        header, state, arrays = (archive.read(name) for name in ("header.json", "state.json", "arrays.npz"))
    sim.close()
    data = json.loads(state)
    data["scenario"]["camps"][0]["x"] = 300
    state = json.dumps(data).encode()
    fields = json.loads(header)
    fields["checksum"] = hashlib.sha256(state + arrays).hexdigest()
    path = tmp_path / "forged.save"
    path.write_bytes(pack_entries(json.dumps(fields).encode(), state, arrays))
    try:
        load_game(path)
    except InputError as error:
        assert error.problems == [f"{path}: state.json: scenario.camps[0]: (300, 72) lies off the 96x96 map"]
    else:
        raise AssertionError("the forged save was accepted")
