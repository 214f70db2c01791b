// How every browser here is launched: Debian's headless Chromium, with nothing that would reach
// the network on its own (updates, sync, QUIC probes). Shared by the tests and the
// benchmarks; CommonJS, so that the TypeScript config and the ES-module benchmark both load it.
exports.chromiumLaunch = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
