"""The Feedback tab's own pieces: the request composer, the addressed question, the ledger."""
