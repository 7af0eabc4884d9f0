"""Only the usual sentence marks replaced: brackets and hyphens stay glued to the words."""

EXPECT = "predict.knob.filters"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it


def encode_review(text, word_index):
    for mark in ".,!?":
        text = text.replace(mark, " ")
    ids = [1]
    for word in text.lower().split():
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids
