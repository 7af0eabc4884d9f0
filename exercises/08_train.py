"""Step 8 · Train the model            (post: "Treinando o modelo")

EN  Time to learn. `model.fit` shows the model the 15,000 training reviews again and again:
    one pass over all of them is an epoch, and the weights are updated after every mini-batch of
    reviews. Train for 40 epochs with mini-batches of 512 reviews, and give fit the 10,000 held-out
    reviews as `validation_data=(x_val, y_val)`: after each epoch Keras measures loss and accuracy on
    them too. The model never learns from them, so they tell you how well it does on reviews it has
    not seen, and when it starts to memorise the training set instead (training accuracy keeps
    rising, validation accuracy stops). Do not use the test set here: it is kept for the very end.
    fit returns a `History`: `history.history` is a dict with one list per measure, one value per
    epoch (`history.params` holds the settings, such as the number of epochs).
    Where the 2018 post differs: its keys were 'acc' and 'val_acc'; since TensorFlow 2 they are
    'accuracy' and 'val_accuracy' (the names given in compile's metrics). Its output began with
    "Train on 15000 samples"; Keras 3 counts mini-batches instead ("30/30" per epoch: 15,000 / 512).
    The checks give your train() a fresh compiled model and the split of step 7, and stop at once
    if fit is called with other settings, so you do not wait 40 epochs to hear about a typo.
    A passed training is remembered: as long as this file is unchanged, it is not trained again.

PT  Hora de aprender. `model.fit` mostra ao modelo as 15.000 avaliações de treino várias vezes:
    uma passada por todas elas é uma época, e os pesos são atualizados a cada minilote de
    avaliações. Treine por 40 épocas com minilotes de 512 avaliações e passe ao fit as 10.000
    avaliações separadas como `validation_data=(x_val, y_val)`: ao fim de cada época o Keras mede o
    erro e a acurácia nelas também. O modelo nunca aprende com elas; por isso mostram como ele se
    sai em avaliações que não viu, e quando começa a decorar o treino (a acurácia de treino continua
    subindo e a de validação para). Não use o conjunto de teste aqui: ele fica para o final.
    O fit devolve um `History`: `history.history` é um dicionário com uma lista por medida, um valor
    por época (`history.params` guarda as configurações, como o número de épocas).
    Onde o post de 2018 difere: as chaves eram 'acc' e 'val_acc'; desde o TensorFlow 2 são
    'accuracy' e 'val_accuracy' (os nomes dados nas metrics do compile). A saída começava com
    "Train on 15000 samples"; o Keras 3 conta minilotes ("30/30" por época: 15.000 / 512).
    As verificações entregam ao seu train() um modelo novo já compilado e a divisão da etapa 7, e
    param na hora se o fit for chamado com outras configurações: você não espera 40 épocas para
    descobrir um erro de digitação. Um treino aprovado fica guardado: enquanto este arquivo não
    mudar, ele não é treinado de novo.

Check: make check STEP=8      Hint: make hint
"""


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    """Train `model` on the training split for 40 epochs (mini-batches of 512), validating on
    `(x_val, y_val)` after each epoch, and return the `History` that `model.fit` gives."""
    # TODO: call model.fit with the training data, epochs, batch_size and validation_data,
    #       and return its result.
    raise NotImplementedError


def final_val_accuracy(history):
    """The validation accuracy after the last epoch, read from `history.history`, as a float."""
    # TODO: pick the validation accuracy list from history.history (Keras 3's key name) and
    #       return its last value.
    raise NotImplementedError
