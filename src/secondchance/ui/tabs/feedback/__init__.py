"""The Feedback tab (steps 1 and 2): the request composer, the addressed question, the ledger."""
