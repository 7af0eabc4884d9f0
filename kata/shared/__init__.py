"""The shared ground of the trust boundary: what both the judge and the learner process load.

The judge (`kata.judge`) and the learner process (`kata.learner`) never import each other; each imports
this package. Everything here is either data handling (the value codec, its framing, the transport between
the processes, the vocabulary of states and statuses) or the post's own recipe and data (the seeds and
layers, trainings, the IMDB loader, the cache), and none of it reads a learner's file as code.
The learner's sandbox holds this package, `kata.learner` and `kata.datasets` (the learner's loader): never
the judge, its reference pipeline or the checks (import-linter contracts in pyproject.toml keep it so).
"""
