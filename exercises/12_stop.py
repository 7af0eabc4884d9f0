"""Step 12 · Stop training early            (the post promises it "later"; the kata adds this step)

EN  Step 8's plots show it: validation loss is lowest after about 20-30 epochs and then rises again,
    while training loss keeps falling. The last epochs only teach the model the training reviews by
    heart. A callback can watch the validation loss for you and stop the training when it has not
    improved for a few epochs: `keras.callbacks.EarlyStopping`. Give it to fit in `callbacks=[...]`.
      - monitor="val_loss": the validation loss, not the training loss (which falls to the end);
      - patience=a few epochs (2 to 5): how long to wait for a new best before stopping; with 0 it
        stops at the first epoch that is not a new best, which can be plain noise;
      - restore_best_weights=True: at the end, put back the weights of the best epoch; without it the
        model keeps the weights of the last epoch, a few epochs past the best.
    Keep step 8's settings otherwise (epochs=40 is now the most it may train, batch_size=512,
    validation_data=(x_val, y_val)) and return the History. The checks measure the weights you end
    with on the validation reviews themselves: they must be the best epoch's, and at least as good as
    step 8's after 40 epochs.

PT  Os gráficos da etapa 8 mostram: o erro de validação é mínimo depois de umas 20-30 épocas e
    depois volta a subir, enquanto o erro de treino continua caindo. As últimas épocas só ensinam o
    modelo a decorar as avaliações de treino. Um callback pode vigiar o erro de validação por você e
    parar o treino quando ele não melhora há algumas épocas: `keras.callbacks.EarlyStopping`.
    Passe-o ao fit em `callbacks=[...]`.
      - monitor="val_loss": o erro de validação, não o de treino (que cai até o fim);
      - patience=algumas épocas (2 a 5): quanto esperar por um novo melhor antes de parar; com 0 ele
        para na primeira época que não for um novo melhor, o que pode ser puro ruído;
      - restore_best_weights=True: no fim, recoloca os pesos da melhor época; sem isso o modelo fica
        com os pesos da última época, algumas épocas depois da melhor.
    Mantenha o resto das configurações da etapa 8 (epochs=40 agora é o máximo, batch_size=512,
    validation_data=(x_val, y_val)) e retorne o History. As verificações medem elas mesmas os pesos
    com que o modelo termina nas avaliações de validação: têm de ser os da melhor época, e pelo menos
    tão bons quanto os da etapa 8 depois de 40 épocas.

Check: make check STEP=12      Hint: make hint
"""

import keras


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    """Train like step 8 (at most 40 epochs, batches of 512, validating on (x_val, y_val)), but stop once the
    validation loss has not improved for a few epochs and keep the best epoch's weights; return the History."""
    # TODO: make a keras.callbacks.EarlyStopping that watches "val_loss", waits a few epochs
    #       (patience) and restores the best weights at the end.
    # TODO: call model.fit like step 8, with callbacks=[your callback], and return its result.
    raise NotImplementedError
