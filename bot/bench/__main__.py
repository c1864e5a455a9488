"""`python -m bot.bench [--accounts N] [--rate R] …` and `python -m bot.bench --faults`."""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import tempfile
import time
from pathlib import Path

from bot.bench.fault_run import FaultOptions, fault_run
from bot.bench.main_run import MainOptions, main_run


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.bench", description=__doc__)
    parser.add_argument("--accounts", type=int, default=1000, help="linked accounts (default 1000)")
    parser.add_argument("--rate", type=float, default=8.0, help="HH_RATE_LIMIT, requests per second (default 8)")
    parser.add_argument("--interval", type=float, default=None,
                        help="POLL_INTERVAL in seconds (default: accounts ÷ rate × 1.25)")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the fake hh.ru adds to every answer")
    parser.add_argument("--events", type=int, default=100,
                        help="news created on hh.ru, spread over two poll intervals (default 100)")
    parser.add_argument("--faults", action="store_true",
                        help="the fault run: 2,000 messages over 100 accounts, five kill -9 and restarts")
    parser.add_argument("--output", type=Path, default=Path("benchmarks"), help="folder for the results")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "python -m bot.bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="hh-bench-") as work:
        if args.faults:
            report = asyncio.run(fault_run(FaultOptions(latency=args.latency, seed=args.seed), Path(work), command))
            stem = f"faults-{time.strftime('%Y%m%d-%H%M%S')}"
        else:
            options = MainOptions(accounts=args.accounts, rate=args.rate, interval=args.interval,
                                  latency=args.latency, events=args.events, seed=args.seed)
            report = asyncio.run(main_run(options, Path(work), command))
            stem = f"bench-{args.accounts}-{time.strftime('%Y%m%d-%H%M%S')}"
    path = report.write(args.output, stem)
    print(report.text())
    print(f"written to {path}")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
