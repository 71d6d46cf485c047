"""The window's File and Help actions: import, export, packet, brief, backups,
preferences, the data folder, About (a mixin of ``MainWindow``, kept apart for its size)."""

from __future__ import annotations

import logging

from secondchance import APP_NAME, __version__
from secondchance.ui.plain import paragraphs
from secondchance.ui.window_parts import WindowParts

log = logging.getLogger(__name__)


class MenuActions(WindowParts):
    def export_workspace(self) -> None:
        from secondchance.ui.interop_actions import export_workspace

        if self.ctx is not None and self.flush_all():
            export_workspace(self, self.ctx)

    def export_packet(self) -> None:
        from secondchance.ui.dialogs.packet_dialog import export_packet

        if self.ctx is not None and self.flush_all():
            export_packet(self.ctx, self)

    def write_brief(self) -> None:
        from secondchance.ui.dialogs.brief_dialog import write_brief

        if self.ctx is not None and self.flush_all():
            write_brief(self.ctx, self)

    def import_workspace(self) -> None:
        from secondchance.ui.interop_actions import import_workspace

        if self.ctx is not None and self.flush_all():
            import_workspace(self, self.ctx)

    def restore_from_welcome(self, how: str) -> None:
        """The welcome screen's "Restore from a backup or export": File → Backups… where it
        exists, else importing an export."""
        from PySide6.QtGui import QAction

        backups = self.findChild(QAction, "action_backups")
        if how == "backups" and backups is not None:
            backups.trigger()
        else:
            self.import_workspace()

    def preferences(self) -> None:
        from secondchance.ui.dialogs.preferences_dialog import PreferencesDialog

        if self.ctx is not None:
            PreferencesDialog(self.ctx, self).exec()

    def backups(self) -> None:
        from secondchance.ui.dialogs.backups_dialog import BackupsDialog

        if self.ctx is not None and self.flush_all():
            BackupsDialog(self.ctx, self).exec()

    def open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.data_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            paragraphs(
                f"{APP_NAME} {__version__}",
                "A private companion for applying again to the company that turned you "
                "down. Everything you write stays on this computer; the app never connects "
                "to the internet.",
                f"Your data folder: {self.data_dir}",
            ),
        )
