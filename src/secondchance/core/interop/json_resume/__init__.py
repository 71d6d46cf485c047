"""JSON Resume (the open standard, schema 1.0) in and out.

``schema`` (the shipped schema, dates, what is set aside, errors in plain words), ``reader``
(import into a target, one unit of work), ``writer`` (export, checked before it is written)
and ``text`` (the file as the text of a resume version).
"""

from secondchance.core.interop.json_resume.reader import (
    ImportPlan,
    ImportResult,
    fill_in_person,
    import_json_resume,
    looks_like_json_resume,
    plan_import,
    read_file,
)
from secondchance.core.interop.json_resume.schema import JsonResumeError
from secondchance.core.interop.json_resume.writer import (
    JsonResumeExport,
    build,
    write_json_resume,
)

__all__ = [
    "ImportPlan",
    "ImportResult",
    "JsonResumeError",
    "JsonResumeExport",
    "build",
    "fill_in_person",
    "import_json_resume",
    "looks_like_json_resume",
    "plan_import",
    "read_file",
    "write_json_resume",
]
