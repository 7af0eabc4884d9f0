"""The reverse index keyed by the ids as strings."""
EXPECT = "decode.reverse_keys"
CHECKS = "reverse"  # a make_reverse_index mistake: only its check


def make_reverse_index(word_index):
    return {str(i): word for word, i in word_index.items()}
