"""Whitespace tokens with what differs from one person to the next made general.

Hosts type e-mail addresses, codes, IBANs, rates and dates inside answers and
inside requests alike ("add Fatima (f.elamrani@acme.be) at 0,27 from 1/3").
Learnt as they are, the model ties one address or one number to the intent of
the example it came from. Seen as shapes (every address the same token, every
digit a 0) it learns from the words around them instead. Only the features see
the shapes: the message's text, which the actions read, is left as it was.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

# Anything with an @ in it: an address, also one typed wrong ("info@weber-solar,de").
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
EMAIL_SHAPE = "email@address"


def shape(word: str) -> str:
    """ "jan@acme.be" (or "jan@acme,be") -> "email@address"; "0,28" -> "0,00"; "BE68" -> "BE00"; words stay."""
    if EMAIL.match(word):
        return EMAIL_SHAPE
    return re.sub(r"\d", "0", word)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ShapeTokenizer(WhitespaceTokenizer):
    """Rasa's whitespace tokenizer, each token's text and lemma replaced by its shape."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Rasa's fingerprint sees the configuration, not this code: config.yml names the
        # shapes' version, raised when they change, so a model made with older shapes is retrained.
        return {**WhitespaceTokenizer.get_default_config(), "shapes_version": 1}

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.text = shape(token.text)
            token.lemma = shape(token.lemma)
        return tokens
