"""Oracle helpers for the topic pages' tests.

The tests compute values and trigger errors with their own torch calls, then compare with
what the built page shows. Nothing here reads the page's code.
"""

from check_routes import ROUTES
from site_reader import outputs, own_cells, tracebacks


def error_text(call):
    """``Type: message`` of the exception ``call()`` raises, as xmode Minimal prints it."""
    try:
        call()
    except Exception as error:  # noqa: BLE001 - any exception is the value under test
        return f"{type(error).__name__}: {error}"
    raise AssertionError(f"{call} did not raise")


def assert_raises_shown(section, call):
    """The section shows, live, the error the oracle's own ``call()`` raises."""
    expected = error_text(call)
    shown = tracebacks(section)
    assert expected in shown, f"{section.get('id')}: expected {expected!r}, page shows {shown!r}"


def squeezed(text):
    """Text with every run of whitespace as one space: IPython breaks long values into lines."""
    return " ".join(text.split())


def assert_shown(section, value):
    """``repr(value)`` appears in the section's outputs (line breaks aside)."""
    text = "".join(outputs(section))
    assert squeezed(repr(value)) in squeezed(text), f"{section.get('id')}: {value!r} not in outputs {text!r}"


def shown(value):
    """How a cell whose last line is ``value`` prints it: its repr, then the output's blank line."""
    return repr(value) + "\n\n"


def routes(section):
    """The routes (ext/check_routes.py) of the section's own check cells."""
    return {
        route
        for cell in own_cells(section)
        if "tag_check" in cell.get("class", [])
        for route in ROUTES
        if f"tag_{route}" in cell.get("class", [])
    }
