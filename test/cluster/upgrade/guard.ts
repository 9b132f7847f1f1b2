/** Version 2's change is behind patched(); bundles.ts swaps this module for unguarded.ts to show why it must be. */
export const GUARDED: boolean = true;
