"""Step 10 · Plot loss and accuracy            (post: "Construir o gráfico do erro e da acurácia")

EN  `model.fit()` returned a History; its `.history` dict holds one list per metric, one number per
    epoch: 'loss' and 'accuracy' on the training data, 'val_loss' and 'val_accuracy' on the
    validation data. (The 2018 post reads 'acc' and 'val_acc': TensorFlow 2 renamed them.)
    Draw two figures, with epochs 1, 2, ..., N on the x axis:
      - loss: training loss as blue dots ('bo'), validation loss as a solid blue line ('b');
      - accuracy: the same for training and validation accuracy.
    Give each a title, an x label, a y label and a legend (label= on each curve, then legend()),
    save them as out_dir/loss.png and out_dir/accuracy.png, and return both Figure objects.
    Make each figure with `fig, ax = plt.subplots()` and draw on `ax`. The post draws on pyplot's
    one "current figure" and calls plt.clf() to wipe it for the second plot: the first plot is lost,
    and whoever holds that figure now sees the second one. Two explicit figures never mix.
    Reading the plots: training loss keeps falling, validation loss stops falling after about
    20 epochs and rises again: the model starts to memorise the training reviews (overfitting).

PT  `model.fit()` retornou um History; o dicionário `.history` tem uma lista por métrica, um número
    por época: 'loss' e 'accuracy' nos dados de treino, 'val_loss' e 'val_accuracy' nos dados de
    validação. (O post de 2018 lê 'acc' e 'val_acc': o TensorFlow 2 mudou esses nomes.)
    Desenhe duas figuras, com as épocas 1, 2, ..., N no eixo x:
      - erro (loss): o de treino como pontos azuis ('bo'), o de validação como linha azul contínua ('b');
      - acurácia: o mesmo para a acurácia de treino e de validação.
    Dê a cada uma um título, um rótulo no eixo x, um no eixo y e uma legenda (label= em cada curva,
    depois legend()), salve-as como out_dir/loss.png e out_dir/accuracy.png e retorne os dois objetos
    Figure. Crie cada figura com `fig, ax = plt.subplots()` e desenhe em `ax`. O post desenha na
    única "figura atual" do pyplot e chama plt.clf() para apagá-la antes do segundo gráfico: o
    primeiro se perde, e quem guardou aquela figura passa a ver o segundo. Duas figuras explícitas
    nunca se misturam.
    Lendo os gráficos: o erro de treino continua caindo, o de validação para de cair depois de umas
    20 épocas e volta a subir: o modelo começa a decorar as avaliações de treino (overfitting).

Check: make check STEP=10      Hint: make hint
"""

from pathlib import Path

import matplotlib.pyplot as plt


def plot_history(history, out_dir):
    """Plot loss and accuracy per epoch from a History.history dict; save loss.png and accuracy.png
    in out_dir; return `(loss_figure, accuracy_figure)`."""
    out_dir = Path(out_dir)
    # TODO: epochs 1..N, where N is the number of values in history['loss'].
    # TODO: loss figure: fig, ax = plt.subplots(); training loss as 'bo', validation loss as 'b',
    #       each with a label=; then a title, x and y labels and a legend on ax.
    # TODO: accuracy figure: the same with 'accuracy' and 'val_accuracy' (not the 2018 'acc').
    # TODO: save each figure (fig.savefig) as out_dir / "loss.png" and out_dir / "accuracy.png".
    # TODO: return the two figures, loss first.
    raise NotImplementedError
