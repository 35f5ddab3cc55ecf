"""Hatchling's build hook: compile the simulation's kernels (game/sim/_native.c) into the wheel.

A wheel gets the module built into a scratch folder and placed at game/sim/ inside it, and is
tagged for this Python and platform (it holds compiled code); an editable install builds it in
place, beside the source, where the checkout imports it from. The sdist carries the C source and
this hook, and builds the same way when installed. The compiling is tools/packaging/native.py's.
"""

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools" / "packaging"))

import native  # noqa: E402 - from tools/packaging, put on the path above


class NativeKernelsHook(BuildHookInterface):
    """Build game.sim._native for the wheel being built."""

    def initialize(self, version, build_data):
        if self.target_name != "wheel":
            return
        try:
            if version == "editable":
                native.build()
            else:
                self._scratch = tempfile.TemporaryDirectory()
                built = native.build(self._scratch.name)
                build_data["force_include"][str(built)] = f"game/sim/{built.name}"
        except native.BuildError as error:
            raise SystemExit(f"neo-terra: the simulation's kernels: {error}") from None
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version, build_data, artifact_path):
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            scratch.cleanup()
