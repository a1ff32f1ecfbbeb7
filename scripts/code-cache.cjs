// The TypeScript exporter's V8 code caches (bin/export-sft), made by
// scripts/build.mjs: runs the exporter in this process exactly as
// bin/export-sft runs it, on the arguments given (a one-shot export of a
// copy of a golden lakehouse, or --batch with requests on stdin), and
// writes the bytecode of what ran into the cache for that mode at exit.
'use strict';

require('../bin/export-sft').start(process.argv.slice(2), { writeCodeCache: true });
