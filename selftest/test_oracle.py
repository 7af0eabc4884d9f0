"""The kata's reference pipeline (kata/oracle.py) agrees with Keras and with the post's figures."""

import numpy as np
import pytest

from kata.judge import oracle


@pytest.mark.parametrize("options", [{}, {"padding": "pre"}, {"truncating": "post"}, {"maxlen": 100, "value": 7}])
def test_numpy_padding_is_keras_pad_sequences(options):
    from keras.utils import pad_sequences

    (x_train, _), _ = oracle.data()
    sample = list(x_train[:3000]) + [[], [5]]
    wanted = {"value": 0, "padding": "post", "maxlen": 256, **options}
    theirs, ours = pad_sequences(sample, **wanted), oracle.pad(sample, **wanted)
    assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)


def test_the_posts_figures():
    (x_train, _), (x_test, _) = oracle.padded()
    assert x_train.shape == x_test.shape == (25000, 256)
    assert oracle.decode(oracle.data()[0][0][0]).startswith(
        "<START> this film was just brilliant casting location scenery story direction everyone's really suited the part they played")
