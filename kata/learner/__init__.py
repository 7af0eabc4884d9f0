"""The learner side: the process that imports and runs the learner's code (supervisor.py, child.py)."""
