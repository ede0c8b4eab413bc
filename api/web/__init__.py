"""The web UI (Jinja2 templates + htmx), served by the same FastAPI app."""
