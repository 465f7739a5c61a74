"""API input the database can store: text with a NUL character is refused (422, naming the
field) once the caller is known and the input valid, before any handler sees it.

PostgreSQL refuses NUL in text, so such a value reached it as a 500; Django's forms refuse
it the same way (ProhibitNullCharactersValidator), this does it for the API's JSON bodies,
queries, form fields and path parameters alike."""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from pydantic import BaseModel

from sanbao.config.errors import DomainError


def _nul_at(value: Any, path: str) -> str | None:
    """The dotted path of the first text holding a NUL character, or None."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, str):
        return path if "\x00" in value else None
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple | set | frozenset):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and "\x00" in key:
            return where
        found = _nul_at(item, where)
        if found is not None:
            return found
    return None


def text_checked(view: Callable[..., Any]) -> Callable[..., Any]:
    """An operation decorator (NinjaAPI.add_decorator): 422 for a NUL anywhere in the input.

    A body or query model's fields are named as the validation errors name them
    (`customer.name`); a path or form parameter by its own name."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **values: Any) -> Any:
        for name, value in values.items():
            field = _nul_at(value, "" if isinstance(value, BaseModel | dict) else name)
            if field is not None:
                raise DomainError.invalid(field or name, _("Null characters are not allowed."))
        return view(request, *args, **values)

    return checked
