"""The demo dispatches, installed as the package data geo.demo (see pyproject.toml)."""
