"""Write levels/06_ecosphere.toml and levels/07_reform.toml: the EcoSphere arc, 80x80 each.

The EcoSphere is Zero Waste Systems' closed city: a round district inside a ring of water, its
sorting halls and export quay on the east shore, the workers' undercroft outside the ring. Level 6
is the city whose figures lie; level 7 is the same city a season later, under the drones, before
the reform vote. Run once from the repository root (`python levels/tools/make_ecosphere.py`);
afterwards the .toml files are the source of truth and are edited by hand. Re-running overwrites
hand edits.
"""

from __future__ import annotations

import math
from pathlib import Path

from canvas import Canvas

SIZE = 80
CENTRE = (30, 30)
RING_INNER = 26.5  # the ring of water round the dome, in tiles from its centre
RING_OUTER = 28.5
DOME_STREETS_Y = (10, 18, 26, 34, 42, 50)
DOME_STREETS_X = (10, 22, 34, 46)
UNDERCROFT_ALLEYS = (63, 71)
SEA_X = 73  # the sea from this column east
# Residents per block at the start (a block holds 200): about 11,500 in all, and room for three times as many.
DOME_OCCUPANTS = (50, 60, 70)
UNDERCROFT_OCCUPANTS = 70
LEVELS = Path(__file__).resolve().parents[1]

# The televised forum before each vote, in both levels: the debate's stances, told by the EcoSphere's cast.
FORUM = '''\
[[events.custom]]
id = "forum"
title = "The forum in the atrium"
cast = ["Victor", "Lila", "Ravi"]
text = "Three days before the vote, the forum goes out live from the atrium of the sorting halls. Victor sits on the board's side of the table; Lila and Ravi sit in the third row with a folder of their own figures. The presenter turns to you: what does the city say tonight?"
trigger = [{kind = "days_to_election_at_most"}]
once = false
cooldown_days = 4  # longer than the 3-day forum window: once per vote

[[events.custom.choices]]
id = "acknowledge"
label = "Credit the sorters"
explanation = "Say that the undercroft's sorters and pickers do the work the brochures credit to the machines. Believed if your policy treats them as workers."
effects = [{kind = "stance", stance = "acknowledge_underground"}]

[[events.custom.choices]]
id = "transparency"
label = "Promise the real ledger"
explanation = "Pledge to publish every tonne, the ones that leave on the barges too. Worth more if the record backs it up."
effects = [{kind = "stance", stance = "promise_transparency"}]

[[events.custom.choices]]
id = "defend"
label = "Stand by the Sphere's record"
explanation = "Net zero, every morning, on every screen. Safe only if nothing is hidden."
default = true
effects = [{kind = "stance", stance = "defend_ecolife"}]

[[events.custom.choices]]
id = "crackdown"
label = "Promise order in the undercroft"
explanation = "Promise drones at the tunnel mouths. The Crown cheers, the undercroft hears a threat. On offer when a tribe's unrest is 50 or more."
offered_when = [{kind = "tribe_unrest_at_least", at_least = 50}]
effects = [{kind = "stance", stance = "promise_crackdown"}]

[[events.custom.choices]]
id = "cleanup"
label = "Promise to treat the sludge here"
explanation = "Promise that the synthetic sludge is treated inside the Sphere from now on. Believed if a hazard treatment plant stands or little is left. On offer while 300 or more units of hazardous waste lie untreated."
offered_when = [{kind = "metric", metric = "hazardous_untreated", at_least = 300}]
effects = [{kind = "stance", stance = "promise_cleanup"}]
'''

HEADER_06 = '''\
#:schema ./level.schema.json
# Neo-Terra level 6, the EcoSphere arc: the city whose figures lie. Generated once by
# levels/tools/make_ecosphere.py, then edited by hand. Check it with `python main.py --validate levels/06_ecosphere.toml`.
format = 2
name = "The EcoSphere"
description = """\\
Zero Waste Systems' sealed city on the bay reports net-zero waste every morning. Lila, an engineer \\
in its sorting halls, finds that the figures lie: the algorithm sends the crews after waste that \\
sells, and the synthetic sludge nobody buys is buried at the export quay and shipped off at night \\
as clean material. With Ravi's samples and Tara's neighbours, bring the hidden waste into the open, \\
treat it inside the Sphere, and win the shareholders' vote on day 45."""
seed = 2142
arc = "EcoSphere"
'''

TABLES_06 = '''\
[start]
funds = 70000
food = 1500
fuel = 500
materials = 700

[rules]
waste_ewaste_milli = 2          # a city of gadgets: the circuit boards the algorithm loves to sell

# The corporation's algorithm: profitable jobs first. Metal and circuit boards sell, so they come first;
# kitchen scraps feed nobody's margin, and the sludge goes to the quay to be shipped away as clean material.
[policies]
tax_rate = 10
"priority.organic" = 20
"priority.plastic" = 80
"priority.metal" = 100
"priority.ewaste" = 100
"priority.hazardous" = 25

[goals]
deadline_day = 45              # the shareholders' vote
hold_days = 1
[[goals.targets]]
metric = "hazardous_untreated"
at_most = 3000                 # lying about, in the depot, buried at the quay (click a landfill to dig it out) or in caches
[[goals.targets]]
metric = "recycled_hazardous"
at_least = 2500                # treated inside the Sphere, not shipped
[[goals.targets]]
metric = "served_percent"
at_least = 90
[[goals.targets]]
metric = "elections_won"
at_least = 1

[politics]
election_every_days = 45
debate_days_before = 3
lose_on_defeat = true
[[politics.factions]]
name = "backers"               # a corporate city: the shareholders start out pleased with it
approval = 60

# The sorters live in the undercroft; the pickers in the old shipyards above the quay.
[[camps]]
name = "The Sorters"
x = 12
y = 68
members = 500
unrest = 20

[[camps]]
name = "Quay Pickers"
x = 66
y = 3
members = 300
unrest = 25

# Only the EcoSphere's own people: the level's events replace the shipped ones.
[events]
enable = []

''' + FORUM + '''
[[events.custom]]
id = "ledger"
title = "Figures that add up too well"
cast = ["Lila"]
text = "Lila runs the night shift in the sorting halls. The dashboard says every tonne that came in left as new material, yet the sludge bins were full at midnight and empty by dawn, and no plant in the Sphere can treat what was in them. She wants to know what to do with the gap."
trigger = [{kind = "hidden_at_least", at_least = 100}, {kind = "day_at_least", at_least = 3}]

[[events.custom.choices]]
id = "publish"
label = "Publish the real ledger"
explanation = "Put the true figures on the city's screens from today. The shareholders will not forgive it quickly."
effects = [{kind = "policy", policy = "transparency", value = 1}, {kind = "approval", faction = "activists", amount = 6}, {kind = "approval", faction = "backers", amount = -6}]

[[events.custom.choices]]
id = "internal"
label = "Ask Ravi to check it quietly"
explanation = "Pay for samples and keep the answer inside the council for now."
effects = [{kind = "funds", amount = -1000}, {kind = "approval", faction = "activists", amount = 2}]

[[events.custom.choices]]
id = "file"
label = "Trust the dashboard"
explanation = "The system has never been wrong in public. Thank her and send her home."
default = true
effects = [{kind = "approval", faction = "backers", amount = 3}]

[[events.custom]]
id = "algorithm"
title = "Profitable jobs first"
cast = ["Ravi"]
text = "Ravi has read the collection algorithm line by line. Scrap metal and circuit boards come first because they sell; kitchen scraps and synthetic sludge wait, because they do not, and what waits too long goes to the quay. He asks you to change the weights, knowing the board will watch its margins fall."
trigger = [{kind = "day_at_least", at_least = 4}, {kind = "policy", policy = "priority.hazardous", at_most = 40}]

[[events.custom.choices]]
id = "reprioritise"
label = "Rewrite the weights"
explanation = "Sludge and scraps first: fewer drums in the streets, less profit on the board's screens."
effects = [{kind = "policy", policy = "priority.hazardous", value = 80}, {kind = "policy", policy = "priority.organic", value = 60}, {kind = "approval", faction = "activists", amount = 4}, {kind = "approval", faction = "backers", amount = -4}]

[[events.custom.choices]]
id = "keep"
label = "Leave the algorithm alone"
explanation = "It pays for the dome. Ravi goes back to his lab unconvinced."
default = true
effects = [{kind = "approval", faction = "backers", amount = 2}, {kind = "approval", faction = "activists", amount = -4}]

[[events.custom]]
id = "neighbours"
title = "Tara's kitchen table"
cast = ["Tara"]
text = "Down in the undercroft, Tara has the sorters round her kitchen table. They handle the Sphere's worst waste for its lowest pay, and they have watched the drums roll down to the quay. They will sort honestly and say what they saw, if the city stops treating them as trespassers."
trigger = [{kind = "tribe_unrest_at_least", at_least = 40}, {kind = "day_at_least", at_least = 5}]

[[events.custom.choices]]
id = "amnesty"
label = "Make them the city's sorters"
explanation = "Legal status and paid rounds: the sorters bring what they find to the plants. The budget shrinks and the undercroft cheers."
effects = [{kind = "policy", policy = "scavenger_stance", value = 1}, {kind = "policy", policy = "community_recycling", value = 1}, {kind = "unrest", amount = -15}, {kind = "funds", amount = -1000}, {kind = "approval", faction = "undercity", amount = 6}]

[[events.custom.choices]]
id = "talk"
label = "Pay for their testimony"
explanation = "Food and a hearing for every family that speaks. The camps calm down; nothing else changes."
effects = [{kind = "funds", amount = -1500}, {kind = "unrest", amount = -10}, {kind = "approval", faction = "activists", amount = 3}]

[[events.custom.choices]]
id = "decline"
label = "Thank her and leave"
explanation = "Nothing changes, and the undercroft notices."
default = true
effects = [{kind = "unrest", amount = 8}]

[[events.custom]]
id = "barges"
title = "The night barges"
cast = ["Lila", "Ravi"]
text = "Lila follows a night shift down to the export quay. The drums going aboard are stencilled CLEAN FEEDSTOCK; Ravi's probe says they hold solvent-soaked synthetics. Somewhere down the coast, a shore nobody here will ever see pays for the Sphere's perfect record."
trigger = [{kind = "hidden_at_least", at_least = 400}, {kind = "day_at_least", at_least = 6}]

[[events.custom.choices]]
id = "stop"
label = "Stop the barges"
explanation = "Keep the sludge here, treat it at a price, and make hiding it a crime."
effects = [{kind = "funds", amount = -3000}, {kind = "policy", policy = "criminalise_neglect", value = 1}, {kind = "approval", faction = "activists", amount = 6}, {kind = "approval", faction = "backers", amount = -4}]

[[events.custom.choices]]
id = "confess"
label = "Show the footage tonight"
explanation = "Put Lila's film on every screen before the board can deny it."
effects = [{kind = "policy", policy = "transparency", value = 1}, {kind = "expose", cause = "Lila and Ravi's footage"}]

[[events.custom.choices]]
id = "sail"
label = "Let them sail"
explanation = "The shipping contract pays well, and the drums that miss the barge leak into the yards by the camps."
default = true
effects = [{kind = "funds", amount = 2000}, {kind = "pollution", tribe = "restless", amount = 500}]

[[events.custom]]
id = "victor_doubts"
title = "Victor's divided loyalties"
cast = ["Victor"]
text = "Victor paid for the Sphere's first sorting line himself and still believes in it. He has seen Lila's footage, and he is not sleeping. He offers to take the matter to the board, in his own way and at his own pace."
trigger = [{kind = "fired", event = "barges"}, {kind = "day_at_least", at_least = 10}]

[[events.custom.choices]]
id = "council"
label = "Let him take it to the board"
explanation = "On his motion the algorithm collects the sludge, and the shareholders hear it from one of their own."
effects = [{kind = "policy", policy = "priority.hazardous", value = 60}, {kind = "approval", faction = "backers", amount = 6}, {kind = "approval", faction = "activists", amount = 3}]

[[events.custom.choices]]
id = "wait"
label = "Keep him at arm's length"
explanation = "He is the board's man. He goes back to it, and says nothing."
default = true
effects = [{kind = "approval", faction = "backers", amount = -3}]

[ending]
won = "The shareholders' vote goes your way, and the morning dashboard carries a line Zero Waste Systems never wanted on it: hazardous waste, treated here. Lila's ledger is pinned to the atrium wall, Ravi is still sampling the quay, and Tara says the sorters will be watching what comes next. So will Victor."
lost = "The screens in the atrium still say net zero. The barges still sail at night, and somewhere down the coast another shore fills with the Sphere's sludge. Lila hands in her badge and Ravi's samples stay in a drawer. The EcoSphere goes on shining, and lying."
'''

HEADER_07 = '''\
#:schema ./level.schema.json
# Neo-Terra level 7, the EcoSphere arc: the reform. Generated once by levels/tools/make_ecosphere.py,
# then edited by hand. Check it with `python main.py --validate levels/07_reform.toml`.
format = 2
name = "The Reform"
description = """\\
The barges have stopped, but the EcoSphere has not changed its mind. Its security drones, told to \\
defend the Sphere at all costs, circle the undercroft and the sealed yards at the quay, and the \\
camps are angry. Tara is calling a rally, her volunteers want into the yards, and Victor is \\
wavering. Calm the standoff, treat what the yards hide, and carry the reform vote on day 40 with \\
Lila, Ravi, Tara and Victor."""
seed = 2143
arc = "EcoSphere"
'''

TABLES_07 = '''\
[start]
funds = 80000                    # the settlement the exposure forced out of the board
food = 1500
fuel = 500
materials = 600

[rules]
drone_security_per_hub = 4       # the corporation's security drones: twice the usual per hub
drone_intercept_permille = 450   # programmed to defend the Sphere at all costs
growth_percent = 1               # a sealed city: newcomers wait for a permit

# A season on from the exposure: the board has let the algorithm collect the sludge, and no more.
[policies]
tax_rate = 10
"priority.organic" = 30
"priority.hazardous" = 40
patrol_intensity = 3             # heavy patrols round the camps and the sealed yards

[goals]
deadline_day = 40                # the reform vote
hold_days = 1
[[goals.targets]]
metric = "elections_won"
at_least = 1
[[goals.targets]]
metric = "unrest_max"
at_most = 70                     # no camp on the edge of revolt when the vote is counted
[[goals.targets]]
metric = "hazardous_untreated"
at_most = 2500
[[goals.targets]]
metric = "population"
at_least = 16000                 # a city people choose to live in, not one they are kept in
[[goals.targets]]
metric = "served_percent"
at_least = 90

[politics]
election_every_days = 40
debate_days_before = 3
lose_on_defeat = true
[[politics.factions]]
name = "activists"               # the exposure made the campaigners a force
share = 20
approval = 40
[[politics.factions]]
name = "backers"
approval = 45

# The sorters in the undercroft, the pickers in the old shipyards, and Tara's volunteers camped in the
# wrecked yards at the end of the quay, where the hidden waste was found.
[[camps]]
name = "The Sorters"
x = 12
y = 68
members = 500
unrest = 45

[[camps]]
name = "Quay Pickers"
x = 66
y = 3
members = 300
unrest = 50

[[camps]]
name = "Yard Watch"
x = 67
y = 72
members = 250
unrest = 40

[events]
enable = []

''' + FORUM + '''
[[events.custom]]
id = "rally"
title = "The rally in the atrium"
cast = ["Tara"]
text = "Tara has filled the atrium of the sorting halls: sorters in work boots, Crown families with children on their shoulders, pickers from the old yards. The banners ask what the board still hides. The drones hover under the glass roof, waiting for an order."
trigger = [{kind = "day_at_least", at_least = 2}]

[[events.custom.choices]]
id = "meet"
label = "Go down and open the books"
explanation = "Promise the true figures from today, in front of everyone."
effects = [{kind = "policy", policy = "transparency", value = 1}, {kind = "approval", amount = 3}]

[[events.custom.choices]]
id = "listen"
label = "Stand with Tara"
explanation = "Take the microphone beside her and promise the camps an end to the raids. The board is appalled."
effects = [{kind = "policy", policy = "patrol_intensity", value = 1}, {kind = "unrest", amount = -10}, {kind = "approval", faction = "undercity", amount = 5}, {kind = "approval", faction = "backers", amount = -4}]

[[events.custom.choices]]
id = "promise"
label = "Promise a review"
explanation = "A careful statement from the balcony. Nobody cheers, nobody throws anything."
effects = [{kind = "approval", amount = -1}]

[[events.custom.choices]]
id = "disperse"
label = "Let the drones clear the atrium"
explanation = "The footage of drones over a crowd of families travels far."
default = true
effects = [{kind = "approval", faction = "activists", amount = -8}, {kind = "approval", faction = "undercity", amount = -8}, {kind = "unrest", amount = 10}]

[[events.custom]]
id = "reconnaissance"
title = "Into the sealed yards"
cast = ["Tara", "Lila"]
text = "Tara's volunteers mean to slip into the sealed yards at the end of the quay tonight and film what is still buried there. Lila has drawn them a map of the drones' rounds. They ask you to look away, or to come with them."
trigger = [{kind = "day_at_least", at_least = 6}, {kind = "fired", event = "rally"}]

[[events.custom.choices]]
id = "seize"
label = "Open the yards to the cameras"
explanation = "Send crews in with the volunteers and carry every hidden drum to the depot."
effects = [{kind = "seize_caches"}, {kind = "funds", amount = -1500}, {kind = "approval", faction = "activists", amount = 5}, {kind = "approval", faction = "backers", amount = -3}]

[[events.custom.choices]]
id = "talk"
label = "Go with them"
explanation = "Walk in beside the volunteers. The camps see a council that takes their side."
effects = [{kind = "unrest", amount = -8}, {kind = "approval", faction = "activists", amount = 4}]

[[events.custom.choices]]
id = "look_away"
label = "Look the other way"
explanation = "Let them go in alone, with the drones still on their rounds."
default = true
effects = [{kind = "unrest", amount = 5}]

[[events.custom]]
id = "drone_standoff"
title = "The drone standoff"
cast = ["Tara", "Lila", "Victor"]
text = "The volunteers are pinned against the yard fence, a ring of security drones above them, lights burning. The drones were told to defend the Sphere at all costs and they are doing it. Lila has her laptop open; Victor is on the line from the boardroom, asking what you want done."
trigger = [{kind = "fired", event = "reconnaissance"}, {kind = "policy", policy = "patrol_intensity", at_least = 2}]

[[events.custom.choices]]
id = "stand_down"
label = "Order the drones down"
explanation = "Ground the security drones for a day and lighten their patrols for good."
effects = [{kind = "security_off", ticks = 24}, {kind = "policy", policy = "patrol_intensity", value = 1}, {kind = "unrest", amount = -12}, {kind = "approval", faction = "backers", amount = -4}, {kind = "approval", faction = "activists", amount = 5}]

[[events.custom.choices]]
id = "hack"
label = "Let Lila hack them"
explanation = "She takes the drones down for two days; the volunteers' film is on every screen by morning. A repair bill follows."
effects = [{kind = "security_off", ticks = 48}, {kind = "funds", amount = -1000}, {kind = "unrest", amount = -6}, {kind = "approval", faction = "activists", amount = 4}]

[[events.custom.choices]]
id = "hold"
label = "Hold the line"
explanation = "The drones drive the volunteers off. Some of them leave the Sphere for good."
default = true
effects = [{kind = "unrest", amount = 15}, {kind = "tribe_members", tribe = "restless", amount = -5}, {kind = "approval", faction = "activists", amount = -8}]

[[events.custom]]
id = "victor_reform"
title = "Victor changes sides"
cast = ["Victor", "Tara"]
text = "Victor watched the rally and the night at the yards from the boardroom. This morning he stands in the atrium beside Tara and proposes a reform of Zero Waste Systems: the sorters paid as the city's own crews, the algorithm's weights published and set in the open, and a council of citizens over the board."
trigger = [{kind = "fired", event = "reconnaissance"}, {kind = "day_at_least", at_least = 10}]

[[events.custom.choices]]
id = "council"
label = "Back his reform"
explanation = "Pay for community rounds and let the sludge come first. Everyone but the board's hardliners cheers."
effects = [{kind = "funds", amount = -2000}, {kind = "policy", policy = "community_recycling", value = 1}, {kind = "policy", policy = "priority.hazardous", value = 70}, {kind = "approval", amount = 5}, {kind = "unrest", amount = -10}]

[[events.custom.choices]]
id = "internal"
label = "Keep it inside the board"
explanation = "A quieter reform: the weights change, the board keeps its seats."
effects = [{kind = "policy", policy = "priority.hazardous", value = 60}, {kind = "approval", faction = "backers", amount = 4}]

[[events.custom.choices]]
id = "delay"
label = "Ask him to wait until after the vote"
explanation = "He agrees, and the atrium hears that nothing will change."
default = true
effects = [{kind = "approval", amount = -3}, {kind = "unrest", amount = 5}]

[[events.custom]]
id = "open_research"
title = "Ravi's open research"
cast = ["Ravi"]
text = "Ravi wants to measure what the EcoSphere really does: every plant, every landfill, every barge that ever sailed, with the data open to anyone who wants to check it, the board included."
trigger = [{kind = "fired", event = "victor_reform"}, {kind = "day_at_least", at_least = 14}]

[[events.custom.choices]]
id = "publish"
label = "Fund it and open the data"
explanation = "Pay for the study and publish the true figures from today."
effects = [{kind = "funds", amount = -2500}, {kind = "policy", policy = "transparency", value = 1}, {kind = "approval", faction = "activists", amount = 8}]

[[events.custom.choices]]
id = "internal"
label = "Fund it in-house"
explanation = "A study whose results stay on the corporation's servers."
effects = [{kind = "funds", amount = -1000}, {kind = "approval", faction = "backers", amount = 2}]

[[events.custom.choices]]
id = "refuse"
label = "Refuse the grant"
explanation = "He publishes his rough numbers anyway, with your refusal in the first paragraph."
default = true
effects = [{kind = "approval", faction = "activists", amount = -6}]

[ending]
won = "The reform passes. Victor reads the motion himself: open books, the algorithm's weights set in public, the sorters paid as the city's own crews. Ravi's research goes online for anyone to check, Tara's volunteers run the community rounds, and Lila rewires the drones to carry waste instead of threats. The four of them sit on the new council, and cities on other ruined coasts are already asking for the plans."
lost = "The reform fails. The drones go back to their rounds, the yards are sealed again, and the board thanks the citizens for their patience. Tara's volunteers drift away and Ravi's data goes dark. The EcoSphere keeps its shine, and the people who saw behind it keep quiet."
'''


def distance(x: float, y: float) -> float:
    """Return the distance in tiles from the dome's centre."""
    return math.hypot(x - CENTRE[0], y - CENTRE[1])


def in_dome(x: int, y: int, width: int = 1, height: int = 1) -> bool:
    """True when every corner of the footprint lies well inside the ring."""
    corners = ((x, y), (x + width - 1, y), (x, y + height - 1), (x + width - 1, y + height - 1))
    return all(distance(cx, cy) <= RING_INNER - 1.5 for cx, cy in corners)


def terrain(canvas: Canvas, reformed: bool) -> None:
    """The undercroft, the ring of water, the sea, and (a season on, `reformed`) the wrecked yards."""
    # The undercroft: the sorting workers' tunnels, south-west outside the ring.
    canvas.paint(0, 60, 42, 79, "undercity")
    canvas.paint_ellipse(0, 54, 5, 9, "undercity")
    for y in range(SIZE):
        for x in range(SIZE):
            if RING_INNER <= distance(x, y) <= RING_OUTER:
                canvas.terrain[y][x] = "water"
    canvas.paint(SEA_X, 0, SIZE - 1, SIZE - 1, "water")
    canvas.paint_ellipse(79, 44, 10, 8, "water")  # the bay the export barges leave from
    # The old shipyards north of the quay, half fallen down.
    canvas.paint(60, 0, SEA_X - 1, 7, "ruins")
    if reformed:
        # Level 7: the yards the activists broke into, and the burnt end of the quay.
        canvas.paint(62, 66, SEA_X - 1, 79, "ruins")


def streets(canvas: Canvas) -> None:
    """Power lines: the dome's grid, the causeways over the ring, the works road and the undercroft's alleys."""
    for y in DOME_STREETS_Y:
        xs = [x for x in range(SIZE) if distance(x, y) <= RING_INNER - 0.5]
        canvas.line(min(xs), y, max(xs), y)
    for x in DOME_STREETS_X:
        ys = [y for y in range(SIZE) if distance(x, y) <= RING_INNER - 0.5]
        canvas.line(x, min(ys), x, max(ys))
    # Causeways over the ring: east to the works, south to the undercroft.
    causeway(canvas, [(x, 30) for x in range(50, 61)])
    canvas.line(46, 30, 60, 30)
    causeway(canvas, [(22, y) for y in range(50, 64)])
    canvas.line(22, 50, 22, UNDERCROFT_ALLEYS[0])
    # The works road along the east shore, and the shore road round the south.
    canvas.line(60, 8, 60, 76)
    canvas.line(2, 76, 60, 76)
    for y in UNDERCROFT_ALLEYS:
        canvas.line(2, y, 42, y)
    canvas.line(2, UNDERCROFT_ALLEYS[0], 2, 76)


def causeway(canvas: Canvas, tiles: list[tuple[int, int]]) -> None:
    """Make the water among `tiles` dry ground, so that a street can cross the ring there."""
    for x, y in tiles:
        if canvas.terrain[y][x] == "water":
            canvas.terrain[y][x] = "ground"


def dome(canvas: Canvas) -> int:
    """The Crown: housing blocks along the dome's streets; return how many."""
    homes = canvas.group("The Crown: the dome's terraces, where the brochures are photographed")
    placed = 0
    for street in DOME_STREETS_Y[:-1]:
        for y in (street + 1, street + 6):
            for x in range(2, SIZE, 3):
                if in_dome(x, y, 2, 2) and canvas.place(homes, "housing", x, y, occupants=DOME_OCCUPANTS[(x + y) % 3]):
                    placed += 1
    parks = canvas.group("The dome's hanging gardens")
    for x, y in ((28, 21), (28, 37), (16, 29), (40, 29)):
        canvas.place(parks, "garden", x, y)
    return placed


def undercroft(canvas: Canvas) -> int:
    """The undercroft: the sorters' crowded blocks on their alleys; return how many."""
    homes = canvas.group("The undercroft: the sorters' blocks, where no drone comes")
    placed = 0
    for alley in UNDERCROFT_ALLEYS:
        for y in (alley + 1, alley - 2):
            for x in range(4, 42, 3):
                if x in (19, 22) or not canvas.place(homes, "housing", x, y, occupants=UNDERCROFT_OCCUPANTS):
                    continue
                placed += 1
    return placed


def works(canvas: Canvas, reformed: bool) -> None:
    """Zero Waste Systems' works on the east shore: power, the profitable plants, and the export quay."""
    group = canvas.group("Zero Waste Systems' sorting halls: the plants that pay, and power for them")
    plants = [("fuel_plant", 61, 9), ("fuel_plant", 64, 9), ("solar_farm", 61, 12), ("solar_farm", 64, 12), ("fuel_plant", 61, 15),
              ("metal_foundry", 61, 18), ("metal_foundry", 61, 21), ("plastics_refinery", 61, 24),
              ("plastics_refinery", 61, 27), ("compost_works", 61, 33)]
    if reformed:
        plants.append(("hazard_treatment", 61, 36))  # the one plant the exposure forced on the corporation
        plants.append(("fuel_plant", 64, 15))  # and the power for it and for the drones
    for kind, x, y in plants:
        canvas.place(group, kind, x, y)
    quay = canvas.group("The export quay: 'clean material' for the barges, buried until they sail")
    for y in (56, 59, 62) if not reformed else (56, 59):
        canvas.place(quay, "landfill", 61, y)
    hubs = canvas.group("Zero Waste Systems' drone hubs: the dome only")
    for x, y in ((18, 22), (40, 22), (18, 38), (40, 38)) if reformed else ((20, 23), (38, 37)):
        canvas.place(hubs, "drone_hub", x, y)


def write(name: str, header: str, tables: str, reformed: bool) -> None:
    """Draw one of the two levels (`reformed`: level 7's, a season on) and write it with its header and tables."""
    canvas = Canvas(SIZE, SIZE)
    terrain(canvas, reformed)
    streets(canvas)
    blocks = dome(canvas) + undercroft(canvas)
    works(canvas, reformed)
    out = LEVELS / f"{name}.toml"
    out.write_text(canvas.toml(header, tables), encoding="utf-8")
    print(f"wrote {out}: {blocks} housing blocks, {canvas.building_count()} buildings, {len(canvas.lines)} power line tiles")


def main() -> None:
    """Write both levels of the arc."""
    write("06_ecosphere", HEADER_06, TABLES_06, reformed=False)
    write("07_reform", HEADER_07, TABLES_07, reformed=True)


if __name__ == "__main__":
    main()
