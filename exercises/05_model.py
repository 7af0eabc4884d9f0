"""Step 5 · Build the model                  (post: "Construindo o modelo")

EN  The model reads a padded review (256 word ids) and outputs one number: the probability that
    the review is positive. Stack four layers, in this order, in a keras.Sequential:
      1. Embedding(vocab_size, 16): each word id becomes a vector of 16 numbers that training
         tunes (10,000 words x 16 = 160,000 parameters). Output: (batch, 256, 16).
      2. GlobalAveragePooling1D(): the average of a review's word vectors, so every review,
         however long, becomes 16 numbers. Output: (batch, 16). No parameters.
      3. Dense(16, activation='relu'): a hidden layer of 16 units (16 x 16 + 16 = 272 parameters).
         relu is what makes it more than a linear sum.
      4. Dense(1, activation='sigmoid'): one unit; sigmoid squashes it between 0 and 1, a
         probability (16 + 1 = 17 parameters).
    In all 160,289 trainable parameters, as in the post's model.summary().
    2018 vs today:
      - the post writes activation=tf.nn.relu / tf.nn.sigmoid. Keras 3 still accepts them (it
        records them as 'relu' and 'sigmoid'), but the usual spelling is the name: activation='relu'.
      - Keras 3 builds a model lazily: until it knows the input shape, model.summary() shows
        "0 (unbuilt)". Start the list with keras.Input(shape=(None,), dtype="int32") (or call
        model.build((None, 256))) to see the 160,289 parameters. Embedding needs no input_length
        (Keras 3 ignores it and warns).

PT  O modelo lê uma avaliação preenchida (256 ids de palavras) e devolve um número: a probabilidade
    de a avaliação ser positiva. Empilhe quatro camadas, nesta ordem, num keras.Sequential:
      1. Embedding(vocab_size, 16): cada id de palavra vira um vetor de 16 números ajustados pelo
         treino (10.000 palavras x 16 = 160.000 parâmetros). Saída: (lote, 256, 16).
      2. GlobalAveragePooling1D(): a média dos vetores das palavras de uma avaliação; toda
         avaliação, curta ou longa, vira 16 números. Saída: (lote, 16). Sem parâmetros.
      3. Dense(16, activation='relu'): uma camada oculta de 16 unidades (16 x 16 + 16 = 272
         parâmetros). É a relu que faz dela mais do que uma soma linear.
      4. Dense(1, activation='sigmoid'): uma unidade; a sigmoide espreme o valor entre 0 e 1,
         uma probabilidade (16 + 1 = 17 parâmetros).
    No total, 160.289 parâmetros treináveis, como no model.summary() do post.
    2018 x hoje:
      - o post escreve activation=tf.nn.relu / tf.nn.sigmoid. O Keras 3 ainda aceita (e registra
        como 'relu' e 'sigmoid'), mas o usual é passar o nome: activation='relu'.
      - o Keras 3 constrói o modelo sob demanda: enquanto não conhece o formato da entrada,
        model.summary() mostra "0 (unbuilt)". Comece a lista com keras.Input(shape=(None,),
        dtype="int32") (ou chame model.build((None, 256))) para ver os 160.289 parâmetros.
        O Embedding não precisa de input_length (o Keras 3 o ignora e avisa).

Check: make check STEP=5      Hint: make hint
"""

import keras


def build_model(vocab_size=10000):
    """Return a keras.Sequential: Embedding(vocab_size, 16), GlobalAveragePooling1D, Dense(16, relu), Dense(1, sigmoid)."""
    # TODO: make a keras.Sequential with the four layers, in the order above, and return it.
    # TODO: use vocab_size (not a fixed 10000) for the Embedding's vocabulary.
    raise NotImplementedError
