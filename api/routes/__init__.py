"""One router per resource, joined in ``api.app``."""
