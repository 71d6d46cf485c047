"""The person's own name and e-mail (for signing messages and the packet cover), and the
currency their amounts are in."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import preferences
from secondchance.core.services.fields import ValidationError
from secondchance.ui import money
from secondchance.ui.context import AppContext
from secondchance.ui.records.form import ERROR_STYLE


class PreferencesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("preferences_dialog")
        self.setWindowTitle("Preferences")
        current = preferences.load(ctx.db)
        self.name = QLineEdit(current.name, self)
        self.name.setObjectName("pref_name")
        self.email = QLineEdit(current.email, self)
        self.email.setObjectName("pref_email")
        self.currency = QLineEdit(current.currency, self)
        self.currency.setObjectName("pref_currency")
        self.currency.setMaximumWidth(120)
        region = QLocale.system().currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
        self.currency.setPlaceholderText(region or "€, $, £…")
        self.currency.setToolTip(
            "Written beside amounts, such as the cost of your development plan. "
            "Leave it empty to use your region's currency."
        )
        self.errors = {key: QLabel(self) for key in ("name", "email", "currency")}
        form = QFormLayout()
        for key, editor, label in (
            ("name", self.name, "Your name"),
            ("email", self.email, "Your e-mail"),
            ("currency", self.currency, "Currency"),
        ):
            self.errors[key].setStyleSheet(ERROR_STYLE)
            self.errors[key].hide()
            form.addRow(label, editor)
            form.addRow("", self.errors[key])
        note = QLabel(
            "Your name and e-mail sign the messages Second Chance drafts for you and go on the "
            "cover of your packet; the currency is written beside amounts, such as what your "
            "plan costs. Stored only on this computer, with the rest of your data.",
            self,
        )
        note.setWordWrap(True)
        # Reminders when the app opens (All targets › Due); stored per computer.
        from secondchance.ui.tabs.agenda import reminders

        self.due_open_first = QCheckBox("Open on the Due view on days something is due", self)
        self.due_open_first.setObjectName("pref_due_open_first")
        self.due_open_first.setChecked(reminders.open_first_enabled())
        self.due_tray = QCheckBox(
            "Also show a desktop notification when the app opens and something is due", self
        )
        self.due_tray.setObjectName("pref_due_tray")
        self.due_tray.setChecked(reminders.tray_enabled())
        self.due_tray.setToolTip(
            "Only when you open Second Chance: nothing runs in the background while it is closed"
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.due_open_first)
        layout.addWidget(self.due_tray)
        layout.addWidget(buttons)
        self.resize(520, 260)

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        try:
            saved = preferences.save(
                self.ctx.db, self.name.text(), self.email.text(), self.currency.text()
            )
        except ValidationError as exc:
            for key, message in exc.errors.items():
                self.errors[key].setText(message)
                self.errors[key].show()
            return
        money.set_currency(saved.currency)
        from secondchance.ui.tabs.agenda import reminders

        reminders.set_open_first(self.due_open_first.isChecked())
        reminders.set_tray(self.due_tray.isChecked())
        self.ctx.notify("preferences", "Preferences saved ✓")
        self.accept()
