"""Ids missing from the index shown as <UNK> instead of ?."""
EXPECT = "decode.unknown_unk"


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index.get(i, "<UNK>") for i in ids)
