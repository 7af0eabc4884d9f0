"""Ids missing from the index shown as <UNK> instead of ?."""
EXPECT = "decode.knob.unknown"
CHECKS = "decode_"  # a decode_review mistake: only its checks (the index checks use the kata's own)


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index.get(i, "<UNK>") for i in ids)
