// Two projects: "unit" (pure logic, provider methods against the in-process emulator, mocks, gcloud conformance)
// and "e2e" (the real Pulumi CLI against the emulator; slow, run serially).
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }];

/** @type {import('jest').Config} */
module.exports = {
    projects: [
        {
            displayName: "unit",
            testEnvironment: "node",
            transform: { "^.+\\.ts$": tsJest },
            testMatch: ["<rootDir>/test/**/*.test.ts"],
            testPathIgnorePatterns: ["<rootDir>/test/e2e/", "/node_modules/"],
        },
        {
            displayName: "e2e",
            testEnvironment: "node",
            transform: { "^.+\\.ts$": tsJest },
            testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
        },
    ],
};
