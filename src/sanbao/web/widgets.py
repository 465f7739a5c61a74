"""Form widgets shared by the staff pages."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker."""

    input_type = "date"
