"""Neo-Terra: a city-management game about waste, power and politics."""
