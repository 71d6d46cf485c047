"""What the window's mixins (``window_targets``, ``window_menus``) read of ``MainWindow``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

if TYPE_CHECKING:
    from secondchance.ui.context import AppContext

# A plain mixin at run time (one Qt base class only, the window's own); the window's type
# for the type checker.
_Base = QMainWindow if TYPE_CHECKING else object


class WindowParts(_Base):  # type: ignore[misc,valid-type]
    """What the mixins below read of the window (declared for the type checker)."""

    if TYPE_CHECKING:
        ctx: AppContext | None
        data_dir: Path | None
        tabs: QTabWidget
        target_banner: QLabel

        def flush_all(self) -> bool: ...
        def _reload_targets(self, prefer: int | None = None) -> None: ...
