"""The judge: the checks, the kata's reference pipeline and the reports. Nothing here imports or runs a
learner's file: learner code runs in its own process (kata.learner), and only data comes back.
"""
