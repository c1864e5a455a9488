"""Pages for a person in a browser (the demo): the sign-in form, the captcha, a resume and a vacancy.

The bot never loads these; they let someone click through what hh.ru shows people. Every value is escaped.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from .context import backend_of
from .records import UserRecord
from .state import UnknownObjectError, World
from .words import SiteWords, words

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}"
    "h1{color:#d6001c}label{display:block;padding:.5rem;border:1px solid #ddd;border-radius:.4rem;margin:.4rem 0}"
    "button{padding:.6rem 1.2rem;margin:.8rem .4rem 0 0;border:0;border-radius:.4rem;font-size:1rem;cursor:pointer}"
    "button.allow{background:#0070ff;color:#fff}button.deny{background:#eee}"
)


def page(title: str, body: str, status: int = 200, language: str = "ru") -> web.Response:
    html = (
        f"<!DOCTYPE html><html lang='{escape(language)}'><head><meta charset='utf-8'>"
        f"<title>{escape(title)} — hh.ru</title>"
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return web.Response(status=status, text=html, content_type="text/html")


def site_words(world: World) -> SiteWords:
    return words(world.settings.language).site


def site_page(world: World, title: str, body: str, status: int = 200) -> web.Response:
    return page(title, body, status, world.settings.language)


def sign_in_form(world: World, query: str, state: str | None) -> web.Response:
    """Who signs in: one radio button per account (the fake has no passwords), then allow or deny access. The
    account pre-selected is the one `world.sign_in_choice` names for this `state` (a browser already signed in to
    hh.ru), else the first."""
    said = site_words(world)
    chosen = world.sign_in_choice(state) if world.sign_in_choice is not None else None
    if chosen not in world.users:
        chosen = next(iter(world.users), None)
    choices = "".join(
        f"<label><input type='radio' name='login' value='{escape(user.id)}'{' checked' if user.id == chosen else ''}> "
        f"{escape(_who(world, user, said))}</label>"
        for user in world.users.values()
    )
    action = escape(f"/oauth/authorize?{query}")
    body = (
        f"<p>{escape(said.sign_in_intro)}</p>"
        f"<form method='post' action='{action}'>{choices}"
        f"<button class='allow' name='decision' value='allow'>{escape(said.allow)}</button>"
        f"<button class='deny' name='decision' value='deny'>{escape(said.deny)}</button></form>"
    )
    return site_page(world, said.sign_in_title, body)


def _who(world: World, user: UserRecord, said: SiteWords) -> str:
    name = f"{user.first_name} {user.last_name}"
    if user.kind == "employer" and user.employer_id is not None:
        return said.employer_account.format(name=name, company=world.employer(user.employer_id).name)
    return said.applicant_account.format(name=name)


async def captcha_page(request: web.Request) -> web.Response:
    world = backend_of(request).world
    said = site_words(world)
    state = request.query.get("state", "")
    if state not in world.captcha_states:
        return site_page(world, said.captcha_title, f"<p>{escape(said.captcha_link_invalid)}</p>", status=400)
    action = escape("/account/captcha?" + urlencode(request.query))
    body = (
        f"<p>{escape(said.captcha_intro)}</p>"
        f"<form method='post' action='{action}'><button class='allow'>{escape(said.not_a_robot)}</button></form>"
    )
    return site_page(world, said.captcha_title, body)


async def solve_captcha(request: web.Request) -> web.Response:
    """The captcha of the account that `state` was issued to is solved; the page links back to `backurl`."""
    world = backend_of(request).world
    said = site_words(world)
    user_id = world.captcha_states.pop(request.query.get("state", ""), None)
    if user_id is None:
        return site_page(world, said.captcha_title, f"<p>{escape(said.captcha_link_invalid)}</p>", status=400)
    world.captcha_users.discard(user_id)
    backurl = request.query.get("backurl", "")
    back = f"<p><a href='{escape(backurl)}'>{escape(said.back)}</a></p>" \
        if urlsplit(backurl).scheme in ("http", "https") else ""
    return site_page(world, said.captcha_solved_title, f"<p>{escape(said.captcha_solved)}</p>{back}")


async def resume_page(request: web.Request) -> web.Response:
    world = backend_of(request).world
    try:
        resume = world.resume(request.match_info["resume_id"])
    except UnknownObjectError:
        raise web.HTTPNotFound() from None
    owner = world.user(resume.owner_id)
    body = f"<p><b>{escape(owner.first_name)} {escape(owner.last_name)}</b></p><p>{escape(resume.city)}</p>"
    return site_page(world, resume.title, body)


async def vacancy_page(request: web.Request) -> web.Response:
    world = backend_of(request).world
    try:
        vacancy = world.vacancy(request.match_info["vacancy_id"])
    except UnknownObjectError:
        raise web.HTTPNotFound() from None
    body = f"<p>{escape(world.employer(vacancy.employer_id).name)} · {escape(vacancy.city)}</p>"
    return site_page(world, vacancy.name, body)


def add_site_routes(app: web.Application) -> None:
    app.router.add_get("/account/captcha", captcha_page)
    app.router.add_post("/account/captcha", solve_captcha)
    app.router.add_get("/resume/{resume_id}", resume_page)
    app.router.add_get("/vacancy/{vacancy_id}", vacancy_page)
