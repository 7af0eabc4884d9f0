"""Step 14 · Beat the post            (the post says better methods get close to 95 %; the kata adds this step)

EN  The post's model reaches about 0.872 on the test reviews. Now it is your turn: build any model
    you like, train it on the 25,000 training reviews, and reach 0.88 on the 25,000 test reviews.
    The post ends: "with more advanced approaches, the model should get close to 95 %". Two marks
    on the way: 0.90 and 0.91 (`make check` shows which you reached; your teacher may give extra
    credit for them). Ideas, each worth trying on its own, in the order `make hint` climbs them:
      - a bag of words: a "multi-hot" vector per review (1 where a word occurs) into Dense layers,
        Dropout, and an EarlyStopping on a validation part you hold out of the training data;
      - every word: improve() gets all of them (ids up to 88,586), not just the 10,000 most frequent;
      - pairs of neighbouring words ("not good" is not "good"), hashed into a fixed number of ids;
      - Naive-Bayes weighting: scale each word (or pair) by how much more often it occurs in
        positive reviews than in negative ones.
    improve(train_data, train_labels) trains and returns your model; predict_reviews(model, reviews)
    turns reviews (lists of word ids, as improve() got them) into probabilities with that model. The
    checks never give your code the test labels: they call predict_reviews on the test reviews and
    count the right answers themselves. improve() has 3 minutes (on a 2-core CPU) and 8 GB; a second call,
    predict_reviews, loads your model from the .keras file it was saved to, in a new process.

PT  O modelo do post chega a cerca de 0,872 nas avaliações de teste. Agora é a sua vez: monte o
    modelo que quiser, treine-o com as 25.000 avaliações de treino e chegue a 0,88 nas 25.000
    avaliações de teste. O post termina: "com abordagens mais avançadas, o modelo deve chegar perto
    de 95 %". Duas marcas no caminho: 0,90 e 0,91 (o `make check` mostra quais você alcançou; seu
    professor pode dar pontos extras por elas). Ideias, cada uma vale a pena sozinha, na ordem em
    que o `make hint` as sobe:
      - um saco de palavras: um vetor "multi-hot" por avaliação (1 onde a palavra aparece) em
        camadas Dense, Dropout, e um EarlyStopping numa parte de validação separada dos dados de treino;
      - todas as palavras: improve() recebe todas (ids até 88.586), não só as 10.000 mais frequentes;
      - pares de palavras vizinhas ("not good" não é "good"), espalhados (hash) num número fixo de ids;
      - pesos de Naive Bayes: multiplique cada palavra (ou par) pelo quanto ela aparece mais em
        avaliações positivas do que em negativas.
    improve(train_data, train_labels) treina e retorna seu modelo; predict_reviews(model, reviews)
    transforma avaliações (listas de ids de palavras, como improve() as recebeu) em probabilidades
    com esse modelo. As verificações nunca dão ao seu código os rótulos de teste: chamam
    predict_reviews nas avaliações de teste e contam os acertos elas mesmas. improve() tem 3 minutos
    (numa CPU de 2 núcleos) e 8 GB; uma segunda chamada, predict_reviews, carrega seu modelo do arquivo
    .keras em que ele foi salvo, num processo novo.

Check: make check STEP=14      Hint: make hint
"""

import keras
import numpy as np


def improve(train_data, train_labels):
    """Build a model of your own, train it on the training reviews (lists of word ids, every word of the data
    set) and their labels, and return the trained keras model."""
    # TODO: turn the reviews into arrays your model reads (for example a multi-hot matrix of the
    #       20,000 most frequent words: one row per review, 1 where a word id occurs).
    # TODO: build and compile a model (a sigmoid output, binary_crossentropy), train it (hold out a
    #       validation part of train_data for an EarlyStopping), and return it.
    raise NotImplementedError


def predict_reviews(model, reviews):
    """The probability that each review is positive (one float per review, between 0 and 1), from the model
    improve() returned and the reviews as improve() got them (lists of word ids)."""
    # TODO: prepare the reviews exactly as improve() prepared its training reviews, then
    #       model.predict(..., verbose=0) and return the probabilities as a flat array.
    raise NotImplementedError
