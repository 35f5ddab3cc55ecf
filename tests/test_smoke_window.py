"""A real window under Xvfb: `python main.py --level ...` plays a few seconds of scripted input and quits.

The input goes through SDL's event queue from NEO_TERRA_SCRIPT (xdotool is not installed in CI).
Without Xvfb the test fails when CI is set (CI must run it) and is skipped on a developer machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DISPLAY = ":97"
SCRIPT = "; ".join((
    "10:key:1", "12:move:500,300", "14:click:500,300",  # a compost works
    "20:key:escape", "24:key:p", "40:key:space", "60:key:.",
    "70:key:l", "90:key:escape", "95:key:f5", "110:key:g", "140:key:escape",
))


def test_the_game_runs_in_a_real_window_under_xvfb(tmp_path):
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is not installed: CI needs the Debian package 'xvfb' for the real-window smoke test")
        pytest.skip("Xvfb is not installed")
    server = subprocess.Popen([xvfb, DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket = Path(f"/tmp/.X11-unix/X{DISPLAY[1:]}")
        deadline = time.monotonic() + 5
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket.exists(), "Xvfb did not start"
        shot = tmp_path / "smoke.png"
        env = {
            **os.environ, "DISPLAY": DISPLAY, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy",
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
            "NEO_TERRA_SCRIPT": SCRIPT, "NEO_TERRA_AUTOQUIT_FRAMES": "180", "NEO_TERRA_SCREENSHOT": str(shot),
        }
        done = subprocess.run(
            [sys.executable, "main.py", "--level", "levels/01_first_light.toml"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert shot.exists() and shot.stat().st_size > 10_000
        assert list((tmp_path / "data" / "neo-terra" / "saves").glob("quicksave-*.save")), "F5 should have saved"
    finally:
        server.terminate()
        server.wait(timeout=5)
