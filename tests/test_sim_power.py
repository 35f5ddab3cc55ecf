"""Power: networks of touching buildings, proportional brownouts, solar by the hour, fuel by load."""

from __future__ import annotations

from worlds import TICKS_PER_DAY, at, blank, run_system

from game.sim.buildings import building_type
from game.sim.commands import Demolish, PlaceLine
from game.sim.events import BlackoutEnded, BlackoutStarted
from game.sim.systems import power
from game.sim.systems.power import BLACKOUT_BELOW_PERMILLE, SOLAR_PERMILLE

SOLAR_KW = building_type("solar_farm").power_supply_kw
FUEL_KW = building_type("fuel_plant").power_supply_kw
FUEL_PER_TICK = building_type("fuel_plant").fuel_per_tick


def row(sim, x: int, y: int) -> int:
    """Return the table row of the building covering (x, y)."""
    return sim.row_of(sim.building_at(x, y))


def served(sim, x: int, y: int) -> int:
    """Return the served permille of the building covering (x, y)."""
    return int(sim.buildings.col("served_permille")[row(sim, x, y)])


def run_power_at(sim, hour: int) -> None:
    """Run the power system once at `hour` of the first day."""
    sim.tick = hour
    power.run(sim)


def test_brownout_shares_supply_proportionally(make_world):
    # A solar farm touching a foundry (300 kW) and a hazard plant (260 kW); at 8 am it gives 540 kW.
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("metal_foundry", 3, 0), at("hazard_treatment", 0, 3))
    run_power_at(sim, 8)
    supply = SOLAR_KW * int(SOLAR_PERMILLE[8]) // 1000
    demand = building_type("metal_foundry").power_demand_kw + building_type("hazard_treatment").power_demand_kw
    assert supply < demand
    fraction = supply * 1000 // demand
    assert served(sim, 3, 0) == fraction
    assert served(sim, 0, 3) == fraction
    network = int(sim.buildings.col("network")[row(sim, 3, 0)])
    assert int(sim.power.supply_kw[network]) == supply
    assert int(sim.power.demand_kw[network]) == demand
    assert sim.served_percent() == supply * 100 // demand


def test_a_network_with_enough_supply_serves_everyone_fully(make_world):
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("metal_foundry", 3, 0))
    run_power_at(sim, 12)
    assert served(sim, 3, 0) == 1000
    assert sim.served_percent() == 100
    # The farm only works as hard as the foundry needs.
    assert sim.buildings.col("output_permille")[row(sim, 0, 0)] == building_type("metal_foundry").power_demand_kw * 1000 // SOLAR_KW


def test_disconnected_buildings_get_nothing(make_world):
    sim = make_world(blank(10, 10), at("solar_farm", 0, 0), at("metal_foundry", 4, 0), at("housing", 8, 8, 200))
    run_power_at(sim, 12)
    assert served(sim, 4, 0) == 0
    assert served(sim, 8, 8) == 0
    assert sim.served_percent() == 0


def test_diagonal_contact_does_not_connect(make_world):
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("housing", 3, 3, 200))
    run_power_at(sim, 12)
    assert served(sim, 3, 3) == 0


def test_a_power_line_joins_two_networks(make_world):
    sim = make_world(blank(10, 6), at("solar_farm", 0, 0), at("metal_foundry", 5, 0))
    run_power_at(sim, 12)
    assert served(sim, 5, 0) == 0
    assert sim.execute(PlaceLine(3, 1, 4, 1)).ok
    power.run(sim)
    assert served(sim, 5, 0) == 1000
    networks = sim.buildings.col("network")
    assert len(set(networks.tolist())) == 1
    assert sim.execute(Demolish(4, 1)).ok  # cut the line again
    power.run(sim)
    assert served(sim, 5, 0) == 0


def test_networks_are_recomputed_only_when_the_layout_changes(make_world, monkeypatch):
    sim = make_world(blank(10, 6), at("solar_farm", 0, 0), at("metal_foundry", 5, 0))
    calls = []
    original = power.relabel

    def counting_relabel(simulation) -> None:
        """Count the call, then relabel as usual."""
        calls.append(simulation.tick)
        original(simulation)

    monkeypatch.setattr(power, "relabel", counting_relabel)
    sim.step(5)
    assert calls == [0]
    sim.submit(PlaceLine(3, 1, 4, 1))
    sim.step(5)
    assert calls == [0, 5]
    sim.step(TICKS_PER_DAY)
    assert calls == [0, 5]
    sim.submit(PlaceLine(3, 5, 4, 5))
    sim.step()
    assert calls == [0, 5, 5 + 5 + TICKS_PER_DAY]


def test_solar_output_follows_the_hour(make_world):
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("metal_foundry", 3, 0))
    farm = row(sim, 0, 0)
    produced = []
    for hour in range(TICKS_PER_DAY):
        run_power_at(sim, hour)
        produced.append(int(sim.buildings.col("supply_kw")[farm]))
    assert produced == [SOLAR_KW * int(permille) // 1000 for permille in SOLAR_PERMILLE]
    assert produced[12] == SOLAR_KW  # full sun at noon
    assert max(produced[:5] + produced[21:]) <= SOLAR_KW // 10  # a trickle at night
    assert produced[5:12] == sorted(produced[5:12])  # rising through the morning
    # The same hour of a later day gives the same output.
    run_power_at(sim, 3 * TICKS_PER_DAY + 12)
    assert int(sim.buildings.col("supply_kw")[farm]) == SOLAR_KW


def test_a_fuel_plant_without_fuel_produces_nothing(make_world):
    sim = make_world(blank(8, 8), at("fuel_plant", 0, 0), at("metal_foundry", 3, 0), fuel=0)
    run_power_at(sim, 12)
    assert sim.buildings.col("supply_kw")[row(sim, 0, 0)] == 0
    assert served(sim, 3, 0) == 0
    assert sim.resources["fuel"] == 0


def test_a_fuel_plant_burns_fuel_in_proportion_to_load(make_world):
    # 300 + 260 + 220 + 20 (a half-full block) = 800 kW: exactly half of the plant's rating.
    loaded = make_world(
        blank(12, 8),
        at("fuel_plant", 0, 0),
        at("metal_foundry", 3, 0),
        at("hazard_treatment", 0, 3),
        at("plastics_refinery", 3, 3),
        at("housing", 6, 0, 100),
        fuel=100,
    )
    idle = make_world(blank(12, 8), at("fuel_plant", 0, 0), fuel=100)
    # Seven foundries ask 2,100 kW, more than the plant's rating: it runs flat out.
    foundries = [at("metal_foundry", x, y) for x, y in ((3, 0), (6, 0), (9, 0), (0, 3), (3, 3), (6, 3), (9, 3))]
    full = make_world(blank(12, 8), at("fuel_plant", 0, 0), *foundries, fuel=100)
    assert int(power.demand_of(loaded).sum()) == FUEL_KW // 2
    for sim in (loaded, idle, full):
        run_system(sim, power, 10)
    assert loaded.resources["fuel"] == 100 - 10 * FUEL_PER_TICK // 2
    assert idle.resources["fuel"] == 100
    assert full.resources["fuel"] == 100 - 10 * FUEL_PER_TICK
    assert loaded.buildings.col("output_permille")[row(loaded, 0, 0)] == 500


def test_a_fuel_plant_never_burns_more_fuel_than_the_city_has(make_world):
    sim = make_world(blank(12, 8), at("fuel_plant", 0, 0), at("metal_foundry", 3, 0), fuel=3)
    run_system(sim, power, 5)
    assert sim.resources["fuel"] >= 0
    assert sim.resources["fuel"] * 1000 + sim.resource_milli["fuel"] >= 0


def test_a_fuel_plant_that_runs_dry_stops_working(make_world):
    sim = make_world(blank(12, 8), at("fuel_plant", 0, 0), at("metal_foundry", 3, 0), fuel=4)
    run_system(sim, power, 12)
    assert sim.resources["fuel"] == 0
    plant = row(sim, 0, 0)
    assert sim.buildings.col("supply_kw")[plant] == 0
    assert sim.buildings.col("output_permille")[plant] == 0  # no power made, no smoke either


def test_blackouts_start_at_night_and_end_in_the_morning(make_world):
    # A foundry (300 kW) on solar alone: dark at night, lit by day.
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("metal_foundry", 3, 0))
    seen = []
    for _ in range(TICKS_PER_DAY):
        hour = sim.hour
        sim.step()
        permille = int(sim.power.served_permille[1])
        for event in sim.drain_events():
            if isinstance(event, (BlackoutStarted, BlackoutEnded)):
                seen.append((type(event), hour, permille))
    assert [kind for kind, _, _ in seen] == [BlackoutStarted, BlackoutEnded, BlackoutStarted]
    (_, night, dark), (_, morning, lit), (_, evening, dusk) = seen
    assert night == 0 and dark < BLACKOUT_BELOW_PERMILLE and dusk < BLACKOUT_BELOW_PERMILLE
    assert 4 <= morning <= 9 and lit >= BLACKOUT_BELOW_PERMILLE
    assert 17 <= evening <= 21


def test_building_elsewhere_during_a_blackout_does_not_announce_it_again(make_world):
    sim = make_world(blank(12, 8), at("solar_farm", 0, 0), at("metal_foundry", 3, 0))
    sim.step()
    assert any(isinstance(e, BlackoutStarted) for e in sim.drain_events())
    sim.submit(PlaceLine(10, 6, 11, 6))  # far from the dark network
    sim.step()
    blackout_events = [e for e in sim.drain_events() if isinstance(e, (BlackoutStarted, BlackoutEnded))]
    assert blackout_events == []


def test_a_network_without_demand_is_not_in_blackout(make_world):
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("housing", 4, 4, 0))
    sim.step(TICKS_PER_DAY // 2)
    assert not [e for e in sim.drain_events() if isinstance(e, BlackoutStarted)]


def test_an_idle_consumer_on_a_dead_network_is_not_counted_as_served(make_world):
    # An empty housing block asks for no power right now, but nothing could serve it if it did.
    sim = make_world(blank(8, 8), at("housing", 4, 4, 0))
    run_power_at(sim, 12)
    assert served(sim, 4, 4) == 0


def test_demand_follows_residents_who_move_between_ticks(make_world):
    # Power keeps the demand it worked out until the residents change: a move must show at once.
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("housing", 3, 0, 200))
    home = row(sim, 3, 0)
    run_power_at(sim, 12)
    full = int(sim.buildings.col("demand_kw")[home])
    sim.buildings.col("occupants")[home] = 50
    run_power_at(sim, 13)
    assert sim.buildings.col("demand_kw").tolist() == power.demand_of(sim).tolist()
    assert 0 < int(sim.buildings.col("demand_kw")[home]) < full
    assert int(sim.power.demand_kw.sum()) == int(power.demand_of(sim).sum())
