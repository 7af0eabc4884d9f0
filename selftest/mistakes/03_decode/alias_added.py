"""`word_index = raw_index` gives the same dict a second name: the four tokens are added to raw_index itself."""
EXPECT = "decode.mutated_added"
CHECKS = "raw_index"  # only the check of the argument


def make_word_index(raw_index):
    word_index = raw_index
    word_index["<PAD>"] = 0
    word_index["<START>"] = 1
    word_index["<UNK>"] = 2
    word_index["<UNUSED>"] = 3
    return word_index
