"""The Skills tab (steps 3 and 4): gap matrix, charts, plan totals and its dialogs."""
