"""Form widgets shared by the staff pages."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker."""

    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; its value is local (Beijing) time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
