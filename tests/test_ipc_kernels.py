"""ext/ipc_kernels.py: a kernel started as MyST-NB starts it (nbclient) binds no TCP port; its
sockets are files in a folder of its own, which is gone once the kernel has shut down."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
import json
import runpy
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from ipc_kernels import use_ipc_kernels
from site_reader import ROOT

# Run by the kernel: how it was told to connect, and the unix sockets the process holds. (It
# also holds one TCP socket, ipykernel's pipe for subprocess output, which zmq binds directly
# with bind_to_random_port: nothing to race for.)
REPORT = """\
import json, psutil
from ipykernel.connect import get_connection_info
info = get_connection_info(unpack=True)
unix = sorted({c.laddr for c in psutil.Process().net_connections(kind="unix") if c.laddr})
print(json.dumps({**info, "key": None, "unix": unix}))
"""
CHANNELS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


async def run_kernel():
    notebook = new_notebook(cells=[new_code_cell(REPORT)])
    await NotebookClient(notebook, kernel_name="python3", timeout=60).async_execute()
    return nbformat.from_dict(notebook).cells[0].outputs[0]["text"]


async def both(first, second):
    return await asyncio.gather(first, second)


def two_kernels_at_once():
    """Both start together, in an event loop of their own: a thread, since the browser tests
    leave Playwright's loop running in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, both(run_kernel(), run_kernel())).result()


def test_kernels_use_ipc_sockets_in_folders_of_their_own():
    use_ipc_kernels()
    reports = [json.loads(text) for text in two_kernels_at_once()]
    for report in reports:
        assert report["transport"] == "ipc", report
        channels = sorted(f"{report['ip']}-{report[port]}" for port in CHANNELS)
        assert sorted(set(report["unix"]) & set(channels)) == channels, report
        folder = Path(report["ip"]).parent
        assert folder.name.startswith("kernel-"), report
        assert not folder.exists(), f"{folder} left behind after the kernel shut down"
    assert Path(reports[0]["ip"]).parent != Path(reports[1]["ip"]).parent


def test_the_build_loads_it():
    assert "ipc_kernels" in runpy.run_path(str(ROOT / "conf.py"))["extensions"]
