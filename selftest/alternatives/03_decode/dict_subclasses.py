"""Dict subclasses: an OrderedDict index and a defaultdict reverse index (the missing id reads "?")."""
import collections


def make_word_index(raw_index):
    word_index = collections.OrderedDict((word, rank + 3) for word, rank in raw_index.items())
    word_index.update(RESERVED)
    return word_index


RESERVED = collections.OrderedDict([("<PAD>", 0), ("<START>", 1), ("<UNK>", 2), ("<UNUSED>", 3)])


def make_reverse_index(word_index):
    reverse = collections.defaultdict(lambda: "?")
    for word, i in word_index.items():
        reverse[i] = word
    return reverse


def decode_review(ids, reverse_word_index):
    return " ".join(reverse_word_index[int(i)] if int(i) in reverse_word_index else "?" for i in ids)
