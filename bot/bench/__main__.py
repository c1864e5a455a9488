"""`python -m bot.bench [--accounts N] [--rate R] …`, `python -m bot.bench --faults`,
`python -m bot.bench --webhooks [--webhook-faults]` and `python -m bot.bench --teams [--groups G]`."""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import tempfile
import time
from pathlib import Path

from bot.lazy_aiogram import import_aiogram_lazily


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from bot.bench.fault_run import FaultOptions
    from bot.bench.team_run import TeamOptions

    parser = argparse.ArgumentParser(prog="python -m bot.bench", description=__doc__)
    parser.add_argument("--accounts", type=int, default=None,
                        help="linked accounts (default 1000; with --faults 100)")
    parser.add_argument("--rate", type=float, default=None,
                        help="HH_RATE_LIMIT, requests per second (default 8; with --faults 20)")
    parser.add_argument("--interval", type=float, default=None,
                        help="POLL_INTERVAL in seconds (default: accounts ÷ rate × 1.25; with --faults 1)")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the fake hh.ru adds to every answer")
    parser.add_argument("--events", type=int, default=None,
                        help="news created on hh.ru, spread over two poll intervals (default 100; with --teams "
                             f"{TeamOptions().events})")
    parser.add_argument("--faults", action="store_true",
                        help="the fault run: 2,000 messages over 100 accounts, five kill -9 and restarts, and the "
                             "database locked for 6 s mid-run")
    faults = FaultOptions()
    parser.add_argument("--messages", type=int, default=faults.messages,
                        help=f"with --faults: hh.ru messages replayed (default {faults.messages})")
    parser.add_argument("--kills", type=int, default=faults.kills,
                        help=f"with --faults: kill -9 and restarts (default {faults.kills})")
    parser.add_argument("--replay-seconds", type=float, default=faults.replay_seconds,
                        help=f"with --faults: seconds the messages are spread over (default {faults.replay_seconds:g})")
    parser.add_argument("--lock-seconds", type=float, default=faults.lock_seconds,
                        help=f"with --faults: how long another connection holds the database locked, mid-run "
                             f"(default {faults.lock_seconds:g})")
    parser.add_argument("--webhooks", action="store_true",
                        help="the webhook run: employer accounts with working hh.ru webhooks (default 10,000, "
                             "rate 8, POLL_INTERVAL 60), news delivered by webhooks, polls at the fallback interval")
    parser.add_argument("--webhook-faults", action="store_true",
                        help="the webhook run with 10%% of deliveries lost and 10%% sent twice (implies --webhooks)")
    parser.add_argument("--fallback", type=float, default=None,
                        help="with --webhooks: HH_WEBHOOK_FALLBACK_INTERVAL, also the length of the measured "
                             "window (default 900)")
    parser.add_argument("--warmup", type=float, default=None,
                        help="with --webhooks: seconds after the bot started before the window opens (default 30)")
    teams = TeamOptions()
    parser.add_argument("--teams", action="store_true",
                        help="the hiring-teams run: employer accounts (default 1000) whose news all goes to forum "
                             "groups, accounts ÷ groups owners each, a topic per vacancy")
    parser.add_argument("--groups", type=int, default=teams.groups,
                        help=f"with --teams: forum supergroups (default {teams.groups})")
    parser.add_argument("--burst", type=int, default=teams.burst,
                        help=f"with --teams: pieces of news one employer gets at once (default {teams.burst})")
    parser.add_argument("--output", type=Path, default=Path("benchmarks"), help="folder for the results")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    import_aiogram_lazily()  # before the runs below import aiogram (through the poller)
    from bot.bench.fault_run import FaultOptions, fault_run
    from bot.bench.main_run import MainOptions, main_run
    from bot.bench.team_run import TeamOptions, team_run
    from bot.bench.webhook_run import WebhookOptions, webhook_run

    args = parse_args(argv)
    command = "python -m bot.bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="hh-bench-") as work:
        if args.teams:
            usual_teams = TeamOptions()
            team_options = TeamOptions(
                accounts=args.accounts or usual_teams.accounts, groups=args.groups, rate=args.rate or usual_teams.rate,
                interval=args.interval, latency=args.latency,
                events=usual_teams.events if args.events is None else args.events, burst=args.burst, seed=args.seed)
            report = asyncio.run(team_run(team_options, Path(work), command))
            stem = f"teams-{team_options.accounts}-{time.strftime('%Y%m%d-%H%M%S')}"
        elif args.webhooks or args.webhook_faults:
            hooks = WebhookOptions()
            faults = 0.1 if args.webhook_faults else 0.0
            webhook_options = WebhookOptions(
                accounts=args.accounts or hooks.accounts, rate=args.rate or hooks.rate,
                interval=args.interval or hooks.interval, fallback=args.fallback or hooks.fallback,
                latency=args.latency, events=hooks.events if args.events is None else args.events, lose=faults,
                duplicate=faults,
                warmup=hooks.warmup if args.warmup is None else args.warmup, seed=args.seed)
            report = asyncio.run(webhook_run(webhook_options, Path(work), command))
            stem = f"webhooks{'-faults' if faults else ''}-{webhook_options.accounts}-{time.strftime('%Y%m%d-%H%M%S')}"
        elif args.faults:
            defaults = FaultOptions()
            fault_options = FaultOptions(
                accounts=args.accounts or defaults.accounts, messages=args.messages, kills=args.kills,
                replay_seconds=args.replay_seconds, lock_seconds=args.lock_seconds, rate=args.rate or defaults.rate,
                interval=args.interval or defaults.interval, latency=args.latency, seed=args.seed)
            report = asyncio.run(fault_run(fault_options, Path(work), command))
            stem = f"faults-{time.strftime('%Y%m%d-%H%M%S')}"
        else:
            usual = MainOptions()
            options = MainOptions(accounts=args.accounts or usual.accounts, rate=args.rate or usual.rate,
                                  interval=args.interval, latency=args.latency,
                                  events=usual.events if args.events is None else args.events, seed=args.seed)
            report = asyncio.run(main_run(options, Path(work), command))
            stem = f"bench-{options.accounts}-{time.strftime('%Y%m%d-%H%M%S')}"
    path = report.write(args.output, stem)
    print(report.text())
    print(f"written to {path}")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
