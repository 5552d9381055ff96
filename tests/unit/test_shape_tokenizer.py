"""The language model sees e-mail addresses and digits as shapes, the actions the real text."""

from rasa.shared.nlu.training_data.message import Message

from nlu_pipeline.shape_tokenizer import ShapeTokenizer, shape


def test_addresses_and_digits_become_shapes_words_stay():
    assert shape("f.elamrani@acme.be") == "email@address"
    assert shape("buchhaltung@weber-solar,de") == "email@address"  # a typo is still an address
    assert [shape(w) for w in ("0,28", "1/3", "BE68", "518204", "Fatima", "split")] == [
        "0,00",
        "0/0",
        "BE00",
        "000000",
        "Fatima",
        "split",
    ]


def test_tokens_carry_shapes_and_the_text_is_untouched():
    tokenizer = ShapeTokenizer(ShapeTokenizer.get_default_config())
    message = Message(data={"text": "add Fatima f.elamrani@acme.be at 0,27"})
    tokens = tokenizer.tokenize(message, "text")
    assert [t.text for t in tokens] == ["add", "Fatima", "email@address", "at", "0,00"]
    assert [t.lemma for t in tokens][-1] == "0,00"
    assert message.get("text") == "add Fatima f.elamrani@acme.be at 0,27"
