# The checks' fixtures and reporting live in the kata.judge.plugin pytest plugin (see pyproject.toml).
