// The Version's provider object is this module's `module.exports` itself. Pulumi's serializer looks every captured
// object up in require.cache: found under node_modules, it stores `require("<package export>")` (about 300 bytes)
// instead of the object's code (about 5 KB, stored twice per resource). Only where the package is not under a
// node_modules directory (a symlinked checkout: `npm link`, `file:` dependencies) does it fall back to serializing
// the object by value, which works the same. See serializedProvider.ts for what the object does.

import { RUNTIME_MODULE, RuntimeProvider } from "./serializedProvider";

export = new RuntimeProvider("version", RUNTIME_MODULE);
