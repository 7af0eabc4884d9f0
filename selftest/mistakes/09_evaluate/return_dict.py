"""return_dict=True: a dict of the numbers instead of the list [loss, accuracy]."""

EXPECT = "evaluate.knob.return_dict"


def evaluate_model(model, test_data, test_labels):
    return model.evaluate(test_data, test_labels, return_dict=True)
