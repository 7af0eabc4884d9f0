"""Step 4 · Pad the reviews to 256 tokens      (post: "Ajustando os dados de entrada")

EN  A neural network takes a batch of reviews as one rectangular tensor, but the reviews have
    different lengths (from 7 to 2,494 word ids). Make them all exactly 256 ids long:
      - a shorter review gets the <PAD> id (0 in step 3's word_index) added AFTER its words
        (padding='post'), so every review still starts with <START> and its first words;
      - a longer review is cut to 256 ids (leave pad_sequences' default truncating as it is).
    Pad the test reviews exactly like the training reviews: the model must see the same kind of
    input when it is evaluated as when it is trained.
    The result is two integer arrays of shape (25000, 256).
    2018 vs today: the post writes keras.preprocessing.sequence.pad_sequences. Keras 3 still
    accepts that old path, but the function's home is now keras.utils.pad_sequences.

PT  Uma rede neural recebe um lote de avaliações como um único tensor retangular, mas as avaliações
    têm tamanhos diferentes (de 7 a 2.494 ids de palavras). Deixe todas com exatamente 256 ids:
      - uma avaliação mais curta recebe o id de <PAD> (0 no word_index da etapa 3) DEPOIS das suas
        palavras (padding='post'), assim toda avaliação continua começando com <START>;
      - uma avaliação mais longa é cortada em 256 ids (mantenha o truncating padrão de pad_sequences).
    Preencha as avaliações de teste exatamente como as de treino: o modelo precisa receber o mesmo
    tipo de entrada na avaliação e no treino.
    O resultado são dois arrays de inteiros com formato (25000, 256).
    2018 x hoje: o post usa keras.preprocessing.sequence.pad_sequences. O Keras 3 ainda aceita esse
    caminho antigo, mas o lugar da função agora é keras.utils.pad_sequences.

Check: make check STEP=4      Hint: make hint
"""

import keras


def pad_reviews(train_data, test_data):
    """Return `(train_padded, test_padded)`: both sets padded with <PAD> (0) after the words, to 256 ids."""
    # TODO: pad train_data with keras.utils.pad_sequences (choose value, padding and maxlen).
    # TODO: pad test_data the same way, and return both.
    raise NotImplementedError
