"""The numbers formatted as text."""

EXPECT = "evaluate.strings"


def evaluate_model(model, test_data, test_labels):
    loss, accuracy = model.evaluate(test_data, test_labels, verbose=0)
    return [f"{loss:.4f}", f"{accuracy:.4f}"]
