"""Step 2 · Explore the data            (post: "Explorando os dados")

EN  Before training anything, get to know the data. Each review in train_data is a Python list of
    word ids (it starts with 1, the "start" marker), each label in train_labels is 0 (negative) or
    1 (positive), and the reviews do not all have the same length. A network wants inputs of one
    fixed size, which is why step 4 will pad them.
    The post prints what it finds; here you return it, as a dict, so the checks can read it:
      "entries"            how many reviews there are
      "labels"             how many labels there are (one per review, not the two label values)
      "first_review"       the first review, as the list of ints it already is
      "first_two_lengths"  a tuple: (length of the first review, length of the second)
      "positives"          how many labels are 1
    Compute everything from the two arguments: the checks also call explore() with a slice of the
    data, so numbers typed in by hand will not pass.
    Keras 3 gives the same data as the 2018 post: `load_data` still shuffles with seed=113, so on
    the full training split you should see 25,000 entries and lengths (218, 189), as in the post.

PT  Antes de treinar qualquer coisa, conheça os dados. Cada avaliação em train_data é uma lista
    Python de ids de palavras (começa com 1, a marca de "início"), cada rótulo em train_labels é 0
    (negativa) ou 1 (positiva), e as avaliações não têm todas o mesmo tamanho. Uma rede precisa
    de entradas de tamanho fixo; por isso a etapa 4 vai preenchê-las.
    O post imprime o que encontra; aqui você retorna isso num dict, para as verificações lerem:
      "entries"            quantas avaliações existem
      "labels"             quantos rótulos existem (um por avaliação, não os dois valores possíveis)
      "first_review"       a primeira avaliação, como a lista de ints que ela já é
      "first_two_lengths"  uma tupla: (tamanho da primeira avaliação, tamanho da segunda)
      "positives"          quantos rótulos valem 1
    Calcule tudo a partir dos dois argumentos: as verificações também chamam explore() com uma
    fatia dos dados, então números digitados à mão não passam.
    O Keras 3 dá os mesmos dados do post de 2018: `load_data` continua embaralhando com seed=113,
    então na divisão de treino completa você deve ver 25.000 entradas e tamanhos (218, 189).

Check: make check STEP=2      Hint: make hint
"""


def explore(train_data, train_labels):
    """Return a dict with the keys "entries", "labels", "first_review", "first_two_lengths" and "positives"."""
    # TODO: count the reviews and the labels with len().
    # TODO: take the first review (Python counts from 0) and the lengths of the first two reviews.
    # TODO: count the labels equal to 1, then return everything in one dict.
    raise NotImplementedError
