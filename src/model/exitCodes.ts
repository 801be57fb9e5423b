/*
 * The exit codes the commands share beyond sf's own (0 success, 1 failure, 2 bad flags), documented in each
 * command's ERROR CODES help section.
 */

/** A deploy that only partly succeeded. */
export const EXIT_PARTIAL = 68;

/** --wait ran out while the org was still working (a deploy in progress, an app not yet propagated). */
export const EXIT_WAIT_EXPIRED = 69;

/** An audit that could not check every part (the org refused a retrieve or a query): never a silent pass. */
export const EXIT_AUDIT_INCOMPLETE = 74;

/** Stopped with Ctrl-C (or another signal that ends a command), as sf and shells use it. */
export const EXIT_INTERRUPTED = 130;

/** The org could not be reached or failed to answer (network errors, 5xx answers, error pages) past the retries. */
export const EXIT_ORG_UNAVAILABLE = 70;

/** The app is switched off in its policies (isEnabled false): no token can be had until it is enabled. */
export const EXIT_APP_DISABLED = 71;
