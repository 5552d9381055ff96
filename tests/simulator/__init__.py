"""A simulator of charging hosts: profiles of owners who register (``profiles.py``)
and a driver that plays each against the running assistant like a person
(``driver.py``), reading the assistant's messages by their text (``texts.py``)."""
