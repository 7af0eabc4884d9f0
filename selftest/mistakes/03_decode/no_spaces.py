"""Words joined with nothing between them."""
EXPECT = "decode.spaces"


def decode_review(ids, reverse_word_index):
    return "".join(reverse_word_index.get(i, "?") for i in ids)
