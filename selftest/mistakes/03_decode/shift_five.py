"""Every rank moved by 5, a shift no setting of the post's gives: the ids are named as moved by 5."""
EXPECT = "decode.offset"
CHECKS = "reserved or words"  # a make_word_index mistake: only its checks


def make_word_index(raw_index):
    word_index = {word: rank + 5 for word, rank in raw_index.items()}
    word_index.update({"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3})
    return word_index
