"""The default back end of the dashboard API (see openapi.yaml)."""
