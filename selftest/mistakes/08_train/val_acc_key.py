"""The 2018 post's history key: 'val_acc' is 'val_accuracy' since TensorFlow 2 (a KeyError)."""

EXPECT = "known.acc_key"
CHECKS = "final_val_accuracy"  # a different file is a different training-cache key: no need to train


def final_val_accuracy(history):
    return history.history["val_acc"][-1]
