// The agent console: log in, see the queue, read a conversation, take it over,
// write to the user, hand it back. Talks only to this site's /console/api
// (its server holds Rasa's token). All text is set with textContent.
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var me = null;
  var selected = null;   // id of the hand-off on screen
  var poller = null;

  // The hand-off summary names the flow, the question and each answer by
  // their slots; these are the console's words for them.
  var FLOWS = {
    registration_form: "registration as a charging host",
    public_charging_form: "enabling public charging",
    pricing_form: "setting prices",
    agreement_form: "adding split billing agreements",
    agreement_change_form: "changing split billing agreements",
    agreement_confirmation_form: "an employee confirming split billing"
  };
  var FIELDS = {
    account_email: "Smappee login", admin_email: "Admin e-mail", admin_name: "Admin name",
    organisation_choice: "Organisation", entity_type: "Company or person", vat_number: "VAT number",
    legal_name: "Legal name", registered_address: "Registered address", invoice_email: "Invoice e-mail",
    contact_name: "Contact", phone: "Phone", terms_accepted: "Terms accepted", iban: "IBAN",
    account_holder: "Account holder", mandate_agreed: "Mandate agreed", services: "Services",
    charging_stations: "Charging stations", registration_reference: "Registration",
    charge_points: "Charge points", station_address: "Station address", visibility: "Visibility",
    opening_hours: "Opening hours", policy_choice: "Pricing policy", price_structure: "Prices",
    community_discount: "Community discount", token_group: "Own-card group", pricing_stations: "Stations priced",
    policy_name: "Policy name", agreement_people: "Employees", agreement_region: "Regions",
    agreement_start_date: "Start date", agreement_rate: "Rate per kWh", agreement_end_date: "End date",
    agreement_choice: "Agreement", agreement_change: "Change", employee_agreement: "Agreement",
    employee_iban: "IBAN for reimbursements", employee_station: "Station", employee_card: "Card"
  };
  function fieldName(slot) { return FIELDS[slot] || slot; }
  function shown(value) { return value === true ? "yes" : value === false ? "no" : String(value); }
  // The conversation's language: the agent answers in it.
  var LANGUAGES = { en: "English", nl: "Dutch (Nederlands)", fr: "French (Français)", de: "German (Deutsch)" };
  function languageName(code) { return LANGUAGES[code || "en"] || code; }

  function stepOf(summary) {
    if (!summary.flow) return "no flow in progress";
    return summary.asking ? "asking: " + fieldName(summary.asking) : "in progress";
  }

  function api(method, path, body) {
    var options = { method: method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch("/console/api" + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var failure = new Error((data.error && data.error.message) || ("HTTP " + response.status));
          failure.status = response.status;
          throw failure;
        }
        return data;
      });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function showLogin() {
    me = null;
    clearInterval(poller);
    $("login").hidden = false;
    $("app").hidden = true;
    $("logout").hidden = true;
    $("who").textContent = "";
  }

  function showApp(agent) {
    me = agent;
    $("login").hidden = true;
    $("app").hidden = false;
    $("logout").hidden = false;
    $("who").textContent = "Logged in as " + agent.name;
    refresh();
    clearInterval(poller);
    poller = setInterval(refresh, 1500);
  }

  function when(iso) {
    var date = new Date(iso);
    return isNaN(date) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function refresh() {
    api("GET", "/handoffs").then(function (data) {
      var list = $("queue");
      list.textContent = "";
      $("queue-empty").hidden = data.handoffs.length > 0;
      var waiting = data.handoffs.filter(function (h) { return h.status === "waiting"; }).length;
      document.title = (waiting ? "(" + waiting + ") " : "") + "Agent console · Smappee charging-host assistant";
      data.handoffs.forEach(function (handoff) {
        var item = el("li");
        var button = el("button");
        button.type = "button";
        button.setAttribute("data-handoff", handoff.id);
        if (handoff.id === selected) button.setAttribute("aria-current", "true");
        var summary = handoff.summary || {};
        button.appendChild(el("strong", null, (summary.name || "Unknown user") + " · " + handoff.channel + " · " + languageName(summary.language)));
        button.appendChild(el("div", "muted", stepOf(summary) + " · " + when(handoff.created_at)));
        button.appendChild(el("div", "muted",
          handoff.status === "waiting" ? "Waiting" : "Taken by " + (handoff.agent === me.username ? "you" : handoff.agent)));
        button.addEventListener("click", function () { selected = handoff.id; refresh(); });
        item.appendChild(button);
        list.appendChild(item);
      });
      if (selected && !data.handoffs.some(function (h) { return h.id === selected; })) selected = null;
      if (selected) showDetail(); else $("detail").hidden = true;
    }).catch(function (failure) { if (failure.status === 401) showLogin(); });
  }

  var shownMessages = -1;
  function showDetail() {
    api("GET", "/handoffs/" + selected).then(function (handoff) {
      $("detail").hidden = false;
      var summary = handoff.summary || {};
      $("detail-title").textContent = (summary.name || "Unknown user") + " (" + handoff.channel + ")";
      var list = $("summary");
      list.textContent = "";
      var rows = [["Why", handoff.reason === "repeated_failures" ? "the assistant failed several times" : "asked for a person"],
                  ["Language", languageName(summary.language)],
                  ["Flow", FLOWS[summary.flow] || summary.flow || "none"], ["Step reached", stepOf(summary)]];
      (summary.collected || []).forEach(function (answer) { rows.push([fieldName(answer.field), shown(answer.value)]); });
      rows.forEach(function (row) { list.appendChild(el("dt", null, row[0])); list.appendChild(el("dd", null, row[1])); });

      var box = $("messages");
      if (handoff.messages.length !== shownMessages) {
        box.textContent = "";
        handoff.messages.forEach(function (m) {
          var line = el("div", "message from-" + m.author);
          var author = m.author === "user" ? "User" : m.author === "agent" ? m.agent_name + " (agent)" : "Assistant";
          line.appendChild(el("span", "author", author));
          line.appendChild(document.createTextNode(m.text || (m.image ? "[image] " + m.image : "")));
          if (m.buttons) line.appendChild(el("div", "muted", "Buttons: " + m.buttons.map(function (b) { return b.title; }).join(" | ")));
          box.appendChild(line);
        });
        box.scrollTop = box.scrollHeight;
        shownMessages = handoff.messages.length;
      }
      var mine = handoff.status === "taken" && handoff.agent === me.username;
      $("take").hidden = handoff.status !== "waiting";
      $("reply").hidden = !mine;
      $("hand-back").hidden = !mine;
    }).catch(function (failure) { $("detail-error").textContent = failure.message; });
  }

  function act(promise) {
    $("detail-error").textContent = "";
    return promise.then(function () { shownMessages = -1; refresh(); })
      .catch(function (failure) { $("detail-error").textContent = failure.message; });
  }

  $("login").addEventListener("submit", function (event) {
    event.preventDefault();
    $("login-error").textContent = "";
    api("POST", "/login", { username: $("username").value, password: $("password").value })
      .then(function (agent) { $("password").value = ""; showApp(agent); })
      .catch(function (failure) { $("login-error").textContent = failure.message; });
  });
  $("logout").addEventListener("click", function () { api("POST", "/logout", {}).then(showLogin); });
  $("take").addEventListener("click", function () { act(api("POST", "/handoffs/" + selected + "/take", {})); });
  $("hand-back").addEventListener("click", function () { act(api("POST", "/handoffs/" + selected + "/hand-back", {})); });
  $("reply").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("reply-text").value.trim();
    if (!text) return;
    act(api("POST", "/handoffs/" + selected + "/messages", { text: text })
      .then(function () { $("reply-text").value = ""; }));
  });

  api("GET", "/me").then(showApp).catch(showLogin);
})();
