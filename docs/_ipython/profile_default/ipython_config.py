# Kernel profile for the build (conf.py points IPYTHONDIR here).
# Tracebacks on the pages show the exception type and message only: no file paths,
# no memory addresses, nothing that changes between machines or torch patch releases.
c = get_config()  # noqa: F821  (IPython injects get_config)
c.InteractiveShell.xmode = "Minimal"
# The kernel's start-up notice about TCP transport is noise in every build log.
c.IPKernelApp.log_level = "ERROR"
