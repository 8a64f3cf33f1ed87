// Typed linting (typescript-eslint) of every TypeScript file the compiler checks: a small rule set for mistakes
// the compiler lets through. Run by scripts/test-all.sh (npm test) and `npm run lint`.
import tseslint from "typescript-eslint";

export default [
    { ignores: ["dist/**", "**/node_modules/**", ".state/**", "**/*.js", "**/*.mjs"] },
    {
        files: ["provider/**/*.ts", "emulator/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "examples/**/*.ts"],
        languageOptions: {
            parser: tseslint.parser,
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@typescript-eslint": tseslint.plugin },
        linterOptions: { reportUnusedDisableDirectives: "error" },
        rules: {
            // A promise nobody awaits loses its rejection (and in a provider, its ordering).
            "@typescript-eslint/no-floating-promises": "error",
            // A promise where a boolean or a void callback is expected is always truthy / never awaited.
            "@typescript-eslint/no-misused-promises": "error",
            // Type-only imports are erased: the serialized provider and the emulator never load a module for a type.
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
            "@typescript-eslint/no-explicit-any": "error",
        },
    },
];
