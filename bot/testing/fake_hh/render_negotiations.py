"""State → hh.ru JSON for negotiations, their actions, messages and collections."""

from __future__ import annotations

from typing import Any

from .clock import format_hh_datetime
from .context import Links
from .records import MessageRecord, NegotiationRecord, Side, other_side
from .render import vacancy_short_json
from .render_resumes import resume_for_employer_json, resume_in_applicant_negotiation_json
from .rules import action_enabled, decline_allowed, messaging_status, offered_actions
from .state import World
from .words import Language, words
from .workflow import ActionSpec, TemplateSpec, Workflow


def applicant_state_json(state_id: str, language: Language) -> dict[str, str]:
    return {"id": state_id, "name": words(language).applicant_states.get(state_id, state_id)}


def message_json(message: MessageRecord, viewer: Side, language: Language) -> dict[str, Any]:
    own = message.author == viewer
    return {
        "id": message.id,
        "text": message.text,
        "created_at": format_hh_datetime(message.created_at),
        "author": {"participant_type": message.author},
        "state": applicant_state_json(message.state, language),
        "viewed_by_me": True if own else message.viewed_by(viewer),
        "viewed_by_opponent": message.viewed_by(other_side(viewer)) if own else True,
        "read": True,
        "editable": False,
        "address": None,
    }


def template_json(links: Links, negotiation_id: str, template: TemplateSpec) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "quick": template.quick,
        "url": f"{links.api}/message_templates/{template.id}?topic_id={negotiation_id}",
    }


def action_json(links: Links, negotiation: NegotiationRecord, action: ActionSpec, workflow: Workflow) -> dict[str, Any]:
    resulting = None
    if action.resulting_state is not None:
        resulting = {
            "id": action.resulting_state,
            "name": workflow.state_name(action.resulting_state),
        }
    return {
        "id": action.id,
        "name": action.name,
        "enabled": action_enabled(negotiation, action),
        "hidden": action.hidden,
        "method": "PUT",
        "url": f"{links.api}/negotiations/{action.collection}/{negotiation.id}",
        "resulting_employer_state": resulting,
        "templates": [template_json(links, negotiation.id, t) for t in action.templates],
        "arguments": [
            {
                "id": argument.id,
                "required": argument.required,
                "required_arguments": [{"id": needed} for needed in argument.required_arguments],
            }
            for argument in action.arguments
        ],
        "sub_actions": [],
    }


def employer_negotiation_json(
    links: Links, world: World, negotiation: NegotiationRecord, *, with_vacancy: bool
) -> dict[str, Any]:
    vacancy = world.vacancy_of(negotiation)
    workflow = vacancy.workflow
    actions = offered_actions(world, negotiation)
    templates: dict[str, TemplateSpec] = {}
    for action in actions:
        templates.update((t.id, t) for t in action.templates)
    body = _common_json(links, world, negotiation, "employer")
    body.update(
        {
            "employer_state": {
                "id": negotiation.employer_state,
                "name": workflow.state_name(negotiation.employer_state),
            },
            "actions": [action_json(links, negotiation, a, workflow) for a in actions],
            "viewed_by_opponent": all(m.viewed_by_applicant for m in negotiation.messages if m.author == "employer"),
            "resume": resume_for_employer_json(links, world, negotiation),
            "templates": [template_json(links, negotiation.id, t) for t in templates.values()],
        }
    )
    if with_vacancy:
        body["vacancy"] = vacancy_short_json(links, world, vacancy)
    return body


def applicant_negotiation_json(links: Links, world: World, negotiation: NegotiationRecord, *,
                               alone: bool = False) -> dict[str, Any]:
    """An applicant's negotiation: an item of the list, or (`alone`) `GET /negotiations/{id}`."""
    resume = world.resume_of(negotiation)
    body = _common_json(links, world, negotiation, "applicant")
    body.update(
        {
            "viewed_by_opponent": negotiation.viewed_by_employer,
            "decline_allowed": decline_allowed(world, negotiation),
            "hidden": negotiation.hidden,
            "phone_calls": {"items": [], "picked_up_phone_by_opponent": False},
            "vacancy": vacancy_short_json(links, world, world.vacancy_of(negotiation)),
            "resume": resume_in_applicant_negotiation_json(links, resume, dated=alone),
        }
    )
    return body


def collections_json(links: Links, world: World, vacancy_id: str) -> dict[str, Any]:
    vacancy = world.vacancy(vacancy_id)
    workflow = vacancy.workflow
    negotiations = world.negotiations_of_vacancy(vacancy_id)
    collections = []
    for collection in workflow.collections:
        url = f"{links.api}/negotiations/{collection.id}?vacancy_id={vacancy_id}"
        members = [n for n in negotiations if n.collection == collection.id]
        collections.append(
            {
                "id": collection.id,
                "name": collection.name,
                "url": url,
                "description": words(world.settings.language).workflow.collection_description.format(
                    name=collection.name),
                "hidden": False,
                "counters": {
                    "with_updates": sum(1 for n in members if n.has_updates_employer),
                    "total": len(members),
                },
                "order_types": [
                    {"id": order.id, "name": order.name, "url": f"{url}&order_by={order.id}"}
                    for order in workflow.collection_order_types
                ],
                "sub_collections": [],
            }
        )
    return {
        "collections": collections,
        "employer_states": [{"id": s.id, "name": s.name} for s in workflow.states],
        "generated_collections": [],
    }


def _common_json(links: Links, world: World, negotiation: NegotiationRecord, viewer: Side) -> dict[str, Any]:
    url = f"{links.api}/negotiations/{negotiation.id}"
    return {
        "id": negotiation.id,
        "created_at": format_hh_datetime(negotiation.created_at),
        "updated_at": format_hh_datetime(negotiation.updated_at),
        "has_updates": negotiation.has_updates_for(viewer),
        "state": applicant_state_json(negotiation.applicant_state, world.settings.language),
        "url": url,
        "messages_url": f"{url}/messages",
        "messaging_status": messaging_status(world, negotiation),
        "counters": {
            "messages": len(negotiation.messages),
            "unread_messages": negotiation.unread_for(viewer),
        },
        "source": "NEGOTIATION",
        "tags": [],
        **({"chat_id": int(negotiation.chat.id)} if negotiation.chat is not None else {}),
    }
