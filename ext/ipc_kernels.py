"""Kernels that execute pages talk over ipc sockets in a folder of their own: no TCP port to race for."""

# jupyter_client's default provisioner picks TCP ports by binding port 0 and closing the socket
# before the kernel binds it, so two kernels starting at once (parallel readers, -j 2) can get
# the same port ("ZMQError: Address already in use"). With the ipc transport a kernel's sockets
# are files in a folder made for it alone (tempfile.mkdtemp). The provisioner becomes
# jupyter_client's default in the Sphinx process; readers forked from it inherit that.

import os
import shutil
import tempfile
from importlib.metadata import EntryPoint

from jupyter_client.provisioning import KernelProvisionerFactory, LocalProvisioner

NAME = "ipc-provisioner"


class IpcProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel's sockets in a private folder."""

    socket_dir = None

    async def pre_launch(self, **kwargs):
        km = self.parent
        if self.socket_dir is None:  # a restart keeps the folder and the connection file
            self.socket_dir = tempfile.mkdtemp(prefix="kernel-")
            km.cache_ports = False  # ports are TCP only; for ipc they are file suffixes
            km.transport = "ipc"
            km.ip = os.path.join(self.socket_dir, "socket")  # socket-1 … socket-5
        return await super().pre_launch(**kwargs)

    async def cleanup(self, restart=False):
        await super().cleanup(restart=restart)
        if not restart and self.socket_dir:
            shutil.rmtree(self.socket_dir, ignore_errors=True)


def use_ipc_kernels():
    """Make IpcProvisioner the provisioner of every kernel this process starts."""
    factory = KernelProvisionerFactory.instance()
    factory.provisioners[NAME] = EntryPoint(NAME, f"{__name__}:IpcProvisioner", KernelProvisionerFactory.GROUP_NAME)
    factory.default_provisioner_name = NAME


def setup(app):
    use_ipc_kernels()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
