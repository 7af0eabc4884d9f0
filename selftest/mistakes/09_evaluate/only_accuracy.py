"""Only the accuracy returned, not [loss, accuracy]."""

EXPECT = "evaluate.only_accuracy"


def evaluate_model(model, test_data, test_labels):
    loss, accuracy = model.evaluate(test_data, test_labels)
    return accuracy
