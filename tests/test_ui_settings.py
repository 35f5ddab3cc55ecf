"""Settings persist as JSON in the config folder; a damaged file falls back to defaults and says so."""

from __future__ import annotations

import json

from game.settings import Settings, load_settings, save_settings, settings_path
from game.ui.script import parse_script
from game.ui.sound import Sound


def test_settings_round_trip_through_the_config_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    chosen = Settings(width=1600, height=900, fullscreen=True, ui_scale=1.5, volume=30, muted=True)
    assert save_settings(chosen) is None
    assert settings_path() == tmp_path / "neo-terra" / "settings.json"
    assert load_settings() == (chosen, [])


def test_a_damaged_settings_file_gives_defaults_and_one_line_saying_so(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert len(problems) == 1 and str(path) in problems[0] and "\n" not in problems[0]


def test_bad_fields_fall_back_one_by_one_and_good_ones_are_kept(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"width": 1600, "height": 9, "ui_scale": 3, "volume": 40, "muted": "yes"}))
    settings, problems = load_settings(path)
    assert settings.width == 1600 and settings.volume == 40
    assert settings.height == Settings().height and settings.ui_scale == 1.0 and settings.muted is False
    assert sorted(p.split(": ")[1] for p in problems) == ["height", "muted", "ui_scale"]


def test_muting_makes_the_effective_volume_zero():
    assert Settings(volume=80, muted=True).effective_volume == 0.0
    assert Settings(volume=80).effective_volume == 0.8


def test_a_silent_player_records_requests_and_spaces_out_alerts():
    sound = Sound.silent()
    sound.play("alert")
    sound.play("alert")
    sound.update(5.0)
    sound.play("alert")
    assert sound.played == ["alert", "alert"] and not sound.audible


def test_the_input_script_reads_keys_and_clicks_and_rejects_nonsense():
    entries = parse_script("3:key:f5; 8:click:640,400; 20:quit")
    assert [(e.frame, e.action) for e in entries] == [(3, "key"), (8, "click"), (20, "quit")]
    assert "unknown key" in parse_script("3:key:nokey")
    assert "expected x,y" in parse_script("3:click:here")
