"""Product models, accessories, parts, production batches, the serial registry and recalls."""
