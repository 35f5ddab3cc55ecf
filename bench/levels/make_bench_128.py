"""Write bench/levels/bench_128.toml: a dense 128x128 city of about 300 buildings, for the benchmarks.

Run once from the repository root (`python bench/levels/make_bench_128.py`); afterwards the .toml is
the source of truth. Blocks touch each other, so few power lines are needed to join the districts.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "levels" / "tools"))  # the level generators' drawing surface

from canvas import Canvas  # noqa: E402

SIZE = 128
OUT = Path(__file__).resolve().parent / "bench_128.toml"

HEADER = '''\
#:schema ../../levels/level.schema.json
# Benchmark city: dense, busy and stable. Generated once by bench/levels/make_bench_128.py.
format = 1
name = "Benchmark City"
description = """\\
A crowded 128 by 128 city that keeps every system busy: blocks wall to wall, a river, an industrial \\
belt on the old factory ground and a packed undercity. Used to measure the simulation; no deadline."""
seed = 128
purpose = "benchmark"  # measures the simulation: never offered to the player
'''

TABLES = '''\
[start]
funds = 200000
food = 2000
fuel = 600
materials = 800

[policies]
tax_rate = 10
"priority.hazardous" = 60    # a city that treats its dangerous waste

[goals]
deadline_day = 0             # none: the benchmark runs as long as it is asked to
'''


def terrain(canvas: Canvas) -> None:
    """A river up from the south edge to a basin, factory ruins in the north-east, the undercity below uptown."""
    for y in range(64, SIZE):
        bend = 58 + (y // 8) % 3 - 1  # the river wanders a tile either way
        canvas.paint(bend, y, bend + 4, y, "water")
    canvas.paint_ellipse(60, 64, 7, 4, "water")
    canvas.paint(70, 4, 124, 40, "ruins")
    canvas.paint_ellipse(20, 68, 18, 13, "undercity")


def district(canvas: Canvas, name: str, x0: int, y0: int, columns: int, rows: int, occupants: int) -> None:
    """A wall-to-wall block of 2x2 buildings: housing, with a garden or a drone hub here and there."""
    homes = canvas.group(name)
    for row in range(rows):
        for column in range(columns):
            x, y = x0 + 2 * column, y0 + 2 * row
            if (row, column) in ((1, 2), (rows - 2, columns - 3)):
                canvas.place(homes, "drone_hub", x, y)
            elif (row + 2 * column) % 7 == 3:
                canvas.place(homes, "garden", x, y)
            else:
                canvas.place(homes, "housing", x, y, occupants=occupants)


def industry(canvas: Canvas) -> None:
    """The industrial belt: two rows of 3x3 works touching each other on the ruins."""
    works = canvas.group("The industrial belt")
    north = ("fuel_plant",) * 4 + ("solar_farm",) * 3 + ("plastics_refinery",) * 4 + ("landfill",)
    south = ("fuel_plant",) * 3 + ("solar_farm",) * 2 + ("plastics_refinery",) * 2 + (
        "compost_works", "compost_works", "compost_works", "metal_foundry", "metal_foundry", "hazard_treatment"
    )
    # A third row along the top keeps up with a full city: hazard treatment, compost, scrap and power.
    top = ("hazard_treatment",) * 4 + ("compost_works",) * 3 + ("metal_foundry",) * 4 + ("fuel_plant",) * 2
    for index, kind in enumerate(north):
        canvas.place(works, kind, 72 + 3 * index, 10)
    for index, kind in enumerate(south):
        canvas.place(works, kind, 72 + 3 * index, 13)
    for index, kind in enumerate(top):
        canvas.place(works, kind, 72 + 3 * index, 7)


def main() -> None:
    """Draw the city and write the level file."""
    canvas = Canvas(SIZE, SIZE)
    terrain(canvas)
    # Uptown and the east bank touch the industrial belt; one line runs down to the undercity.
    canvas.line(41, 21, 41, 66)
    canvas.line(32, 66, 41, 66)
    district(canvas, "Uptown, wall to wall with the industrial belt", 40, 9, 16, 6, 100)
    district(canvas, "The east bank, on the old factory ground", 74, 16, 12, 5, 90)
    district(canvas, "The undercity", 8, 60, 12, 6, 120)
    industry(canvas)
    OUT.write_text(canvas.toml(HEADER, TABLES), encoding="utf-8")
    print(f"wrote {OUT}: {canvas.building_count()} buildings and {len(canvas.lines)} power line tiles")


if __name__ == "__main__":
    main()
