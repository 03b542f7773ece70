"""Terminal UI for reviewing claims (Textual). Imports the engine, never the reverse."""
