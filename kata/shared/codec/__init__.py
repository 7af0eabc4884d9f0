"""What crosses between the judge and the learner process: values as data, never as code.

    tree = encode(value, Box(folder))      # a JSON-able tree; big arrays go to .npy/.npz files in folder
    value = decode(tree, Box(folder))      # plain Python and NumPy values again

Both directions use this codec: the judge sends a call's inputs, the learner process sends back what
the learner's function returned. Decoding never unpickles, evals or imports anything: JSON, NumPy files
read with `allow_pickle=False` after their headers are checked, and, for the kinds the codec does not know,
a tag that each side handles with its own hooks (the judge reads Keras models with `safe_mode=True`,
figures as descriptions). An object no side knows arrives as `Opaque`: its type name and a short repr.

Types are kept: a tuple stays a tuple, `np.float32(0.5)` stays a NumPy float32, dict keys keep
their types (`{0: "<PAD>"}` is not `{"0": "<PAD>"}`), a list of lists of ints stays one; a subclass of a
built-in type (an OrderedDict, a defaultdict, a namedtuple) arrives as that type.
Everything has limits (depth, items, string and file sizes, array shapes, value ranges): what is too big
to send arrives as `TooLarge`; what is malformed or over a limit on the way back raises CodecError, and
nothing else, whatever the input (the project's tests feed it hostile trees).
"""

from kata.shared.codec.decode import decode
from kata.shared.codec.encode import encode
from kata.shared.codec.values import (Box, CodecError, Opaque, TooLarge, array_digest, object_array, ragged_digest,
                                      ragged_parts, short_repr, type_name, unflatten)

__all__ = ["Box", "CodecError", "Opaque", "TooLarge", "array_digest", "decode", "encode", "object_array", "ragged_digest",
           "ragged_parts", "short_repr", "type_name", "unflatten"]
