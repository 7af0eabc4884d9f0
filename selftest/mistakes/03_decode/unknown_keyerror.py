"""Plain indexing: an id missing from the index raises KeyError."""
EXPECT = "decode.unknown"


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index[i] for i in ids)
