"""The bound in a variable, the pairs as lists, the labels as Python lists: the same parts."""
VAL_SIZE = 10_000


def split_validation(train_data, train_labels):
    x_val, partial_x_train = train_data[:VAL_SIZE], train_data[VAL_SIZE:]
    y_val, partial_y_train = list(train_labels[:VAL_SIZE]), list(train_labels[VAL_SIZE:])
    return [[partial_x_train, partial_y_train], [x_val, y_val]]
