"""Names of the classes as strings, a metric function, Adam given all its defaults."""
import keras


def compile_model(model):
    adam = keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False)
    model.compile(optimizer=adam, loss="BinaryCrossentropy", metrics=[keras.metrics.binary_accuracy])
    return model
