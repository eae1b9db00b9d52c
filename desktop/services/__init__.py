"""The only code that writes: opening libraries and one function per user action, each one
transaction. Returns plain data; the UI's undo commands call back into it."""
