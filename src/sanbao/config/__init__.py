"""Project configuration: settings, URLs, WSGI/ASGI, the Huey instance and the API router."""
