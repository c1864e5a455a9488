"""`python -m bot`: check the settings, then run the bot in long-poll or webhook mode."""

from __future__ import annotations

import argparse
import sys

from bot.config import EXPECTED, ConfigError, Settings, load_settings, settings_help
from bot.lazy_aiogram import import_aiogram_lazily


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Telegram bridge for hh.ru negotiations. To see it work with no accounts: python -m bot demo",
        epilog=settings_help(),
        formatter_class=lambda prog: argparse.RawDescriptionHelpFormatter(prog, max_help_position=30),
    )
    parser.add_argument("--mode", choices=("polling", "webhook"),
                        help="override the mode (default: webhook when WEBHOOK_URL is set, else polling)")
    return parser.parse_args(argv)


def choose_mode(settings: Settings, requested: str | None) -> str:
    mode = requested or ("webhook" if settings.webhook_url else "polling")
    if mode == "webhook" and not settings.webhook_url:
        raise ConfigError(["WEBHOOK_URL: missing; expected an absolute https URL (required in webhook mode)"])
    if mode == "webhook" and settings.webhook_secret is None:
        raise ConfigError([f"WEBHOOK_SECRET: missing; expected {EXPECTED['webhook_secret']}"])
    return mode


def main(argv: list[str] | None = None) -> int:
    import_aiogram_lazily()  # before anything imports aiogram
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["demo"]:
        from bot.demo.cli import main as demo

        return demo(arguments[1:])
    args = parse_args(argv)
    try:
        settings = load_settings()
        mode = choose_mode(settings, args.mode)
    except ConfigError as error:
        return report(error)
    from bot.app import run

    try:
        return run(settings, mode)
    except ConfigError as error:  # found at start-up: the database path, or a key that reads no stored token
        return report(error)


def report(error: ConfigError) -> int:
    """One line per problem on stderr, no traceback; exit status 2."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
