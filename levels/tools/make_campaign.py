"""Write the Neo-Terra arc's later levels: 03 The Blackout, 04 The Debate and 05 The Old Factories, each 64x64.

Run once from the repository root (`python levels/tools/make_campaign.py [03|04|05 ...]`, default all
three); afterwards the .toml files are the source of truth and are edited by hand. Re-running
overwrites hand edits, including the tables and story text written here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from canvas import Canvas

SIZE = 64
LEVELS = Path(__file__).resolve().parents[1]
BLOCK_STEP = 3  # a 2x2 housing block every three tiles along a street, one tile of alley between
BAND = 8  # rows between two streets: a row of blocks under each street and one over the next


def header(file_name: str, title: str, description: str, seed: int) -> str:
    """Return a level's top-level fields: schema line, comments, format, name, arc, description and seed."""
    return f'''\
#:schema ./level.schema.json
# Neo-Terra arc: {title}. Generated once by levels/tools/make_campaign.py, then edited by hand.
# Check it with `python main.py --validate levels/{file_name}`.
format = 2
name = "{title}"
arc = "Neo-Terra"
description = """\\
{description}"""
seed = {seed}
'''


def district(canvas: Canvas, comment: str, x0: int, x1: int, streets: tuple[int, ...],
             occupants: Callable[[int, int], int]) -> None:
    """Lay `streets` (power lines from x0 to x1) with a row of blocks below each and above the next, and a spine at x0."""
    homes = canvas.group(comment)
    for y in streets:
        canvas.line(x0, y, x1, y)
    canvas.line(x0, streets[0], x0, streets[-1])
    for street in streets[:-1]:
        for y in (street + 1, street + BAND - 2):
            for x in range(x0 + 1, x1 - 1, BLOCK_STEP):
                canvas.place(homes, "housing", x, y, occupants=occupants(x, y))


def place_all(canvas: Canvas, comment: str, kinds_at: tuple[tuple[str, int, int], ...]) -> None:
    """Place each (kind, x, y) in a commented group; stop with an error if one does not fit."""
    group = canvas.group(comment)
    for kind, x, y in kinds_at:
        if not canvas.place(group, kind, x, y):
            raise SystemExit(f"{kind} does not fit at ({x}, {y})")


# --- 03 The Blackout -----------------------------------------------------------------------------

BLACKOUT_DESCRIPTION = """\
The morning after the debate, Nomar's device is still clamped to the river substation, and the city \\
is paying for it: two worn fuel plants limp on with their tanks nearly dry, the solar fields go quiet \\
at dusk, and within days the districts will sit in the dark every night. Rebuild the grid so the nights stay lit, make \\
fuel from the city's own plastic, and win back the people who are packing up to leave, before the \\
council's emergency vote on day 30. The tribes across the river know where the device is."""

BLACKOUT_TABLES = '''\
[start]
funds = 60000                # enough for four or five plants; the city's taxes barely pay their upkeep
food = 3000
fuel = 600                   # the last three nights of the old plants
materials = 700

[rules]
dark_days = 6                # the city waits almost a week of dark nights before it gives up on you

[policies]
tax_rate = 18                # the emergency levy: above 15% people pack up and leave

[goals]
deadline_day = 40
hold_days = 3                # three day-ends in a row
[[goals.targets]]
metric = "served_percent"
at_least = 95                # the day's demand met, nights included
[[goals.targets]]
metric = "population"
at_least = 9000              # the people who left come back to a lit and fairly taxed city
[[goals.targets]]
metric = "recycled_plastic"
at_least = 1500              # the city's own plastic made into fuel for the nights

# The tribes of the old power station across the river: the device's makers.
[[camps]]
name = "Cinder Yard"
x = 54
y = 12
members = 260
unrest = 55

[[camps]]
name = "Culvert Kin"
x = 10
y = 55
members = 180
unrest = 40

# The council's emergency powers run out with a vote on day 30: light the city before then, or face it.
[politics]
election_every_days = 30
debate_days_before = 3
lose_on_defeat = true

# The story is the grid and the tribes who hold the device; only these shipped events run, so the
# level's own come in their turn.
[events]
enable = ["debate", "organiser", "blackout_threat", "sabotage", "standoff", "tycoon"]

[[events.custom]]
id = "failing_plant"
title = "The old plant coughs"
cast = ["Ahmad"]
text = "Ahmad calls from the turbine hall at two in the morning: the fuel plant's bearings are shot after a week of running flat out. He can nurse it along, but not for free, and not for long."
trigger = [{kind = "day_at_least", at_least = 3}]

[[events.custom.choices]]
id = "overhaul"
label = "Pay for an overhaul"
explanation = "Parts flown in overnight. The plant keeps turning."
effects = [{kind = "funds", amount = -3000}, {kind = "approval", faction = "uptown", amount = 2}]

[[events.custom.choices]]
id = "run_it"
label = "Keep it running as it is"
explanation = "It gives out for two days while Ahmad's crew rebuilds what breaks."
default = true
effects = [{kind = "sabotage", building = "fuel_plant", ticks = 48}]

[[events.custom]]
id = "device_found"
title = "The device on the substation"
cast = ["Kira", "Nomar"]
text = "Kira has traced the drain on the grid to a box of salvaged circuits bolted under the river substation. Nomar's people are watching it from the ruins. Pull it out and they will know; leave it and it keeps feeding on the city's power."
trigger = [{kind = "day_at_least", at_least = 6}]

[[events.custom.choices]]
id = "talk"
label = "Ask Nomar to switch it off"
explanation = "Kira walks over the bridge with food and an offer of work. The tribes calm down."
effects = [{kind = "funds", amount = -1500}, {kind = "unrest", amount = -20}, {kind = "approval", faction = "undercity", amount = 5}]

[[events.custom.choices]]
id = "seize"
label = "Send the drones for it"
explanation = "The drones rip it out and search the ruins. The tribes take it badly."
effects = [{kind = "seize_caches"}, {kind = "unrest", amount = 20}, {kind = "approval", faction = "uptown", amount = 3}]

[[events.custom.choices]]
id = "leave"
label = "Leave it for now"
explanation = "It cuts a district for a day and a half before anyone gets to it."
default = true
effects = [{kind = "power_cut", tribe = "Cinder Yard", ticks = 36}, {kind = "unrest", amount = 5}]

[ending]
won = "Three nights running, every window on the river stays lit. The refinery turns the city's own plastic into the fuel that keeps them so, and the families who left start carrying their boxes back up the stairs. Across the water Nomar watches the lights from the station ruins and, for the first time, does not reach for his device. Kira is already sketching the next thing: a grid that nobody can hold hostage."
lost = "The city gives up on the dark. Families load what they can carry and leave the river districts to the cold and the tribes, and the council hands the grid back to whoever promises light, at any price. Somewhere under the substation a box of salvaged circuits is still humming."
'''


def blackout() -> tuple[Canvas, str, str]:
    """The city by the river after the debate: three bands of blocks, a failing power yard, the station ruins across the water."""
    canvas = Canvas(SIZE, SIZE)
    canvas.paint(44, 0, 46, SIZE - 1, "water")  # the river
    canvas.paint(48, 2, 62, 26, "ruins")  # the old power station
    canvas.paint_ellipse(10, 58, 10, 6, "undercity")  # the culverts
    district(canvas, "The river districts: half their people gone since the lights went out",
             2, 39, (4, 12, 20, 28), lambda x, y: 70 + 10 * ((x + y) % 3))
    canvas.line(2, 28, 2, 44)  # the spine down to the power yard
    canvas.line(2, 44, 40, 44)
    place_all(canvas, "The power yard: two tired fuel plants, two solar fields and the district's compost works", (
        ("fuel_plant", 4, 41), ("fuel_plant", 8, 41), ("solar_farm", 12, 41), ("solar_farm", 16, 41),
        ("compost_works", 20, 41),
    ))
    place_all(canvas, "Ecolife's drone hubs: still flying while there is power", (
        ("drone_hub", 12, 8), ("drone_hub", 27, 24),
    ))
    return canvas, header("03_blackout.toml", "The Blackout", BLACKOUT_DESCRIPTION, 4501), BLACKOUT_TABLES


# --- 04 The Debate --------------------------------------------------------------------------------

DEBATE_DESCRIPTION = """\
Lucia is campaigning on one promise: hand the whole city to Ecolife. Her posters cover uptown, her \\
backers pay for the studio, and the cameras roll for the televised debate before each of the two \\
votes, on day 20 and day 40. Kira and Ahmad have the numbers Ecolife edits out, the undercity's \\
drums keep piling up, and someone is about to leak the ledger. Clean up what you can, decide what \\
the city hears from you first, and come through both votes."""

DEBATE_TABLES = """\
[start]
funds = 60000
food = 2000
fuel = 1500
materials = 700

[policies]
tax_rate = 10
"priority.hazardous" = 2     # Ecolife's setting, and Lucia's platform

[goals]
deadline_day = 40            # the second vote
hold_days = 1
[[goals.targets]]
metric = "elections_won"
at_least = 2                 # both votes, on day 20 and day 40
[[goals.targets]]
metric = "hazardous_untreated"
at_most = 2000               # lying about, in the depot, buried or in the tribes' caches
[[goals.targets]]
metric = "served_percent"
at_least = 90

# Two votes, the televised debate three days before each. Losing one loses the level.
[politics]
election_every_days = 20
debate_days_before = 3
lose_on_defeat = true
# Lucia's backers fund half the city's papers: their voice carries further here than the tunnels'.
[[politics.factions]]
name = "backers"
share = 30
[[politics.factions]]
name = "undercity"
share = 20

# The tribes of the sunken quarter and the dockside ruins, who know where the drums go.
[[camps]]
name = "Lantern Pit"
x = 12
y = 41
members = 420
unrest = 40

[[camps]]
name = "Dockside Crows"
x = 54
y = 40
members = 300
unrest = 35

# The campaign's events: the debates, the tribes' threats, the rally and the tycoon's money, then the level's own.
[events]
enable = ["debate", "debate_device", "cache", "exposure_threat", "protest", "tycoon"]

[[events.custom]]
id = "campaign"
title = "Lucia's campaign"
cast = ["Lucia"]
text = "Lucia's campaign bus stops outside the authority. She wants you beside her on the stage tonight: one city, one system, Ecolife for everything. Her backers are in the front row; so are the cameras."
trigger = [{kind = "day_at_least", at_least = 4}]

[[events.custom.choices]]
id = "endorse"
label = "Stand beside her"
explanation = "Ecolife's backers cheer. The activists take a photograph of you and keep it."
effects = [{kind = "approval", faction = "backers", amount = 6}, {kind = "approval", faction = "activists", amount = -6}]

[[events.custom.choices]]
id = "distance"
label = "Stay at your desk"
explanation = "Tell the press the authority serves the whole city, not one campaign."
effects = [{kind = "approval", faction = "activists", amount = 3}, {kind = "approval", faction = "backers", amount = -3}]

[[events.custom.choices]]
id = "follow"
label = "Send a message of support"
explanation = "A polite letter read out on stage: Ecolife's rounds stay as Lucia likes them."
default = true
effects = [{kind = "policy", policy = "priority.hazardous", value = 2}, {kind = "approval", faction = "backers", amount = 2}]

[[events.custom]]
id = "ledger"
title = "The leaked ledger"
cast = ["Ahmad", "Kira"]
text = "A journalist calls at midnight: she has Ecolife's unedited ledger, every drum it never collected, and it came from inside your own servers. Ahmad says he did not send it. Kira says it does not matter who did. It runs in the morning."
trigger = [{kind = "hidden_at_least", at_least = 150}, {kind = "day_at_least", at_least = 10}]

[[events.custom.choices]]
id = "confess"
label = "Brief the press first"
explanation = "Publish the true figures tonight and take the story on your own terms."
effects = [{kind = "policy", policy = "transparency", value = 1}, {kind = "expose", cause = "the authority's own briefing"}]

[[events.custom.choices]]
id = "council"
label = "Put it before the council"
explanation = "A public hearing with Kira and Ahmad as witnesses. The story runs, but you are seen to act on it."
effects = [{kind = "expose", cause = "the leaked ledger"}, {kind = "approval", faction = "activists", amount = 4}, {kind = "approval", faction = "uptown", amount = 2}]

[[events.custom.choices]]
id = "deny"
label = "Deny everything"
explanation = "Call it a forgery. It is not, and the morning papers prove it."
default = true
effects = [{kind = "expose", cause = "the leaked ledger"}, {kind = "approval", amount = -3}]

[[events.custom]]
id = "drum_map"
title = "Kira's map of the drums"
cast = ["Kira"]
text = "Kira spreads a map over your desk: every drum in the sunken quarter, street by street, photographed and numbered. Lucia's people have a copy too, and they will use it in the last debate unless the drums start to move."
trigger = [{kind = "metric", metric = "hazardous_untreated", at_least = 1200}, {kind = "day_at_least", at_least = 24}]

[[events.custom.choices]]
id = "reprioritise"
label = "Send Ecolife's rounds for them"
explanation = "Order the collection rounds to take hazardous waste first. The backers see their margins shrink."
effects = [{kind = "policy", policy = "priority.hazardous", value = 80}, {kind = "approval", faction = "backers", amount = -3}]

[[events.custom.choices]]
id = "seize"
label = "Send the security drones"
explanation = "Drones sweep the quarter and the tribes' caches and haul every drum to the depot. The tunnels are furious."
effects = [{kind = "seize_caches"}, {kind = "policy", policy = "priority.hazardous", value = 60}, {kind = "unrest", amount = 12}]

[[events.custom.choices]]
id = "later"
label = "After the vote"
explanation = "Fold the map away. Lucia's people will not."
default = true
effects = [{kind = "approval", faction = "activists", amount = -4}]

[ending]
won = "The second count comes in after midnight, and the city has kept you. Lucia concedes on the studio steps, then surprises everyone: she asks Kira and Ahmad to show her the figures Ecolife never printed. The drums are fewer, the ledger is public, and the campaign that promised the machine everything ends with its candidate asking what the machine missed."
lost = "Lucia wins on a promise that nothing needs to change. By the end of the week Ecolife's weights are back where the backers like them, Ahmad has cleared his desk, and the drums go on piling up in the sunken quarter, where the cameras never go."
"""


def debate() -> tuple[Canvas, str, str]:
    """Lucia's city: uptown north of the canal, the sunken quarter south of it, Ecolife's works to the east."""
    canvas = Canvas(SIZE, SIZE)
    canvas.paint(8, 26, SIZE - 1, 27, "water")  # the canal, bridged by the western spine
    canvas.paint(0, 30, 40, 54, "undercity")  # the sunken quarter
    canvas.paint(44, 30, 62, 54, "ruins")  # the old docks
    district(canvas, "Uptown: Lucia's posters on every tower", 2, 40, (4, 12, 20),
             lambda x, y: 60 + 10 * ((x + y) % 3))
    canvas.line(2, 20, 2, 31)  # the spine over the canal's western end
    district(canvas, "The sunken quarter: crowded, and where the drums end up", 2, 40, (31, 39, 47),
             lambda x, y: 90)
    canvas.line(40, 12, 62, 12)  # Ecolife's road east
    place_all(canvas, "Ecolife's works: power, plastics, compost, metal and a landfill, nothing for hazardous waste", (
        ("fuel_plant", 44, 9), ("fuel_plant", 48, 9), ("solar_farm", 52, 9), ("solar_farm", 56, 9),
        ("solar_farm", 60, 9),
        ("plastics_refinery", 44, 13), ("plastics_refinery", 48, 13), ("compost_works", 52, 13), ("metal_foundry", 56, 13),
        ("landfill", 60, 13),
    ))
    place_all(canvas, "Ecolife's drone hub serves uptown; the sunken quarter is left to the ground crews", (
        ("drone_hub", 21, 8),
    ))
    return canvas, header("04_debate.toml", "The Debate", DEBATE_DESCRIPTION, 5120), DEBATE_TABLES


# --- 05 The Old Factories -----------------------------------------------------------------------

FACTORIES_DESCRIPTION = """\
Ecolife is switched off. After the blackout and the hearings the council pulled its plug, and no \\
drone or ground crew of its own has flown since. In the old factories the tribes and the families \\
who moved in with them sort, mend and compost by hand. Build the city's own plants and drone hubs, \\
give the eco-communities a reason to bring what they gather, and show in forty days that Neo-Terra \\
can recycle without a machine deciding what counts. The assemblies vote on you on day 35."""

FACTORIES_TABLES = """\
[start]
funds = 70000
food = 1500
fuel = 900
materials = 800

[rules]
collection_base = 0          # Ecolife's ground crews are gone: only the city's own hubs, the sorting points and the tribes collect

[policies]
tax_rate = 12

[goals]
deadline_day = 40
hold_days = 2
[[goals.targets]]
metric = "recycled_total"
at_least = 40000             # waste made into food, fuel and materials by the city's own hands
[[goals.targets]]
metric = "population"
at_least = 12000             # the terraces and the halls fill again once the streets are clean and lit
[[goals.targets]]
metric = "served_percent"
at_least = 90

# The eco-communities: tribes and families in the halls of the old factories.
[[camps]]
name = "Tannery Commune"
x = 40
y = 33
members = 320
unrest = 30

[[camps]]
name = "Kiln Street"
x = 56
y = 33
members = 260
unrest = 45

# The assemblies put the authority to a city-wide vote on day 35. Only these shipped events run beside the level's own.
[politics]
election_every_days = 35
debate_days_before = 3
lose_on_defeat = true

[events]
enable = ["debate", "cache", "standoff", "sabotage", "reform", "tycoon"]

[[events.custom]]
id = "assembly"
title = "The assembly in the foundry"
cast = ["Kira", "Nomar"]
text = "Under the foundry's broken roof three hundred people sit on crates and argue about who sorts what. Kira wants sorting points on every street; Nomar wants the tribes paid for what they already carry. They ask what the authority brings to the table."
trigger = [{kind = "day_at_least", at_least = 4}]

[[events.custom.choices]]
id = "council"
label = "Fund the sorting points"
explanation = "Street sorting points and paid rounds in every district: community recycling from today."
effects = [{kind = "funds", amount = -2000}, {kind = "policy", policy = "community_recycling", value = 1}, {kind = "unrest", amount = -5}]

[[events.custom.choices]]
id = "amnesty"
label = "Pay the tribes as collectors"
explanation = "Legal status and a wage for every load brought to the plants."
effects = [{kind = "policy", policy = "scavenger_stance", value = 1}, {kind = "unrest", amount = -10}]

[[events.custom.choices]]
id = "listen"
label = "Listen and promise nothing"
explanation = "The assembly breaks up late. The tribes expected more."
default = true
effects = [{kind = "unrest", amount = 8}]

[[events.custom]]
id = "backers_return"
title = "The backers' offer"
cast = ["Lucia", "Victor"]
text = "Lucia, out of office, brings Victor to the authority with a proposal: switch Ecolife back on, quietly, for a fee the backers would pay themselves. The streets are messy, and the machine is still in the basement."
trigger = [{kind = "day_at_least", at_least = 12}]

[[events.custom.choices]]
id = "refuse"
label = "Keep it switched off"
explanation = "The city runs its own waste now. The backers sulk; the activists cheer."
effects = [{kind = "approval", faction = "backers", amount = -6}, {kind = "approval", faction = "activists", amount = 6}]

[[events.custom.choices]]
id = "accept"
label = "Take the money"
explanation = "A payment now and the promise of a quiet restart that never quite happens."
default = true
effects = [{kind = "funds", amount = 4000}, {kind = "approval", faction = "backers", amount = 5}, {kind = "unrest", amount = 10}, {kind = "approval", faction = "undercity", amount = -5}]

[ending]
won = "Forty days without Ecolife, and the city has recycled more by hand and by its own drones than the machine ever admitted to. The foundry assembly becomes the city's waste council; Lucia sits on it beside the people she once called a nuisance, and Nomar runs the collectors' rounds he used to smuggle on. Kira's new sorting lines take ideas from the towers and the tunnels alike. It is not clean yet. It is honest, and it is theirs."
lost = "The streets fill faster than hands can empty them. Within a week the council votes to switch Ecolife back on, the backers' fee is paid, and the eco-communities go back to sorting in the dark halls for nobody. The machine decides again what counts, and what it does not count is left where it lies."
"""


def factories() -> tuple[Canvas, str, str]:
    """The factory quarter: housing on the western hill, eco-communities in the ruined halls, the city's yard in the south."""
    canvas = Canvas(SIZE, SIZE)
    canvas.paint(28, 2, 62, 40, "ruins")  # the old factories
    canvas.paint(22, 52, 30, 63, "water")  # the cooling ponds
    district(canvas, "The hill: the old workers' terraces", 2, 26, (4, 12, 20, 28), lambda x, y: 80 + 10 * ((x + y) % 3))
    district(canvas, "The eco-communities, moved into the halls of the old factories", 28, 60, (4, 12, 20),
             lambda x, y: 70)
    canvas.line(2, 28, 2, 46)  # the spine down to the yard
    canvas.line(2, 46, 60, 46)
    canvas.line(28, 20, 28, 28)  # the factory quarter's street joins the hill's
    canvas.line(26, 28, 28, 28)
    place_all(canvas, "The city's own yard: the power it kept and the compost works the communities built", (
        ("fuel_plant", 4, 43), ("solar_farm", 8, 43), ("solar_farm", 12, 43), ("compost_works", 16, 43),
    ))
    return canvas, header("05_factories.toml", "The Old Factories", FACTORIES_DESCRIPTION, 6033), FACTORIES_TABLES


LEVEL_MAKERS: dict[str, tuple[str, Callable[[], tuple[Canvas, str, str]]]] = {
    "03": ("03_blackout.toml", blackout),
    "04": ("04_debate.toml", debate),
    "05": ("05_factories.toml", factories),
}


def main(numbers: list[str]) -> None:
    """Draw and write the levels named by number (all of them when none is named)."""
    for number in numbers or list(LEVEL_MAKERS):
        file_name, make = LEVEL_MAKERS[number]
        canvas, metadata, tables = make()
        out = LEVELS / file_name
        out.write_text(canvas.toml(metadata, tables), encoding="utf-8")
        print(f"wrote {out}: {canvas.building_count()} buildings and {len(canvas.lines)} power line tiles")


if __name__ == "__main__":
    main(sys.argv[1:])
