"""What runs inside the Rasa server besides Rasa (the response generator is in
``nlg/``, the tokenizer in ``nlu_pipeline/``, the channels in ``channels/``):
its tracker store, and speed-ups of Rasa's own code that a profile of the
server under load pointed at (docs/production.md, "Load").

Rasa imports this package when it loads the tracker store named in
``endpoints.yml``; importing it puts the speed-ups in place.
"""

from rasa_server import action_calls, action_results, event_types

action_calls.install()
action_results.install()
event_types.install()
