"""Hand-off in two browsers: a host asks for a person in the widget; an agent
logs into the console, takes over, writes, and hands back; the host sees the
agent, then the assistant again, where the registration was."""

import requests
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, Widget
from tests.conftest import AGENT


def test_an_agent_takes_over_writes_and_hands_back(stack, new_context):
    user_page = new_context(viewport={"width": 1100, "height": 850}).new_page()
    w = Widget(user_page, stack).open()
    assert "Smappee login" in w.say("I want to register as a charging host")
    assert "administer" in w.log_in("handoff.user@example.be")
    assert "company" in w.click("Me")
    queued = w.say("this is too complicated, can I talk to a person?")
    assert "colleague from Smappee support" in queued
    # While paused the assistant says nothing; the message waits for the agent.
    w.page.get_by_label("Your message").fill("I have two companies, which one do I pick?")
    w.page.get_by_label("Your message").press("Enter")
    w.page.wait_for_timeout(1500)
    assert w.replies.last.inner_text().endswith(queued.split("\n", 1)[1])

    console = new_context(viewport={"width": 1200, "height": 850}).new_page()
    console.on("dialog", lambda dialog: dialog.dismiss())
    console.goto(stack.web_url + "/console")
    console.get_by_label("User name").fill(AGENT["username"])
    console.get_by_label("Password").fill("wrong password")
    console.get_by_role("button", name="Log in").click()
    expect(console.locator("#login-error")).to_contain_text("wrong")
    console.get_by_label("Password").fill(AGENT["password"])
    console.get_by_role("button", name="Log in").click()
    expect(console.locator("#who")).to_have_text("Logged in as Sofie")

    entry = console.locator("#queue button", has_text="Koen Lambrecht")
    expect(entry).to_contain_text("Waiting")
    entry.click()
    summary = console.locator("#summary")
    expect(summary).to_contain_text("registration as a charging host")
    expect(summary).to_contain_text("asking: Company or person")
    expect(summary).to_contain_text("handoff.user@example.be")
    expect(console.locator("#messages")).to_contain_text("I have two companies, which one do I pick?")

    console.get_by_role("button", name="Take over").click()
    expect(w.page.locator(".chat-status")).to_contain_text("Sofie from Smappee support is in the conversation")
    console.get_by_label("Your message to the user").fill(
        "Hi Koen, pick the company that owns the charger. <img src=x onerror=alert(1)>"
    )
    console.get_by_role("button", name="Send").click()
    agent_message = w.page.locator('.chat-message[data-author="agent"]').last
    expect(agent_message).to_contain_text("Sofie · Smappee support")
    expect(agent_message).to_contain_text("pick the company that owns the charger. <img src=x onerror=alert(1)>")
    assert w.page.locator(".chat-log img:not(.chat-image)").count() == 0

    w.page.get_by_label("Your message").fill("ok thanks, it's Lambrecht Solar BV")
    w.page.get_by_label("Your message").press("Enter")
    expect(console.locator("#messages")).to_contain_text("ok thanks, it's Lambrecht Solar BV")
    console.screenshot(path=str(SCREENSHOTS / "console-during-handoff.png"), full_page=True)
    w.screenshot("widget-during-handoff")

    before = w.replies.count()
    console.get_by_role("button", name="Hand back to the assistant").click()
    back = w.wait_for_reply(before)
    assert "handed you back to the assistant" in back
    assert "I'm back! Let's carry on where we were." in back
    assert "company" in back.split("carry on where we were.")[1]  # the question it was at, again
    expect(entry).to_have_count(0)  # gone from the queue
    expect(w.page.locator(".chat-status")).to_have_text("You're talking with the assistant")

    # The assistant answers again, and the conversation goes on where it was.
    assert "VAT number" in w.click("Company / self-employed")
    assert w.dialogs == []
    w.screenshot("widget-after-handoff")


def test_the_console_refuses_everything_without_login(stack):
    for path in ("/console/api/handoffs", "/console/api/me"):
        assert requests.get(stack.web_url + path, timeout=10).status_code == 401
    response = requests.post(stack.web_url + "/console/api/handoffs/x/messages", json={"text": "hi"}, timeout=10)
    assert response.status_code == 401
    response = requests.post(
        stack.web_url + "/internal/handoffs", json={"conversation_id": "x", "summary": {}}, timeout=10
    )
    assert response.status_code == 401
