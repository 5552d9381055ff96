"""Registering as a charging host (the CPO function), Smappee's nine steps in conversation.

- ``answers``: the slots, which answers depend on which, how hosts name them;
- ``form``: the form's questions and how each answer is checked;
- ``questions``: questions whose content depends on the conversation, and the summary;
- ``start``: starting, resuming, clearing and correcting;
- ``submission``: the confirmed registration sent once, and what the answer means.

Every answer is checked by a plain function of ``charging_host``; every
sentence is a response in ``domain/registration.yml``.
"""
