"""The API's route table."""

from __future__ import annotations

from aiohttp import web

from .api_applicant import hide_active
from .api_employer import active_vacancies, mark_read, message_template, resume, run_action
from .api_manager_accounts import manager_accounts_mine
from .api_shared import (
    get_messages,
    me,
    negotiation_or_collection,
    negotiations_root,
    send_message,
)
from .api_webhooks import create_subscription, delete_subscription, list_subscriptions, update_subscription
from .chats import add_chat_routes
from .resume_files import add_resume_file_routes


def add_api_routes(app: web.Application) -> None:
    router = app.router
    router.add_get("/me", me)
    router.add_get("/employers/{employer_id}/vacancies/active", active_vacancies)
    router.add_get("/negotiations", negotiations_root)
    router.add_post("/negotiations/read", mark_read)
    router.add_get("/negotiations/{nid}/messages", get_messages)
    router.add_post("/negotiations/{nid}/messages", send_message)
    router.add_delete("/negotiations/active/{nid}", hide_active)
    router.add_get("/negotiations/{name}", negotiation_or_collection)
    router.add_put("/negotiations/{collection}/{nid}", run_action)
    router.add_get("/message_templates/{template}", message_template)
    router.add_get("/resumes/{resume_id}", resume)
    router.add_get("/manager_accounts/mine", manager_accounts_mine)
    router.add_get("/webhook/subscriptions", list_subscriptions)
    router.add_post("/webhook/subscriptions", create_subscription)
    router.add_put("/webhook/subscriptions/{subscription_id}", update_subscription)
    router.add_delete("/webhook/subscriptions/{subscription_id}", delete_subscription)
    add_chat_routes(app)
    add_resume_file_routes(app)
