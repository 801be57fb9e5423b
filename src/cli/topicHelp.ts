/*
 * oclif's command_incomplete hook: `./bin/run.js eca` names a topic, not a command, and with flexible taxonomy
 * oclif asks this hook instead of showing the topic (it would print "command eca not found"). Run on its own, the
 * plugin shows the topic's help — its commands with their summaries, as `sf eca` lists them. Inside sf, sf's own
 * hook answers and this one does nothing.
 */
import { CLIError } from '@oclif/core/errors';
import type { Hook } from '@oclif/core/hooks';

/** The name in the plugin's package.json: the plugin is the CLI itself (`bin/run.js`), not a plugin inside sf. */
const PLUGIN_NAME = 'plugin-eca';

const hook: Hook<'command_incomplete'> = async function ({ config, id }) {
  if (config.pjson.name !== PLUGIN_NAME) return;
  // Not a topic (`eca gen`): what oclif says without a hook.
  if (!config.findTopic(id)) throw new CLIError(`command ${id.replaceAll(':', config.topicSeparator)} not found`);
  const { loadHelpClass } = await import('@oclif/core/help');
  const HelpClass = await loadHelpClass(config);
  await new HelpClass(config, config.pjson.oclif.helpOptions ?? config.pjson.helpOptions).showHelp([id]);
};

export default hook;
