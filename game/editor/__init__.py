"""The level editor in the window: a `game.level.draft.LevelDraft` on the game's map renderer, with its tools and forms."""

from game.editor.screen import EditorScreen

__all__ = ["EditorScreen"]
