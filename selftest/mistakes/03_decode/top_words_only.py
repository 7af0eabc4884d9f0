"""Only the 10,000 most frequent words kept in the index (mixing up num_words with the index)."""
EXPECT = "decode.words_missing"
CHECKS = "reserved or words"  # a make_word_index mistake: only its checks


def make_word_index(raw_index):
    word_index = {word: rank + 3 for word, rank in raw_index.items() if rank + 3 < 10000}
    word_index.update({"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3})
    return word_index
