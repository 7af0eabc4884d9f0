"""Words glued with a space after each one: one space too many at the end."""
EXPECT = "decode.spaces"
CHECKS = "decode_"  # a decode_review mistake: only its checks (the index checks use the kata's own)


def decode_review(ids, reverse_word_index):
    text = ""
    for i in ids:
        text += reverse_word_index.get(i, "?") + " "
    return text
