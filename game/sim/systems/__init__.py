"""The systems: each module owns one concern and exposes `run(world)`; see game.sim.schedule."""
