"""Start-up benchmark: the real app against a bare PySide6 window, timed from outside.

Usage: python bench/startup.py [--runs N] [--json FILE] [--timeout S] [--warmup N]

Variants, run round-robin (a, b, c, d, a, b, c, d, ...) so machine noise hits them alike:
  a  bare QMainWindow with seven empty tabs
  b  the same bare window, then ``import sqlalchemy.orm`` after its first paint
  c  ``python -m secondchance`` on a data folder that already holds the sample data
  d  ``python -m secondchance`` on an empty data folder (creates and migrates the database)

Every time is taken in this process: the clock starts just before the child is spawned and
each "paint"/"ready" line is stamped when it arrives on the child's unbuffered stdout.  The
app's own trace counts from the import of ``secondchance.ui.app``, which comes after the
interpreter, PySide6 and the window module have loaded, so it can't be compared with a bare
window; it is kept only as a side figure.

Afterwards one child per case checks which heavy libraries (SQLAlchemy, Alembic, ReportLab)
are already imported when the window first paints, with ``-X importtime`` to name the module
that pulled each one in.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("paint", "ready")
HEAVY = ("sqlalchemy", "alembic", "reportlab")
# The app's default size when no geometry is saved; the bare window uses it too so both
# paint the same number of pixels.
WINDOW_SIZE = (1180, 760)

BARE_WINDOW = """\
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

IMPORT_ORM = sys.argv[1] == "orm"


class FirstPaint(QObject):
    done = False

    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print("paint", flush=True)
            QTimer.singleShot(0, after_paint)
        return False


def after_paint():
    if IMPORT_ORM:
        import sqlalchemy.orm  # noqa: F401
    print("ready", flush=True)
    app.quit()


app = QApplication(sys.argv[:1])
window = QMainWindow()
tabs = QTabWidget(window)
for index in range(7):
    tabs.addTab(QWidget(), f"Tab {index + 1}")
window.setCentralWidget(tabs)
window.resize(WIDTH, HEIGHT)
painter = FirstPaint()
window.installEventFilter(painter)
window.show()
sys.exit(app.exec())
"""

# Prints, on stdout, one JSON line per stage with the heavy libraries loaded at that moment,
# and writes "@@<stage>" to stderr (unbuffered, like -X importtime's own lines) so the
# import log can be cut at the first paint.
#   window:  MainWindow as the app builds it, shown without attach()
#   app:     the real start (secondchance.__main__.main) with its trace hook replaced
#   app-new: the same on an empty data folder
IMPORT_PROBE = """\
import os
import sys

HEAVY = HEAVY_NAMES
first_import = {}


# Notes where the app's own code first asks for each heavy library.
class ImportSite:
    def find_spec(self, name, path=None, target=None):
        if name in HEAVY and name not in first_import:
            sites = []
            # Frames rather than the traceback module, whose own imports would be counted.
            frame = sys._getframe(1)
            while frame is not None:
                filename = frame.f_code.co_filename.replace(os.sep, "/")
                _, sep, rel = filename.rpartition("/secondchance/")
                if sep:
                    sites.append(f"secondchance/{rel}:{frame.f_lineno} {frame.f_code.co_name}")
                frame = frame.f_back
            first_import[name] = sites[::-1]
        return None


sys.meta_path.insert(0, ImportSite())


def mark(stage):
    os.write(2, f"@@{stage}\\n".encode())
    import json  # after the marker, so the probe's own import isn't counted before paint

    record = {
        "stage": stage,
        "heavy": [name for name in HEAVY if name in sys.modules],
        "sites": {name: first_import.get(name, []) for name in HEAVY if name in sys.modules},
        "core": sorted(m for m in sys.modules if m.startswith("secondchance.core")),
        "modules": len(sys.modules),
    }
    print(json.dumps(record), flush=True)


mode, data_dir = sys.argv[1], sys.argv[2]
from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402

from secondchance.ui import app as ui_app  # noqa: E402

if mode == "window":
    from pathlib import Path

    from secondchance.ui.main_window import MainWindow

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event):
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                mark("paint")
                QTimer.singleShot(0, qapp.quit)
            return False

    qapp = ui_app.make_application()
    window = MainWindow(Path(data_dir))
    painter = FirstPaint()
    window.installEventFilter(painter)
    window.show()
    sys.exit(qapp.exec())
else:
    from secondchance.__main__ import main

    ui_app._trace = mark
    sys.exit(main(["--data-dir", data_dir]))
"""


class BenchError(Exception):
    pass


@dataclass
class Variant:
    key: str
    title: str
    prepare: Callable[[Path], list[str]]  # given a scratch dir, the child's arguments
    fresh_config: bool = False


@dataclass
class Sample:
    times: dict[str, float]  # seconds from just before spawn to the line's arrival
    reported: dict[str, float]  # the child's own figure after the stage name, if any
    order: list[str]


@dataclass
class Results:
    samples: dict[str, list[Sample]] = field(default_factory=dict)


def _pump(stream: IO[bytes], sink: queue.Queue[tuple[float, str | None]]) -> None:
    for raw in iter(stream.readline, b""):
        sink.put((time.perf_counter(), raw.decode("utf-8", "replace").strip()))
    sink.put((time.perf_counter(), None))


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def run_child(
    label: str, args: list[str], env: dict[str, str], scratch: Path, timeout: float
) -> Sample:
    """Spawn one child and time its stage lines; raise BenchError unless it ran cleanly."""
    err_path = scratch / "stderr.txt"
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
    times: dict[str, float] = {}
    reported: dict[str, float] = {}
    order: list[str] = []
    with err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-u", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
            cwd=scratch,
            bufsize=0,
        )
        assert proc.stdout is not None
        # A thread rather than select(), which can't wait on pipes on Windows.
        reader = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
        reader.start()
        deadline = start + timeout
        try:
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    missing = [s for s in STAGES if s not in times] or ["exit"]
                    raise BenchError(
                        f"{label}: no {'/'.join(missing)} within {timeout:g} s "
                        f"(got {order or 'no lines'})"
                    )
                try:
                    arrived, line = lines.get(timeout=remaining)
                except queue.Empty:
                    continue
                if line is None:
                    break
                stage, _, rest = line.partition(" ")
                if stage in STAGES and stage not in times:
                    times[stage] = arrived - start
                    order.append(stage)
                    with contextlib.suppress(ValueError):  # the baselines print no figure
                        reported[stage] = float(rest)
            code = proc.wait(timeout=max(0.1, deadline - time.perf_counter()))
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"{label}: did not exit within {timeout:g} s") from exc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
    if code != 0:
        raise BenchError(f"{label}: exited with code {code}\n{_tail(err_path)}")
    missing = [s for s in STAGES if s not in times]
    if missing:
        raise BenchError(f"{label}: never printed {'/'.join(missing)}\n{_tail(err_path)}")
    return Sample(times, reported, order)


def child_env(config_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SECONDCHANCE_HOME", None)
    env["XDG_CONFIG_HOME"] = str(config_home)
    env["QT_QPA_PLATFORM"] = env.get("BENCH_QPA_PLATFORM", "offscreen")
    env["SECONDCHANCE_STARTUP_TRACE"] = "1"
    env["SECONDCHANCE_EXIT_WHEN_READY"] = "1"
    # Works from a plain checkout too; every variant gets the same path so none is favoured.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    return env


def make_sample_data(target: Path, env: dict[str, str], timeout: float) -> None:
    try:
        result = subprocess.run(
            [sys.executable, "-m", "secondchance", "sample", "--data-dir", str(target)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"creating the sample data took over {timeout:g} s") from exc
    if result.returncode != 0:
        raise BenchError(f"could not create the sample data:\n{result.stdout}{result.stderr}")


def build_variants(work: Path, sample_template: Path) -> list[Variant]:
    bare = work / "bare_window.py"
    bare.write_text(
        BARE_WINDOW.replace("WIDTH", str(WINDOW_SIZE[0])).replace("HEIGHT", str(WINDOW_SIZE[1])),
        "utf-8",
    )

    def sample_copy(scratch: Path) -> list[str]:
        # A fresh copy each run, so no run inherits a lock, log or WAL file from the one before.
        data = scratch / "data"
        shutil.copytree(sample_template, data)
        return ["-m", "secondchance", "--data-dir", str(data)]

    def empty_folder(scratch: Path) -> list[str]:
        data = scratch / "data"
        data.mkdir()
        return ["-m", "secondchance", "--data-dir", str(data)]

    return [
        Variant("a", "bare window", lambda _s: [str(bare), "plain"]),
        Variant("b", "bare window + sqlalchemy.orm", lambda _s: [str(bare), "orm"]),
        Variant("c", "app, sample data", sample_copy),
        # A first run has no saved settings either.
        Variant("d", "app, new data folder", empty_folder, fresh_config=True),
    ]


def run_rounds(
    variants: list[Variant], work: Path, runs: int, warmup: int, timeout: float
) -> Results:
    results = Results({v.key: [] for v in variants})
    shared_config = work / "config"
    shared_config.mkdir()
    counter = 0
    for round_index in range(warmup + runs):
        counted = round_index >= warmup
        for variant in variants:
            counter += 1
            scratch = work / f"run{counter:03d}_{variant.key}"
            scratch.mkdir()
            config = scratch / "config" if variant.fresh_config else shared_config
            config.mkdir(exist_ok=True)
            args = variant.prepare(scratch)
            name = f"{variant.key} ({variant.title})"
            label = f"{name}, {'round ' + str(round_index - warmup + 1) if counted else 'warm-up'}"
            sample = run_child(label, args, child_env(config), scratch, timeout)
            if counted:
                results.samples[variant.key].append(sample)
            shutil.rmtree(scratch, ignore_errors=True)
        status = f"round {round_index - warmup + 1}/{runs}" if counted else "warm-up round"
        print(f"  {status} done", file=sys.stderr, flush=True)
    return results


def spread(values: list[float]) -> dict[str, float]:
    return {
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
    }


def summarise(variants: list[Variant], results: Results) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for variant in variants:
        samples = results.samples[variant.key]
        entry: dict[str, Any] = {"title": variant.title}
        for stage in STAGES:
            values = [s.times[stage] for s in samples]
            entry[stage] = {**spread(values), "samples": values}
            own = [s.reported[stage] for s in samples if stage in s.reported]
            if own:
                entry[f"{stage}_self_reported_median"] = statistics.median(own)
        entry["ready_before_paint"] = sum(1 for s in samples if s.order[0] == "ready")
        entry["runs"] = len(samples)
        summary[variant.key] = entry
    return summary


def ratios(summary: dict[str, Any]) -> dict[str, float]:
    def med(key: str, stage: str) -> float:
        return float(summary[key][stage]["median"])

    out: dict[str, float] = {}
    for app in ("c", "d"):
        out[f"{app}_paint / a_paint"] = med(app, "paint") / med("a", "paint")
        out[f"{app}_ready / b_ready"] = med(app, "ready") / med("b", "ready")
        out[f"{app}_ready / a_paint"] = med(app, "ready") / med("a", "paint")
    return out


# --- which heavy libraries are loaded at the first paint ------------------------------


def parse_importtime(log: str, stop: str) -> list[tuple[int, int, str]]:
    """(depth, cumulative µs, module) for each ``-X importtime`` line before ``stop``."""
    entries: list[tuple[int, int, str]] = []
    for line in log.splitlines():
        if line.strip() == stop:
            break
        if not line.startswith("import time:") or "[us]" in line:
            continue
        # "import time: self | cumulative | name" — the name is indented two spaces a level.
        parts = line.split("|")
        if len(parts) != 3:
            continue
        cumulative, name_field = parts[1], parts[2]
        name = name_field.strip()
        depth = (len(name_field) - len(name_field.lstrip(" ")) - 1) // 2
        entries.append((depth, int(cumulative.strip()), name))
    return entries


def probe_imports(
    work: Path, sample_template: Path, timeout: float, marker: str = "@@paint"
) -> dict[str, Any]:
    script = work / "import_probe.py"
    script.write_text(IMPORT_PROBE.replace("HEAVY_NAMES", repr(HEAVY)), "utf-8")
    report: dict[str, Any] = {}
    for mode in ("window", "app", "app-new"):
        scratch = work / f"probe_{mode}"
        scratch.mkdir()
        data = scratch / "data"
        if mode == "app-new":
            data.mkdir()
        else:
            shutil.copytree(sample_template, data)
        (scratch / "config").mkdir()
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-u", str(script), mode, str(data)],
            env=child_env(scratch / "config"),
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise BenchError(
                f"import probe ({mode}) exited with code {result.returncode}\n"
                + "\n".join(result.stderr.splitlines()[-20:])
            )
        stages: dict[str, dict[str, Any]] = {}
        for line in result.stdout.splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                stages.setdefault(record["stage"], record)
        if "paint" not in stages:
            raise BenchError(f"import probe ({mode}) never painted")
        before_paint = parse_importtime(result.stderr, marker)
        top = sorted((e for e in before_paint if e[0] <= 1), key=lambda e: -e[1])[:8]
        report[mode] = {
            "stages": stages,
            "heavy_before_paint": stages["paint"]["heavy"],
            "import_ms_before_paint": round(sum(e[1] for e in before_paint if e[0] == 0) / 1000, 1),
            # [module, depth, cumulative ms]; depth 1 is an import made by a depth-0 module.
            "slowest_imports_before_paint": [
                [name, depth, round(cum / 1000, 1)] for depth, cum, name in top
            ],
        }
    return report


# --- output ---------------------------------------------------------------------------


def print_table(summary: dict[str, Any], ratio: dict[str, float], runs: int) -> None:
    print(f"\nStart-up, seconds from spawn (parent clock), {runs} runs each: min / median / max")
    print(f"{'variant':<34}{'first paint':>26}{'ready':>26}")
    for key, entry in summary.items():
        cells = [
            f"{entry[s]['min']:.3f} / {entry[s]['median']:.3f} / {entry[s]['max']:.3f}"
            for s in STAGES
        ]
        print(f"{key + '  ' + entry['title']:<34}{cells[0]:>26}{cells[1]:>26}")
    print("\nRatios of medians")
    names = {
        "c_paint / a_paint": "app first paint / bare window paint",
        "c_ready / b_ready": "app ready / (bare window + sqlalchemy.orm) ready",
        "c_ready / a_paint": "app ready / bare window paint",
        "d_paint / a_paint": "new-folder app first paint / bare window paint",
        "d_ready / b_ready": "new-folder app ready / (bare + sqlalchemy.orm) ready",
        "d_ready / a_paint": "new-folder app ready / bare window paint",
    }
    for key, value in ratio.items():
        print(f"  {names[key]:<56}{value:6.2f}x")
    print("\nNotes")
    for key in ("c", "d"):
        entry = summary[key]
        own_paint = entry.get("paint_self_reported_median")
        if own_paint is not None:
            offset = entry["paint"]["median"] - own_paint
            print(
                f"  {key}: the app's own trace says paint {own_paint:.3f} s; "
                f"{offset:.3f} s passes before its clock starts"
            )
    for key, entry in summary.items():
        if entry["ready_before_paint"]:
            print(
                f"  {key}: 'ready' arrived before 'paint' in "
                f"{entry['ready_before_paint']}/{entry['runs']} runs"
            )


def print_imports(report: dict[str, Any]) -> None:
    titles = {
        "window": "MainWindow shown without attach()",
        "app": "real start, sample data",
        "app-new": "real start, new data folder",
    }
    print("\nHeavy libraries already imported at the first paint")
    for mode, entry in report.items():
        heavy = entry["heavy_before_paint"]
        print(f"  {titles[mode]}: {', '.join(heavy) if heavy else 'none'}")
        for name in heavy:
            sites = entry["stages"]["paint"]["sites"].get(name) or ["(not from the app's code)"]
            print(f"    {name}: first asked for by {' -> '.join(sites)}")
        core = entry["stages"]["paint"]["core"]
        if core:
            shown = ", ".join(core[:6]) + (" …" if len(core) > 6 else "")
            print(f"    secondchance.core modules loaded: {len(core)} ({shown})")
    window = report["window"]
    print(
        "  imports before the paint, window case (-X importtime, cumulative ms, "
        f"{window['import_ms_before_paint']:.1f} ms in all):"
    )
    for name, depth, ms in window["slowest_imports_before_paint"]:
        print(f"    {ms:8.1f}  {'  ' * depth}{name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each variant")
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed rounds first (fills disk caches)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds a child may take (default 60)"
    )
    parser.add_argument(
        "--no-import-check", action="store_true", help="skip the imports-at-first-paint check"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="secondchance-bench-") as tmp:
        work = Path(tmp)
        template = work / "sample_data"
        (work / "template_config").mkdir()
        try:
            make_sample_data(template, child_env(work / "template_config"), args.timeout)
            variants = build_variants(work, template)
            print(
                f"Running {len(variants)} variants x {args.runs} runs "
                f"(+{args.warmup} warm-up), round-robin…",
                file=sys.stderr,
                flush=True,
            )
            results = run_rounds(variants, work, args.runs, args.warmup, args.timeout)
            imports = None if args.no_import_check else probe_imports(work, template, args.timeout)
        except (BenchError, subprocess.TimeoutExpired) as exc:
            print(f"startup bench failed: {exc}", file=sys.stderr)
            return 1

    summary = summarise(variants, results)
    ratio = ratios(summary)
    print_table(summary, ratio, args.runs)
    if imports is not None:
        print_imports(imports)
    if args.json:
        payload = {
            "runs": args.runs,
            "warmup": args.warmup,
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "qpa_platform": os.environ.get("BENCH_QPA_PLATFORM", "offscreen"),
            "cpus": os.cpu_count(),
            "variants": summary,
            "ratios_of_medians": ratio,
            "imports_at_first_paint": imports,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
        print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
