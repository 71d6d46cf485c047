"""Whole-workspace export and import as one self-contained JSON document.

The export walks every table of the ORM metadata (records, link tables and settings) and
writes the stored values; the files kept in the attachments folder travel inside the
document, base64-encoded.  The import merges such a document into an existing workspace:
every record becomes a new row with a new id, and every reference is rewritten to the new
ids, so importing never overwrites or mixes with what is already there (settings, which
are keyed by name, are the one exception: imported values win).

The importer is deliberately suspicious: the file may have been edited by hand, cut short
or made by something else entirely.  It checks the whole document first and only then
writes, in one transaction, so a bad file changes nothing.  The format is described for
people in docs/export-format.md.

Modules: ``format`` (what export and import share: name, version, table descriptions),
``export``, ``validate`` (reading and checking, no writes) and ``importer`` (writing).
"""

from secondchance.core.interop.workspace.export import export_workspace, write_export
from secondchance.core.interop.workspace.format import (
    ATTACHMENT_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    ExportSummary,
    ImportSummary,
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
    "WorkspaceExportError",
    "WorkspaceImportError",
    "export_workspace",
    "import_workspace",
    "write_export",
]
