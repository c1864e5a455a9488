"""Employer routes: active vacancies, collections, actions, templates, read marks, resumes."""

from __future__ import annotations

from aiohttp import web

from .access import negotiation_for, owned_vacancy
from .actions import perform_action
from .auth import authenticate, require_employer
from .context import backend_of, json_response, links_of, page_body, page_request, parse_bool, read_form
from .errors import bad_argument, forbidden, not_found
from .message_templates import is_known_template, template_body
from .messaging import mark_viewed_by_employer
from .records import UserRecord
from .render import vacancy_active_json
from .render_negotiations import collections_json, employer_negotiation_json
from .render_resumes import resume_full_json
from .rules import available_action, ensure_usable

_MAX_READ_TOPICS = 50


async def active_vacancies(request: web.Request) -> web.Response:
    user = require_employer(authenticate(request))
    world = backend_of(request).world
    employer_id = request.match_info["employer_id"]
    if employer_id != user.employer_id:
        raise forbidden(description="Vacancies of another employer are not available")
    page = page_request(request, maximum=50)
    query = request.query
    all_accessible = parse_bool(query.get("all_accessible"), "all_accessible")
    managers: set[str] | None = None
    if "manager_ids" in query:
        managers = set(query["manager_ids"].split(","))
    elif "manager_id" in query:
        managers = {query.getall("manager_id")[-1]}
    if all_accessible and managers is not None:
        raise bad_argument("all_accessible")
    if managers is None and not all_accessible:
        managers = {user.manager_id or ""}
    vacancies = [
        v
        for v in world.vacancies.values()
        if v.employer_id == employer_id and not v.archived and (managers is None or v.manager_id in managers)
    ]
    vacancies.sort(key=lambda v: (v.created_at, int(v.id)), reverse=True)
    links = links_of(request)
    return json_response(page_body(vacancies, page, lambda v: vacancy_active_json(links, world, v)))


def collections(request: web.Request, user: UserRecord) -> web.Response:
    world = backend_of(request).world
    vacancy_id = request.query.get("vacancy_id")
    if not vacancy_id:
        raise bad_argument("vacancy_id")
    vacancy = owned_vacancy(world, user, vacancy_id)
    return json_response(collections_json(links_of(request), world, vacancy.id))


def collection_page(request: web.Request, user: UserRecord, collection_id: str) -> web.Response:
    world = backend_of(request).world
    vacancy_id = request.query.get("vacancy_id")
    if not vacancy_id:
        raise bad_argument("vacancy_id")
    vacancy = owned_vacancy(world, user, vacancy_id)
    workflow = vacancy.workflow
    if workflow.collection(collection_id) is None:
        raise not_found(f"No collection {collection_id} for this vacancy")
    page = page_request(request, maximum=50)
    order_by = request.query.get("order_by", workflow.collection_order_types[0].id)
    order = next((o for o in workflow.collection_order_types if o.id == order_by), None)
    if order is None:
        raise bad_argument("order_by")
    members = [n for n in world.negotiations_of_vacancy(vacancy.id) if n.collection == collection_id]
    members.sort(key=lambda n: (n.created_at, int(n.id)), reverse=True)
    links = links_of(request)
    body = {"ordered_by": {"id": order.id, "name": order.name}}
    body.update(page_body(members, page, lambda n: employer_negotiation_json(links, world, n, with_vacancy=False)))
    return json_response(body)


async def run_action(request: web.Request) -> web.Response:
    user = require_employer(authenticate(request))
    world = backend_of(request).world
    negotiation = negotiation_for(world, user, request.match_info["nid"])
    segment = request.match_info["collection"]
    workflow = world.vacancy_of(negotiation).workflow
    if not workflow.has_url_segment(segment) and workflow.collection(segment) is None:
        raise not_found(f"No collection {segment}")
    ensure_usable(world, negotiation)
    action = available_action(world, negotiation, url_segment=segment)
    first_argument = action.arguments[0].id if action.arguments else "body"
    form = await read_form(
        request, bad_argument(first_argument, "Parameters must be application/x-www-form-urlencoded")
    )
    perform_action(world, negotiation, action, form)
    return web.Response(status=204)


async def message_template(request: web.Request) -> web.Response:
    user = require_employer(authenticate(request))
    world = backend_of(request).world
    employer = world.employer(user.employer_id or "")
    if not employer.paid_api:
        raise forbidden(description="The method requires paid API access")
    topic_id = request.query.get("topic_id")
    negotiation = world.negotiations.get(topic_id or "")
    if negotiation is None or world.vacancy_of(negotiation).employer_id != employer.id:
        raise bad_argument("topic_id")
    vacancy = world.vacancy_of(negotiation)
    if vacancy.archived or world.resume_of(negotiation).hidden:
        raise bad_argument("topic_id")
    template_id = request.match_info["template"]
    if not is_known_template(template_id, vacancy.workflow.template_ids()):
        raise not_found(f"No template {template_id}")
    applicant = world.applicant_of(negotiation)
    return json_response(
        template_body(
            template_id,
            first_name=applicant.first_name,
            vacancy=vacancy.name,
            company=employer.name,
            language=world.settings.language,
        )
    )


async def mark_read(request: web.Request) -> web.Response:
    """`POST /negotiations/read` with up to 50 `topic_id`: the responses count as viewed."""
    user = require_employer(authenticate(request))
    world = backend_of(request).world
    form = await read_form(request, bad_argument("topic_id"))
    topic_ids = form.getall("topic_id", [])
    if not topic_ids or len(topic_ids) > _MAX_READ_TOPICS:
        raise bad_argument("topic_id")
    negotiations = [negotiation_for(world, user, topic_id) for topic_id in topic_ids]
    for negotiation in negotiations:
        mark_viewed_by_employer(negotiation)
    return web.Response(status=204)


async def resume(request: web.Request) -> web.Response:
    """A resume: the owner's, or one from a response to the employer's vacancy. Opened with
    the response's `topic_id` (the URL in the negotiation), it marks the response viewed."""
    user = authenticate(request)
    world = backend_of(request).world
    record = world.resumes.get(request.match_info["resume_id"])
    if record is None or (user.kind == "applicant" and record.owner_id != user.id):
        raise not_found("Resume not found")
    if user.kind == "employer":
        if record.hidden:
            raise not_found("Resume not found")
        related = [
            n
            for n in world.negotiations.values()
            if n.resume_id == record.id and world.vacancy_of(n).employer_id == user.employer_id
        ]
        if not related:
            raise forbidden(description="The resume is not available to the current user")
        topic_id = request.query.get("topic_id")
        for negotiation in related:
            if negotiation.id == topic_id:
                mark_viewed_by_employer(negotiation)
    return json_response(resume_full_json(links_of(request), record, world.user(record.owner_id)))
