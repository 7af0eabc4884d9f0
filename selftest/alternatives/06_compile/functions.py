"""Loss and metric as Keras's functions, the optimizer's rate written out, the metric's short name."""
import keras


def compile_model(model):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.binary_crossentropy,
                  metrics=["acc"])
    return model
