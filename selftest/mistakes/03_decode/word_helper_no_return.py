"""A helper that forgets its return: every word is None, and join crashes."""

EXPECT = "known.join_none"


def _word(i, reverse_word_index):
    reverse_word_index.get(i, "?")


def decode_review(ids, reverse_word_index):
    return " ".join(_word(i, reverse_word_index) for i in ids)
