"""Step 11 · Predict on new reviews            (the kata's own step: the post stops before predicting)

EN  The 2018 post promises "predictions with your model" but ends with the plots: this step adds
    them. Write a review of your own and let the trained model say how positive it is.
    The trained model reads word ids, not text. To ask it about a review nobody has written yet,
    turn the text into ids exactly the way the IMDB reviews were turned into ids, or the model reads
    other words than the ones you wrote:
      1. lower-case the text (the index has only lower-case words: 'Great' is not in it, 'great' is);
      2. replace each of Keras's filter characters (FILTERS below: punctuation, tab, newline, but
         not the apostrophe, so "didn't" stays one word) by a space, then split on spaces;
      3. start with <START> = 1, then each word's id from word_index (the shifted index of step 3,
         where <PAD>=0, <START>=1, <UNK>=2);
      4. a word the model never learnt becomes <UNK> = 2: a word missing from word_index, and also a
         word whose id is 10000 or more (the model only knows the 10,000 most frequent words: its
         Embedding has one row for each id from 0 to 9999).
    Then pad the ids to 256 like the training data (padding='post', value 0; a review longer than
    256 ids keeps its last 256, as pad_sequences cuts by default), ask model.predict(...,
    verbose=0) and return its output as a plain Python float. The last layer is already a
    sigmoid: the output is the probability that the review is positive, between 0 and 1. No
    sigmoid to add, and no rounding: 0.93 says more than 1.
    Once the checks pass: make try TEXT="your own review" scores it (write in English: the model
    only knows English words).

PT  O post de 2018 promete "fazer predições com seu modelo", mas termina nos gráficos: esta etapa
    as acrescenta. Escreva uma avaliação sua e deixe o modelo treinado dizer o quanto ela é positiva.
    O modelo treinado lê ids de palavras, não texto. Para perguntar a ele sobre uma avaliação nova,
    converta o texto em ids exatamente como as avaliações do IMDB foram convertidas, senão o modelo
    lê outras palavras que não as que você escreveu:
      1. passe o texto para minúsculas (o índice só tem palavras minúsculas: 'Great' não está nele,
         'great' está);
      2. troque cada caractere dos filtros do Keras (FILTERS abaixo: pontuação, tab, quebra de
         linha, mas não o apóstrofo, então "didn't" continua uma palavra só) por um espaço, e
         separe nos espaços;
      3. comece com <START> = 1, depois o id de cada palavra em word_index (o índice deslocado da
         etapa 3, onde <PAD>=0, <START>=1, <UNK>=2);
      4. uma palavra que o modelo nunca aprendeu vira <UNK> = 2: uma palavra que não está em
         word_index, e também uma palavra com id 10000 ou mais (o modelo só conhece as 10.000
         palavras mais frequentes: o Embedding tem uma linha para cada id de 0 a 9999).
    Depois complete os ids até 256 como nos dados de treino (padding='post', valor 0; uma avaliação
    com mais de 256 ids guarda os últimos 256, como pad_sequences corta por padrão), chame
    model.predict(..., verbose=0) e retorne a saída como um float comum do Python. A última camada
    já é uma sigmoide: a saída é a probabilidade de a avaliação ser positiva, entre 0 e 1. Nada de
    somar outra sigmoide nem arredondar: 0,93 diz mais que 1.
    Quando as verificações passarem: make try TEXT="sua avaliação" dá a nota dela (escreva em
    inglês: o modelo só conhece palavras em inglês).

Check: make check STEP=11      Hint: make hint
"""

if __name__ == "__main__":  # try your own reviews: make try TEXT="What a film!" (or this file with the reviews);
    # first, before TensorFlow is imported here: its start-up lines would come before your results
    import subprocess
    import sys

    sys.exit(subprocess.call([sys.executable, "-m", "kata", "try", *sys.argv[1:]]))

import keras  # noqa: E402

# Keras's text filters: the characters the IMDB reviews were cleaned of (the apostrophe is kept).
FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    """Turn a review (a string) into word ids as the data set has them: `<START>` first, `<UNK>` for
    words the model does not know."""
    # TODO: lower-case the text and replace every character of FILTERS by a space
    #       (str.maketrans(FILTERS, " " * len(FILTERS)) and text.translate make it one step).
    # TODO: split into words; start the list with 1 (<START>); add each word's id from word_index,
    #       or 2 (<UNK>) when the word is not there or its id is 10000 or more.
    raise NotImplementedError


def predict_sentiment(model, text, word_index):
    """The model's probability (a float between 0 and 1) that the review is positive."""
    # TODO: encode the text, then pad it like the training data: keras.utils.pad_sequences(
    #       [ids], maxlen=256, padding="post", value=0) (a batch of one review).
    # TODO: model.predict(..., verbose=0) gives an array of shape (1, 1): return its one value as a float.
    raise NotImplementedError
