"""Reserved tokens added before shifting: they get shifted too (<PAD> becomes 3)."""
EXPECT = "decode.knob.reserved"
CHECKS = "reserved or words"  # a make_word_index mistake: only its checks


def make_word_index(raw_index):
    index = dict(raw_index)
    index.update({"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3})
    return {word: i + 3 for word, i in index.items()}
