/*
 * The exit codes the commands share beyond sf's own (0 success, 1 failure, 2 bad flags), documented in each
 * command's ERROR CODES help section.
 */

/** A deploy that only partly succeeded. */
export const EXIT_PARTIAL = 68;

/** --wait ran out while the org was still working (a deploy in progress, an app not yet propagated). */
export const EXIT_WAIT_EXPIRED = 69;

/** Stopped with Ctrl-C (or another signal that ends a command), as sf and shells use it. */
export const EXIT_INTERRUPTED = 130;
