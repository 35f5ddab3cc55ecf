"""Command line: argument parsing, the headless runner, level validation and balance sweeps.

Every problem with what the user gave us is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from game import __version__

if TYPE_CHECKING:
    from game.sim.scenario import GoalTarget
    from game.sweep import Progress, RunResult, StrategySpec

EXIT_OK = 0
EXIT_DIVERGED = 1  # --replay: the re-run's state differs from the recording
EXIT_USAGE = 2
MAX_TICKS = 10_000_000
MAX_SEED = 2**63 - 1


class UsageError(Exception):
    """A problem with the command line, shown as one line."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Report a usage problem on one line and exit with status 2."""
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for `python main.py` / `neo-terra`."""
    parser = _Parser(
        prog="neo-terra",
        description="Neo-Terra: run the waste and power authority of a megacity.",
        epilog=(
            "With no options, opens the game window. `neo-terra sweep --help`: balance sweeps. "
            "`neo-terra generate --help`: free-play maps. `neo-terra import-cty --help`: bring a SimCity city."
        ),
    )
    parser.add_argument("--version", action="version", version=f"neo-terra {__version__}")
    parser.add_argument("--level", metavar="LEVEL", help="play (or run headless) this level: a shipped or user level's id (see --list-levels) or a level file's path")
    parser.add_argument("--list-levels", action="store_true", help="list the shipped levels and those in your levels folder, and exit")
    parser.add_argument("--load", metavar="PATH", help="resume a saved game")
    parser.add_argument("--headless", action="store_true", help="run without a window and print a summary")
    parser.add_argument("--ticks", metavar="N", type=_bounded_int("--ticks", 0, MAX_TICKS), help="ticks to run headless (1 tick = 1 game hour)")
    parser.add_argument(
        "--continue-after-end", action="store_true",
        help="with --headless: go on stepping after the level is won or lost (by default the run stops at its end, so the report shows the city as the game ended)",
    )
    parser.add_argument("--seed", metavar="S", type=_bounded_int("--seed", 0, MAX_SEED), help="random seed (default: the level's)")
    parser.add_argument("--commands", metavar="FILE", help="TOML file of [[command]] tables to apply at their ticks")
    parser.add_argument("--report", metavar="FILE", help="write a JSON report of the run here (- for standard output)")
    parser.add_argument("--save", metavar="FILE", help="save the game here at the end of a headless run (- for standard output)")
    parser.add_argument("--validate", metavar="PATH", nargs="+", help="check level files and exit")
    parser.add_argument("--edit", metavar="LEVEL", nargs="?", const="", help="open the level editor on LEVEL (a level's id or a level file's path), or on a new map")
    parser.add_argument("--schema", choices=["level"], help="print the JSON Schema of level files (for TOML editors) and exit")
    parser.add_argument("--replay", metavar="FILE", help="with --headless: re-run a replay and check its state hashes (exit 1 if they differ)")
    parser.add_argument("--export-replay", metavar="FILE", help="with --headless: write a replay of the run here at the end (- for standard output)")
    parser.add_argument(
        "--checkpoint-every", metavar="TICKS", type=_bounded_int("--checkpoint-every", 1, MAX_TICKS),
        help="ticks between the state hashes an exported replay records (default 24, one game day)",
    )
    return parser


SWEEP = "sweep"  # the subcommand, recognised only as the first argument
MAX_SWEEP_SEEDS = 10_000
MAX_VERIFY_RUNS = 1_000_000


def build_sweep_parser() -> argparse.ArgumentParser:
    """Return the parser for `neo-terra sweep`."""
    from game.sweep import MAX_SWEEP_DAYS

    parser = _Parser(
        prog="neo-terra sweep",
        description="Play strategies on many seeds of one level and print their outcome rates.",
    )
    parser.add_argument("--level", metavar="LEVEL", help="a shipped or user level's id, or a level file's path (with --verify: the level file to re-play on)")
    parser.add_argument(
        "--strategies", metavar="STRATEGY", nargs="+",
        help="built-in strategy names, commands files, or folders of *.toml commands files (default: every built-in)",
    )
    seeds = parser.add_mutually_exclusive_group()
    seeds.add_argument("--seeds", metavar="N", type=_bounded_int("--seeds", 1, MAX_SWEEP_SEEDS), help="play seeds 1..N (default 5)")
    seeds.add_argument("--seed-list", metavar="S,S,...", type=_seed_list, help="play these seeds")
    parser.add_argument("--days", metavar="D", type=_bounded_int("--days", 1, MAX_SWEEP_DAYS), help="days each run plays at most (default: the level's deadline, else 60)")
    parser.add_argument("--jobs", metavar="J", type=_bounded_int("--jobs", 1, 256), help="worker processes (default: the CPU count; 1 plays in this process)")
    parser.add_argument("--out", metavar="FILE", help="also write the sweep here: .csv (the table) or .json (the table and every run); - for JSON on standard output")
    parser.add_argument("--chart", metavar="FILE.png", help="also draw the table as a PNG bar chart of the outcome rates per strategy")
    parser.add_argument(
        "--dask", metavar="ADDRESS",
        help="play the runs on a Dask cluster: 'local' starts one of --jobs worker processes, tcp://host:port joins a running scheduler (needs neo-terra[cluster])",
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", help="draw the progress bar on standard error even when it is not a terminal")
    shown.add_argument("--quiet", action="store_true", help="no progress bar (by default it is drawn when standard error is a terminal)")
    files = parser.add_mutually_exclusive_group()
    files.add_argument("--merge", metavar="SWEEP.json", nargs="+", help="merge sweeps' JSON files (of one level file and days) instead of playing; --out writes the merged sweep")
    files.add_argument("--verify", metavar=("N", "SWEEP.json"), nargs=2, help="re-play N runs of a sweep's JSON file chosen at random and check their state hashes (exit 1 if any differs)")
    return parser


IMPORT_CTY = "import-cty"  # the subcommand, recognised only as the first argument


def build_import_cty_parser() -> argparse.ArgumentParser:
    """Return the parser for `neo-terra import-cty`."""
    parser = _Parser(
        prog="neo-terra import-cty",
        description="Turn a classic Micropolis / SimCity city file (.cty, 120x100) into a level file.",
    )
    parser.add_argument("file", metavar="FILE.cty", help="the city file")
    parser.add_argument("-o", "--output", metavar="LEVEL.toml", required=True, help="where to write the level (- for standard output)")
    parser.add_argument("--name", metavar="NAME", help="the level's name (default: the city file's name)")
    return parser


def run_import_cty(args: argparse.Namespace) -> int:
    """Import a city file as a level: write it, say what it holds, and note on stderr what had to be dropped."""
    from game.level.cty import imported_level

    output = _writable_target("-o", args.output)
    imported, text = imported_level(args.file, args.name)  # every level check, before a byte is written
    scenario = imported.scenario
    _write_output(output, text.encode())
    kinds = [building.kind for building in scenario.buildings]
    residents = sum(building.occupants or 0 for building in scenario.buildings)
    plants = kinds.count("fuel_plant")
    summary = (
        f"{_written_to(output, args.output)}: {scenario.name}, {scenario.width}x{scenario.height}: "
        f"{kinds.count('housing')} housing blocks ({residents:,} residents), {plants} power plant{'' if plants == 1 else 's'}, "
        f"{kinds.count('power_line')} power lines; funds {scenario.funds:,}"
    )
    print(one_line(summary), file=sys.stderr if output == STANDARD_OUTPUT else sys.stdout)
    if imported.note():
        print(one_line(imported.note()), file=sys.stderr)
    return EXIT_OK


GENERATE = "generate"  # the subcommand, recognised only as the first argument


def build_generate_parser() -> argparse.ArgumentParser:
    """Return the parser for `neo-terra generate`: a free-play map from a seed, written as a level file."""
    from game.level.generate import MAX_CAMPS, MAX_SHARE, MAX_SIDE, MIN_SIDE, SandboxOptions

    default = SandboxOptions()
    parser = _Parser(
        prog="neo-terra generate",
        description="Generate a free-play city (terrain, a starting district, scavenger camps) and write it as a level file.",
        epilog="Play it with `neo-terra --level FILE`. Without --target the city has no goals: it plays on for as long as it holds together.",
    )
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="the level file to write (.toml; - for standard output)")
    parser.add_argument("--size", metavar="N", type=_whole_number, help=f"a square map N tiles a side, {MIN_SIDE} to {MAX_SIDE} (default {default.width})")
    parser.add_argument("--width", metavar="W", type=_whole_number, help="the map's width in tiles (with --height)")
    parser.add_argument("--height", metavar="H", type=_whole_number, help="the map's height in tiles (with --width)")
    parser.add_argument("--seed", metavar="S", type=_whole_number, default=default.seed, help=f"the random seed of the map and the game (default {default.seed})")
    for share in ("water", "ruins", "undercity"):
        parser.add_argument(
            f"--{share}", metavar="P", type=_whole_number, default=getattr(default, share),
            help=f"percent of the map that is {share}, 0 to {MAX_SHARE[share]} (default {getattr(default, share)})",
        )
    parser.add_argument("--camps", metavar="N", type=_whole_number, default=default.camps, help=f"scavenger camps, 0 to {MAX_CAMPS} (default {default.camps})")
    parser.add_argument("--funds", metavar="F", type=_whole_number, default=default.funds, help=f"starting funds in credits (default {default.funds:,})")
    parser.add_argument("--elections", action=argparse.BooleanOptionalAction, default=default.elections, help="hold an election every 30 days (default: on)")
    parser.add_argument("--target", metavar="METRIC>=VALUE", action="append", type=_goal_target, default=[], help="a goal to win by, METRIC>=VALUE or METRIC<=VALUE (repeat for more), e.g. population>=3000")
    parser.add_argument("--deadline", metavar="D", type=_whole_number, default=0, help="the day by which the targets must be met (default: none)")
    return parser


def _whole_number(text: str) -> int:
    """Return `text` as a whole number for argparse (the generator says which are in range)."""
    try:
        return int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not '{text}'") from None


def _goal_target(text: str) -> GoalTarget:
    """Return the goal target `--target` names, for argparse."""
    from game.level.generate import parse_target

    try:
        return parse_target(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run_generate(args: argparse.Namespace) -> int:
    """Generate the free-play level the flags describe and write it to --output; one line per bad flag, exit 2."""
    from game.level import InputError
    from game.level.generate import SandboxOptions, generate, level_file_text

    if args.size is not None and (args.width, args.height) != (None, None):
        raise UsageError("give either --size or --width and --height, not both")
    if (args.width is None) != (args.height is None):
        raise UsageError("give --width and --height together (or --size)")
    width, height = (args.size, args.size) if args.size is not None else (args.width, args.height)
    default = SandboxOptions()
    options = SandboxOptions(
        default.width if width is None else width, default.height if height is None else height, args.seed, args.water, args.ruins, args.undercity, args.camps, args.funds,
        args.elections, tuple(args.target), args.deadline,
    )
    wrong = options.problems()
    if wrong:
        raise UsageError(_generate_flag(args, *wrong[0]))
    out = _writable_target("--output", args.output)
    try:
        scenario = generate(options)
    except InputError as error:  # the only problem options in range can have: goals the map can never let the player meet
        raise UsageError(f"--target: {error.problems[0]}") from None
    _write_output(out, level_file_text(scenario).encode())
    summary = f"{_written_to(out, args.output)}: {scenario.name}, {len(scenario.buildings):,} buildings, {len(scenario.camps)} camps"
    print(summary, file=sys.stderr if out == STANDARD_OUTPUT else sys.stdout)
    return EXIT_OK


def _written_to(target: object, given: str) -> str:
    """Return where a subcommand wrote its level, as its summary line names it."""
    return "standard output" if target == STANDARD_OUTPUT else given


def _generate_flag(args: argparse.Namespace, option: str, message: str) -> str:
    """Return the one line `neo-terra generate` shows for a problem of `option`, naming the flag and what it was given."""
    if option in ("width", "height") and args.size is not None:
        return f"--size {args.size}: {message}"
    if option == "shares":
        return f"--water, --ruins and --undercity {message}"
    if option == "target":
        return f"--target: {message}"
    return f"--{option} {getattr(args, option)}: {message}"


def _seed_list(text: str) -> list[int]:
    parse = _bounded_int("--seed-list", 0, MAX_SEED)
    seeds = [parse(part.strip()) for part in text.split(",") if part.strip()]
    if not seeds or len(seeds) > MAX_SWEEP_SEEDS:
        raise argparse.ArgumentTypeError(f"--seed-list needs 1 to {MAX_SWEEP_SEEDS:,} seeds separated by commas")
    return list(dict.fromkeys(seeds))


def _bounded_int(flag: str, low: int, high: int):  # noqa: ANN202 - argparse type callable
    def parse(text: str) -> int:
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} must be a whole number, not '{text}'") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{flag} must be between {low} and {high:,}, not {value}")
        return value

    return parse


STANDARD_OUTPUT = "-"  # --report -, --save -, --export-replay -: write to stdout, for piping


def _writable_target(flag: str, path: str) -> Path | str:
    """Return where `flag` writes (STANDARD_OUTPUT for '-'); UsageError in one line if it cannot."""
    from game.files import destination

    if path == STANDARD_OUTPUT:
        return STANDARD_OUTPUT
    try:
        destination(path)  # folders and missing folders refused now; FIFOs, devices and links are fine
    except OSError as error:
        # destination's own reasons name the path; the system's (a folder we may not read) need it added
        reason = error.strerror or str(error)
        raise UsageError(f"{flag}: {reason}" if error.filename is None else f"{flag}: '{error.filename}': {reason}") from None
    return Path(path)


def one_line(message: str) -> str:
    """Return `message` with every character that is not printable (a control character in a file
    name, say, which a terminal or `str.splitlines` would take for a line break) shown as \\uXXXX,
    and cut with an ellipsis past MAX_LINE_CHARS (game/level/errors.py)."""
    from game.level.errors import bounded

    return bounded("".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in message))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    from game.bootstrap import ensure_kernels

    ensure_kernels()  # in a checkout: the compiled kernels as built from their source, before the simulation loads them
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except UsageError as error:
        print(one_line(f"neo-terra: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`neo-terra --list-levels | head -1`): say nothing more, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: list[str]) -> int:
    from game.level import InputError

    subcommands = {
        SWEEP: (build_sweep_parser, run_sweep),
        GENERATE: (build_generate_parser, run_generate),
        IMPORT_CTY: (build_import_cty_parser, run_import_cty),
    }
    if argv and argv[0] in subcommands:
        build_subparser, run_subcommand = subcommands[argv[0]]
        try:
            return run_subcommand(build_subparser().parse_args(argv[1:]))
        except InputError as error:
            for problem in error.problems:
                print(one_line(problem), file=sys.stderr)
            return EXIT_USAGE
    args = build_parser().parse_args(argv)
    try:
        if args.list_levels or args.schema:
            given = [name for name, value in vars(args).items() if value not in (None, False)]
            if len(given) > 1:
                raise UsageError(f"{'--list-levels' if args.list_levels else '--schema'} cannot be combined with other options")
            if args.list_levels:
                return list_levels()
            from game.level.json_schema import schema_text

            sys.stdout.write(schema_text())
            return EXIT_OK
        if args.level is not None:
            from game.level import find_level

            args.level = str(find_level(args.level))
        if args.validate:
            if args.headless or args.level or args.load:
                raise UsageError("--validate cannot be combined with other options")
            return validate(args.validate)
        if args.headless and args.replay:
            return run_replay(args)
        if args.headless:
            return run_headless(args)
        for flag in ("ticks", "commands", "report", "save", "replay", "export_replay", "checkpoint_every"):
            if getattr(args, flag) is not None:
                raise UsageError(f"--{flag.replace('_', '-')} only works with --headless")
        if args.level and args.load:
            raise UsageError("choose either --level or --load, not both")
        edit = None
        if args.edit is not None:
            if args.level or args.load:
                raise UsageError("--edit cannot be combined with --level or --load")
            from game.level import find_level
            from game.ui.requests import EditLevel

            try:
                edit = EditLevel(str(find_level(args.edit)) if args.edit else "")
            except InputError as error:  # find_level speaks of --level
                raise InputError([problem.replace("--level:", "--edit:", 1) for problem in error.problems]) from None
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # pygame's greeting would be the window's only output
        from game.app import run_window

        return run_window(level_path=args.level, load_path=args.load, seed=args.seed, edit=edit)
    except InputError as error:
        for problem in error.problems:
            print(one_line(problem), file=sys.stderr)
        return EXIT_USAGE


def list_levels() -> int:
    """Print each level the player can name: id, name, map size, and where its file is; 0."""
    from game.level import InputError, level_catalogue, load_level, user_levels_dir

    rows = []
    for level in level_catalogue():
        try:
            scenario = load_level(level.path)
        except InputError as error:
            rows.append((level.id, f"cannot be played: {error.problems[0]}", "", level.origin, level.path))
            continue
        height, width = scenario.terrain.shape
        rows.append((level.id, scenario.name, f"{width}x{height}", level.origin, level.path))
    id_width = max((len(row[0]) for row in rows), default=0)
    name_width = max((len(row[1]) for row in rows if row[2]), default=0)
    for level_name, title, size, origin, path in rows:
        print(one_line(f"{level_name:<{id_width}}  {title:<{name_width}}  {size:>7}  {origin:<7}  {path}"))
    print(one_line(f"Your own levels go in {user_levels_dir()}; play one with --level ID or --level PATH."))
    return EXIT_OK


def validate(paths: list[str]) -> int:
    """Check each level file, print one line per problem or an OK line; 0 when all are valid."""
    from game.level import validate_level

    failed = False
    for path in paths:
        problems = validate_level(path)
        for problem in problems:
            print(one_line(problem), file=sys.stderr)
        if problems:
            failed = True
        else:
            print(f"{path}: ok")
    return EXIT_USAGE if failed else EXIT_OK


def run_headless(args: argparse.Namespace) -> int:
    """Run a level (or a save) without a window for --ticks ticks, then summarise and report."""
    from game.files import is_standard_output, remove_stale_temporaries
    from game.level import InputError, load_commands
    from game.opening import Unopened, open_level, open_save
    from game.report import build_report, command_entry

    if args.ticks is None:
        raise UsageError("--headless needs --ticks N")
    if (args.level is None) == (args.load is None):
        raise UsageError("--headless needs exactly one of --level PATH or --load PATH")
    if args.checkpoint_every is not None and args.export_replay is None:
        raise UsageError("--checkpoint-every only works with --export-replay FILE")
    report_path = _writable_target("--report", args.report) if args.report else None
    save_path = _writable_target("--save", args.save) if args.save else None
    replay_path = _writable_target("--export-replay", args.export_replay) if args.export_replay else None
    dashes = [flag for flag, path in (("--report", report_path), ("--save", save_path), ("--export-replay", replay_path))
              if path == STANDARD_OUTPUT]
    if len(dashes) > 1:  # two documents run together on stdout would be neither
        raise UsageError(f"only one output can go to standard output ('-'), not {' and '.join(dashes)}")
    for output in (report_path, save_path, replay_path):
        if output is not None and output != STANDARD_OUTPUT:
            remove_stale_temporaries(output)  # left by an earlier run that was killed while writing
    schedule = load_commands(args.commands) if args.commands else []
    if args.load and args.seed is not None:
        raise UsageError("--seed cannot change a saved game's seed")
    source = args.load or args.level
    sim = open_save(args.load) if args.load else open_level(args.level, seed=args.seed)
    if isinstance(sim, Unopened):
        raise InputError(sim.problems)
    results, ticks_run = run_commands(sim, schedule, args.ticks, stop_at_end=not args.continue_after_end)
    entries = [command_entry(tick, command, results[i]) for i, (tick, command) in enumerate(schedule)]
    report = build_report(sim, source, ticks_run, entries, ticks_requested=args.ticks)
    replay = None
    if replay_path is not None:
        from game.replay import DEFAULT_CHECKPOINT_TICKS, ExportFailed, replay_document

        replay = replay_document(sim, _replay_anchor(replay_path), args.checkpoint_every or DEFAULT_CHECKPOINT_TICKS)
        if isinstance(replay, ExportFailed):
            raise UsageError(f"--export-replay: {replay.reason}")
    from game.level.save import save_bytes

    # The report goes last: a save or replay that fails (a full disk) fails the run before any report says it went well.
    outputs = [
        (save_path, functools.partial(save_bytes, sim)),
        (replay_path, lambda: (json.dumps(replay, indent=1) + "\n").encode()),
        (report_path, lambda: (json.dumps(report, indent=2) + "\n").encode()),
    ]
    # Asked before writing: a replaced file is no longer the one stdout has open.
    document_on_stdout = any(path == STANDARD_OUTPUT or is_standard_output(path) for path, _data in outputs if path is not None)
    for path, data in outputs:
        if path is not None:
            _write_output(path, data())
    # stdout holds only the document when one goes there (`--report - | jq`), so the summary moves aside.
    print(summary_line(report), file=sys.stderr if document_on_stdout else sys.stdout)
    return EXIT_OK


def _write_output(path: Path | str, data: bytes) -> None:
    """Write one output of a headless run to its file or to stdout; UsageError in one line if it fails."""
    from game.files import write_atomic, write_to_stream

    try:
        if path == STANDARD_OUTPUT:
            write_to_stream(sys.stdout, data)
        else:
            write_atomic(path, data)
    except OSError as error:
        # A regular file that was there before is untouched: write_atomic only ever renames over it.
        name = "standard output" if path == STANDARD_OUTPUT else str(path)
        raise UsageError(f"{name}: cannot write: {error.strerror or error}") from None


def _replay_anchor(path: Path | str) -> Path | str:
    """Return the path a replay's level is written relative to: its file's, or the current folder's
    when it goes to stdout, a pipe or a device (whose own path, /proc/self/fd/1, says nothing)."""
    from game.files import WriteThrough, destination

    try:
        through = path == STANDARD_OUTPUT or isinstance(destination(path), WriteThrough)
    except OSError:
        through = False  # gone since the check before the run: writing it will say why in one line
    return Path.cwd() / "replay.json" if through else path


def run_replay(args: argparse.Namespace) -> int:
    """Re-run a replay file and check its checkpoints: one line, exit 0 (match), 1 (diverged) or 2."""
    from game.replay import Diverged, load_replay, verify

    for flag in ("level", "load", "ticks", "seed", "commands", "report", "save", "export_replay", "checkpoint_every"):
        if getattr(args, flag) is not None:
            raise UsageError(f"--replay takes its level, seed and commands from the replay file; drop --{flag.replace('_', '-')}")
    replay = load_replay(args.replay)
    verdict = verify(replay)
    if isinstance(verdict, Diverged):
        print(
            f"{replay.label}: diverged at tick {verdict.tick:,} (day {verdict.tick // 24}): "
            f"expected hash {verdict.expected}, got {verdict.actual}"
        )
        return EXIT_DIVERGED
    print(f"{replay.label}: replay matches: {verdict.checkpoints:,} checkpoints to tick {verdict.ticks:,}, hash {verdict.state_hash}")
    return EXIT_OK


def run_sweep(args: argparse.Namespace) -> int:
    """Run `neo-terra sweep`: play (or --merge, or --verify) sweeps; a cluster that cannot be used is a UsageError."""
    from game.sweep_cluster import ClusterError

    try:
        if args.merge:
            return run_merge(args)
        if args.verify:
            return run_verify(args)
        return play_sweep(args)
    except ClusterError as error:
        raise UsageError(str(error)) from None


def play_sweep(args: argparse.Namespace) -> int:
    """Play every strategy on every seed of the level, print the outcome table, and write --out and --chart."""
    from game.level import find_level
    from game.sim.cadence import TICKS_PER_DAY
    from game.sweep import days_for, play_runs, read_sweep_level, sweep_scenario

    if args.level is None:
        raise UsageError("sweep needs --level LEVEL (or --merge or --verify with sweep files)")
    level = read_sweep_level(find_level(args.level))
    scenario = sweep_scenario(level)  # its problems, one line each, before any worker starts (read once here)
    specs = strategy_specs(args.strategies)
    outputs = _sweep_outputs(args)
    seeds = args.seed_list or list(range(1, (args.seeds or 5) + 1))
    days = args.days or days_for(scenario)
    runs = [(spec, seed) for spec in specs for seed in seeds]
    results = play_runs(level, runs, days * TICKS_PER_DAY, _jobs(args), dask=args.dask or "", progress=_progress(args, len(runs)))
    return _emit_sweep(outputs, level.path, level.sha256, scenario.name, seeds, days, results)


@dataclasses.dataclass(frozen=True, slots=True)
class _SweepOutputs:
    """Where a sweep's table goes besides the screen: --out (a .csv or .json file, or STANDARD_OUTPUT) and --chart."""

    out: Path | str | None
    chart: Path | None


def _sweep_outputs(args: argparse.Namespace) -> _SweepOutputs:
    """Return the sweep's --out and --chart targets, checked before any run; UsageError in one line."""
    out = _writable_target("--out", args.out) if args.out else None
    if out is not None and out != STANDARD_OUTPUT and Path(out).suffix.lower() not in (".csv", ".json"):
        raise UsageError(f"--out: '{args.out}' must end in .csv or .json (or be - for JSON on standard output)")
    chart = _writable_target("--chart", args.chart) if args.chart else None
    if chart is not None and (chart == STANDARD_OUTPUT or Path(chart).suffix.lower() != ".png"):
        raise UsageError(f"--chart: '{args.chart}' must end in .png")
    return _SweepOutputs(out, Path(chart) if chart is not None else None)


def _jobs(args: argparse.Namespace) -> int:
    return int(args.jobs or os.cpu_count() or 1)


def _progress(args: argparse.Namespace, total: int) -> Progress | None:
    """Return the progress bar to draw on stderr: with --progress, or when stderr is a terminal, unless --quiet; else None."""
    from game.sweep_progress import ProgressBar

    if args.quiet or not (args.progress or sys.stderr.isatty()):
        return None
    return ProgressBar(total, sys.stderr)


def _emit_sweep(outputs: _SweepOutputs, level_path: str, level_sha256: str, level_name: str, seeds: Sequence[int], days: int,
                results: Sequence[RunResult]) -> int:
    """Print the sweep's table and write --out and --chart; EXIT_OK."""
    from game.sweep import csv_text, json_text, summarise, sweep_heading, table_text

    rows = summarise(results)
    table = table_text(level_name, seeds, days, rows)
    out = outputs.out
    if out is not None:
        as_csv = out != STANDARD_OUTPUT and Path(out).suffix.lower() == ".csv"
        document = csv_text(rows) if as_csv else json_text(level_path, level_sha256, level_name, seeds, days, rows, results)
        _write_output(out, document.encode())
    if outputs.chart is not None:
        from game.sweep_chart import chart_png

        _write_output(outputs.chart, chart_png(f"{level_name}: outcome rates per strategy", sweep_heading(seeds, days, rows), rows))
    # stdout holds only the JSON when it goes there, so the table moves aside.
    print(table, end="", file=sys.stderr if out == STANDARD_OUTPUT else sys.stdout)
    return EXIT_OK


def run_merge(args: argparse.Namespace) -> int:
    """Merge sweeps' JSON files and print (and write) the merged table; 1 when runs disagree, writing nothing."""
    from game.sweep_files import load_sweep, merge_sweeps

    _only_with("--merge", args, ("level", "strategies", "seeds", "seed_list", "days", "dask"))
    outputs = _sweep_outputs(args)
    merged = merge_sweeps([load_sweep(path) for path in args.merge])
    if merged.disagreements:
        for line in merged.disagreements:
            print(one_line(line), file=sys.stderr)
        print(one_line(f"neo-terra: --merge: {len(merged.disagreements):,} runs disagree on their state hash; nothing written"), file=sys.stderr)
        return EXIT_DIVERGED
    sweep = merged.sweep
    return _emit_sweep(outputs, sweep.level, sweep.level_sha256, sweep.level_name, sweep.seeds, sweep.days, sweep.runs)


def run_verify(args: argparse.Namespace) -> int:
    """Re-play N runs of a sweep's JSON file chosen at random and compare their state hashes; 0 all match, 1 not."""
    import random

    from game.level import find_level
    from game.sim.cadence import TICKS_PER_DAY
    from game.sweep import play_runs, read_sweep_level
    from game.sweep_files import check_level, load_sweep, sample_runs, strategy_for

    _only_with("--verify", args, ("strategies", "seeds", "seed_list", "days", "out", "chart"))
    count_text, path = args.verify
    try:
        count = _bounded_int("--verify N", 1, MAX_VERIFY_RUNS)(count_text)
    except argparse.ArgumentTypeError as error:
        raise UsageError(str(error)) from None
    sweep = load_sweep(path)
    level = read_sweep_level(find_level(args.level) if args.level else sweep.level)
    check_level(sweep, level)
    chosen = sample_runs(sweep, count, random.Random())
    runs = [(strategy_for(run), run.seed) for run in chosen]
    replayed = play_runs(level, runs, sweep.days * TICKS_PER_DAY, _jobs(args), dask=args.dask or "",
                         progress=_progress(args, len(runs)))
    differing = [(expected, actual) for expected, actual in zip(chosen, replayed) if actual.state_hash != expected.state_hash]
    for expected, actual in differing:
        print(one_line(f"{path}: {expected.strategy} seed {expected.seed}: state hash {expected.state_hash}, re-played {actual.state_hash}"))
    verdict = f"{len(differing):,} differ{'s' if len(differing) == 1 else ''}" if differing else "all match"
    print(one_line(f"{path}: re-played {len(chosen):,} of {len(sweep.runs):,} runs: {verdict}"))
    return EXIT_DIVERGED if differing else EXIT_OK


def _only_with(flag: str, args: argparse.Namespace, refused: Sequence[str]) -> None:
    """Raise UsageError naming the first of the `refused` options given beside `flag` (which takes what they say from its sweep files)."""
    for name in refused:
        if getattr(args, name) not in (None, False):
            raise UsageError(f"{flag} cannot be combined with --{name.replace('_', '-')}")


def strategy_specs(names: list[str] | None) -> list[StrategySpec]:
    """Return the strategies `--strategies` names: built-ins by name, commands files by path, folders as their *.toml files."""
    from game.level import load_commands
    from game.strategies import BUILT_IN
    from game.sweep import StrategySpec

    if not names:
        return [StrategySpec(name, built_in=name) for name in BUILT_IN]
    specs: list[StrategySpec] = []
    for name in names:
        path = Path(name)
        if name in BUILT_IN:
            specs.append(StrategySpec(name, built_in=name))
        elif path.is_dir():
            files = sorted(path.glob("*.toml"))
            if not files:
                raise UsageError(f"--strategies: folder '{name}' holds no *.toml commands files")
            specs += [StrategySpec(str(file), schedule=tuple(load_commands(file))) for file in files]
        elif path.is_file() or path.suffix == ".toml":
            specs.append(StrategySpec(name, schedule=tuple(load_commands(path))))
        else:
            raise UsageError(f"--strategies: no strategy named '{name}'; built-ins: {', '.join(BUILT_IN)} (or give a commands file or a folder of them)")
    labels = [spec.label for spec in specs]
    repeated = next((label for label in labels if labels.count(label) > 1), None)
    if repeated is not None:
        raise UsageError(f"--strategies: '{repeated}' is named twice")
    return specs


def run_commands(sim, schedule: list, ticks: int, stop_at_end: bool = True) -> tuple[list, int]:  # noqa: ANN001 - Simulation, lazy import
    """Step `sim` for up to `ticks` ticks, applying each (tick, command) at the start of its tick.

    Command ticks are simulation ticks, so a commands file means the same for a new game and for a
    save that continues it; commands whose tick has already passed are not applied. With
    `stop_at_end` the run stops once the level is won or lost (the tick that decided it is the
    last). Returns each command's result (None for those the run never reached) and the ticks run.
    """
    from game.sim.commands import Rejected

    results: list = [None] * len(schedule)
    order = sorted(range(len(schedule)), key=lambda i: schedule[i][0])
    cursor = 0
    while cursor < len(order) and schedule[order[cursor]][0] < sim.tick:
        results[order[cursor]] = Rejected(f"tick {schedule[order[cursor]][0]} is before the run started at {sim.tick}")
        cursor += 1

    def apply_due() -> None:
        nonlocal cursor
        while cursor < len(order) and schedule[order[cursor]][0] == sim.tick:
            results[order[cursor]] = sim.execute(schedule[order[cursor]][1])
            cursor += 1

    return results, step_until_end(sim, ticks, apply_due, stop_at_end)


def step_until_end(sim, ticks: int, before_each: Callable[[], None], stop_at_end: bool = True) -> int:  # noqa: ANN001 - Simulation, lazy import
    """Step `sim` up to `ticks` ticks, calling `before_each` at the start of each (to send its commands); return the ticks run.

    With `stop_at_end` the run stops once the level is won or lost: the headless runner and the
    balance sweep both play this way, so their reports show the city as the game ended. A won
    city played on (KeepPlaying) runs on.
    """
    for run in range(ticks):
        if stop_at_end and not sim.outcome.goes_on:
            return run
        before_each()
        sim.step()
    return ticks


def summary_line(report: dict) -> str:
    """Return the one-line summary a headless run prints."""
    outcome = report["outcome"]
    status = outcome["status"] + (f" ({outcome['reason']})" if outcome["reason"] else "") + (", played on" if outcome.get("playing_on") else "")
    return (
        f"{report['level_name']}: day {report['day']} tick {report['tick']}, {status}; "
        f"funds {report['funds']:,}, population {report['population']:,}, "
        f"power {report['power']['served_fraction']:.0%} served, pollution mean {report['pollution']['mean']:.0f}, "
        f"recycled {report['waste']['recycled']:,}, hazardous untreated {report['waste']['hazardous_untreated']:,}, "
        f"contentment {report['resident_contentment']}%, voter approval {report['voter_approval']['overall']}%, scavengers {report['agents']['scavengers']:,}, "
        f"events {len(report['events'])}, elections {_elections(report['elections'])}; "
        f"hash {report['state_hash']}"
    )


def _elections(elections: list[dict]) -> str:
    """Return the elections held as `won 54%, lost 47%`, or `none yet`."""
    return ", ".join(f"{e['result']} {e['vote_share']}%" for e in elections) or "none yet"
