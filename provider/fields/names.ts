// Naming rules for models, versions and labels, and autonaming.

import { randomInt } from "node:crypto";

/** "May only contain letters, numbers, and underscores… Must start with a letter… no more than 128 characters." */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

/**
 * Label keys: lowercase letters (international allowed), digits, `_`, `-`; start with a letter; at most 63. A letter
 * is lowercase (`\p{Ll}`) or has no case at all (`\p{Lo}`, e.g. `日本`): the API accepts both as a first character.
 */
export const LABEL_KEY_PATTERN = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
export const LABEL_VALUE_PATTERN = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
export const MAX_LABELS = 64;

const AUTONAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
export const AUTONAME_SUFFIX_LENGTH = 7;

/** Turns a Pulumi logical name into a valid name prefix (`my-model` -> `my_model`). */
export function sanitizeNamePrefix(logicalName: string): string {
    let prefix = logicalName.replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z]/.test(prefix)) {
        prefix = `r${prefix}`;
    }
    // Leave room for "_" and the random suffix within the 128-character limit.
    return prefix.slice(0, 128 - 1 - AUTONAME_SUFFIX_LENGTH);
}

/** `<prefix>_<7 random lowercase letters or digits>`, e.g. `my_model_x3k9q2a`. */
export function autoname(logicalName: string, random: (max: number) => number = randomInt): string {
    let suffix = "";
    for (let i = 0; i < AUTONAME_SUFFIX_LENGTH; i++) {
        suffix += AUTONAME_ALPHABET[random(AUTONAME_ALPHABET.length)];
    }
    return `${sanitizeNamePrefix(logicalName)}_${suffix}`;
}

/**
 * Project ids as they appear in resource names: `my-project` (6-30 characters, lowercase letters, digits and `-`,
 * starting with a letter), a domain-scoped id (`example.com:my-project`), or a project number. Never `.`, `..`,
 * `/`, `%` or whitespace: the id becomes a URL path segment.
 */
export const PROJECT_ID_PATTERN =
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[0-9]{1,20}$/;

/**
 * Cloud Storage bucket names: 3-63 characters (up to 222 with dots, each dot-separated part at most 63) of
 * lowercase letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.
 */
export function isValidBucketName(bucket: string): boolean {
    const max = bucket.includes(".") ? 222 : 63;
    return (
        bucket.length >= 3 &&
        bucket.length <= max &&
        /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(bucket) &&
        bucket.split(".").every((part) => part.length > 0 && part.length <= 63) &&
        !/^\d+\.\d+\.\d+\.\d+$/.test(bucket)
    );
}

/** `gs://<bucket>/<objectName>`: an object's URI (a folder's when objectName ends with "/"). */
export function gsUri(bucket: string, objectName: string): string {
    return `gs://${bucket}/${objectName}`;
}

/** The last segment of a resource name (`projects/P/models/M` -> `M`). */
export const shortName = (name: string) => name.slice(name.lastIndexOf("/") + 1);

/** Names a resource of some kind in a message, before its reference is known: `Model "m"`. */
export function label(kind: string, name: string | undefined): string {
    return `${kind} ${JSON.stringify(name ?? "(unnamed)")}`;
}
