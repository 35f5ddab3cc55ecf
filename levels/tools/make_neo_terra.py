"""Write levels/02_neo_terra.toml: the megacity of the first story, 96x96.

Run once from the repository root (`python levels/tools/make_neo_terra.py`); afterwards the .toml is
the source of truth and is edited by hand. Re-running overwrites hand edits.
"""

from __future__ import annotations

from pathlib import Path

from canvas import Canvas

SIZE = 96
# Residents per block at the start (a block holds 200): about 14,000 in all, as much waste as Ecolife
# can collect, and room to grow once the city has food and power.
OCCUPANTS_UPTOWN = (50, 60, 70)
OCCUPANTS_MIDTOWN = 60
OCCUPANTS_UNDERCITY = 90
OUT = Path(__file__).resolve().parents[1] / "02_neo_terra.toml"

HEADER = '''\
#:schema ./level.schema.json
# Neo-Terra level 2: the megacity. Generated once by levels/tools/make_neo_terra.py, then edited by hand.
# Check it with `python main.py --validate levels/02_neo_terra.toml`.
format = 1
name = "Neo-Terra"
description = """\\
Ecolife keeps the towers lit and the harbour humming, and swears the city has never been cleaner. \\
Down in the undercity the drums of poison it will not touch say otherwise: get the hazardous waste \\
under control before election day, without letting the lights go out."""
seed = 2077
'''

TABLES = '''\
[start]
funds = 80000                # five or six plants' worth; running costs eat most of the taxes
food = 2000
fuel = 600
materials = 700

[policies]
tax_rate = 10
"priority.hazardous" = 2     # Ecolife's setting: dangerous waste is somebody else's problem

[goals]
deadline_day = 60            # election day
hold_days = 15              # ...and keep it so for 15 days in a row
[[goals.targets]]
metric = "hazardous_untreated"
at_most = 1000               # lying about, waiting in the depot or buried in a landfill
[[goals.targets]]
metric = "population"
at_least = 25000             # a growing city needs food from compost and steady power at night
[[goals.targets]]
metric = "served_percent"
at_least = 90
'''


def terrain(canvas: Canvas) -> None:
    """Water, ruins and the undercity."""
    # The harbour opens to the sea in the south-east.
    canvas.paint_ellipse(88, 90, 22, 16, "water")
    canvas.paint(90, 40, 95, 95, "water")
    canvas.paint(86, 52, 95, 95, "water")
    # The Grand Canal runs west from the sea and ends in a turning basin.
    canvas.paint(36, 44, 95, 46, "water")
    canvas.paint(33, 43, 37, 47, "water")
    # The Dock Canal runs south from the Grand Canal; a strip of land stays between it and the harbour.
    canvas.paint(58, 47, 59, 79, "water")
    # The old factory district in the north-east, half fallen down.
    canvas.paint(62, 3, 88, 26, "ruins")
    canvas.paint(70, 27, 80, 29, "ruins")
    for x0, y0, x1, y1 in ((66, 8, 70, 11), (76, 15, 82, 19), (63, 21, 67, 24), (84, 5, 88, 9)):
        canvas.paint(x0, y0, x1, y1, "ground")
    # The old docks between the Dock Canal and the harbour.
    canvas.paint(62, 49, 70, 55, "ruins")
    # The undercity: the sunken districts in the south-west.
    canvas.paint_ellipse(22, 76, 19, 14, "undercity")
    canvas.paint(2, 66, 10, 93, "undercity")


def streets(canvas: Canvas) -> None:
    """Power lines along the streets of every district."""
    # Uptown: a grid of streets every 8 tiles.
    for y in (8, 16, 24, 32, 40):
        canvas.line(4, y, 56, y)
    for x in (4, 20, 36, 52):
        canvas.line(x, 8, x, 40)
    # The western spine runs south to the undercity and on to the southern shore road.
    canvas.line(4, 40, 4, 92)
    canvas.line(4, 92, 70, 92)
    canvas.line(70, 82, 70, 92)
    # Midtown, south of the Grand Canal.
    for y in (50, 58):
        canvas.line(4, y, 56, y)
    canvas.line(36, 48, 36, 58)
    # The undercity's alleys.
    for y in (66, 74, 82):
        canvas.line(4, y, 38, y)
    canvas.line(20, 66, 20, 92)
    # Ecolife's industrial road from uptown east along the canal bank.
    canvas.line(56, 36, 88, 36)
    canvas.line(56, 32, 56, 42)


def uptown(canvas: Canvas) -> None:
    """Housing blocks lining uptown's streets; a few gardens in the squares."""
    homes = canvas.group("Uptown: the towers of the comfortable")
    for street in (8, 16, 24, 32):
        for y in (street + 1, street + 6):
            for block_x in (4, 20, 36):
                for x in range(block_x + 2, block_x + 15, 3):
                    canvas.place(homes, "housing", x, y, occupants=OCCUPANTS_UPTOWN[(x + y) % 3])
    parks = canvas.group("Uptown's gardens")
    for x, y in ((29, 11), (13, 27), (45, 27)):
        canvas.place(parks, "garden", x, y)


def midtown(canvas: Canvas) -> None:
    """Blocks south of the Grand Canal."""
    homes = canvas.group("Midtown, on the south bank")
    for y in (51, 56):
        for x in range(6, 34, 3):
            canvas.place(homes, "housing", x, y, occupants=OCCUPANTS_MIDTOWN)
        for x in range(38, 56, 3):
            canvas.place(homes, "housing", x, y, occupants=OCCUPANTS_MIDTOWN)


def undercity(canvas: Canvas) -> None:
    """Crowded blocks in the sunken districts, on the undercity's alleys."""
    homes = canvas.group("The undercity: crowded, poor, and where the waste ends up")
    for alley in (66, 74, 82):
        for y in (alley + 1, alley - 2):
            for x in range(6, 37, 3):
                if x in (18, 21):
                    continue
                canvas.place(homes, "housing", x, y, occupants=OCCUPANTS_UNDERCITY)


def ecolife(canvas: Canvas) -> None:
    """Ecolife's works: the fuel plants, the refinery, the landfill and the solar farms."""
    works = canvas.group("Ecolife's works: power, plastics and a landfill, and nothing for hazardous waste")
    # North of the industrial road: power.
    for x in (61, 65, 69):
        canvas.place(works, "fuel_plant", x, 33)
    for x in (73, 77, 81):
        canvas.place(works, "solar_farm", x, 33)
    # South of it, on the canal bank: the plants, the drone hubs and the landfills.
    for kind, x in (("plastics_refinery", 61), ("plastics_refinery", 65), ("compost_works", 69),
                    ("compost_works", 73), ("metal_foundry", 77), ("landfill", 81)):
        canvas.place(works, kind, x, 37)
    canvas.place(works, "drone_hub", 14, 19)  # Ecolife's drones serve uptown only
    canvas.place(works, "drone_hub", 42, 19)


def main() -> None:
    """Draw the city and write the level file."""
    canvas = Canvas(SIZE, SIZE)
    terrain(canvas)
    streets(canvas)
    uptown(canvas)
    midtown(canvas)
    undercity(canvas)
    ecolife(canvas)
    OUT.write_text(canvas.toml(HEADER, TABLES), encoding="utf-8")
    print(f"wrote {OUT}: {canvas.building_count()} buildings and {len(canvas.lines)} power line tiles")


if __name__ == "__main__":
    main()
