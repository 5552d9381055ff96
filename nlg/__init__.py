"""The Rasa server's side of the assistant's words: responses in the conversation's language."""
