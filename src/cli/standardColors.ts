/*
 * sf-plugins-core's StandardColors, on the same ansis (which decides at load whether the terminal takes colour:
 * FORCE_COLOR, NO_COLOR, stdout being a terminal, CI). Both bases and SfCommand colour through this one module
 * instance, so they colour, or not, alike.
 *
 * Taken through `require`, the instance @oclif/core's theme uses: ansis's ESM entry re-exports every style as a
 * named export, which creates each of its sixty-odd styles at load (some 5 ms of every command's start-up).
 */
import { createRequire } from 'node:module';
import type ansisModule from 'ansis';

const ansis = createRequire(import.meta.url)('ansis') as typeof ansisModule;

export const StandardColors = {
  error: ansis.bold.red,
  warning: ansis.bold.yellow,
  info: ansis.dim,
  success: ansis.bold.green,
};

/** How an error is marked in the terminal (bold red). */
export const errorColor = (text: string): string => StandardColors.error(text);
