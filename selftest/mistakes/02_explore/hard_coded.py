"""The numbers the post prints, typed in by hand."""
EXPECT = "explore.hard_coded"


def explore(train_data, train_labels):
    return {
        "entries": 25000,
        "labels": 25000,
        "first_review": train_data[0],
        "first_two_lengths": (218, 189),
        "positives": 12500,
    }
