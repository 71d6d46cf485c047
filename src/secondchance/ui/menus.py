"""The window's menu bar: File, Edit, View (one entry per tab, from the registry; the theme;
lists beside or above their forms), Help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from secondchance import APP_NAME
from secondchance.ui import icons, theme
from secondchance.ui.records import list_layout
from secondchance.ui.tabs.registry import TABS

if TYPE_CHECKING:
    from secondchance.ui.main_window import MainWindow


def _action(
    w: MainWindow, text: str, slot: Any, shortcut: Any = None, icon: str = "", name: str = ""
) -> QAction:
    action = QAction(text, w)
    if icon:
        action.setIcon(icons.icon(icon))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if name:
        action.setObjectName(name)
    action.triggered.connect(slot)
    return action


def _files() -> Any:
    from secondchance.ui.tabs.network import files

    return files


def build_menus(w: MainWindow) -> None:
    assert w.ctx is not None
    file_menu = w.top_menu("&File")
    file_menu.addAction(
        _action(w, "New &target…", w.new_target, "Ctrl+Shift+N", "target", "action_new_target")
    )
    file_menu.addAction(
        _action(w, "Add &sample target", w.add_sample, None, "sample", "action_sample")
    )
    file_menu.addSeparator()
    file_menu.addAction(
        _action(w, "&Import workspace…", w.import_workspace, None, "import", "action_import")
    )
    file_menu.addAction(
        _action(w, "&Export workspace…", w.export_workspace, None, "export", "action_export")
    )
    file_menu.addAction(
        _action(
            w,
            "Export reapplication &packet…",
            w.export_packet,
            "Ctrl+Shift+E",
            "export",
            "action_export_packet",
        )
    )
    file_menu.addAction(
        _action(
            w,
            "Write the &brief “Since we last spoke”…",
            w.write_brief,
            "Ctrl+Shift+B",
            "export",
            "action_write_brief",
        )
    )
    file_menu.addAction(_action(w, "&Backups…", w.backups, None, "open", "action_backups"))
    file_menu.addSeparator()
    # Contacts and the calendar (the Network tab's files; built on first use).
    file_menu.addAction(
        _action(
            w,
            "Import &contacts (vCard)…",
            lambda _c=False: _files().import_vcards(w),
            None,
            "import",
            "action_import_vcards",
        )
    )
    file_menu.addAction(
        _action(
            w,
            "Export c&ontacts (vCard)…",
            lambda _c=False: _files().export_vcards(w),
            None,
            "export",
            "action_export_vcards",
        )
    )
    file_menu.addAction(
        _action(
            w,
            "Export &calendar (.ics)…",
            lambda _c=False: _files().export_calendar(w),
            None,
            "calendar",
            "action_export_calendar",
        )
    )
    file_menu.addSeparator()
    file_menu.addAction(
        _action(
            w,
            "&Preferences…",
            w.preferences,
            "Ctrl+,",  # the platform key is empty on Linux and Windows
            "preferences",
            "action_preferences",
        )
    )
    file_menu.addSeparator()
    file_menu.addAction(
        _action(w, "&Quit", w.close, QKeySequence.StandardKey.Quit, name="action_quit")
    )

    edit_menu = w.top_menu("&Edit")
    undo = w.ctx.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    undo.setIcon(icons.icon("undo"))
    undo.setObjectName("action_undo")
    redo = w.ctx.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcuts(QKeySequence.StandardKey.Redo)  # Ctrl+Y and Ctrl+Shift+Z
    redo.setIcon(icons.icon("redo"))
    redo.setObjectName("action_redo")
    # Pending typing is saved first, so an undo never races an autosave.
    undo.triggered.disconnect()
    undo.triggered.connect(w.undo)
    redo.triggered.disconnect()
    redo.triggered.connect(w.redo)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    edit_menu.addAction(
        _action(w, "&New record", w.new_record, QKeySequence.StandardKey.New, "new", "action_new")
    )
    edit_menu.addAction(
        _action(w, "&Delete record", w.delete_record, None, "delete", "action_delete")
    )
    edit_menu.addAction(
        _action(w, "&Find", w.find_records, QKeySequence.StandardKey.Find, "search", "action_find")
    )

    view_menu = w.top_menu("&View")
    for index, spec in enumerate(TABS):
        view_menu.addAction(
            _action(
                w,
                spec.title,
                lambda _c=False, i=index: w.tabs.setCurrentIndex(i),
                f"Ctrl+{index + 1}",
                spec.icon,
                f"action_tab_{spec.name}",
            )
        )

    view_menu.addSeparator()
    _theme_menu(w, view_menu.addMenu("&Theme"))
    _layout_menu(w, view_menu.addMenu("&Lists and forms"))
    show_archived = _action(
        w, "Show &archived targets", w.set_show_archived, None, name="action_show_archived"
    )
    show_archived.setCheckable(True)
    show_archived.setChecked(w.show_archived)
    view_menu.addAction(show_archived)

    help_menu = w.top_menu("&Help")
    help_menu.addAction(
        _action(w, "Open &data folder", w.open_data_folder, None, "open", "action_data_folder")
    )
    help_menu.addAction(_action(w, f"&About {APP_NAME}", w.about, None, "info", "action_about"))


def _theme_menu(w: MainWindow, menu: QMenu) -> None:
    menu.setObjectName("menu_theme")
    group = QActionGroup(w)
    for name, text in theme.CHOICES:
        action = QAction(text, w)
        action.setObjectName(f"action_theme_{name}")
        action.setCheckable(True)
        action.setChecked(theme.current() == name)
        action.triggered.connect(lambda _c=False, n=name: theme.set_theme(n))
        group.addAction(action)
        menu.addAction(action)

    # Ticked as it stands when the menu opens (the theme can change from elsewhere).
    def tick() -> None:
        for action in group.actions():
            action.setChecked(action.objectName() == f"action_theme_{theme.current()}")

    menu.aboutToShow.connect(tick)


def _layout_menu(w: MainWindow, menu: QMenu) -> None:
    menu.setObjectName("menu_list_layout")
    group = QActionGroup(w)
    for name, text in list_layout.CHOICES:
        action = QAction(text, w)
        action.setObjectName(f"action_layout_{name}")
        action.setCheckable(True)
        action.setChecked(list_layout.choice() == name)
        action.triggered.connect(lambda _c=False, n=name: list_layout.set_choice(n))
        group.addAction(action)
        menu.addAction(action)
