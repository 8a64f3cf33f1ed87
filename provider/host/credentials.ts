// Access tokens: GOOGLE_OAUTH_ACCESS_TOKEN (as the gcp provider and Terraform accept) or Application Default
// Credentials with the cloud-platform scope. Tokens live only in memory; they never reach outputs, logs or errors.

import { GoogleAuth } from "google-auth-library";
import { isLoopbackUrl } from "./endpoints";

export type TokenSource = () => Promise<string>;

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Sent only to loopback endpoints (the emulator) when no credentials are configured. */
export const EMULATOR_TOKEN = "emulator-token";

let sharedAuth: GoogleAuth | undefined;

export function createTokenSource(
    endpointOverride: string | undefined,
    env: Record<string, string | undefined> = process.env,
): TokenSource {
    return async () => {
        const explicit = env.GOOGLE_OAUTH_ACCESS_TOKEN;
        if (explicit) {
            return explicit;
        }
        if (isLoopbackUrl(endpointOverride)) {
            // A local emulator: never send real credentials there, and never let ADC probe the GCE metadata server.
            return EMULATOR_TOKEN;
        }
        try {
            sharedAuth ??= new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });
            const token = await sharedAuth.getAccessToken();
            if (token) {
                return token;
            }
            throw new Error("Application Default Credentials returned no access token");
        } catch (err) {
            const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
            throw new Error(
                `could not get Google credentials (${reason}); run \`gcloud auth application-default login\`, ` +
                    "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or set GOOGLE_OAUTH_ACCESS_TOKEN",
            );
        }
    };
}
