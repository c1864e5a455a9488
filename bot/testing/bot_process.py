"""The real `python -m bot` process, started against the fakes (for tests and the benchmark)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
from cryptography.fernet import Fernet

from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
USER_AGENT = "HHBridgeTests/1.0 (tests@example.com)"
HEALTHZ_TOKEN = "healthz-token-for-tests-0123456789"
HEALTHZ_AUTH = {"Authorization": f"Bearer {HEALTHZ_TOKEN}"}  # shows /healthz's details


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BotProcess:
    """`python -m bot` with settings pointing at the fakes; extra settings override the defaults."""

    def __init__(self, hh: FakeHH, tg: FakeTelegram, folder: Path, **settings: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "bot.log"
        redirect_uri = f"{self.url}/oauth/callback"
        hh.redirect_uri = redirect_uri
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("HH_", "WEBHOOK_"))},
            "BOT_TOKEN": tg.token, "TELEGRAM_API_URL": tg.base_url, "HH_CLIENT_ID": "test-client",
            "HH_CLIENT_SECRET": "test-secret", "HH_REDIRECT_URI": redirect_uri, "HH_API_URL": hh.base_url,
            "HH_OAUTH_URL": hh.base_url, "HH_USER_AGENT": USER_AGENT, "HH_RATE_LIMIT": "50",
            "DATABASE_PATH": str(folder / "bot.sqlite3"), "POLL_INTERVAL": "0.5",
            "ENCRYPTION_KEY": Fernet.generate_key().decode(), "HOST": "127.0.0.1", "PORT": str(self.port),
            "HEALTHZ_TOKEN": HEALTHZ_TOKEN, "LOG_LEVEL": "INFO", **settings,
        }
        self.process: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def start(self, *args: str) -> None:
        with self.log.open("a") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args, env=self.env, cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + 20
        async with aiohttp.ClientSession() as session:
            while True:
                try:
                    async with session.get(f"{self.url}/healthz") as response:
                        await response.read()
                        return
                except aiohttp.ClientConnectionError:
                    if self.process.returncode is not None or time.monotonic() > deadline:
                        raise AssertionError(f"the bot did not start:\n{self.log.read_text()}") from None
                    await asyncio.sleep(0.05)

    async def kill(self) -> None:
        """kill -9: no chance to finish anything."""
        assert self.process is not None
        self.process.kill()
        await self.process.wait()

    async def terminate(self) -> tuple[int, float]:
        """SIGTERM; returns the exit status and how long the process took to stop."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(self.process.wait(), timeout=30)
        return status, time.monotonic() - started

    async def stop_quietly(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
