"""``python -m bench`` (``make bench``): every measurement in one run, the results table written to
bench/results/ and into bench/README.md."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bastion.memory import settle_garbage_collector
from bench import report
from bench.api_rate import run_api_benchmark
from bench.freshness import run_freshness
from bench.machine import describe
from bench.replay import run_replay
from bench.stack import BenchStack

HERE = Path(__file__).resolve().parent
PHASES = ("replay", "freshness", "api")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000, help="events on the topics for ingest and rebuild")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each freshness rate and the API run")
    parser.add_argument("--naive-seconds", type=float, default=30.0, help="how long the naive consumer reads")
    parser.add_argument("--only", choices=PHASES, action="append", help="run only these phases (repeatable)")
    parser.add_argument("--quick", action="store_true", help="a small run to check the benchmarks work")
    parser.add_argument("--root", type=Path, default=Path(".bench-run"), help="where the stack keeps its data")
    parser.add_argument("--results", type=Path, default=HERE / "results", help="where the results go")
    parser.add_argument("--no-readme", action="store_true", help="do not put the table into bench/README.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.events, args.seconds, args.naive_seconds = 60_000, 6.0, 5.0
    settle_garbage_collector()
    results = asyncio.run(_run(args, " ".join(["python -m bench", *(argv or sys.argv[1:])])))
    markdown = report.write(results, args.results)
    if not args.no_readme and not args.quick:
        report.into_readme(HERE / "README.md", markdown)
    print(markdown)
    return 0


async def _run(args: argparse.Namespace, command: str) -> dict[str, Any]:
    phases = args.only or list(PHASES)
    started = time.perf_counter()
    results: dict[str, Any] = {"started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "command": command}
    stack = BenchStack(args.root)
    stack.start()
    try:
        results["machine"] = await describe(stack.postgres.url)
        if "replay" in phases:
            results["replay"] = await run_replay(
                stack, events=args.events, naive_seconds=args.naive_seconds, results=args.results, say=_say
            )
        if "freshness" in phases:
            stack.fresh_broker()
            results["freshness"] = await run_freshness(stack, seconds=args.seconds, say=_say)
        if "api" in phases:
            stack.fresh_broker()
            results["api"] = await run_api_benchmark(stack, seconds=args.seconds, say=_say)
    finally:
        stack.stop()
    results["seconds"] = time.perf_counter() - started
    return results


def _say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
