"""The chat widget on the support page, in a real browser: registering by
typing and clicking, a reload in the middle, the QR code as an image, a phone
screen, the keyboard, and markup shown as text."""

from playwright.sync_api import expect

from tests.browser.conftest import Widget


def test_a_host_registers_reloads_midway_and_sees_the_qr_code(stack, new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    w = Widget(page, stack).open()
    greeting = w.replies.first
    expect(greeting).to_contain_text("charging-host assistant")

    assert "Smappee login" in w.click("Register as a charging host")
    assert "administer" in w.log_in("widget.user@example.be")
    assert "company" in w.click("Me")
    assert "VAT number" in w.click("Company / self-employed")
    assert "valid VAT number" in w.say("be 0477.472.701")

    # Markup typed by a user is shown as text, never run.
    refused = w.say("<script>alert(1)</script>")
    expect(page.locator(".chat-message.from-user").last).to_have_text("You<script>alert(1)</script>")
    assert page.locator(".chat-log script").count() == 0
    assert "name" in refused.lower()
    assert "registered address" in w.say("Maes Laadpunten BV")

    # A reload in the middle: the same conversation, its history shown, and it goes on.
    shown_before = page.locator(".chat-message").count()
    page.reload()
    expect(page.locator(".chat-message")).to_have_count(shown_before)
    expect(page.locator(".chat-log")).to_contain_text("Maes Laadpunten BV")
    expect(page.locator(".chat-log")).to_contain_text("<script>alert(1)</script>")

    assert "invoices" in w.say("Veldstraat 12, 9000 Gent")
    assert "contact person" in w.click("Use widget.user@example.be")
    assert "phone" in w.click("Me")
    assert "Terms & Conditions" in w.say("0470 55 66 77")
    terms = page.locator(".chat-log a").last  # links in a message can be opened
    expect(terms).to_have_attribute("href", "https://www.smappee.com/terms-and-conditions")
    expect(terms).to_have_attribute("rel", "noopener noreferrer")
    assert "IBAN" in w.click("Yes, I accept")
    assert "BE68 **** **** 7034" in w.say("BE68 5390 0754 7034")
    assert "mandate" in w.click("Maes Laadpunten BV").lower()
    services = w.click("Yes, I agree")
    assert "Which services" in services
    assert "one charging station, Carport (5010001101)" in w.click("Business Charging incl. CPO")
    summary = w.click("Yes")
    assert "BE68 **** **** 7034" in summary and "5390 0754" not in summary
    assert "Your reference is REG-" in w.say("yes, register")

    assert "Which charge points" in w.say("make my charger public")
    assert "address of Carport" in w.click("Carport, connector 1")
    assert "visible" in w.say("Veldstraat 12, 9000 Gent")
    assert "24/7" in w.say("visible")
    assert "Carport" in w.say("24/7")
    done = w.say("yes")
    assert "now accept public charging" in done
    qr = page.locator("img.chat-image").last
    expect(qr).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 100", arg=qr.element_handle())
    assert w.dialogs == []
    w.screenshot("widget-registration-and-qr-code")


def test_on_a_phone_by_keyboard_only(stack, new_context):
    page = new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True).new_page()
    w = Widget(page, stack)
    page.goto(stack.web_url + "/")
    # Tab to the launcher and open it with Enter: focus lands in the message box.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Chat with us":
            break
    page.keyboard.press("Enter")
    w.wait_for_reply(0)
    expect(page.get_by_label("Your message")).to_be_focused()
    panel = page.locator("#chat-panel").bounding_box()
    assert panel["width"] == 375 and panel["height"] >= 600  # the whole screen
    # Quick replies are buttons, reached with the keyboard.
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.className") == "chat-button":
            break
    before = w.replies.count()
    page.keyboard.press("Enter")
    assert "charge point operator" in w.wait_for_reply(before)  # the last one: "What is a CPO?"
    page.get_by_label("Your message").focus()
    page.keyboard.type("how long does registering take?")
    before = w.replies.count()
    page.keyboard.press("Enter")
    assert "5 minutes" in w.wait_for_reply(before)
    w.screenshot("widget-phone")
    page.keyboard.press("Escape")
    expect(page.locator("#chat-panel")).to_be_hidden()
    expect(page.get_by_role("button", name="Chat with us")).to_be_focused()


def test_the_widget_reconnects_after_the_assistant_restarts(stack, new_context):
    page = new_context().new_page()
    w = Widget(page, stack).open()
    assert "charge point operator" in w.say("what's a cpo?")
    shown = page.locator(".chat-message").count()
    stack.restart("rasa")  # a deploy: the socket drops, the conversation stays in the tracker store
    expect(page.locator(".chat-status")).to_have_text("You're talking with the assistant", timeout=60_000)
    expect(page.locator(".chat-message")).to_have_count(shown)  # the same conversation, shown once
    assert "5 minutes" in w.say("how long does it take")


def test_the_widget_in_dutch_on_a_dutch_browser(stack, new_context):
    """A browser set to Dutch: the page is Dutch, the widget's own words are Dutch,
    the assistant greets in Dutch (the page's language is its hint) and answers a
    question typed in Dutch in Dutch."""
    page = new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE").new_page()
    w = Widget(page, stack, language="nl")
    w.open()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text(w.label("page_heading"))
    box = page.get_by_label("Je bericht")  # the widget's label, in Dutch
    expect(box).to_have_attribute("placeholder", w.label("placeholder"))
    expect(page.locator(".chat-send")).to_have_text(w.label("send"))
    expect(page.locator(".chat-status")).to_have_text(w.label("with_assistant"))
    greeting = w.replies.first
    expect(greeting).to_contain_text("Smappee-assistent")
    expect(greeting.locator(".chat-author")).to_have_text(w.label("assistant"))

    assert "e-mailadres" in w.click("Registreren als laadpaalexploitant")  # a button of the Dutch greeting
    answer = w.say("wat kost dat mij eigenlijk als laadpaalhouder?")
    assert "CPO" in answer and "the" not in answer.split()  # Dutch, not English
    expect(page.locator(".chat-message.from-user").last).to_contain_text(w.label("you"))
    w.screenshot("widget-dutch")
