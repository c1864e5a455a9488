"""The pure modules stay pure: texts, rendering and keyboards load no service, handler or hh.ru client, so the
types they share with services live where both can import them (`bot.link_result`, `bot.refusals`,
`bot.quiet`, `bot.hh.limits`, `storage.cards`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.process  # under xdist, one worker runs all of this module (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
PURE = ["bot.texts", "bot.render", "bot.keyboards", "bot.quiet_view", "bot.quiet", "bot.link_result", "bot.refusals",
        "bot.hh.limits", "storage.cards", "bot.resume_view"]
LOADED = """
import importlib, sys
from bot.lazy_aiogram import import_aiogram_lazily
import_aiogram_lazily()
for name in sys.argv[1:]:
    for ours in [module for module in sys.modules if module.split(".")[0] in ("bot", "storage")]:
        del sys.modules[ours]
    importlib.import_module(name)
    print(name, sorted(module for module in sys.modules
                       if module.startswith(("bot.services", "bot.handlers", "bot.hh.client", "bot.app", "bot.web"))))
"""


@pytest.fixture(scope="module")
def loaded() -> dict[str, str]:
    """Module → the services, handlers and clients importing it loads (each imported in a clean state)."""
    found = subprocess.run([sys.executable, "-c", LOADED, *PURE], cwd=ROOT, capture_output=True, text=True,
                           check=True, timeout=60)
    return dict(line.split(" ", 1) for line in found.stdout.splitlines())


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_loads_no_service_handler_or_client(loaded: dict[str, str], module: str) -> None:
    assert loaded[module] == "[]"
