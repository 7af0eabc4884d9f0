"""steps=10: only the first ten batches of the test reviews are evaluated."""

EXPECT = "evaluate.knob.steps"


def evaluate_model(model, test_data, test_labels):
    return model.evaluate(test_data, test_labels, steps=10, verbose=0)
