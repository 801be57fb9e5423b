/*
 * sf-plugins-core's StandardColors, on the same ansis (which decides at load whether the terminal takes colour:
 * FORCE_COLOR, NO_COLOR, stdout being a terminal, CI). Both bases and SfCommand colour through this one module
 * instance, so they colour, or not, alike.
 */
import ansis from 'ansis';

export const StandardColors = {
  error: ansis.bold.red,
  warning: ansis.bold.yellow,
  info: ansis.dim,
  success: ansis.bold.green,
};

/** How an error is marked in the terminal (bold red). */
export const errorColor = (text: string): string => StandardColors.error(text);
