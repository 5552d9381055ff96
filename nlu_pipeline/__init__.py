"""Components of the language model's pipeline that Rasa does not ship (config.yml)."""
