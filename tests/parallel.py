"""How the suite runs on pytest-xdist's processes (`-n auto` in pyproject; the hooks are in tests/conftest.py).

The suite mostly waits: on loopback HTTP, on child processes, on Telegram's pace. So the whole suite runs on more
workers than the machine has cores, while a run of chosen files or tests stays in one process, where a worker
would only add its start-up.
"""

from __future__ import annotations

import os

import pytest
from xdist.scheduler import LoadScopeScheduling

WORKERS = 6
# Modules whose tests share one probe process per worker (a cached subprocess or a module fixture): one worker runs
# each of them whole, so the probe runs once.
WHOLE_MODULES = frozenset({"tests/test_lazy_aiogram.py", "tests/test_layers.py"})


def workers(config: pytest.Config) -> int:
    """How many workers `-n auto` starts: PYTEST_XDIST_AUTO_NUM_WORKERS if set; none (this process) when every
    argument names a file or a test; else WORKERS."""
    chosen = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if chosen:
        return int(chosen)
    if config.args and all(arg.endswith(".py") or "::" in arg for arg in config.args):
        return 0
    return WORKERS


class WholeModules(LoadScopeScheduling):  # type: ignore[misc]  # xdist has no type information
    """xdist's `load` scheduling, a test at a time to whichever worker is free, except that each module in
    WHOLE_MODULES goes whole to one worker (first, being the biggest units)."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if module in WHOLE_MODULES else nodeid
