"""Two settings changed at once: words joined by ", " and missing ids shown as "<UNK>"."""
EXPECT = "decode.knob.unknown"
CHECKS = "unknown_id"  # the check with an id missing from the index


def decode_review(ids, reverse_word_index):
    return ", ".join(reverse_word_index.get(i, "<UNK>") for i in ids)
