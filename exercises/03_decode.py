"""Step 3 · Turn integers back into words            (post: "Transformando números inteiros em palavras")

EN  A review is a list of ids; to read one, go the other way. `imdb.get_word_index()` gives a dict
    word -> rank, where rank 1 is the most frequent word ("the"). load_data did not use the ranks
    as they are: it added 3 to every one (its index_from=3) to keep the ids 0 to 3 for markers:
      0 "<PAD>"     filler added when reviews are padded to one length (step 4)
      1 "<START>"   the first id of every review
      2 "<UNK>"     a word outside the 10,000 kept ("unknown")
      3 "<UNUSED>"  not used
    So: build the shifted index with the four markers, turn it around (id -> word), then decode a
    review by looking up each id and joining the words with single spaces. An id that is in no
    index at all is shown as "?" (not as "<UNK>": "?" means "not in my index", a different thing
    from "a rare word").
    Keras 3 still has `imdb.get_word_index()`, unchanged since 2018. The post's printed review
    starts with a space and has gaps ("robert  is") because the blog page took "<START>" and
    "<UNK>" for HTML tags and hid them; yours starts with "<START> this film was just brilliant".

PT  Uma avaliação é uma lista de ids; para lê-la, faça o caminho inverso. `imdb.get_word_index()`
    dá um dict palavra -> posição, onde a posição 1 é a palavra mais frequente ("the"). load_data
    não usou as posições como estão: somou 3 a cada uma (o seu index_from=3) para reservar os ids
    de 0 a 3 para marcadores:
      0 "<PAD>"     enchimento usado quando as avaliações ganham um só tamanho (etapa 4)
      1 "<START>"   o primeiro id de toda avaliação
      2 "<UNK>"     uma palavra fora das 10.000 mantidas ("desconhecida")
      3 "<UNUSED>"  não usado
    Então: monte o índice deslocado com os quatro marcadores, inverta-o (id -> palavra) e decodifique
    uma avaliação procurando cada id e juntando as palavras com um espaço simples. Um id que não
    está em índice nenhum aparece como "?" (não como "<UNK>": "?" quer dizer "não está no meu
    índice", coisa diferente de "uma palavra rara").
    O Keras 3 ainda tem `imdb.get_word_index()`, igual a 2018. A avaliação impressa no post começa
    com um espaço e tem buracos ("robert  is") porque a página do blog tratou "<START>" e "<UNK>"
    como tags HTML e as escondeu; a sua começa com "<START> this film was just brilliant".

Check: make check STEP=3      Hint: make hint
"""


def make_word_index(raw_index):
    """Return a new dict word -> id: every rank of raw_index plus 3, and "<PAD>"=0, "<START>"=1, "<UNK>"=2, "<UNUSED>"=3."""
    # TODO: shift every rank by 3, then add the four reserved tokens.
    raise NotImplementedError


def make_reverse_index(word_index):
    """Return the dict id -> word: word_index turned around."""
    # TODO: swap keys and values.
    raise NotImplementedError


def decode_review(ids, reverse_word_index):
    """Return the words of the ids joined by single spaces; an id missing from reverse_word_index becomes "?"."""
    # TODO: look up each id (with "?" when it is missing) and join the words.
    raise NotImplementedError
