"""The Dockerfile, compose.yaml and the Caddyfile (issue 23, item 13), tested as far as a CI with no container engine
allows: the image installs what CI installs and copies everything the package holds, runs as a user of its own with
/data its alone, listens where a container must, and its healthcheck asks the bot's /healthz; compose passes the bot
only settings it knows; Caddy, and the guide's nginx, pass on exactly the paths the bot serves and keep the
sensitive ones out of their access logs."""

from __future__ import annotations

import asyncio
import fnmatch
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tomllib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from aiohttp import web

from bot.app import create_app
from bot.config import Settings
from bot.healthcheck import DEFAULT_PORT, TIMEOUT, check
from tests.conftest import Bridge
from tests.test_env_example import A_TOKEN, example_lines

A_WEBHOOK_SECRET = "a-webhook-secret-of-32-characters-at-least"

ROOT = Path(__file__).resolve().parents[1]  # the checkout
DOCKERFILE = ROOT / "Dockerfile"
SENSITIVE_EXCEPT = {"/healthz"}  # every other path the bot serves carries a code or a secret
StubServer = Callable[[web.Response], Awaitable[str]]


# --- reading the files ------------------------------------------------------------------------------------------

def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined, comments left out: (INSTRUCTION, arguments)."""
    found: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        found.append((keyword.upper(), arguments.strip()))
        pending = ""
    return found


def arguments_of(keyword: str) -> list[str]:
    return [arguments for instruction, arguments in instructions() if instruction == keyword]


def image_env() -> dict[str, str]:
    return dict(pair.split("=", 1) for arguments in arguments_of("ENV") for pair in shlex.split(arguments))


def shell_commands(text: str) -> list[str]:
    return [part.strip() for part in text.split("&&")]


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def caddyfile_matchers(text: str) -> dict[str, list[str]]:
    """`@name path a b c` lines: name → path patterns."""
    return {name: patterns.split() for name, patterns in re.findall(r"^\s*@(\w+) path (.+)$", text, re.MULTILINE)}


def bot_paths() -> list[str]:
    """The paths the bot serves with .env.example's addresses, as its own router has them (a secret filled in)."""
    values: dict[str, Any] = {line.name.lower(): line.value for line in example_lines() if line.on}
    examples = {line.name.lower(): line.value for line in example_lines() if not line.on}
    values.update(bot_token=A_TOKEN, webhook_url=examples["webhook_url"], webhook_secret=A_WEBHOOK_SECRET,
                  hh_webhook_url=examples["hh_webhook_url"])
    app = create_app(Settings(_env_file=None, **values), "webhook")
    return sorted(resource.canonical.replace("{secret}", "an-accounts-secret") for resource in app.router.resources())


def caddy_passes(patterns: list[str], path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


# --- the image --------------------------------------------------------------------------------------------------

def test_the_image_builds_on_the_official_slim_python_the_project_targets() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    version = pyproject["tool"]["mypy"]["python_version"]
    assert pyproject["project"]["requires-python"] == f">={version}"
    assert arguments_of("FROM") == [f"python:{version}-slim"]


def test_the_image_installs_the_project_with_the_commands_ci_runs_without_the_test_extra() -> None:
    ci = [command for line in (ROOT / ".ci" / "run").read_text().splitlines() for command in shell_commands(line)
          if "pip install" in command]
    assert ci == ["python -m pip install --quiet --upgrade pip", 'pip install -e ".[test]"']
    image = [command for arguments in arguments_of("RUN") for command in shell_commands(arguments)
             if "pip install" in command]
    assert image == [ci[0], ci[1].replace("-e ", "").replace('".[test]"', ".")]
    assert "pip install . && python -m bot" in (ROOT / "README.md").read_text(), "the README's own install"


def copied_sources() -> list[str]:
    return [source for arguments in arguments_of("COPY") for source in arguments.split()[:-1]]


@pytest.mark.process
def test_the_image_copies_everything_the_package_holds(tmp_path: Path) -> None:
    """Built from only what the Dockerfile copies, the package has every module and data file of the checkout."""
    copied = copied_sources()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert {"pyproject.toml", pyproject["project"]["readme"], "LICENSE"} <= set(copied)
    source = tmp_path / "app"
    source.mkdir()
    for name in copied:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    built = tmp_path / "built"
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "--quiet", "build_py",
                    "--build-lib", str(built)], cwd=source, check=True, capture_output=True, timeout=120)
    data = pyproject["tool"]["setuptools"]["package-data"]
    wanted = {path.relative_to(ROOT).as_posix() for top in ("bot", "storage") for path in (ROOT / top).rglob("*.py")
              if "__pycache__" not in path.parts}
    wanted |= {path.relative_to(ROOT).as_posix() for package, globs in data.items() for pattern in globs
               for path in (ROOT / package.replace(".", "/")).glob(pattern)}
    found = {path.relative_to(built).as_posix() for path in built.rglob("*") if path.is_file()}
    assert sorted(wanted - found) == []


def test_the_build_context_leaves_out_the_settings_and_the_data() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".env", "data/", "*.sqlite3", "*.key"} <= set(ignored)


def test_the_image_runs_as_a_user_of_its_own_never_root() -> None:
    users = arguments_of("USER")
    assert users, "no USER: the container would run as root"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) != 0 and gid.isdigit() and int(gid) != 0
    made = " ".join(arguments_of("RUN"))
    assert f"useradd --system --uid {uid} --gid hhbridge" in made and f"groupadd --system --gid {gid} hhbridge" in made
    names = [keyword for keyword, _ in instructions()]
    assert names.index("USER") > max(number for number, name in enumerate(names) if name == "RUN"), (
        "everything after the last RUN runs as that user")


def test_data_is_a_volume_of_that_user_alone_and_holds_the_database() -> None:
    made = [command for arguments in arguments_of("RUN") for command in shell_commands(arguments)]
    assert "mkdir -m 0700 /data" in made and "chown hhbridge:hhbridge /data" in made
    assert arguments_of("VOLUME") == ["/data"]
    assert PurePosixPath("/data") in PurePosixPath(image_env()["DATABASE_PATH"]).parents


def test_the_container_listens_on_every_interface_on_the_port_all_its_parts_use() -> None:
    env = image_env()
    assert env["HOST"] == "0.0.0.0", "behind Docker's port mapping or a proxy, requests come from outside"
    bot = compose()["services"]["bot"]
    assert (env["PORT"], arguments_of("EXPOSE"), bot["environment"]["PORT"], DEFAULT_PORT) == (
        "8080", ["8080"], "8080", "8080")
    assert bot["environment"]["HOST"] == "0.0.0.0"
    assert "reverse_proxy bot:8080" in (ROOT / "Caddyfile").read_text()


def healthcheck() -> tuple[str, list[str]]:
    """The HEALTHCHECK's options and its command (exec form)."""
    (arguments,) = arguments_of("HEALTHCHECK")
    options, _, command = arguments.partition(" CMD ")
    parsed = yaml.safe_load(command)
    assert isinstance(parsed, list)
    return options, [str(part) for part in parsed]


def test_the_healthcheck_asks_the_bot_within_its_timeout() -> None:
    options, command = healthcheck()
    assert command == ["python", "-m", "bot.healthcheck"]
    timeout = re.search(r"--timeout=(\d+)s", options)
    assert timeout is not None and int(timeout.group(1)) > TIMEOUT


@pytest.mark.process
async def test_the_images_healthcheck_passes_against_the_running_bot(bridge: Bridge) -> None:
    """The Dockerfile's HEALTHCHECK command, run as Docker would inside the container, against the real bot."""
    _, command = healthcheck()
    env = {**os.environ, "PORT": str(bridge.settings.port), "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(sys.executable, *command[1:], cwd=ROOT, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert (process.returncode, out.decode(), err.decode()) == (0, "ok\n", "")


@pytest.fixture
async def stub_server() -> AsyncIterator[StubServer]:
    """A server on loopback whose /healthz gives the response handed in; returns its /healthz address."""
    runners: list[web.AppRunner] = []

    async def start(response: web.Response) -> str:
        async def healthz(_: web.Request) -> web.Response:
            return response

        app = web.Application()
        app.router.add_get("/healthz", healthz)
        runner = web.AppRunner(app)
        await runner.setup()
        runners.append(runner)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(runner, sock).start()
        return f"http://127.0.0.1:{sock.getsockname()[1]}/healthz"

    yield start
    for runner in runners:
        await runner.cleanup()


@pytest.mark.parametrize(("response", "said"), [
    (web.json_response({"status": "stalled"}, status=503), "503: stalled"),
    (web.json_response({"status": "dead"}, status=503), "503: dead"),
    (web.Response(text="<html>someone else</html>", content_type="text/html"), "not the bot's answer"),
    (web.json_response({"healthy": True}), "not the bot's answer"),
])
async def test_the_healthcheck_fails_unless_the_bot_says_ok(stub_server: StubServer, response: web.Response,
                                                            said: str) -> None:
    url = await stub_server(response)
    assert await asyncio.to_thread(check, url) == (False, said)


async def test_the_healthcheck_passes_on_ok_and_fails_with_nobody_there(stub_server: StubServer) -> None:
    url = await stub_server(web.json_response({"status": "ok"}))
    assert await asyncio.to_thread(check, url) == (True, "ok")
    healthy, said = await asyncio.to_thread(check, "http://127.0.0.1:9/healthz")  # the discard port: nobody
    assert not healthy and said.startswith("no answer from http://127.0.0.1:9/healthz")


# --- compose.yaml -----------------------------------------------------------------------------------------------

def test_compose_gives_the_bot_its_settings_from_dotenv_and_only_names_the_bot_knows() -> None:
    bot = compose()["services"]["bot"]
    assert bot["env_file"] == ".env" and bot["build"] == "."
    known = {name.upper() for name in Settings.model_fields}
    assert sorted(set(bot["environment"]) - known) == []
    assert PurePosixPath("/data") in PurePosixPath(bot["environment"]["DATABASE_PATH"]).parents


def test_compose_keeps_the_database_in_a_named_volume_at_the_images_data() -> None:
    file = compose()
    bot = file["services"]["bot"]
    volume, _, target = bot["volumes"][0].partition(":")
    assert (volume, target) == ("data", "/data") and "data" in file["volumes"]
    assert bot["ports"] == ["127.0.0.1:8080:8080"], "published for a proxy on the host only"


def test_caddy_is_optional_behind_the_tls_profile_and_gets_only_its_domain() -> None:
    services = compose()["services"]
    caddy = services["caddy"]
    assert caddy["profiles"] == ["tls"] and "profiles" not in services["bot"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert "env_file" not in caddy, "the bot's secrets are not Caddy's"
    assert set(caddy["environment"]) == {"BOT_DOMAIN"}
    assert (ROOT / "Caddyfile").read_text().count("{$BOT_DOMAIN} {") == 1
    interpolated = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "compose.yaml").read_text()))
    assert interpolated <= {line.name for line in example_lines()}, "each variable compose reads is in .env.example"


# --- the proxies ------------------------------------------------------------------------------------------------

def test_the_caddyfile_passes_on_exactly_the_bots_paths_and_logs_none_of_the_sensitive_ones() -> None:
    text = (ROOT / "Caddyfile").read_text()
    matchers = caddyfile_matchers(text)
    paths = bot_paths()
    assert paths == sorted(["/healthz", "/oauth/callback", "/telegram/webhook", "/hh/events/an-accounts-secret"])
    assert [path for path in paths if not caddy_passes(matchers["bot"], path)] == []
    samples = [pattern.replace("*", "an-accounts-secret") for pattern in matchers["bot"]]
    assert sorted(samples) == paths, "nothing else is passed on"
    assert [path for path in paths if caddy_passes(matchers["private"], path) == (path in SENSITIVE_EXCEPT)] == []
    assert re.search(r"^\s*log_skip @private$", text, re.MULTILINE) and "handle @bot {" in text


def fenced(path: Path, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", path.read_text(), re.MULTILINE | re.DOTALL)


def test_the_guides_caddy_snippet_is_the_caddyfiles_for_a_bot_on_the_host() -> None:
    (snippet,) = fenced(ROOT / "docs" / "deployment.md", "caddyfile")
    assert caddyfile_matchers(snippet) == caddyfile_matchers((ROOT / "Caddyfile").read_text())
    assert "reverse_proxy 127.0.0.1:8080" in snippet and "log_skip @private" in snippet


def test_the_guides_nginx_snippet_passes_the_bots_paths_keeping_the_sensitive_ones_out_of_its_log() -> None:
    (snippet,) = fenced(ROOT / "docs" / "deployment.md", "nginx")
    locations: list[tuple[str, str, str]] = re.findall(r"location (= )?(\S+)\s*\{([^}]*)\}", snippet)

    def serving(path: str) -> str:
        exact = [body for equals, where, body in locations if equals and where == path]
        prefixes = sorted(((where, body) for equals, where, body in locations
                           if not equals and path.startswith(where)), key=lambda found: len(found[0]))
        return exact[0] if exact else prefixes[-1][1]

    for path in bot_paths():
        assert "proxy_pass http://127.0.0.1:8080;" in serving(path), path
        assert ("access_log off;" in serving(path)) == (path not in SENSITIVE_EXCEPT), path
    assert "return 404;" in serving("/anything-else")
    assert "listen 443 ssl;" in snippet and "ssl_certificate " in snippet
