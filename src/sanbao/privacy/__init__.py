"""Privacy: who saw which personal data, masking, retention and purge."""
