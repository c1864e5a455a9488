"""`python -m bot demo` as a subprocess, the way a newcomer runs it: started, its printed lines read, Ctrl-C'd."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from bot.demo.stack import HEALTHZ_AUTH
from bot.testing.bot_process import ROOT, free_port

START_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0
POLL_STEP = 0.05
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+")
TEMPORARY_FOLDER = re.compile(r"/\S*hh-bridge-demo-\S+")


class DemoRun:
    def __init__(self, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.page_url = f"http://127.0.0.1:{self.port}/demo"
        self.command = [sys.executable, "-m", "bot", "demo", "--port", str(self.port), *args]
        self.lines: list[str] = []
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Starts the demo and waits until it has printed everything it prints on start."""
        self.process = subprocess.Popen(self.command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        self.wait_for_line("Ctrl-C", START_TIMEOUT)

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, contains: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            found = next((line for line in self.lines if contains in line), None)
            if found is not None:
                return found
            if self.process is None or self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the demo printed no line with {contains!r}:\n" + "\n".join(self.lines))
            time.sleep(POLL_STEP)

    @property
    def bot_url(self) -> str:
        """The bot's own address, which the demo prints on the line that names its /healthz."""
        match = ADDRESS.search(self.wait_for_line("/healthz", 0))
        assert match is not None
        return match.group(0)

    @property
    def temporary_folder(self) -> Path:
        """The throw-away folder of the database, as the demo printed it."""
        match = TEMPORARY_FOLDER.search(self.wait_for_line("hh-bridge-demo-", 0))
        assert match is not None
        return Path(match.group(0))

    def outbox_pending(self) -> int:
        request = urllib.request.Request(f"{self.bot_url}/healthz", headers=HEALTHZ_AUTH)
        with urllib.request.urlopen(request, timeout=5) as answer:
            pending: int = json.load(answer)["outbox_pending"]
            return pending

    def wait_outbox_drained(self, timeout: float = 15.0) -> None:
        """Telegram shows a push a moment before the bot notes where it went; a reply to it needs that note."""
        deadline = time.monotonic() + timeout
        while self.outbox_pending() != 0:
            if time.monotonic() > deadline:
                raise AssertionError("the bot's outbox did not drain")
            time.sleep(POLL_STEP)

    def interrupt(self) -> int:
        """Ctrl-C: SIGINT, as a terminal sends it; returns the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=STOP_TIMEOUT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> DemoRun:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.kill()
