const { engineVsSdkBench } = require('./out/test/bench/engineVsSdk');
const fs = require('fs'); const os = require('os'); const path = require('path');
engineVsSdkBench(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b-')))).then((r) => r.forEach((x) => console.log(x.name, x.ratio.toFixed(2), x.detail)));
