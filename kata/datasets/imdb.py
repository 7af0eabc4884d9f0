"""The IMDB movie-review data set, with the API and the results of `keras.datasets.imdb`.

    from kata.datasets import imdb
    (train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)
    word_index = imdb.get_word_index()

The learner's loader: `KATA_DATA_DIR` names a folder with imdb.npz and imdb_word_index.json (offline
classrooms, CI); without it Keras downloads the official files and checks their checksums. Every problem
ends in a DataError with one sentence that says what to do. (The code lives in kata/shared/imdb.py.)
"""

from kata.shared.imdb import DATA_DIR_VAR, DataError, get_word_index, load_data

__all__ = ["DATA_DIR_VAR", "DataError", "get_word_index", "load_data"]
