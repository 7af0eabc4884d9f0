"""The list of words returned instead of one string."""
EXPECT = "decode.decode_type"


def decode_review(ids, reverse_word_index):
    return [reverse_word_index.get(i, "?") for i in ids]
