"""Step 3 · Turn integers back into words: reference solution."""

RESERVED = {"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3}


def make_word_index(raw_index):
    """Return a new dict word -> id: every rank of raw_index plus 3, and "<PAD>"=0, "<START>"=1, "<UNK>"=2, "<UNUSED>"=3."""
    word_index = {word: rank + 3 for word, rank in raw_index.items()}
    word_index.update(RESERVED)
    return word_index


def make_reverse_index(word_index):
    """Return the dict id -> word: word_index turned around."""
    return {i: word for word, i in word_index.items()}


def decode_review(ids, reverse_word_index):
    """Return the words of the ids joined by single spaces; an id missing from reverse_word_index becomes "?"."""
    return " ".join(reverse_word_index.get(i, "?") for i in ids)
