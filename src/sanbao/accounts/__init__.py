"""Users, roles, organisations (brands, service outlets, dealers) and API tokens."""
