"""Qt's item roles as plain ints, for the ``data`` of the models that paint many cells.

Reading ``Qt.ItemDataRole.DisplayRole`` costs ~0.3 µs (two attribute lookups on PySide's
enum), an int 0.06 µs; a paint asks every cell shown for seven roles, and a ``data`` that
compared the role with four or five such names before answering spent more on them than on
its answer (the gap matrix: ~2 µs a call, 1 200 calls a paint).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
USER = int(Qt.ItemDataRole.UserRole)
