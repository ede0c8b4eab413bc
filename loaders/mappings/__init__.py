"""Built-in column mappings for the canonical templates."""
