"""What a notebook tool shows: a Panel (lines as HTML with the states' colours, or as plain text) in the cell."""

from __future__ import annotations

import html
import re

COLORS = {"done": "#1a7f37", "not_started": "#6e7781"}  # any other state: red
RED = "#cf222e"


def shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


class Panel:
    """What a notebook tool shows: lines of text, as HTML (escaped, with ✔/✗ colours) and as plain text."""

    def __init__(self, lines: list[tuple[str, str]], markdown: str | None = None):
        self.lines, self.markdown = lines, markdown  # lines: (style, text); style "" or a state or "title"/"code"/"note"

    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, p, cycle):
        p.text(self.text())

    def _repr_html_(self) -> str | None:
        if self.markdown is not None:  # hints and solutions: their markdown (code blocks) is the richer view
            return None
        out = []
        for style, text in self.lines:
            body = html.escape(text)
            body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body)
            if style == "code":
                out.append(f"<pre style='margin:4px 0'>{html.escape(text)}</pre>")
            elif style == "note":  # a word on the side (steps kept as passed)
                out.append(f"<div style='color:{COLORS['not_started']};white-space:pre-wrap;margin:1px 0'>{body}</div>")
            elif style == "title":
                out.append(f"<div style='font-weight:bold;margin:2px 0'>{body}</div>")
            elif style:
                color = COLORS.get(style, RED)
                out.append(f"<div style='font-weight:bold;color:{color};margin:2px 0'>{body}</div>")
            else:
                out.append(f"<div style='white-space:pre-wrap;margin:1px 0'>{body}</div>")
        return "<div style='font-family:system-ui,sans-serif;line-height:1.4'>" + "".join(out) + "</div>"

    def _repr_markdown_(self):
        if self.markdown is None:
            return None
        head = "\n\n".join(f"**{text}**" for style, text in self.lines if style == "title")
        return f"{head}\n\n{self.markdown}"


def show(panel: Panel, handle=None):
    if shell() is None:
        print(panel.text())
        return None
    from IPython.display import display

    if handle is not None:
        handle.update(panel)
        return handle
    return display(panel, display_id=True)
