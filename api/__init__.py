"""The HTTP service, the web UI and the ``innolink`` command line."""

from api.app import create_app

__all__ = ["create_app"]
