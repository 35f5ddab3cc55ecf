"""The pure simulation: stdlib, numpy, scipy and esper only; no pygame, no clock, no I/O."""

from game.sim.simulation import Simulation
from game.sim.world import World

__all__ = ["Simulation", "World"]
