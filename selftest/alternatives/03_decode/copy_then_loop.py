"""A copy of raw_index shifted in a loop, the tokens added first under ids that the shift leaves alone, and the
words appended one at a time."""


def make_word_index(raw_index):
    word_index = {"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3}
    for word, rank in dict(raw_index).items():
        word_index[word] = int(rank) + 3
    return word_index


def decode_review(ids, reverse_word_index):
    words = []
    for i in ids:
        words.append(reverse_word_index.get(int(i), "?"))
    return " ".join(words)
