"""The Skills tab's own widgets: gap matrix, charts, plan totals and its dialogs."""
