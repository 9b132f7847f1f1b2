/** guard.ts in the bundle of a careless version 2: the change made without patched(). */
export const GUARDED: boolean = false;
