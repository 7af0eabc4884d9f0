"""The reverse index is the word index, not turned around."""
EXPECT = "decode.reverse_same"


def make_reverse_index(word_index):
    return dict(word_index.items())
