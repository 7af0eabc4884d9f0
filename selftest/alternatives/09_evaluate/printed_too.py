"""The post's print of the results, and the results returned."""


def evaluate_model(model, test_data, test_labels):
    results = model.evaluate(test_data, test_labels)
    print(results)
    return results
