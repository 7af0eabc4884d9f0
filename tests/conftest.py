# The checks' fixtures and reporting live in the kata.plugin pytest plugin (see pyproject.toml).
