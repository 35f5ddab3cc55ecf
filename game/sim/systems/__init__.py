"""Simulation systems: each module owns one concern and exposes `run(sim)`; see game.sim.schedule."""
