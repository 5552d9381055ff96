"""Pricing policies in conversation: prices as people say them, questioned when implausible,
shown in the order EU law wants with what a sample session costs, then saved.

- ``form``: the form ``pricing_form`` (login, an existing policy or a new one,
  the prices, a Smappee Community discount, a group of the host's own cards,
  the stations, a name, the summary's yes) and how each answer is checked;
- ``policies``: the start, the questions with content, the summary, saving
  (an OCPI tariff in the back end) and the list of policies.
"""
