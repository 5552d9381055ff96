"""The support site: a demo support page with the chat widget, and the agent
console with its small back end (the only holder of Rasa's API token)."""
