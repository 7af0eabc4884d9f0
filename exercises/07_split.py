"""Step 7 · Hold out a validation set            (post: "Treinando o modelo")

EN  While the model trains, you want to watch how it does on reviews it does not learn from: the
    validation set. Take it from the training data, never from the test data. The test set must
    stay unseen until the very end (step 9): once you use it to make choices during training, its
    score no longer says how the model does on reviews it has never met.
    As in the post, the first 10,000 padded training reviews and their labels become the
    validation set (x_val, y_val); the other 15,000 are what the model learns from
    (partial_x_train, partial_y_train). Cut the reviews and the labels in the same places, so that
    every review keeps its own label, and make sure no review ends up in both parts.
    You get NumPy arrays: train_data is (25000, 256), the reviews padded in step 4, and
    train_labels is (25000,). Slicing (`a[:n]`, `a[n:]`) works as in the 2018 post.
    Keras 3's fit() also has validation_split=0.4, but that holds out the LAST 40% of the samples,
    not the first 10,000, so its numbers would not match the post's. Slicing yourself says exactly
    which reviews are held out.

PT  Enquanto o modelo treina, você quer acompanhar como ele se sai em avaliações com as quais não
    aprende: o conjunto de validação. Tire-o dos dados de treino, nunca dos dados de teste. O
    conjunto de teste deve ficar intocado até o final (etapa 9): se você o usa para tomar decisões
    durante o treino, a nota dele deixa de dizer como o modelo se sai com avaliações que nunca viu.
    Como no post, as primeiras 10.000 avaliações de treino preenchidas e os seus rótulos viram o
    conjunto de validação (x_val, y_val); as outras 15.000 são aquilo com que o modelo aprende
    (partial_x_train, partial_y_train). Corte as avaliações e os rótulos nos mesmos pontos, para
    que cada avaliação fique com o seu próprio rótulo, e garanta que nenhuma avaliação fique nas
    duas partes.
    Você recebe arrays NumPy: train_data é (25000, 256), as avaliações preenchidas na etapa 4, e
    train_labels é (25000,). O fatiamento (`a[:n]`, `a[n:]`) funciona como no post de 2018.
    O fit() do Keras 3 também tem validation_split=0.4, mas ele separa os ÚLTIMOS 40% das
    amostras, não as primeiras 10.000, e os números não bateriam com os do post. Fatiar você mesmo
    diz exatamente quais avaliações ficam de fora.

Check: make check STEP=7      Hint: make hint
"""


def split_validation(train_data, train_labels):
    """Return ((partial_x_train, partial_y_train), (x_val, y_val)): the first 10,000 reviews validate, the rest train."""
    # TODO: the first 10,000 reviews and their labels are the validation set.
    # TODO: the reviews and labels after them are the training part; return both pairs in this order.
    raise NotImplementedError
