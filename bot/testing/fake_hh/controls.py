"""`/_fake/...`: the Python API over HTTP (JSON in and out) for callers in another process.

Each route is a thin call of the `FakeHH` method of the same name; ids are strings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .context import json_response
from .errors import FakeHHError
from .state import UnknownObjectError
from .traffic import Fault
from .workflow import Workflow

if TYPE_CHECKING:
    from .fake import FakeHH

Args = dict[str, Any]
ControlCall = Callable[["FakeHH", Args], Any]


def _add_vacancy(hh: FakeHH, a: Args) -> Any:
    workflow = Workflow.from_json(a["workflow"], hh.language) if a.get("workflow") else None
    return hh.add_vacancy(a["user_id"], a.get("name", "Python-разработчик"), a.get("city", "Москва"), workflow)


def _add_applicant_user(hh: FakeHH, a: Args) -> Any:
    if a.get("salary") is not None:
        a["salary"] = (int(a["salary"][0]), str(a["salary"][1]))
    return hh.add_applicant_user(**a)


def _add_response(hh: FakeHH, a: Args) -> Any:
    applicant = a.get("resume_id") or a["user_id"]
    return hh.add_response(a["vacancy_id"], applicant, a.get("cover_letter", "Здравствуйте!"))


def _employer_action(hh: FakeHH, a: Args) -> None:
    hh.employer_action(
        a["negotiation_id"],
        a["action_id"],
        a.get("message"),
        send_sms=a.get("send_sms"),
        address_id=a.get("address_id"),
    )


def _add_manager_account(hh: FakeHH, a: Args) -> Any:
    """Body: user_id, and company (a new employer) or employer_id (an existing one), optional paid_api."""
    company, paid_api = a.get("company", "Другая компания"), bool(a.get("paid_api", True))
    return hh.add_manager_account(a["user_id"], company, employer=a.get("employer_id"), paid_api=paid_api)


def _requests(hh: FakeHH, a: Args) -> Any:
    return hh.calls(a.get("user_id"), a.get("method"), a.get("path_prefix"))


def _set_latency(hh: FakeHH, a: Args) -> None:
    hh.latency = float(a["seconds"])


def _set_rate_limit(hh: FakeHH, a: Args) -> None:
    hh.rate_limit_per_second = a.get("per_second")


def _set_redirect_uri(hh: FakeHH, a: Args) -> None:
    hh.redirect_uri = a["redirect_uri"]


def _webhook_faults(hh: FakeHH, a: Args) -> None:
    hh.webhook_faults(lose=int(a.get("lose", 0)), duplicate=int(a.get("duplicate", 0)), late=int(a.get("late", 0)),
                      late_by=float(a.get("late_by", 0.0)), lose_ratio=float(a.get("lose_ratio", 0.0)),
                      duplicate_ratio=float(a.get("duplicate_ratio", 0.0)), seed=int(a.get("seed", 0)))


_POST_CALLS: dict[str, ControlCall] = {
    "add_employer_user": lambda hh, a: hh.add_employer_user(**a),
    "add_applicant_user": _add_applicant_user,
    "add_vacancy": _add_vacancy,
    "add_response": _add_response,
    "add_message": lambda hh, a: {"message_id": hh.add_message(a["negotiation_id"], a["author"], a["text"])},
    "employer_action": _employer_action,
    "read_on_site": lambda hh, a: hh.read_on_site(a["negotiation_id"], a["side"]),
    "set_messaging_status": lambda hh, a: hh.set_messaging_status(a["negotiation_id"], a.get("status")),
    "archive_vacancy": lambda hh, a: hh.archive_vacancy(a["vacancy_id"]),
    "hide_resume": lambda hh, a: hh.hide_resume(a.get("resume_id") or a["user_id"]),
    "set_action_enabled": lambda hh, a: hh.set_action_enabled(a["negotiation_id"], a["action_id"], bool(a["enabled"])),
    "add_address": lambda hh, a: {"address_id": hh.add_address(a["user_id"])},
    "limit_invitations": lambda hh, a: hh.limit_invitations(a["user_id"], a.get("limit")),
    "set_paid_services": lambda hh, a: hh.set_paid_services(a["user_id"], bool(a["paid"])),
    "set_paid_api": lambda hh, a: hh.set_paid_api(a["user_id"], bool(a["paid"])),
    "set_overall_limit": lambda hh, a: hh.set_overall_limit(a["negotiation_id"], a.get("limit")),
    "issue_tokens": lambda hh, a: hh.issue_tokens(a["user_id"]),
    "expire_tokens": lambda hh, a: hh.expire_tokens(a["user_id"]),
    "revoke_tokens": lambda hh, a: hh.revoke_tokens(a["user_id"]),
    "deactivate_tokens": lambda hh, a: hh.deactivate_tokens(a["user_id"]),
    "consent": lambda hh, a: hh.consent(a.get("user_id"), bool(a.get("allow", True))),
    "deny_applicant_api": lambda hh, a: hh.deny_applicant_api(bool(a.get("deny", True))),
    "require_captcha": lambda hh, a: hh.require_captcha(a["user_id"]),
    "solve_captcha": lambda hh, a: hh.solve_captcha(a["user_id"]),
    "inject": lambda hh, a: hh.inject(Fault(**a)),
    "clear_faults": lambda hh, a: hh.clear_faults(),
    "latency": _set_latency,
    "rate_limit": _set_rate_limit,
    "redirect_uri": _set_redirect_uri,
    "advance": lambda hh, a: hh.advance(float(a["seconds"])),
    "clear_requests": lambda hh, a: hh.clear_requests(),
    "add_manager_account": _add_manager_account,
    "revoke_manager_account": lambda hh, a: hh.revoke_manager_account(a["account_id"]),
    "restore_manager_account": lambda hh, a: hh.restore_manager_account(a["account_id"]),
    "webhook_faults": _webhook_faults,
    "deny_webhooks": lambda hh, a: hh.deny_webhooks(a["user_id"], bool(a.get("deny", True))),
    "refuse_webhook_action": lambda hh, a: hh.refuse_webhook_action(a["action_type"], bool(a.get("refuse", True))),
    "drop_webhook_subscription": lambda hh, a: hh.drop_webhook_subscription(a["user_id"], a.get("reason", "deleted")),
}
_GET_CALLS: dict[str, ControlCall] = {
    "requests": _requests,
    "stats": lambda hh, a: hh.stats,
    "now": lambda hh, a: {"now": hh.now()},
    "tokens_of": lambda hh, a: hh.tokens_of(a["user_id"]),
    "negotiation": lambda hh, a: hh.negotiation(a["negotiation_id"]),
    "manager_accounts": lambda hh, a: hh.manager_accounts(a["user_id"]),
    "webhook_subscriptions": lambda hh, a: hh.webhook_subscriptions(a.get("user_id")),
    "webhook_events": lambda hh, a: hh.webhook_events(a.get("user_id")),
    "webhook_attempts": lambda hh, a: hh.webhook_attempts(a.get("user_id")),
}


def add_control_routes(app: web.Application, hh: FakeHH) -> None:
    async def handle_post(request: web.Request) -> web.Response:
        call = _POST_CALLS.get(request.match_info["name"])
        if call is None:
            raise web.HTTPNotFound()
        try:
            args = await request.json() if request.body_exists else {}
        except json.JSONDecodeError as error:
            return json_response({"error": f"invalid JSON: {error}"}, status=400)
        return _run(call, hh, dict(args))

    async def handle_get(request: web.Request) -> web.Response:
        call = _GET_CALLS.get(request.match_info["name"])
        if call is None:
            raise web.HTTPNotFound()
        return _run(call, hh, dict(request.query))

    app.router.add_post("/_fake/{name}", handle_post)
    app.router.add_get("/_fake/{name}", handle_get)


def _run(call: ControlCall, hh: FakeHH, args: Args) -> web.Response:
    try:
        result = call(hh, args)
    except FakeHHError as error:
        return json_response(error.body("control"), status=error.status)
    except (UnknownObjectError, KeyError, TypeError, ValueError) as error:
        return json_response({"error": f"{type(error).__name__}: {error}"}, status=400)
    return json_response(_jsonable(result))


def _jsonable(value: Any) -> Any:
    if value is None:
        return {"ok": True}
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value
