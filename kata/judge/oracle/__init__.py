"""The kata's own reference pipeline: the correct inputs each step's checks feed to the learner's code.

Checks never feed a step with the learner's earlier answers, so one wrong step fails only itself. Everything
here is made once per process (and the trained model once per machine, on disk), with fixed seeds, so the same
code gives the same numbers on every run. The checks reach it as the `ref` fixture (kata.judge.plugin), which
turns any failure of the kata's own side (data, cache, disk) into "could not be checked".

    data       the reviews (load_data's), padded, split; the word indexes; which known array an array is
    model      the post's model trained the post's way, its stored training, the judge's evaluation of weights
    text       raw text as the IMDB data was made (step 11)
    challenge  every word of the reviews, and the data without test labels (step 14)
    private    an instructor's private labelled reviews, encoded as load_data encodes reviews (step 14)
    words      every word of the vocabulary scored by the trained model, from its weights (step 15)
"""

from kata.judge.oracle.challenge import full_data, hidden_labels_dir
from kata.judge.oracle.data import (data, data_digest, decode, known_arrays, known_digests, pad, padded, raw_word_index,
                                    reverse_word_index, source_digest, split, which, word_index)
from kata.judge.oracle.model import (POST_LAYERS, evaluate_weights, fit, matching_epoch, progress_to, reference_model,
                                     reference_name, reference_record, same_weights, seed, test_results, trained,
                                     trained_weights, trained_weights_ready, trajectory, weights_of)
from kata.judge.oracle.private import Z_FLAG, private_reviews, public_gap_z
from kata.judge.oracle.text import encode, predict_proba, tokenize
from kata.judge.oracle.words import ranked, reserved_scores, word_scores
from kata.shared.post import (BATCH_SIZE, EPOCHS, FILTERS, MAXLEN, NUM_WORDS, RESERVED, SEED, VALIDATION, compile_fast,
                              layers, quiet_tensorflow, seed_everything)

__all__ = ["BATCH_SIZE", "EPOCHS", "FILTERS", "MAXLEN", "NUM_WORDS", "POST_LAYERS", "RESERVED", "SEED", "VALIDATION",
           "Z_FLAG", "compile_fast", "data", "data_digest", "decode", "encode", "evaluate_weights", "fit",
           "full_data", "hidden_labels_dir", "known_arrays", "known_digests", "layers", "matching_epoch", "pad",
           "padded", "predict_proba", "private_reviews", "progress_to", "public_gap_z", "quiet_tensorflow",
           "ranked", "raw_word_index", "reference_model", "reference_name", "reference_record",
           "reserved_scores", "reverse_word_index", "same_weights", "seed", "seed_everything", "source_digest",
           "split", "test_results", "tokenize", "trained", "trained_weights", "trained_weights_ready",
           "trajectory", "weights_of", "which", "word_index", "word_scores"]
