// The demo page: a Telegram chat fed by the fake Telegram, the hh.ru pane's buttons, and the log of the bot's calls.
// Text from the bot is never parsed as HTML: it is rebuilt from Telegram's text and entities with DOM nodes.
"use strict";

const CHAT_EVERY_MS = 500;
const LOG_EVERY_MS = 1000;
const LOG_ROWS = 400;
const SAFE_LINK = /^(https?:\/\/|tg:)/i;
const TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote", text_link: "a", spoiler: "span",
};

const state = {
  config: null,
  role: "employer",
  shown: new Map(), // message_id -> [element, the message's JSON when drawn]
  messages: [],
  replyTo: null,
  cursor: { hh: 0, telegram: 0 },
};
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && (data.error || data.description)) || response.statusText);
  return data;
}

const chatId = () => state.config.personas[state.role].chat_id;
const telegram = (method, path, body) => api(method, `/demo/api/telegram/${path}`, body);

// --- formatted text --------------------------------------------------------------------------------------------

function formatted(text, entities) {
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const fragment = document.createDocumentFragment();
  fill(fragment, text, 0, text.length, sorted);
  return fragment;
}

// Entities nest as the HTML they came from; offsets count UTF-16 units, as JavaScript strings do.
function fill(parent, text, start, end, entities) {
  let position = start;
  while (entities.length) {
    const entity = entities.shift();
    const from = Math.max(entity.offset, position);
    const to = Math.min(entity.offset + entity.length, end);
    if (to <= from) continue;
    const inner = [];
    while (entities.length && entities[0].offset < to) inner.push(entities.shift());
    parent.append(text.slice(position, from));
    const element = elementFor(entity);
    fill(element, text, from, to, inner);
    parent.append(element);
    position = to;
  }
  parent.append(text.slice(position, end));
}

function elementFor(entity) {
  const element = document.createElement(TAGS[entity.type] || "span");
  if (entity.type === "text_link" && SAFE_LINK.test(entity.url)) {
    element.href = entity.url;
    element.target = "_blank";
    element.rel = "noopener noreferrer";
  }
  if (entity.type === "spoiler") {
    element.className = "spoiler";
    element.addEventListener("click", () => element.classList.add("shown"));
  }
  return element;
}

// --- the chat --------------------------------------------------------------------------------------------------

// Telegram's apps show the /start a deep link sends without its payload.
const shownText = (message) => (!message.from_bot && /^\/start \S+$/.test(message.text) ? "/start" : message.text);

function drawMessage(message) {
  const box = document.createElement("div");
  box.className = `msg ${message.from_bot ? "bot" : "me"}`;
  box.dataset.id = message.message_id;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  const replied = state.messages.find((m) => m.message_id === message.reply_to_message_id);
  if (replied) {
    const quote = document.createElement("div");
    quote.className = "quote";
    quote.textContent = replied.text;
    bubble.append(quote);
  }
  if (message.document) bubble.append(fileChip(message.document));
  const text = document.createElement("div");
  text.className = "text";
  text.append(formatted(shownText(message), message.entities));
  const meta = document.createElement("div");
  meta.className = "meta";
  const time = new Date(message.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  meta.textContent = message.edited ? `${state.config.texts.edited} ${time}` : time;
  bubble.append(text, meta);
  const reply = document.createElement("button");
  reply.className = "reply-to";
  reply.type = "button";
  reply.title = state.config.texts.reply;
  reply.textContent = "↩";
  reply.addEventListener("click", () => startReply(message));
  box.append(bubble, reply);
  if (message.reply_markup && message.reply_markup.inline_keyboard) box.append(keyboard(message));
  return box;
}

// A document the bot sent (the resume's PDF): its name and size, opened from the fake Telegram.
function fileChip(file) {
  const link = document.createElement("a");
  link.className = "file";
  link.href = `/demo/api/telegram/files/${encodeURIComponent(file.file_id)}`;
  link.target = "_blank";
  link.rel = "noopener";
  const kilobytes = Math.max(1, Math.round((file.file_size || 0) / 1024));
  link.textContent = `📎 ${file.file_name || "file"} · ${kilobytes} KB`;
  return link;
}

function keyboard(message) {
  const board = document.createElement("div");
  board.className = "keyboard";
  for (const row of message.reply_markup.inline_keyboard) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) line.append(keyButton(message, button));
    board.append(line);
  }
  return board;
}

function keyButton(message, button) {
  if (button.url !== undefined && SAFE_LINK.test(button.url)) {
    const link = document.createElement("a");
    link.href = button.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = `${button.text} ↗`;
    return link;
  }
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = button.text;
  if (button.callback_data === undefined) {
    element.disabled = true;
    return element;
  }
  element.addEventListener("click", () => press(message.message_id, button.callback_data));
  return element;
}

async function press(messageId, data) {
  try {
    const pressed = await telegram("POST", "press", { user_id: chatId(), message_id: messageId, callback_data: data });
    showAnswer(pressed.callback_query_id, 20);
  } catch (error) {
    toast(error.message);
  }
}

// Telegram shows the bot's answer to a press as a short notice; the bot answers within moments.
async function showAnswer(queryId, triesLeft) {
  const answer = await telegram("GET", `callback_answers/${queryId}`).catch(() => null);
  if (answer && answer.text) toast(answer.text);
  else if (!answer && triesLeft > 0) setTimeout(() => showAnswer(queryId, triesLeft - 1), 250);
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(box.timer);
  box.timer = setTimeout(() => { box.hidden = true; }, 3000);
}

function startReply(message) {
  state.replyTo = message.message_id;
  $("replying-quote").textContent = message.text;
  $("replying").hidden = false;
  $("text").focus();
}

function stopReply() {
  state.replyTo = null;
  $("replying").hidden = true;
}

function drawChat(messages) {
  state.messages = messages;
  const list = $("messages");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const present = new Set(messages.map((m) => m.message_id));
  for (const [id, [element]] of state.shown) {
    if (!present.has(id)) {
      element.remove();
      state.shown.delete(id);
    }
  }
  let added = false;
  for (const message of messages) {
    const json = JSON.stringify(message);
    const drawn = state.shown.get(message.message_id);
    if (drawn && drawn[1] === json) continue;
    const element = drawMessage(message);
    if (drawn) {
      drawn[0].replaceWith(element); // an edit: the same place in the chat
    } else {
      list.append(element);
      added = true;
    }
    state.shown.set(message.message_id, [element, json]);
  }
  $("empty").hidden = messages.length > 0;
  if (added && nearBottom) list.scrollTop = list.scrollHeight;
}

async function refreshChat() {
  const role = state.role;
  try {
    const messages = await telegram("GET", `chats/${chatId()}`);
    if (role === state.role) drawChat(messages);
  } catch {
    // the demo is stopping, or the fake Telegram is busy: the next round tries again
  } finally {
    setTimeout(refreshChat, CHAT_EVERY_MS);
  }
}

async function send(text) {
  const body = { user_id: chatId(), text };
  if (state.replyTo !== null) body.reply_to_message_id = state.replyTo;
  await telegram("POST", state.replyTo !== null ? "reply" : "send_text", body);
  stopReply();
}

// --- hh.ru -----------------------------------------------------------------------------------------------------

function drawEvents() {
  const { events, trouble } = state.config;
  $("events").replaceChildren(...events[state.role].map(eventButton));
  $("trouble").replaceChildren(...trouble.map(eventButton));
}

function eventButton(event) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.event = event.name;
  button.textContent = event.label;
  button.addEventListener("click", async () => {
    const said = $("said");
    try {
      said.textContent = (await api("POST", `/demo/api/events/${event.name}`, { role: state.role })).said;
      said.classList.remove("failed");
    } catch (error) {
      said.textContent = `${state.config.texts.failed}: ${error.message}`;
      said.classList.add("failed");
    }
  });
  return button;
}

async function refreshLog() {
  try {
    const { hh, telegram: tg } = state.cursor;
    const answer = await api("GET", `/demo/api/log?hh=${hh}&telegram=${tg}`);
    state.cursor = answer.cursor;
    const body = $("log").tBodies[0];
    for (const call of answer.calls) insertNewestFirst(body, logRow(call), call.at);
    while (body.rows.length > LOG_ROWS) body.deleteRow(-1);
  } catch {
    // as above: the next round tries again
  } finally {
    setTimeout(refreshLog, LOG_EVERY_MS);
  }
}

// A long poll is logged when it ends but dated when it began, so a call can be older than rows already shown.
function insertNewestFirst(body, row, at) {
  row.dataset.at = at;
  const later = [...body.rows].find((shown) => Number(shown.dataset.at) <= at);
  body.insertBefore(row, later || null);
}

function logRow(call) {
  const row = document.createElement("tr");
  row.className = `${call.service === "hh.ru" ? "to-hh" : "to-telegram"}${call.status >= 200 && call.status < 300 ? "" : " bad"}`;
  const when = new Date(call.at * 1000);
  const time = `${when.toLocaleTimeString([], { hour12: false })}.${String(when.getMilliseconds()).padStart(3, "0")}`;
  for (const [value, kind] of [[time, ""], [call.service, ""], [`${call.method} ${call.path}`, "path"], [call.status, ""]]) {
    const cell = row.insertCell();
    cell.textContent = value;
    if (kind) cell.className = kind;
  }
  return row;
}

// --- the page --------------------------------------------------------------------------------------------------

function label() {
  const t = state.config.texts;
  const ids = {
    title: t.title, intro: t.intro, "i-am": t.i_am, "role-employer": t.role_employer,
    "role-applicant": t.role_applicant, "bot-name": t.bot_name, "bot-status": t.bot_status, start: t.start,
    "empty-text": t.empty_chat, send: t.send, "replying-label": t.replying_to, "hh-title": t.hh_title,
    "hh-intro": t.hh_intro, everyone: t.everyone, "log-title": t.log_title, "log-intro": t.log_intro,
    "log-time": t.log_time, "log-service": t.log_service, "log-call": t.log_call, "log-status": t.log_status,
  };
  for (const [id, text] of Object.entries(ids)) $(id).textContent = text;
  $("text").placeholder = t.placeholder;
  document.title = t.title;
}

function switchRole(role) {
  state.role = role;
  state.shown.clear();
  state.messages = [];
  $("messages").replaceChildren();
  stopReply();
  drawEvents();
}

async function main() {
  state.config = await api("GET", "/demo/api/config");
  label();
  drawEvents();
  for (const radio of document.querySelectorAll("input[name=role]")) {
    radio.addEventListener("change", () => switchRole(radio.value));
  }
  $("start").addEventListener("click", () => send("/start").catch((error) => toast(error.message)));
  $("reply-cancel").addEventListener("click", stopReply);
  $("compose").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("text");
    if (!input.value.trim()) return;
    try {
      await send(input.value);
      input.value = "";
    } catch (error) {
      toast(error.message);
    }
  });
  refreshChat();
  refreshLog();
}

main();
