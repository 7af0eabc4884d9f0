"""An OrderedDict; the first review as an int array, the lengths as a list, the positives as sum(labels)."""
from collections import OrderedDict

import numpy as np


def explore(train_data, train_labels):
    facts = OrderedDict()
    facts["entries"] = len(train_data)
    facts["labels"] = train_labels.shape[0]
    facts["first_review"] = np.array(train_data[0])
    facts["first_two_lengths"] = [len(train_data[0]), len(train_data[1])]
    facts["positives"] = sum(train_labels)
    return facts
