"""Training code for the project's learned models (never run by tests or at load time)."""
