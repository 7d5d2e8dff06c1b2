// Preloaded into Azurite (NODE_OPTIONS=--require ...) by scripts/lib.sh and the test fixture.
// When the process named by CXMPUTE_AZURITE_WATCH_PID is gone (a test host that crashed or was
// killed, a run.sh that got SIGKILL), Azurite stops too instead of living on as an orphan.
// With CXMPUTE_AZURITE_CLEANUP_DIR set (the test fixture's temporary --location), that folder is
// deleted on the way out too, as the fixture's DisposeAsync would have done.
'use strict';
const watched = Number.parseInt(process.env.CXMPUTE_AZURITE_WATCH_PID || '', 10);
if (Number.isInteger(watched) && watched > 1 && watched !== process.pid) {
  const alive = () => {
    try {
      process.kill(watched, 0);
      return true;
    } catch (e) {
      return e.code === 'EPERM';
    }
  };
  const timer = setInterval(() => {
    if (alive()) return;
    clearInterval(timer);
    const cleanup = process.env.CXMPUTE_AZURITE_CLEANUP_DIR;
    if (cleanup) {
      process.on('exit', () => {
        try {
          require('node:fs').rmSync(cleanup, { recursive: true, force: true });
        } catch {
          // best effort
        }
      });
    }
    // SIGINT makes azurite-table close and save its data (on SIGTERM it dies unsaved);
    // exit anyway if that takes too long.
    setTimeout(() => process.exit(0), 5000).unref();
    process.kill(process.pid, 'SIGINT');
  }, 1000);
  timer.unref();
}
