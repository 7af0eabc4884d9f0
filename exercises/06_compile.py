"""Step 6 · Choose the loss and the optimizer    (post: "A respeito da função custo e otimizador")

EN  Before it can train, a model needs three choices, given to model.compile(...):
      - loss: the number training pushes down. The output is one probability per review and the
        labels are 0 or 1, so use binary cross-entropy ('binary_crossentropy'): it measures how far
        the predicted probabilities are from the true labels, and punishes confident wrong answers
        hardest. mean_squared_error would also run, but learns more slowly from probabilities.
      - optimizer: how the weights move after each batch. Use Adam with its default settings
        ('adam', or keras.optimizers.Adam()).
      - metrics: what Keras reports while training, besides the loss. Ask for ['accuracy']: the
        share of reviews classified right (Keras picks binary accuracy for a one-unit output).
    compile() returns None and changes the model in place: return the model yourself.
    2018 vs today: the post writes optimizer=tf.train.AdamOptimizer(). That was TensorFlow 1: in
    TensorFlow 2 tf.train.AdamOptimizer no longer exists, and Keras 3 refuses the old
    tf.compat.v1.train.AdamOptimizer(). Write optimizer='adam' or keras.optimizers.Adam().

PT  Antes de treinar, um modelo precisa de três escolhas, passadas para model.compile(...):
      - loss (função custo): o número que o treino faz diminuir. A saída é uma probabilidade por
        avaliação e os rótulos são 0 ou 1, então use a entropia cruzada binária
        ('binary_crossentropy'): ela mede o quanto as probabilidades previstas estão longe dos
        rótulos verdadeiros e pune mais os erros cometidos com muita confiança. mean_squared_error
        também rodaria, mas aprende mais devagar com probabilidades.
      - optimizer (otimizador): como os pesos mudam depois de cada lote. Use o Adam com os valores
        padrão ('adam', ou keras.optimizers.Adam()).
      - metrics (métricas): o que o Keras informa durante o treino, além do custo. Peça
        ['accuracy']: a fração de avaliações classificadas corretamente (o Keras escolhe a
        acurácia binária para uma saída de uma unidade).
    compile() retorna None e altera o próprio modelo: retorne você mesmo o modelo.
    2018 x hoje: o post escreve optimizer=tf.train.AdamOptimizer(). Isso era TensorFlow 1: no
    TensorFlow 2 tf.train.AdamOptimizer não existe mais, e o Keras 3 recusa o antigo
    tf.compat.v1.train.AdamOptimizer(). Escreva optimizer='adam' ou keras.optimizers.Adam().

Check: make check STEP=6      Hint: make hint
"""

import keras


def compile_model(model):
    """Compile `model` with Adam, binary cross-entropy and the accuracy metric; return the model."""
    # TODO: call model.compile(...) with an optimizer, a loss and metrics.
    # TODO: return the model (compile itself returns None).
    raise NotImplementedError
