"""Where Rasa keeps conversations: its SQL tracker store, made to outlive a database restart."""
