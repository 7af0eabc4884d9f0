"""The offset of 3 forgotten: 'the' keeps the id 1, which is <START>."""
EXPECT = "decode.knob.index_from"
CHECKS = "reserved or words"  # a make_word_index mistake: only its checks


def make_word_index(raw_index):
    word_index = dict(raw_index)
    word_index["<PAD>"] = 0
    word_index["<START>"] = 1
    word_index["<UNK>"] = 2
    word_index["<UNUSED>"] = 3
    return word_index
