"""evaluate with an explicit batch size and the results unpacked and packed again."""


def evaluate_model(model, test_data, test_labels):
    loss, accuracy = model.evaluate(test_data, test_labels, batch_size=512, verbose=0)
    return [loss, accuracy]
