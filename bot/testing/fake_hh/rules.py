"""What a negotiation currently allows: messaging, declining, which actions."""

from __future__ import annotations

from .errors import negotiations_error
from .records import NegotiationRecord
from .state import World
from .workflow import ActionSpec


def messaging_status(world: World, negotiation: NegotiationRecord) -> str:
    if negotiation.messaging_override is not None:
        return negotiation.messaging_override
    if world.vacancy_of(negotiation).archived:
        return "archived"
    if world.resume_of(negotiation).hidden:
        return "resume_deleted"
    if not negotiation.ever_invited:
        return "no_invitation"
    return "ok"


def decline_allowed(world: World, negotiation: NegotiationRecord) -> bool:
    return (
        not negotiation.hidden
        and negotiation.applicant_state != "discard"
        and not world.vacancy_of(negotiation).archived
    )


def ensure_usable(world: World, negotiation: NegotiationRecord) -> None:
    """hh.ru refuses to act on a negotiation whose vacancy is archived or resume hidden."""
    if world.vacancy_of(negotiation).archived:
        raise negotiations_error("invalid_vacancy")
    if world.resume_of(negotiation).hidden:
        raise negotiations_error("resume_not_found")


def action_enabled(negotiation: NegotiationRecord, action: ActionSpec) -> bool:
    return negotiation.action_enabled_overrides.get(action.id, action.enabled)


def offered_actions(world: World, negotiation: NegotiationRecord) -> list[ActionSpec]:
    workflow = world.vacancy_of(negotiation).workflow
    return list(workflow.actions_from(negotiation.employer_state))


def available_action(
    world: World,
    negotiation: NegotiationRecord,
    *,
    url_segment: str | None = None,
    action_id: str | None = None,
) -> ActionSpec:
    """The action a PUT on `url_segment` (or the site's button `action_id`) runs: it must be
    offered in the current employer state, enabled and not hidden, else `wrong_state`."""
    for action in offered_actions(world, negotiation):
        matches = action.collection == url_segment if url_segment else action.id == action_id
        if matches and action_enabled(negotiation, action) and not action.hidden:
            return action
    raise negotiations_error("wrong_state")


def check_message_text(text: str, max_length: int) -> None:
    """403, as openapi.yml has these refusals (`ErrorsVacancyApplyForbiddenError`); its 400s are `bad_argument`."""
    if not text.strip():
        raise negotiations_error("empty_message")
    if len(text) > max_length:
        raise negotiations_error("too_long_message")
