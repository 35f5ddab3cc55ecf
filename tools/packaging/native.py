"""Build the simulation's compiled kernels, game/sim/_native.c, into an extension module.

Standard library only: the wheel's build hook (hatch_build.py), the command line and the test run
in a checkout (game.bootstrap.ensure_kernels) and a developer after editing the C file all call
`build`. It compiles with the compiler and flags this Python was built with (sysconfig), as
setuptools would, and stamps the module with the source's digest, so that `is_current` tells a
module built from an older _native.c. Importing this file is cheap (the command line does it at
every start): what only a build needs is imported by `build`.

Run `python tools/packaging/native.py` in a checkout to build the module in place, beside the source.
"""

import hashlib
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCE = ROOT / "game" / "sim" / "_native.c"
MODULE = "_native"


class BuildError(Exception):
    """The kernels could not be compiled; the message says why and what to install."""


def digest(source=SOURCE):
    """Return the hex digest a module built from `source` carries (as its SOURCE_DIGEST)."""
    return hashlib.sha256(Path(source).read_bytes()).hexdigest()


def module_name():
    """Return the file name of the extension module for this Python (for example _native.cpython-311-x86_64-linux-gnu.so).

    The suffix the import system tries first (sysconfig's EXT_SUFFIX, without loading sysconfig).
    """
    return MODULE + EXTENSION_SUFFIXES[0]


def is_current(folder=None, source=SOURCE):
    """Return whether `folder` (default: beside the source) holds a module for this Python built from `source` as it is.

    Read from the file, not imported: a module once loaded cannot be loaded again in one process.
    """
    built = (Path(folder) if folder is not None else Path(source).parent) / module_name()
    return built.is_file() and digest(source).encode() in built.read_bytes()


def build(out_dir=None, source=SOURCE):
    """Compile `source` into `out_dir` (default: beside it) and return the module's path; raise BuildError on failure."""
    import shlex
    import subprocess
    import sysconfig

    out_dir = Path(out_dir) if out_dir is not None else Path(source).parent
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / module_name()
    link = shlex.split(os.environ.get("LDSHARED") or sysconfig.get_config_var("LDSHARED") or "cc -shared")
    flags = shlex.split(sysconfig.get_config_var("CFLAGS") or "") + shlex.split(sysconfig.get_config_var("CCSHARED") or "-fPIC")
    include = sysconfig.get_paths()["include"]
    # -fwrapv: integers wrap on overflow as numpy's do (CPython builds with it too); gnu11 for
    # the 128-bit integers that stand in for Python's unbounded ones where the kernels replaced plain Python.
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")  # written whole, then renamed: nothing loads half a file
    command = [
        *link, *flags, "-O2", "-std=gnu11", "-fwrapv", "-Wall", "-Werror=implicit-function-declaration",
        f'-DNATIVE_SOURCE_DIGEST="{digest(source)}"', f"-I{include}", str(source), "-o", str(partial),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BuildError(f"cannot run the C compiler {link[0]!r} ({error.strerror}): install one (Debian: apt-get install gcc)") from None
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        first = next((line for line in done.stderr.splitlines() if "error" in line), done.stderr.strip()[:200])
        raise BuildError(f"compiling {source} failed: {first}")
    os.replace(partial, target)
    return target


def ensure_current(say=None):
    """Build the kernels in place unless a module built from the source as it is lies beside it; return whether it built.

    `say(line)` is told before a build, which takes about a second. Raises BuildError.
    """
    if is_current():
        return False
    if say is not None:
        say("building the simulation's compiled kernels (game/sim/_native.c)...")
    build()
    return True


def main():
    """Build the kernels in place; one line and exit status 2 on failure."""
    try:
        built = build()
    except BuildError as error:
        sys.stderr.write(f"native: {error}\n")
        return 2
    print(f"native: built {built.relative_to(ROOT) if built.is_relative_to(ROOT) else built}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
