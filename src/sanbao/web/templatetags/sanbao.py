"""Template filters shared by staff and portal pages."""

import phonenumbers
from django import template

register = template.Library()


@register.filter
def phone(e164: str | None) -> str:
    """+8613957112345 → 139 5711 2345; landlines and service lines in their usual groups."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@register.filter
def chosen(option: object, current: object) -> bool:
    """Is this select option among the field's current value(s)? Compares as text."""
    option = str(getattr(option, "value", option))  # ModelChoiceIteratorValue
    if isinstance(current, list | tuple):
        return option in {str(item) for item in current}
    return current is not None and option == str(current)
