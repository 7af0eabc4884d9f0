"""Step 9 · Evaluate on the test set: reference solution."""


def evaluate_model(model, test_data, test_labels):
    """Evaluate the trained `model` on the test reviews; return `[loss, accuracy]` as model.evaluate gives it."""
    return model.evaluate(test_data, test_labels, verbose=2)
