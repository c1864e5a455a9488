"""The demo page's own server: the page, a pass-through to the fake Telegram's user side, hh.ru events and the log.

The chat pane talks only to the fake Telegram (its `/_fake/` user-side routes, passed through here so that the page
needs one origin); it never talks to the bot. Only requests addressed to this loopback server by its own name are
served, and changes need a JSON body, so another web page open in the same browser cannot drive the demo.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.typedefs import Handler

from bot.demo.happenings import ROLE_EVENTS, TROUBLE_EVENTS, Happenings, NothingToDo
from bot.demo.texts import TIME_ZONE, DemoTexts, Language
from bot.demo.traffic_log import Cursor, TrafficLog
from bot.demo.world import ROLES, Role, World
from bot.testing.fake_hh import FakeHHError

STATIC = {"demo.js": "application/javascript", "demo.css": "text/css"}
TELEGRAM_USER_SIDE = [
    ("GET", re.compile(r"chats/-?\d+")),
    ("GET", re.compile(r"callback_answers/\d+")),
    ("POST", re.compile(r"send_text|reply|press")),
    ("GET", re.compile(r"files/[A-Za-z0-9_-]+")),  # a document the bot sent, opened
]
SESSION = web.AppKey("telegram_session", aiohttp.ClientSession)


@dataclasses.dataclass(frozen=True)
class PageParts:
    telegram_url: str
    world: World
    happenings: Happenings
    traffic: TrafficLog
    texts: DemoTexts
    language: Language


def create_page_app(parts: PageParts, port: int) -> web.Application:
    app = web.Application(middlewares=[_own_host_only({f"127.0.0.1:{port}", f"localhost:{port}"})])
    app.cleanup_ctx.append(_telegram_session)
    page = _Page(parts)
    app.router.add_get("/", page.to_demo)
    app.router.add_get("/demo", page.index)
    app.router.add_get("/demo/static/{name}", page.static)
    app.router.add_get("/demo/api/config", page.config)
    app.router.add_get("/demo/api/log", page.log)
    app.router.add_post("/demo/api/events/{name}", page.event)
    app.router.add_route("*", "/demo/api/telegram/{tail:.+}", page.telegram)
    return app


def _own_host_only(hosts: set[str]) -> Any:
    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.host not in hosts:
            return web.Response(status=421, text="this server answers only to its own loopback address")
        if request.method == "POST" and request.content_type != "application/json":
            return web.Response(status=415, text="expected application/json")
        return await handler(request)

    return check


async def _telegram_session(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession() as session:
        app[SESSION] = session
        yield


class _Page:
    def __init__(self, parts: PageParts) -> None:
        self._parts = parts

    async def to_demo(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/demo")

    async def index(self, request: web.Request) -> web.Response:
        html = resources.files("bot.demo").joinpath("static", "index.html").read_text(encoding="utf-8")
        return web.Response(text=html.replace("{lang}", self._parts.language), content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        body = resources.files("bot.demo").joinpath("static", name).read_text(encoding="utf-8")
        return web.Response(text=body, content_type=STATIC[name], headers={"Cache-Control": "no-store"})

    async def config(self, request: web.Request) -> web.Response:
        texts = self._parts.texts
        labels = dataclasses.asdict(texts.events)
        personas = self._parts.world.personas
        team = self._parts.world.team
        return web.json_response({
            "language": self._parts.language,
            "time_zone": TIME_ZONE,
            "texts": dataclasses.asdict(texts.page),
            "personas": {role: {"chat_id": personas[role].telegram_id, "name": personas[role].name}
                         for role in ROLES},
            "team": {"chat_id": team.chat_id, "title": team.title,
                     "members": [{"user_id": m.telegram_id, "name": m.name, "username": m.username,
                                  "role": m.role_label} for m in team.members]},
            "events": {role: [{"name": name, "label": labels[name]} for name in ROLE_EVENTS[role]]
                       for role in ROLES},
            "trouble": [{"name": name, "label": labels[name]} for name in TROUBLE_EVENTS],
        })

    async def log(self, request: web.Request) -> web.Response:
        try:
            cursor = Cursor(int(request.query.get("hh", "0")), int(request.query.get("telegram", "0")))
        except ValueError:
            return web.json_response({"error": "hh and telegram are counts"}, status=400)
        calls, after = self._parts.traffic.since(cursor)
        return web.json_response({"calls": [dataclasses.asdict(call) for call in calls],
                                  "cursor": dataclasses.asdict(after)})

    async def event(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            body = None
        role = body.get("role") if isinstance(body, dict) else None
        if role not in ROLES:
            return web.json_response({"error": f"role is one of {ROLES}"}, status=400)
        name, happenings = request.match_info["name"], self._parts.happenings
        if not happenings.knows(name):
            raise web.HTTPNotFound()
        role_checked: Role = role
        try:
            outcome = happenings.happen(name, role_checked)
        except NothingToDo as error:
            return web.json_response({"error": str(error)}, status=409)
        except FakeHHError as error:
            return web.json_response({"error": f"hh.ru: {error.description}"}, status=409)
        return web.json_response({"said": outcome.said, "note": outcome.note})

    async def telegram(self, request: web.Request) -> web.Response:
        """Passes a user-side call through to the fake Telegram's `/_fake/` routes, and its answer back."""
        tail = request.match_info["tail"]
        if not any(request.method == method and pattern.fullmatch(tail) for method, pattern in TELEGRAM_USER_SIDE):
            raise web.HTTPNotFound()
        session = request.app[SESSION]
        async with session.request(request.method, f"{self._parts.telegram_url}/_fake/{tail}",
                                   data=await request.read(), headers={"Content-Type": "application/json"}) as answer:
            return web.Response(status=answer.status, body=await answer.read(), content_type=answer.content_type)
