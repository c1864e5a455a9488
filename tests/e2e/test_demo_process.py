"""Issue 13: `python -m bot demo` starts with no settings, stops cleanly on Ctrl-C and answers bad input clearly."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.testing.bot_process import ROOT
from tests.e2e.demo_run import DemoRun

pytestmark = pytest.mark.process


def fetch(url: str, *, method: str = "GET", headers: dict[str, str] | None = None,
          body: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_ctrl_c_stops_the_demo_cleanly_and_removes_its_database() -> None:
    with DemoRun() as demo:
        status, page = fetch(demo.page_url)
        assert status == 200 and '<script src="/demo/static/demo.js">' in page
        assert demo.lines[0] == f"Демо: откройте в браузере {demo.page_url}"
        folder = demo.temporary_folder
        assert (folder / "bot.sqlite3").is_file()
        assert fetch(f"{demo.bot_url}/healthz")[0] == 200
        assert demo.interrupt() == 0
    assert not folder.exists()
    assert demo.lines[-1] == "Демо остановлено."
    assert not [line for line in demo.lines if "Traceback" in line or "ERROR" in line]


def test_the_page_serves_only_its_own_address_and_changes_only_by_json() -> None:
    with DemoRun("--lang", "en") as demo:
        api = f"http://127.0.0.1:{demo.port}/demo/api/events/candidate_responds"
        assert fetch(demo.page_url, headers={"Host": f"attacker.example:{demo.port}"})[0] == 421
        assert fetch(api, method="POST", body=b'{"role": "employer"}', headers={"Content-Type": "text/plain"})[0] == 415
        status, said = fetch(api, method="POST", body=b'{"role": "employer"}',
                             headers={"Content-Type": "application/json"})
        assert (status, said.startswith('{"said": "Ivan Petrov responds to')) == (200, True)
        assert fetch(f"http://127.0.0.1:{demo.port}/demo/api/telegram/users", method="POST", body=b"{}",
                     headers={"Content-Type": "application/json"})[0] == 404  # only the user side passes through
        assert demo.interrupt() == 0


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "demo", *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60, check=False)


def test_a_data_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    """Issue 23: the demo's database and key file never land among someone's files."""
    (tmp_path / "notes.txt").write_text("mine")
    done = run_demo("--data", str(tmp_path), "--lang", "en")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"{tmp_path} holds other files, and the demo keeps its database in an empty folder so that "
                           "nothing gets mixed up. Give an empty or new folder: --data NEW_FOLDER\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def test_an_empty_data_folder_is_taken(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with DemoRun("--data", str(folder)) as demo:
        assert (folder / "bot.sqlite3").is_file()
        assert demo.interrupt() == 0
    assert (folder / "bot.sqlite3").is_file()


def test_a_data_folder_holding_an_earlier_database_is_refused_and_kept(tmp_path: Path) -> None:
    earlier = tmp_path / "bot.sqlite3"
    earlier.write_bytes(b"an earlier run")
    done = run_demo("--data", str(tmp_path), "--lang", "en")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"{tmp_path} already holds a demo database. The fake hh.ru and Telegram start empty on "
                           "every run, so an empty folder is needed: --data NEW_FOLDER\n")
    assert earlier.read_bytes() == b"an earlier run"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_taken_port_is_named_and_a_free_one_suggested(language: str) -> None:
    with socket.socket() as taken, socket.socket() as next_one:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with contextlib.suppress(OSError):  # already taken is as good
            next_one.bind(("127.0.0.1", port + 1))  # taken too, so the suggestion must skip it
        done = run_demo("--port", str(port), "--lang", language)
        expected = {"ru": f"Порт {port} занят", "en": f"Port {port} is taken"}[language]
        assert (done.returncode, done.stdout, done.stderr.startswith(expected)) == (1, "", True), done.stderr
        suggested = re.search(r"--port (\d+)\n$", done.stderr)
        assert suggested is not None, done.stderr
        free = int(suggested.group(1))
        assert free > port + 1
    with socket.socket() as check:
        check.bind(("127.0.0.1", free))  # it was free when suggested, and still is


def test_the_help_lines_up() -> None:
    """Issue 23: every option's help starts in the same column."""
    done = subprocess.run([sys.executable, "-m", "bot", "demo", "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True, env={**os.environ, "COLUMNS": "100"})
    options = done.stdout.split("options:\n", 1)[1].splitlines()
    firsts = [line for line in options if line.startswith("  -")]
    assert [line.split()[0] for line in firsts] == ["-h,", "--port", "--data", "--script", "--lang"]
    columns = {len(line) - len(line[2:].split("  ", 1)[1].lstrip()) for line in firsts}
    assert len(columns) == 1, done.stdout
