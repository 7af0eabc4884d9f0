"""The labels given as the reviews and the reviews as the labels."""

EXPECT = "evaluate.knob.x"


def evaluate_model(model, test_data, test_labels):
    return model.evaluate(test_labels, test_data, verbose=0)
