"""The 2018 post's own spelling: the index shifted in a comprehension, the tokens set one by one, the reverse
index made with dict([...]), and a list comprehension joined."""


def make_word_index(raw_index):
    word_index = {k: (v + 3) for k, v in raw_index.items()}
    word_index["<PAD>"] = 0
    word_index["<START>"] = 1
    word_index["<UNK>"] = 2  # unknown
    word_index["<UNUSED>"] = 3
    return word_index


def make_reverse_index(word_index):
    return dict([(value, key) for (key, value) in word_index.items()])


def decode_review(ids, reverse_word_index):
    return ' '.join([reverse_word_index.get(i, '?') for i in ids])
