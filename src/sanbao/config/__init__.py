"""Project configuration: settings, URLs, WSGI/ASGI, the API and its errors, health probes."""
