"""The list of words returned instead of one string."""
EXPECT = "decode.decode_type"
CHECKS = "decode_"  # a decode_review mistake: only its checks (the index checks use the kata's own)


def decode_review(ids, reverse_word_index):
    return [reverse_word_index.get(i, "?") for i in ids]
