"""predict_texts rounds each probability: labels 0 or 1 served, not probabilities."""

import numpy as np
import tensorflow as tf

EXPECT = "save.rounded"
CHECKS = "one_review or step_11_rules"


def predict_texts(model, texts):
    x = tf.constant([str(text) for text in texts], dtype=tf.string)
    return [float(round(p)) for p in np.asarray(model.predict(x, verbose=0)).reshape(-1)]
