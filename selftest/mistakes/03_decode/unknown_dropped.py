"""Ids missing from the index silently dropped."""
EXPECT = "decode.unknown"
CHECKS = "decode_"  # a decode_review mistake: only its checks (the index checks use the kata's own)


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index[i] for i in ids if i in reverse_word_index)
