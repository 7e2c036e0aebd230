"""Small helpers shared by the forms of the workbench and the application pages."""
from __future__ import annotations


def form_errors_text(form) -> str:
    """A bound form's errors as one Chinese line ("字段：原因；…"), for a message after a redirect."""
    def label(name: str) -> str:
        field = form.fields.get(name)
        return str(field.label) if field is not None and field.label else ""

    return "；".join(f"{label(name)}：{'，'.join(errors)}".lstrip("：") for name, errors in form.errors.items())
