"""The reverse index is the word index, not turned around."""
EXPECT = "decode.reverse_same"
CHECKS = "reverse"  # a make_reverse_index mistake: only its check


def make_reverse_index(word_index):
    return dict(word_index.items())
