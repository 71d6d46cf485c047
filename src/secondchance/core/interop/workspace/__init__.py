"""Whole-workspace export and import as one self-contained JSON document.

The export walks every table of the ORM metadata (records, link tables and settings) and
writes the stored values, each record's ``uuid`` included; the files kept in the
attachments folder travel inside the document, base64-encoded.  The import merges such a
document into an existing workspace: a record already here (same uuid, and for contacts
the same e-mail) is not added again, and is updated only by a newer edit; every other
record becomes a new row with a new id, and every reference is rewritten to the new ids.
Importing the same file twice therefore adds nothing (see ``importer`` for the rules,
settings included).

The importer is deliberately suspicious: the file may have been edited by hand, cut short
or made by something else entirely.  It checks the whole document first and only then
writes, in one transaction, so a bad file changes nothing.  The format is described for
people in docs/export-format.md.

Modules: ``format`` (what export and import share: name, version, table descriptions),
``export``, ``validate`` and ``convert`` (reading and checking, no writes), ``merge`` (what
is new, already here or updated; no writes) and ``importer`` (writing).
"""

from secondchance.core.interop.workspace.export import export_workspace, write_export
from secondchance.core.interop.workspace.format import (
    ATTACHMENT_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    ExportSummary,
    ImportSummary,
    SettingsPolicy,
    WorkspaceExportError,
    WorkspaceImportError,
)
from secondchance.core.interop.workspace.importer import import_workspace

__all__ = [
    "ATTACHMENT_COLUMNS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ExportSummary",
    "ImportSummary",
    "SettingsPolicy",
    "WorkspaceExportError",
    "WorkspaceImportError",
    "export_workspace",
    "import_workspace",
    "write_export",
]
