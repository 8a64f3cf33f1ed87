// The Vertex AI ModelVersion's provider object: this module's `module.exports` itself, so the state stores a `require` of
// the package export instead of the object's code (see ../modelProvider.ts and ../serializedProvider.ts).

import { RUNTIME_MODULE, RuntimeProvider } from "../serializedProvider";

export = new RuntimeProvider("vertexModelVersion", RUNTIME_MODULE);
