"""The arguments by keyword, verbose off, a tuple returned from the list."""


def evaluate_model(model, test_data, test_labels):
    return tuple(model.evaluate(x=test_data, y=test_labels, verbose=0))
