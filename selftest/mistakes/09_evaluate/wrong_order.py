"""[accuracy, loss] instead of [loss, accuracy]."""

EXPECT = "evaluate.wrong_order"


def evaluate_model(model, test_data, test_labels):
    loss, accuracy = model.evaluate(test_data, test_labels)
    return [accuracy, loss]
