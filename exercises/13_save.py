"""Step 13 · Save the model and serve raw text      (today's TensorFlow tutorial does this; the kata adds it)

EN  A trained model is worth keeping: save it as one `.keras` file (layers, weights and compile
    settings together) and load it again later, in another program, with the same predictions.
    1. save_and_reload(model, out_dir): model.save(out_dir / "imdb.keras"), then
       keras.saving.load_model(...) on that file; return the loaded model (not the one you were given).
    2. export_model(model, word_index): a server gets raw text, not word ids. Build a model that
       takes a batch of strings and does step 11's encoding itself, so that the `.keras` file is all
       a server needs. Its first layer is keras.layers.TextVectorization, told to do what
       encode_review and pad_sequences did:
         - standardize=clean: lower-case, and every character of FILTERS becomes a space
           (tf.strings.lower, tf.strings.regex_replace);
         - split=words: the words (tf.strings.split), after a start word "[start]" that becomes
           <START>, keeping the last 256 like pad_sequences(truncating='pre');
         - output_sequence_length=256: padded with 0 at the end, like padding='post';
         - vocabulary: TextVectorization gives 0 to padding and 1 to unknown words, then numbers the
           vocabulary from 2. List the words so that each one gets its IMDB id: "[start]" (2), a
           placeholder (3), then the words with ids 4 to 9999, in order. Words with ids of 10000 or
           more are not in the list: they come out as unknown, which the model must see as <UNK>.
       IMDB's ids say <START> = 1 and <UNK> = 2: swap the 1s and 2s after the layer, with
       keras.ops.where(keras.ops.equal(ids, 1), 2, ...) (a plain `ids == 1` does not work on a layer's
       output while the model is built). Then the trained model: keras.Model(texts, model(ids)).
       Its last layer already applies the sigmoid: do not add another one (today's tutorial does,
       and every review then scores between 0.5 and 0.73).
       Your own functions travel inside the `.keras` file by name: register them with
       @keras.saving.register_keras_serializable(), or the file cannot be loaded again.
    predict_texts (given) is how a server calls it: one batch of raw reviews, one call. The checks load
    your file in a new process and compare with step 11's pipeline to within 0.000001.

PT  Um modelo treinado vale a pena guardar: salve-o como um único arquivo `.keras` (camadas, pesos
    e configurações do compile juntos) e carregue-o de novo mais tarde, em outro programa, com as
    mesmas predições.
    1. save_and_reload(model, out_dir): model.save(out_dir / "imdb.keras"), depois
       keras.saving.load_model(...) nesse arquivo; retorne o modelo carregado (não o que você recebeu).
    2. export_model(model, word_index): um servidor recebe texto puro, não ids de palavras. Monte um
       modelo que recebe um lote de strings e faz ele mesmo a codificação da etapa 11, para que o
       arquivo `.keras` seja tudo de que um servidor precisa. A primeira camada é
       keras.layers.TextVectorization, configurada para fazer o que encode_review e pad_sequences
       faziam:
         - standardize=clean: minúsculas, e cada caractere de FILTERS vira um espaço
           (tf.strings.lower, tf.strings.regex_replace);
         - split=words: as palavras (tf.strings.split), depois de uma palavra inicial "[start]" que
           vira <START>, guardando as últimas 256 como pad_sequences(truncating='pre');
         - output_sequence_length=256: completado com 0 no final, como padding='post';
         - vocabulary: a TextVectorization dá 0 ao padding e 1 às palavras desconhecidas, e numera o
           vocabulário a partir de 2. Liste as palavras de modo que cada uma receba o seu id do IMDB:
           "[start]" (2), um marcador (3), depois as palavras com ids de 4 a 9999, em ordem. Palavras
           com id 10000 ou mais não estão na lista: saem como desconhecidas, que o modelo tem de ver
           como <UNK>.
       Os ids do IMDB dizem <START> = 1 e <UNK> = 2: troque os 1 e 2 depois da camada, com
       keras.ops.where(keras.ops.equal(ids, 1), 2, ...) (um simples `ids == 1` não funciona na saída
       de uma camada enquanto o modelo é montado). Depois o modelo treinado:
       keras.Model(texts, model(ids)). A última camada dele já aplica a sigmoide: não acrescente
       outra (o tutorial de hoje acrescenta, e toda avaliação fica então entre 0,5 e 0,73).
       As suas funções viajam dentro do arquivo `.keras` pelo nome: registre-as com
       @keras.saving.register_keras_serializable(), senão o arquivo não pode ser carregado de novo.
    predict_texts (dada) é como um servidor o chama: um lote de avaliações puras, uma chamada. As
    verificações carregam o seu arquivo em um novo processo e comparam com o pipeline da etapa 11 até
    0,000001.

Check: make check STEP=13      Hint: make hint
"""

import re

import keras
import numpy as np
import tensorflow as tf

# Keras's text filters: the characters the IMDB reviews were cleaned of (the apostrophe is kept).
FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
NUM_WORDS = 10000
MAXLEN = 256
START_TOKEN = "[start]"  # "[" is a filter character: no review can contain this word


def save_and_reload(model, out_dir):
    """Save the model as one `.keras` file in out_dir, load it again from that file, return the loaded model."""
    # TODO: model.save(out_dir / "imdb.keras"), then return keras.saving.load_model(...) of the same path.
    raise NotImplementedError


@keras.saving.register_keras_serializable(package="imdb_kata")
def clean(texts):
    """Step 11's cleaning, on a batch of strings: lower-case, and every character of FILTERS becomes a space."""
    # TODO: tf.strings.lower(texts, encoding="utf-8"), then tf.strings.regex_replace(..., pattern, " ")
    #       with the pattern "[" + re.escape(FILTERS) + "]" (any one character of FILTERS).
    raise NotImplementedError


@keras.saving.register_keras_serializable(package="imdb_kata")
def words(texts):
    """The words of each text, after a start word; the last 256 kept (pad_sequences's truncating='pre')."""
    # TODO: start = tf.strings.split(tf.fill(tf.shape(texts), START_TOKEN)) (one start word per text);
    #       tf.concat([start, tf.strings.split(texts)], axis=1), then keep [:, -MAXLEN:].
    raise NotImplementedError


def export_model(model, word_index):
    """A model that reads a batch of raw reviews (strings) and gives the trained model's probabilities."""
    # TODO: the vocabulary: [START_TOKEN, "[unused]"] then the word of each id from 4 to NUM_WORDS - 1
    #       (turn word_index around: {i: w for w, i in word_index.items()}).
    # TODO: keras.layers.TextVectorization(standardize=clean, split=words, vocabulary=...,
    #       output_sequence_length=MAXLEN).
    # TODO: texts = keras.Input(shape=(), dtype="string"); ids = the layer applied to texts; swap the ids
    #       1 and 2 with keras.ops.where and keras.ops.equal; return keras.Model(texts, model(ids)).
    raise NotImplementedError


def predict_texts(model, texts):
    """Serve (given): the probabilities the end-to-end model gives a list of reviews, in one call."""
    x = tf.constant([str(text) for text in texts], dtype=tf.string)
    if len(model.inputs[0].shape) == 2:  # a model made with keras.Input(shape=(1,), dtype="string")
        x = tf.reshape(x, (-1, 1))
    return [float(p) for p in np.asarray(model.predict(x, verbose=0)).reshape(-1)]
