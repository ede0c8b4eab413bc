"""Controlled vocabulary: industries, technology concepts, IPC titles, name tables."""
