"""The window's interface: input to commands and view changes, and the HUD, toolbar and panels.

`game.ui.interface.Interface` is the one boundary the app talks to, so the plain pygame panels
here can be swapped for pygame_gui ones without touching the app or the renderer.
"""
