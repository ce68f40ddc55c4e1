# Kernel profile for the build (conf.py points IPYTHONDIR here).
# Tracebacks on the pages show the exception type and message only: no file paths,
# no memory addresses, nothing that changes between machines or torch patch releases.
c = get_config()  # noqa: F821  (IPython injects get_config)
c.InteractiveShell.xmode = "Minimal"
# The kernel's start-up notice about TCP transport is noise in every build log.
c.IPKernelApp.log_level = "ERROR"
# Random numbers are the same in every build (a page that draws them still seeds them in a
# visible cell, so a downloaded notebook prints what the page shows; this is the safety net).
# A warning prints as "UserWarning: message": no kernel temp path, no line of a temp file.
c.InteractiveShellApp.exec_lines = [
    "import random as _r, numpy as _np, torch as _t; _r.seed(0); _np.random.seed(0); _t.manual_seed(0); del _r, _np, _t",
    "import warnings as _w; _w.formatwarning = lambda m, c, *a, **k: f'{c.__name__}: {m}\\n'; del _w",
]
