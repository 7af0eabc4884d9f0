"""Step 9 · Evaluate on the test set            (post: "Avaliar o modelo")

EN  The validation reviews helped you watch the training, so they have had a say in how it was
    run. The honest score comes from the 25,000 test reviews, which the model has never seen and
    nobody has looked at while training. `model.evaluate` runs the model on them once, with no
    learning, and returns the loss (lower is better) and the accuracy (higher is better), in that
    order: the order of compile's loss and then its metrics. Expect about 87% accuracy: the
    simple model of this kata already gets most reviews right.
    The checks give your function the model trained by the kata itself (the same model as step
    8, trained once and kept on disk) and the padded test reviews.
    Where the 2018 post differs: it printed "25000/25000 [====...]" (samples); Keras 3 counts
    batches ("782/782", 32 reviews per batch by default). The numbers mean the same.

PT  As avaliações de validação ajudaram a acompanhar o treino, então influenciaram como ele foi
    feito. A nota honesta vem das 25.000 avaliações de teste, que o modelo nunca viu e que ninguém
    olhou durante o treino. `model.evaluate` roda o modelo nelas uma vez, sem aprender, e devolve o
    erro (quanto menor, melhor) e a acurácia (quanto maior, melhor), nessa ordem: a ordem da
    função custo e depois das metrics do compile. Espere cerca de 87% de acurácia: o modelo simples
    deste kata já acerta a maioria das avaliações.
    As verificações entregam à sua função o modelo treinado pelo próprio kata (o mesmo modelo da
    etapa 8, treinado uma vez e guardado em disco) e as avaliações de teste preenchidas.
    Onde o post de 2018 difere: ele mostrava "25000/25000 [====...]" (amostras); o Keras 3 conta
    lotes ("782/782", 32 avaliações por lote por padrão). Os números significam o mesmo.

Check: make check STEP=9      Hint: make hint
"""


def evaluate_model(model, test_data, test_labels):
    """Evaluate the trained `model` on the test reviews; return `[loss, accuracy]` as model.evaluate gives it."""
    # TODO: call model.evaluate on the test data and labels and return its result.
    raise NotImplementedError
