"""Running an employer action on a negotiation (`PUT {action.url}` or a button on the site)."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import bad_argument, negotiations_error
from .records import EmployerRecord, NegotiationRecord
from .rules import check_message_text
from .state import World
from .workflow import ActionSpec

_INVITATION_LIMIT_WINDOW = 24 * 3600


def perform_action(
    world: World,
    negotiation: NegotiationRecord,
    action: ActionSpec,
    arguments: Mapping[str, str],
) -> None:
    """Validate `arguments` against the action's declared ones, then move the negotiation."""
    _check_arguments(action, arguments, world.settings.message_max_length)
    vacancy = world.vacancy_of(negotiation)
    employer = world.employer(vacancy.employer_id)
    address_id = arguments.get("address_id")
    if address_id is not None and world.addresses.get(address_id) != employer.id:
        raise negotiations_error("address_not_found")
    if action.invites:
        _check_invitation_allowed(world, employer)
        employer.invitation_times.append(world.now())
    _apply(world, negotiation, action, arguments.get("message"))


def _check_arguments(action: ActionSpec, arguments: Mapping[str, str], max_length: int) -> None:
    for name in arguments:
        if action.argument(name) is None:
            raise bad_argument(name, f"Action {action.id} takes no argument {name}")
    for spec in action.arguments:
        if spec.required and spec.id not in arguments:
            raise bad_argument(spec.id, f"Argument {spec.id} is required")
    for name in arguments:
        declared = action.argument(name)
        for needed in declared.required_arguments if declared else ():
            if needed not in arguments:
                raise bad_argument(needed, f"Argument {name} requires {needed}")
    if "message" in arguments:
        check_message_text(arguments["message"], max_length)
    if arguments.get("send_sms", "false") not in ("true", "false"):
        raise bad_argument("send_sms")


def _check_invitation_allowed(world: World, employer: EmployerRecord) -> None:
    if not employer.paid_services:
        raise negotiations_error("not_enough_purchased_services")
    if employer.invitation_limit is not None:
        since = world.now() - _INVITATION_LIMIT_WINDOW
        recent = sum(1 for t in employer.invitation_times if t > since)
        if recent >= employer.invitation_limit:
            raise negotiations_error("limit_exceeded")


def _apply(world: World, negotiation: NegotiationRecord, action: ActionSpec, message: str | None) -> None:
    workflow = world.vacancy_of(negotiation).workflow
    previous_state = negotiation.applicant_state
    new_state = action.applicant_state or previous_state
    if action.resulting_state is not None:
        negotiation.employer_state = action.resulting_state
        negotiation.collection = workflow.collection_of(action.resulting_state)
    negotiation.applicant_state = new_state
    if new_state == "invitation":
        negotiation.ever_invited = True
    if message is not None:
        world.append_message(negotiation, "employer", message, new_state)
    elif new_state != previous_state:
        world.append_message(negotiation, "employer", None, new_state)
    else:
        world.touch(negotiation)
    negotiation.has_updates_applicant = True
    negotiation.viewed_by_employer = True
