"""The trained model returned as it is: its input is word ids, not text."""

EXPECT = "save.not_text"
CHECKS = "export_reloads"


def export_model(model, word_index):
    return model
