"""The post prints the results; here they are printed and not returned."""

EXPECT = "evaluate.printed"


def evaluate_model(model, test_data, test_labels):
    results = print(model.evaluate(test_data, test_labels, verbose=0))
    return results
