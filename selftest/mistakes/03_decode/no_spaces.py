"""Words joined with nothing between them."""
EXPECT = "decode.knob.sep"
CHECKS = "decode_"  # a decode_review mistake: only its checks (the index checks use the kata's own)


def decode_review(ids, reverse_word_index):
    return "".join(reverse_word_index.get(i, "?") for i in ids)
