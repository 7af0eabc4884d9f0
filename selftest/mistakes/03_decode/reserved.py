"""Words shifted, but the reserved tokens never added."""
EXPECT = "decode.knob.reserved"
CHECKS = "reserved or words"  # a make_word_index mistake: only its checks


def make_word_index(raw_index):
    return {word: rank + 3 for word, rank in raw_index.items()}
