"""Ids missing from the index silently dropped."""
EXPECT = "decode.unknown"


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index[i] for i in ids if i in reverse_word_index)
