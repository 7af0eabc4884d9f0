"""The ranks shifted in the dict that was passed in, not in a new one."""

EXPECT = "decode.mutated"
CHECKS = "raw_index"  # the index it returns is right: only the check of the argument


def make_word_index(raw_index):
    for word in raw_index:
        raw_index[word] += 3
    raw_index.update({"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3})
    return raw_index
