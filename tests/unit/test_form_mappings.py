"""Every question a form can ask takes its answer while that form asks it: a slot
without a mapping for the form would leave the question unanswerable."""

from __future__ import annotations


def test_each_form_question_is_filled_from_the_text_while_that_form_asks_it(domain):
    missing = []
    for form, spec in domain["forms"].items():
        for slot in spec["required_slots"]:
            mappings = domain["slots"][slot]["mappings"]
            taken = any(
                mapping["type"] == "from_text"
                and any(
                    c.get("active_loop") == form and c.get("requested_slot") == slot
                    for c in mapping.get("conditions", [])
                )
                for mapping in mappings
            )
            if not taken:
                missing.append(f"{form}: {slot}")
    assert missing == []
