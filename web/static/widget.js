// The support site's chat widget, on socket.io-client.
//
// The server gives this browser a conversation id and a key proving it owns it;
// both are kept in localStorage so a reload continues the same conversation,
// and the server then sends its history. Everything shown is set with
// textContent or checked URLs: a message can never become HTML.
(function () {
  "use strict";

  var root = document.getElementById("chat-widget");
  if (!root || typeof io === "undefined") return;
  var server = root.getAttribute("data-server");
  var STORE = "charging-host-chat";
  // The widget's words in the page's language (the server puts them in the page:
  // web/widget_texts.yml and its translations); the page's language is also a hint
  // for the assistant's.
  var language = (document.documentElement.lang || "en").toLowerCase();
  var TEXTS = {};
  try { TEXTS = JSON.parse(root.getAttribute("data-texts") || "{}"); } catch (e) { TEXTS = {}; }
  function t(key, values) {
    var text = TEXTS[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function save(values) {
    var state = load();
    Object.keys(values).forEach(function (k) { state[k] = values[k]; });
    localStorage.setItem(STORE, JSON.stringify(state));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- the widget's parts ---
  var launcher = el("button", "chat-launcher", t("launcher"));
  launcher.type = "button";
  launcher.setAttribute("aria-controls", "chat-panel");
  launcher.setAttribute("aria-expanded", "false");

  var panel = el("section", "chat-panel");
  panel.id = "chat-panel";
  panel.setAttribute("aria-label", t("panel"));
  panel.hidden = true;

  var header = el("div", "chat-header");
  var title = el("div", "chat-title", t("title"));
  var status = el("div", "chat-status", t("connecting"));
  status.setAttribute("data-testid", "chat-status");
  var close = el("button", "chat-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", t("close"));
  var heading = el("div");
  heading.appendChild(title);
  heading.appendChild(status);
  header.appendChild(heading);
  header.appendChild(close);

  var log = el("div", "chat-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", t("log"));
  log.tabIndex = 0;

  var typing = el("div", "chat-typing", "");
  typing.setAttribute("aria-live", "polite");

  var form = el("form", "chat-form");
  var label = el("label", "visually-hidden", t("input_label"));
  label.setAttribute("for", "chat-input");
  var input = el("input", "chat-input");
  input.id = "chat-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 2000;
  input.placeholder = t("placeholder");
  var send = el("button", "chat-send", t("send"));
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  root.appendChild(launcher);
  root.appendChild(panel);

  // --- showing messages ---
  var URL_PATTERN = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/g;

  function appendTextWithLinks(node, text) {
    var last = 0;
    text.replace(URL_PATTERN, function (url, _group, offset) {
      node.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = el("a", null, url);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      node.appendChild(link);
      last = offset + url.length;
      return url;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function authorLabel(message) {
    if (message.author === "user") return t("you");
    if (message.author === "agent") return t("agent", { agent: message.agent_name || t("agent_unnamed") });
    return t("assistant");
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function disableButtons() {
    log.querySelectorAll(".chat-buttons button").forEach(function (b) { b.disabled = true; });
  }

  function show(message, live) {
    if (message.handoff === "joined") { agentPresent = true; setStatus(t("agent_joined", { agent: message.agent_name })); }
    if (message.handoff === "ended") { agentPresent = false; setStatus(t("with_assistant")); }
    var item = el("div", "chat-message from-" + (message.author || "assistant"));
    item.setAttribute("data-author", message.author || "assistant");
    item.appendChild(el("div", "chat-author", authorLabel(message)));
    if (message.text) {
      var body = el("div", "chat-text");
      appendTextWithLinks(body, String(message.text));
      item.appendChild(body);
    }
    if (message.image && /^https?:\/\//.test(message.image)) {
      var image = el("img", "chat-image");
      image.src = message.image;
      image.alt = message.text ? t("image", { text: message.text }) : t("image_unnamed");
      image.addEventListener("load", scrollDown);
      item.appendChild(image);
    }
    if (message.buttons && message.buttons.length) {
      var group = el("div", "chat-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", t("quick_replies"));
      message.buttons.forEach(function (button) {
        var b = el("button", "chat-button", button.title);
        b.type = "button";
        b.disabled = !live;
        b.addEventListener("click", function () { say(button.payload, button.title); });
        group.appendChild(b);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    scrollDown();
  }

  function setStatus(text) { status.textContent = text; }

  var typingTimer = null;
  function setTyping(on) {
    clearTimeout(typingTimer);
    typing.textContent = on ? t("typing") : "";
    if (on) typingTimer = setTimeout(function () { setTyping(false); }, 15000);
  }

  // --- talking to the server ---
  var socket = null;
  var agentPresent = false;  // a support agent answers: no "the assistant is writing"

  function connect() {
    if (socket) return;
    // withCredentials: when WebSockets are blocked and it falls back to long
    // polling, the load balancer's cookie keeps every poll on one Rasa server.
    socket = io(server, { transports: ["websocket", "polling"], reconnection: true, withCredentials: true });
    socket.on("connect", function () {
      var state = load();
      socket.emit("session_request", { session_id: state.session_id, session_key: state.session_key, language: language });
    });
    socket.on("session_confirm", function (session) {
      save({ session_id: session.session_id, session_key: session.session_key });
      if (!agentPresent) setStatus(t("with_assistant"));
      if (!session.resumed) {
        log.textContent = "";
        socket.emit("user_uttered", { message: "/greet" });  // the assistant says hello first
      }
    });
    socket.on("history", function (history) {
      log.textContent = "";
      var messages = history.messages || [];
      messages.forEach(function (m) {
        if (m.author === "user" && m.text.charAt(0) === "/") return;  // payloads, not words
        show(m, false);
      });
      // The last message's quick replies can still be used.
      var last = log.lastElementChild;
      if (last) last.querySelectorAll(".chat-buttons button").forEach(function (b) { b.disabled = false; });
    });
    socket.on("bot_uttered", function (message) {
      setTyping(false);
      show(message, true);
    });
    socket.on("disconnect", function () { setStatus(t("reconnecting")); });
    socket.on("connect_error", function () { setStatus(t("unreachable")); });
  }

  function say(payload, shownText) {
    if (!socket || !payload) return;
    disableButtons();
    show({ author: "user", text: shownText || payload }, true);
    socket.emit("user_uttered", { message: payload });
    if (!agentPresent) setTyping(true);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text);
  });

  function open(focus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.hidden = true;
    save({ open: true });
    connect();
    if (focus) input.focus();
  }
  function shut() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    save({ open: false });
    launcher.focus();
  }

  launcher.addEventListener("click", function () { open(true); });
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") shut(); });

  if (load().open) open(false);
})();
