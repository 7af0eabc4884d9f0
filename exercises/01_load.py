"""Step 1 · Load the IMDB data            (post: "Carregando o conjunto de dados IMDB")

EN  50,000 IMDB movie reviews, already turned into lists of word ids (1 = start of review, then
    one id per word, frequent words get small ids), each labelled 1 (positive) or 0 (negative).
    Half is for training, half for testing. Load them, keeping only the 10,000 most frequent words:
    rarer words become the id 2 ("unknown"), which keeps the vocabulary, and so the model, small.
    The kata's `kata.datasets.imdb` works exactly like `keras.datasets.imdb` (it can also read the
    files from the folder that KATA_DATA_DIR names, for classrooms without internet).

PT  50.000 avaliações de filmes do IMDB, já convertidas em listas de ids de palavras (1 = início da
    avaliação, depois um id por palavra; palavras frequentes têm ids pequenos), cada uma com rótulo 1
    (positiva) ou 0 (negativa). Metade é para treino, metade para teste. Carregue-as mantendo só as
    10.000 palavras mais frequentes: as mais raras viram o id 2 ("desconhecida").
    `kata.datasets.imdb` funciona exatamente como `keras.datasets.imdb`.

Check: make check STEP=1      Hint: make hint
"""

from kata.datasets import imdb


def load_imdb():
    """Return `(train_data, train_labels), (test_data, test_labels)`, keeping the 10,000 most frequent words."""
    # TODO: call imdb.load_data with the right num_words and return what it gives.
    raise NotImplementedError
