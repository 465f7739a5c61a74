"""The Django side of the warranty engine: calendar overrides, decisions API, simulator, viewer."""
