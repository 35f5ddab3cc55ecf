"""The examples of docs/scripting.md run as written, in order, in one namespace, as a reader runs them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scripting.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
README_BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_the_scripting_page_has_examples() -> None:
    assert len(BLOCKS) >= 8


def test_every_example_of_the_scripting_page_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # the examples must not need the checkout as their working folder
    namespace: dict[str, object] = {"__name__": "scripting_example"}
    for number, block in enumerate(BLOCKS, start=1):
        try:
            exec(compile(block, f"{DOC.name}, example {number}", "exec"), namespace)  # noqa: S102 - our own docs
        except Exception as error:  # the failing example's number is what a reader needs
            pytest.fail(f"{DOC.name}, example {number} of {len(BLOCKS)} failed: {type(error).__name__}: {error}")
    printed = capsys.readouterr().out
    assert "First Light 40 x 30 tiles, seed 7" in printed
    assert "Compost Works cannot be built on water" in printed


def test_the_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert README_BLOCKS, "the README's Scripting section shows a Python example"
    for number, block in enumerate(README_BLOCKS, start=1):
        exec(compile(block, f"README.md, Python example {number}", "exec"), {"__name__": "readme_example"})  # noqa: S102 - our own docs
    assert capsys.readouterr().out.startswith("1 ")  # day 1 after 24 ticks
