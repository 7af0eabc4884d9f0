"""reverse_word_index.get(i) without a default: None for an id the index lacks, and join crashes."""

EXPECT = "known.join_none"


def decode_review(ids, reverse_word_index):
    return " ".join([reverse_word_index.get(i) for i in ids])
