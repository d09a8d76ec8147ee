"""Executes notebooks with parameters into a folder, as executed .ipynb and HTML.

Usage: python notebooks/run_notebooks.py --out build/notebooks [--param name=value ...] sales_kpis feedback_eda

The cell tagged `parameters` gets the given values (its other assignments stay as defaults), the
notebook runs with nbclient (working directory notebooks/, so `import pipeline_warehouse` works),
and nbconvert writes the HTML. Exit 1 when a notebook raises; the error is printed.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from jupyter_client.manager import KernelManager
from nbconvert import HTMLExporter

NOTEBOOKS_DIR = Path(__file__).resolve().parent


def inject_parameters(notebook: nbformat.NotebookNode, values: dict[str, str]) -> None:
    cell = next((c for c in notebook.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        if values:
            raise ValueError("the notebook has no cell tagged 'parameters' to receive --param values")
        return
    declared = {target.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}
    unknown = sorted(set(values) - declared)
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; the notebook declares {', '.join(sorted(declared))}")
    lines = [f"{name} = {value!r}  # injected" for name, value in values.items()]
    cell.source = cell.source + "\n" + "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for the executed notebooks and their HTML")
    parser.add_argument("--param", action="append", default=[], help="name=value for the parameters cell")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may take")
    parser.add_argument("names", nargs="+", help="notebook names without .ipynb")
    args = parser.parse_args()
    values = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"error: --param {item!r} is not name=value", file=sys.stderr)
            return 2
        values[name] = value
    out = Path(args.out)
    if str(out.resolve()).startswith(("/proc/", "/sys/", "/dev/")):
        print(f"error: --out {args.out} lies in a kernel pseudo-filesystem; choose another folder.", file=sys.stderr)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"error: --out {args.out} cannot be used as a folder ({error.strerror}); choose another folder.", file=sys.stderr)
        return 2
    runtime = Path(tempfile.mkdtemp(prefix="notebooks-"))
    failed = 0
    for name in args.names:
        source = NOTEBOOKS_DIR / f"{name}.ipynb"
        if not source.is_file():
            print(f"error: no notebook {source}", file=sys.stderr)
            return 2
        notebook = nbformat.read(source, as_version=4)
        try:
            inject_parameters(notebook, values)
        except ValueError as error:
            print(f"error: {name}: {error}.", file=sys.stderr)
            return 2
        started = time.monotonic()
        print(f"[notebooks] {name}: executing…", flush=True)
        # IPC transport: the kernel talks over local sockets in a private folder, not TCP ports.
        manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(runtime / f"{name}-kernel"))
        client = NotebookClient(notebook, km=manager, timeout=args.timeout, resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
        ok = True
        try:
            client.execute()
        except CellExecutionError as error:
            ok = False
            failed += 1
            print(f"error: {name} failed: {error.ename}: {error.evalue}", file=sys.stderr)
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
        executed = out / f"{name}.ipynb"
        nbformat.write(notebook, executed)
        html, _ = HTMLExporter().from_notebook_node(notebook)
        (out / f"{name}.html").write_text(html, encoding="utf-8")
        print(f"[notebooks] {name}: {'done' if ok else 'FAILED'} in {time.monotonic() - started:.1f} s → {executed}, {out / (name + '.html')}", flush=True)
    shutil.rmtree(runtime, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
