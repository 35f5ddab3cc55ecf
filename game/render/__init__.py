"""Drawing the city with pygame: art, camera, the cached map, overlays and the composed world view."""
