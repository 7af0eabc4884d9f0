"""Step 15 · Look inside your model       (the post: the Embedding learns a vector per word; the kata adds this step)

EN  The post says the Embedding layer learns one vector per word as the model trains. What did it
    learn? Ask the trained model (step 8's: Embedding(10000, 16), GlobalAveragePooling1D,
    Dense(16, relu), Dense(1, sigmoid)) about every word of its vocabulary, one word at a time.
    A word's score is the model's logit for a review made of that one word alone:
      - its Embedding vector, the row of its id: a word's id is its rank in raw_index plus 3
        (load_data's index_from=3), ids 0 to 3 are <PAD>, <START>, <UNK>, <UNUSED> (no words), and
        the Embedding has rows only for the ids 0 to 9,999: the vocabulary is the words of rank 1 to
        9,996;
      - the average of one vector is that vector: no padding (padded to 256, a word would count for
        1/256 of the average, the 255 <PAD> vectors for the rest);
      - then Dense(16, relu), then the last Dense's weights WITHOUT its sigmoid: the logit, a number
        from about -140 to +200 here; > 0 leans positive, < 0 negative. The probabilities of the
        strongest words are all 1.0 (or 0.0) in float32: they cannot be ranked.
    `layer.get_weights()` gives a layer's arrays as NumPy: model.layers[0] is the Embedding (one
    array, (10000, 16)), model.layers[2] and model.layers[3] the Dense layers ([kernel, bias] each).
    Return (positive, negative): the `count` most positive words, highest score first, and the
    `count` most negative, lowest first, each a list of (word, score) pairs. Once the checks pass,
    plots/words.png shows your words placed by their score.

PT  O post diz que a camada Embedding aprende um vetor por palavra enquanto o modelo treina. O que
    ela aprendeu? Pergunte ao modelo treinado (o da etapa 8: Embedding(10000, 16),
    GlobalAveragePooling1D, Dense(16, relu), Dense(1, sigmoid)) sobre cada palavra do vocabulário,
    uma palavra de cada vez. A nota de uma palavra é o logit do modelo para uma avaliação feita só
    dessa palavra:
      - o vetor dela no Embedding, a linha do seu id: o id de uma palavra é a posição dela em
        raw_index mais 3 (o index_from=3 do load_data), os ids de 0 a 3 são <PAD>, <START>, <UNK>,
        <UNUSED> (não são palavras), e o Embedding só tem linhas para os ids de 0 a 9.999: o
        vocabulário são as palavras de posição 1 a 9.996;
      - a média de um vetor só é o próprio vetor: sem preenchimento (preenchida até 256, a palavra
        contaria 1/256 da média, e os 255 vetores de <PAD> o resto);
      - depois Dense(16, relu), depois os pesos do último Dense SEM a sigmoide: o logit, um número de
        cerca de -140 a +200 aqui; > 0 puxa para positivo, < 0 para negativo. As probabilidades das
        palavras mais fortes são todas 1,0 (ou 0,0) em float32: não dá para ordená-las.
    `layer.get_weights()` dá os arrays de uma camada em NumPy: model.layers[0] é o Embedding (um
    array, (10000, 16)), model.layers[2] e model.layers[3] as camadas Dense ([kernel, bias] cada).
    Retorne (positive, negative): as `count` palavras mais positivas, da maior nota para baixo, e as
    `count` mais negativas, da menor para cima, cada uma uma lista de pares (palavra, nota). Quando
    as verificações passarem, plots/words.png mostra as suas palavras dispostas pela nota.

Check: make check STEP=15      Hint: make hint
"""

import numpy as np


def word_scores(model, raw_index, count=20):
    """Score every word of the vocabulary with the trained model (the logit of a review made of that word alone)
    and return (positive, negative): the `count` highest-scored (word, score) pairs, highest first, and the
    `count` lowest, lowest first. raw_index: what imdb.get_word_index() returns (word -> rank, 1 = "the")."""
    # TODO: the words of the vocabulary and their ids (rank + 3, below 10,000), and the Embedding's rows for them.
    # TODO: their logits: the Dense(16, relu) layer's kernel and bias, then the last layer's, without the sigmoid.
    # TODO: sort, and return the count most positive and the count most negative (word, score) pairs.
    raise NotImplementedError
