"""Texts and buttons of groups: the connection's confirmation and `/vacancies`. Pure functions: no I/O."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import esc, esc_name
from bot.services.groups import VacanciesView
from bot.texts import Texts
from storage.group_links import GroupLink, WhoActs
from storage.vacancy_routes import Destination, VacancyRoute


class GroupConnect(CallbackData, prefix="gc"):
    chat: int
    confirmed: bool


class VacancyRouteChange(CallbackData, prefix="vr"):
    vacancy: str
    mute: bool  # True: the 🔔/🔕 button; False: where the news goes


class WhoActsChange(CallbackData, prefix="wa"):
    chat: int


def who_label(texts: Texts, who: WhoActs) -> str:
    return {WhoActs.OWNER: texts.group_who_owner, WhoActs.ADMINS: texts.group_who_admins,
            WhoActs.MEMBERS: texts.group_who_members}[who]


def confirm_keyboard(texts: Texts, chat_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=texts.group_confirm_yes,
                             callback_data=GroupConnect(chat=chat_id, confirmed=True).pack()),
        InlineKeyboardButton(text=texts.group_confirm_no,
                             callback_data=GroupConnect(chat=chat_id, confirmed=False).pack()),
    ]])


def destination_label(texts: Texts, destination: Destination) -> str:
    return {Destination.PRIVATE: texts.group_route_private, Destination.GROUP: texts.group_route_group,
            Destination.BOTH: texts.group_route_both}[destination]


def vacancies_text(texts: Texts, view: VacanciesView) -> str:
    lines = [texts.group_vacancies_group.format(title=esc(view.group.title)) if view.group is not None
             else texts.group_vacancies_no_group, ""]
    if not view.vacancies:
        return "\n".join([*lines, texts.group_vacancies_none])
    lines.append(texts.group_vacancies_title)
    lines.extend(f"{number}. {esc_name(line.name)}" for number, line in enumerate(view.vacancies, 1))
    if view.more:
        lines.append(texts.group_vacancies_more.format(count=view.more))
    lines.extend(["", texts.group_vacancies_legend])
    return "\n".join(lines)


def vacancies_keyboard(texts: Texts, routes: list[tuple[str, VacancyRoute]],
                       group: GroupLink | None) -> InlineKeyboardMarkup | None:
    """A row per vacancy, numbered as in the text: where its news goes, and whether it is muted; then, with a group,
    who may act there."""
    rows = [[
        InlineKeyboardButton(text=f"{number}. {destination_label(texts, route.destination)}",
                             callback_data=VacancyRouteChange(vacancy=vacancy_id, mute=False).pack()),
        InlineKeyboardButton(text=f"{number}. {texts.group_route_muted if route.muted else texts.group_route_sound}",
                             callback_data=VacancyRouteChange(vacancy=vacancy_id, mute=True).pack()),
    ] for number, (vacancy_id, route) in enumerate(routes, 1)]
    if group is not None:
        rows.append([InlineKeyboardButton(text=texts.group_who_button.format(who=who_label(texts, group.who_acts)),
                                          callback_data=WhoActsChange(chat=group.chat_id).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def vacancies_in(markup: InlineKeyboardMarkup | None) -> list[str]:
    """The vacancy ids a `/vacancies` message shows, in its order."""
    found: list[str] = []
    for row in markup.inline_keyboard if markup is not None else []:
        for button in row:
            data = button.callback_data or ""
            if data.startswith(f"{VacancyRouteChange.__prefix__}{VacancyRouteChange.__separator__}"):
                vacancy = VacancyRouteChange.unpack(data).vacancy
                if vacancy not in found:
                    found.append(vacancy)
    return found
