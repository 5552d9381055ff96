"""Business rules of a Smappee charging host, in plain Python.

Nothing here imports Rasa or talks to the network: the actions of the assistant
and the dashboard back end both use these functions, so a rule is written once.
Every check returns a result with an error *code*; the words a person reads
live in the assistant's responses (domain/*.yml), keyed by that code.
"""
