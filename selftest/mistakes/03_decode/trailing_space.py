"""Words glued with a space after each one: one space too many at the end."""
EXPECT = "decode.spaces"


def decode_review(ids, reverse_word_index):
    text = ""
    for i in ids:
        text += reverse_word_index.get(i, "?") + " "
    return text
