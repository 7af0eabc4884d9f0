"""The reserved ids (0 to 3) left out of the decoded text."""
EXPECT = "decode.skipped"
CHECKS = "decode_"  # a decode_review mistake: only its checks (the index checks use the kata's own)


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index.get(i, "?") for i in ids if i > 3)
