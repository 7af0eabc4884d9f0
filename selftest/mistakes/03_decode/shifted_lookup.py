"""Each id moved by 3 before the lookup, although the index is already shifted."""
EXPECT = "decode.decode_shift"
CHECKS = "decode_"  # a decode_review mistake: only its checks (the index checks use the kata's own)


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index.get(i - 3, "?") for i in ids)
