"""The maintenance register: service orders from intake to signed hand-back."""
