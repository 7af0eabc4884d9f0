"""Data sets for the kata. `imdb` has the same API as `keras.datasets.imdb`."""
